/**
 * Which item holds each highlight id (schema version 7).
 *
 * Highlight ids are unique in the whole library, as in an export file (lib/export/parse refuses
 * a file that repeats one), and a highlight is found by its id alone: a content script or the side
 * panel names it by id. A multiEntry index over the items' highlight ids would cost one index
 * entry per highlight on every import, which in Chromium costs about as much as a row. Instead the
 * owners live in {@link SHARDS} rows, a highlight's row chosen by a hash of its id: an import writes
 * at most that many rows for them, and a change of one highlight rewrites one row holding about
 * 1/256 of the ids.
 */
import type { EntityTable, Transaction } from 'dexie';
import { fnv1a } from '../search/signature';
import { fromRow, type HighlightSetRow, type ItemRow, toRow } from './index';
import { rebuildIndexInUpgrade } from './search';

export interface OwnerShardRow {
  shard: number;
  /** Highlight id → id of the item whose row holds it. */
  owners: Map<string, string>;
}

export type OwnerTable = EntityTable<OwnerShardRow, 'shard'>;

export const SHARDS = 256;

/** The shard of a highlight id (stored rows depend on it: never change the hash). */
export function shardOf(id: string): number {
  return fnv1a(id) % SHARDS;
}

/**
 * The owners of some highlight ids, read shard by shard, changed in memory and written back with
 * {@link HighlightOwners.save}. Use inside a read-write transaction holding the table, so the
 * shards cannot change between the read and the write.
 */
export class HighlightOwners {
  private readonly touched = new Set<number>();

  private constructor(private readonly shards: Map<number, Map<string, string>>) {}

  /** Read the shards holding these ids. */
  static async read(table: OwnerTable, ids: Iterable<string>): Promise<HighlightOwners> {
    const wanted = [...new Set([...ids].map(shardOf))].sort((a, b) => a - b);
    const shards = new Map<number, Map<string, string>>();
    if (wanted.length) {
      // A cursor over the wanted keys: one request per shard found, none for absent ones.
      const rows = await table.where('shard').anyOf(wanted).toArray();
      for (const row of rows) shards.set(row.shard, row.owners);
      for (const shard of wanted) if (!shards.has(shard)) shards.set(shard, new Map());
    }
    return new HighlightOwners(shards);
  }

  private shard(id: string): Map<string, string> {
    const shard = this.shards.get(shardOf(id));
    if (!shard) throw new Error(`The owner of highlight ${id} was not read.`);
    return shard;
  }

  /** The item holding the highlight, if any. The id must be among those read. */
  get(id: string): string | undefined {
    return this.shard(id).get(id);
  }

  set(id: string, itemId: string): void {
    const shard = this.shard(id);
    if (shard.get(id) === itemId) return;
    shard.set(id, itemId);
    this.touched.add(shardOf(id));
  }

  delete(id: string): void {
    if (this.shard(id).delete(id)) this.touched.add(shardOf(id));
  }

  /** Write the changed shards (an emptied one is deleted). */
  async save(table: OwnerTable): Promise<void> {
    if (!this.touched.size) return;
    const put: OwnerShardRow[] = [];
    const gone: number[] = [];
    for (const shard of this.touched) {
      const owners = this.shards.get(shard)!;
      if (owners.size) put.push({ shard, owners });
      else gone.push(shard);
    }
    this.touched.clear();
    await Promise.all([put.length ? table.bulkPut(put) : undefined, gone.length ? table.bulkDelete(gone) : undefined]);
  }
}

/**
 * Schema upgrade to version 7: each item's highlights move into its row, their ids' owners are
 * written, and the search index is rebuilt (its signature rows now name their item). A highlight
 * row of an item that no longer exists (an early version could leave one) stays where it was:
 * nothing is lost in a migration.
 */
export async function upgradeToItemRows(tx: Transaction): Promise<void> {
  const setTable = tx.table<HighlightSetRow, string>('highlightSets');
  const ownerTable: OwnerTable = tx.table('highlightOwners');
  const sets = await setTable.toArray();
  const byItem = new Map(sets.map((set) => [set.itemId, set.highlights]));
  const owners = await HighlightOwners.read(
    ownerTable,
    sets.flatMap((set) => set.highlights.map((h) => h.id)),
  );
  const moved: string[] = [];
  await tx
    .table<ItemRow, string>('items')
    .toCollection()
    .modify((row) => {
      const highlights = byItem.get(row.id);
      const next = toRow(fromRow(row), highlights ?? []);
      delete row.hasNote;
      Object.assign(row, next);
      if (!highlights) return;
      moved.push(row.id);
      for (const h of highlights) owners.set(h.id, row.id);
    });
  await setTable.bulkDelete(moved);
  await owners.save(ownerTable);
  await rebuildIndexInUpgrade(tx);
}
