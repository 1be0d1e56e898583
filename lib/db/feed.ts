/**
 * The change feed: every write of the library adds one row to the `changes` table, in the same
 * transaction as the write, naming each record it changed (entity, id, operation), when, and on
 * which device. It is the one stream that says what changed:
 * - the background follows it after each write and tells every open view (popup, side panel,
 *   badge, painted tabs) which items changed (entrypoints/background/library.ts);
 * - the search's in-memory signatures read what changed since their last search (./search.ts);
 * - sync and "what changed since" read it from a sequence number on ({@link changesSince}).
 * Deletes stay in the feed as tombstones: the entry's `op` is 'delete' and its row's `at` is the
 * time of deletion. The feed is kept whole (a write adds one row, however many records it
 * touched: an import of 10,000 items adds one row per batch of 500).
 */
import Dexie from 'dexie';
import type { Change, ChangeRow, ScrapnoteDB } from './index';

/** The device id of each open database, once read. */
const devices = new WeakMap<ScrapnoteDB, string>();

/**
 * This profile's device id: made once (a random UUID) the first time the library is written and
 * kept in `meta`. Call inside a write transaction holding `meta`; a write that records several
 * feed rows at once (an import) asks for it first, so they all read the one stored id.
 */
export async function deviceId(db: ScrapnoteDB): Promise<string> {
  const known = devices.get(db);
  if (known) return known;
  let row = await db.meta.get('device');
  if (!row) {
    row = { key: 'device', value: crypto.randomUUID() };
    await db.meta.put(row);
  }
  // Remembered once the transaction commits: one that aborts takes a new id with it (and a row
  // read inside it may be the one it has just made).
  const id = row.value;
  const tx = Dexie.currentTransaction;
  if (tx) tx.on('complete', () => devices.set(db, id));
  else devices.set(db, id);
  return id;
}

/**
 * Record the changes of the current write. Call inside the write's transaction, with the
 * library's write tables in its scope, so the feed and the library commit or fail together.
 */
export async function recordChanges(
  db: ScrapnoteDB,
  changes: readonly Change[],
  options: { now?: Date; origin?: ChangeRow['origin'] } = {},
): Promise<void> {
  if (!changes.length) return;
  if (!Dexie.currentTransaction) throw new Error('recordChanges must run inside the write transaction.');
  await db.changes.add({
    at: (options.now ?? new Date()).toISOString(),
    device: await deviceId(db),
    origin: options.origin ?? 'local',
    changes: [...changes],
  });
}

/** The last sequence number of the feed (0 when nothing was ever written). */
export async function lastSeq(db: ScrapnoteDB): Promise<number> {
  return ((await db.changes.orderBy('seq').lastKey()) as number | undefined) ?? 0;
}

/** The feed rows after `seq`, oldest first (at most `limit`). */
export function changesSince(db: ScrapnoteDB, seq: number, limit = Infinity): Promise<ChangeRow[]> {
  const rows = db.changes.where('seq').above(seq);
  return Number.isFinite(limit) ? rows.limit(limit).toArray() : rows.toArray();
}

/** The ids of the items the rows touched (an item's own change or one of its highlights'). */
export function changedItems(rows: readonly ChangeRow[]): Set<string> {
  const ids = new Set<string>();
  for (const row of rows)
    for (const c of row.changes) if (c.entity === 'item' || c.entity === 'highlight') ids.add(c.itemId);
  return ids;
}

/** Entries for an item and its highlights, as one write changes them. */
export function itemChange(item: { id: string; canonicalKey: string }, op: Change['op']): Change {
  return { entity: 'item', id: item.id, itemId: item.id, op, key: item.canonicalKey };
}

export function highlightChange(item: { id: string; canonicalKey: string }, id: string, op: Change['op']): Change {
  return { entity: 'highlight', id, itemId: item.id, op, key: item.canonicalKey };
}
