/**
 * The full-text index in IndexedDB, kept in step with the library inside the same transactions
 * as the writes (lib/db/items.ts calls it; so must every other writer of items or highlights).
 *
 * Layout (schema version 7; version 2's multiEntry term index was too slow to write in Chromium):
 * - `searchSigs` {doc, gen, sig, itemId}: one row per item with the Bloom signature of its index
 *   terms (lib/search/signature.ts, terms from lib/search/terms.ts). One small row per save
 *   instead of an IndexedDB index entry per term, which Chromium makes slow to write and to read.
 *   `gen` grows with every write (deleted items leave a `sig: null` row without `itemId`), so a
 *   context that keeps the signatures in memory reads only what changed since its last search.
 * - The text to verify candidates and cut snippets from is read from the candidates' item rows
 *   (with their highlights) and normalized then: versions 2-6 kept a copy of it in a `searchText`
 *   table, which made an import of 10,000 items write 10,000 more rows of text.
 * - `searchMeta` {key: 'gen', value, epoch}: the last `gen`; `epoch` changes when the index is
 *   rebuilt from scratch (memory caches then reload everything).
 * `doc` numbers grow with the save time (lib/search/engine.ts docNumber): recency for free.
 */
import type { EntityTable, Table, Transaction } from 'dexie';
import type { Highlight, SavedItem } from '../model';
import {
  docNumber,
  type SearchDoc,
  type SearchOptions,
  type SearchResult,
  type SearchSource,
  search,
} from '../search/engine';
import { buildSignature, mayContain, termHash } from '../search/signature';
import { indexTerms, searchFields } from '../search/terms';
import { groupByItem, highlightsOfRow, type ItemRow, type ScrapnoteDB } from './index';
import type { OwnerTable } from './owners';

export interface SearchSigRow {
  doc: number;
  gen: number;
  /** Null: the item was removed (a tombstone, so memory caches learn about it). */
  sig: Uint32Array | null;
  /** The indexed item; absent on a tombstone (so the `itemId` index holds live documents only). */
  itemId?: string;
}

export interface SearchMetaRow {
  key: string;
  value: number;
  epoch: number;
}

/**
 * The tables every writer of items or highlights changes: include all of them in its
 * transaction (items, the highlight owners and the search index).
 */
export interface LibraryTables {
  items: EntityTable<ItemRow, 'id'>;
  highlightOwners: OwnerTable;
  searchSigs: EntityTable<SearchSigRow, 'doc'>;
  searchMeta: EntityTable<SearchMetaRow, 'key'>;
}

/** The tables of a database, e.g. for `db.transaction('rw', libraryTableList(db), ...)`. */
export function libraryTablesOf(db: ScrapnoteDB): LibraryTables {
  return {
    items: db.items,
    highlightOwners: db.highlightOwners,
    searchSigs: db.searchSigs,
    searchMeta: db.searchMeta,
  };
}

/** The tables the index is written with. */
type IndexTables = Omit<LibraryTables, 'highlightOwners'>;

/** The tables inside a Dexie upgrade transaction. */
function tablesOfTransaction(tx: Transaction): IndexTables {
  return {
    items: tx.table('items'),
    searchSigs: tx.table('searchSigs'),
    searchMeta: tx.table('searchMeta'),
  };
}

/** List form of the tables, for Dexie's transaction(). */
export function libraryTableList(db: ScrapnoteDB): Table[] {
  return Object.values(libraryTablesOf(db)) as Table[];
}

/** The next write generation (inside the writing transaction, so generations are serialized). */
async function nextGen(t: IndexTables): Promise<number> {
  const meta = (await t.searchMeta.get('gen')) ?? { key: 'gen', value: 0, epoch: 1 };
  const value = meta.value + 1;
  await t.searchMeta.put({ ...meta, value });
  return value;
}

/** Whether a document number is held by a live item (a tombstone frees it). */
async function docTaken(t: IndexTables, doc: number): Promise<boolean> {
  return Boolean((await t.searchSigs.get(doc))?.sig);
}

/** Write the index row of one item (inside a transaction holding the library tables). */
async function writeIndex(t: IndexTables, item: SavedItem, highlights: readonly Highlight[]): Promise<void> {
  const fields = searchFields(item, highlights);
  const wanted = docNumber(item.savedAt, item.id);
  const existing = (await t.searchSigs.where('itemId').equals(item.id).primaryKeys()) as number[];
  let doc: number;
  const kept = existing.find((d) => Math.floor(d / 1000) === Math.floor(wanted / 1000));
  if (kept !== undefined) {
    doc = kept;
  } else {
    doc = wanted;
    // Two items saved in the same millisecond with the same id hash: take the next free number.
    while (await docTaken(t, doc)) doc += 1;
  }
  const stale = existing.filter((d) => d !== doc);
  const gen = await nextGen(t);
  await t.searchSigs.bulkPut([
    ...stale.map((d) => ({ doc: d, gen, sig: null })),
    { doc, gen, sig: buildSignature(indexTerms(fields)), itemId: item.id },
  ]);
}

/** Remove items from the index (inside a transaction holding the library tables). */
async function removeIndex(t: IndexTables, itemIds: readonly string[]): Promise<void> {
  const docs = (await t.searchSigs.where('itemId').anyOf(itemIds).primaryKeys()) as number[];
  if (!docs.length) return;
  const gen = await nextGen(t);
  await t.searchSigs.bulkPut(docs.map((doc) => ({ doc, gen, sig: null })));
}

/**
 * Index an item just written, with its highlights. Call inside the writing transaction (with
 * {@link libraryTableList} in its scope).
 */
export async function indexItem(db: ScrapnoteDB, item: SavedItem, highlights: readonly Highlight[]): Promise<void> {
  await writeIndex(libraryTablesOf(db), item, highlights);
}

/** Remove deleted items from the index; call inside the deleting transaction. */
export async function unindexItems(db: ScrapnoteDB, itemIds: readonly string[]): Promise<void> {
  await removeIndex(libraryTablesOf(db), itemIds);
}

/**
 * Bring items' index rows up to date with the stored items and their highlights, or remove them
 * when an item is gone. Writers call this INSIDE their own transaction, whose scope must include
 * `libraryTableList(db)`; Dexie throws otherwise. Called outside a transaction it opens its own.
 */
export async function reindexItems(db: ScrapnoteDB, itemIds: readonly string[]): Promise<void> {
  await db.transaction('rw', libraryTableList(db), async () => {
    const t = libraryTablesOf(db);
    const rows = await t.items.bulkGet([...itemIds]);
    const gone = itemIds.filter((_, i) => !rows[i]);
    if (gone.length) await removeIndex(t, gone);
    for (const row of rows) if (row) await writeIndex(t, row, highlightsOfRow(row));
  });
}

/**
 * Index every item from scratch (schema upgrade, rebuild). `highlightsOf` gives an item's
 * highlights (before version 7 they were in another table).
 */
async function indexAll(t: IndexTables, highlightsOf: (row: ItemRow) => readonly Highlight[]): Promise<number> {
  const meta = await t.searchMeta.get('gen');
  await t.searchSigs.clear();
  // A new epoch: memory caches drop what they hold and reload.
  const gen = (meta?.value ?? 0) + 1;
  await t.searchMeta.put({ key: 'gen', value: gen, epoch: (meta?.epoch ?? 0) + 1 });
  const used = new Set<number>();
  let count = 0;
  const sigs: SearchSigRow[] = [];
  // Oldest first, so equal save times number the same way whenever the index is rebuilt.
  const items = await t.items.orderBy('savedAt').toArray();
  for (const item of items) {
    let doc = docNumber(item.savedAt, item.id);
    while (used.has(doc)) doc += 1;
    used.add(doc);
    const fields = searchFields(item, highlightsOf(item));
    sigs.push({ doc, gen, sig: buildSignature(indexTerms(fields)), itemId: item.id });
    count++;
    if (sigs.length >= 200) await t.searchSigs.bulkPut(sigs.splice(0));
  }
  await t.searchSigs.bulkPut(sigs);
  return count;
}

/** Schema upgrade to version 3: index the existing library. */
export async function upgradeToSearchIndex(tx: Transaction): Promise<number> {
  // Version 3's highlights table: one row per highlight.
  const byItem = groupByItem(await tx.table<Highlight, string>('highlights').toArray());
  return indexAll(tablesOfTransaction(tx), (row) => byItem.get(row.id) ?? []);
}

/** Schema upgrade to version 7: rebuild the index once the items hold their highlights. */
export function rebuildIndexInUpgrade(tx: Transaction): Promise<number> {
  return indexAll(tablesOfTransaction(tx), highlightsOfRow);
}

/** Drop and rebuild the whole index; returns the number of items indexed. */
export function rebuildSearchIndex(db: ScrapnoteDB): Promise<number> {
  return db.transaction('rw', libraryTableList(db), () => indexAll(libraryTablesOf(db), highlightsOfRow));
}

interface SignatureCache {
  epoch: number;
  gen: number;
  sigs: Map<number, Uint32Array>;
  /** Each live document's item. */
  items: Map<number, string>;
  /** The documents most recent first and their signatures, rebuilt after `sigs` changes. */
  order: { docs: number[]; sigs: Uint32Array[] } | null;
}

/** Signatures held in memory per open database, refreshed from the changed rows before each search. */
const caches = new WeakMap<ScrapnoteDB, SignatureCache>();

async function freshSignatures(db: ScrapnoteDB): Promise<SignatureCache> {
  return db.transaction('r', db.searchSigs, db.searchMeta, async () => {
    const meta = await db.searchMeta.get('gen');
    const epoch = meta?.epoch ?? 0;
    const gen = meta?.value ?? 0;
    let cache = caches.get(db);
    if (!cache || cache.epoch !== epoch) {
      cache = { epoch, gen: -1, sigs: new Map(), items: new Map(), order: null };
      caches.set(db, cache);
    }
    if (gen !== cache.gen) {
      const rows =
        cache.gen < 0 ? await db.searchSigs.toArray() : await db.searchSigs.where('gen').above(cache.gen).toArray();
      for (const row of rows) {
        if (row.sig && row.itemId !== undefined) {
          cache.sigs.set(row.doc, row.sig);
          cache.items.set(row.doc, row.itemId);
        } else {
          cache.sigs.delete(row.doc);
          cache.items.delete(row.doc);
        }
      }
      cache.gen = gen;
      cache.order = null;
    }
    return cache;
  });
}

/** Whether a signature may contain every term (hashes from termHash). */
function mayContainAll(sig: Uint32Array, hashes: ReadonlyArray<readonly [number, number]>): boolean {
  for (const h of hashes) if (!mayContain(sig, h)) return false;
  return true;
}

/**
 * The IndexedDB index as a search source: signatures tested in memory, text read from the
 * candidates' item rows. The signatures are brought up to date on first use only: make one
 * source per search.
 */
export function dexieSearchSource(db: ScrapnoteDB): SearchSource {
  let fresh: Promise<SignatureCache> | undefined;
  const signatures = () => (fresh ??= freshSignatures(db));
  return {
    candidates: async (terms, among) => {
      const cache = await signatures();
      const hashes = terms.map(termHash);
      if (!cache.order) {
        const docs = [...cache.sigs.keys()].sort((x, y) => y - x);
        cache.order = { docs, sigs: docs.map((d) => cache.sigs.get(d)!) };
      }
      const { docs, sigs } = cache.order;
      const out: number[] = [];
      if (among) {
        // `among` is most recent first like `docs`: walk both (no hashing of the large doc numbers).
        let j = 0;
        for (const doc of among) {
          while (j < docs.length && docs[j]! > doc) j++;
          if (docs[j] === doc && mayContainAll(sigs[j]!, hashes)) out.push(doc);
        }
        return out;
      }
      for (let i = 0; i < docs.length; i++) if (mayContainAll(sigs[i]!, hashes)) out.push(docs[i]!);
      return out;
    },
    docs: async (docs) => {
      const cache = await signatures();
      const ids = docs.map((doc) => cache.items.get(doc));
      const known = ids.filter((id) => id !== undefined);
      const rows = new Map((await db.items.bulkGet(known)).filter((r) => r !== undefined).map((r) => [r.id, r]));
      return docs.map((doc, i): SearchDoc | undefined => {
        const id = ids[i];
        const row = id === undefined ? undefined : rows.get(id);
        return row && { doc, itemId: row.id, ...searchFields(row, highlightsOfRow(row)) };
      });
    },
  };
}

/** Search the library (see lib/search/engine.ts for matching and rank). */
export function searchLibrary(db: ScrapnoteDB, query: string, options?: SearchOptions): Promise<SearchResult> {
  return search(dexieSearchSource(db), query, options);
}

/** An item to index in a {@link BulkIndex}, with all of its highlights. */
export interface BulkIndexEntry {
  item: SavedItem;
  highlights: readonly Highlight[];
}

/** Index rows written batch by batch during one import; see {@link startBulkIndex}. */
export interface BulkIndex {
  /**
   * Index these items: computes their rows and issues the writes without waiting for them (the
   * returned promise is their completion), so the next batch can be prepared meanwhile.
   */
  write(entries: readonly BulkIndexEntry[]): Promise<unknown>;
}

/**
 * Start indexing many items (an import) inside a transaction holding {@link libraryTableList}.
 * Gives the same rows as {@link reindexItems} one by one (the same `doc` numbers, kept when the
 * save time's millisecond did not change) with one write generation and all reads up front: `items`
 * are the ids and save times that may be indexed. Key-only reads of the signature rows.
 * `sign` computes an item's signature; it must equal `buildSignature(indexTerms(fields))`
 * (lib/db/bulk-signature.ts has a faster equal one).
 */
export async function startBulkIndex(
  db: ScrapnoteDB,
  items: ReadonlyArray<{ id: string; savedAt: string }>,
  sign: (fields: ReturnType<typeof searchFields>) => Uint32Array = (fields) => buildSignature(indexTerms(fields)),
): Promise<BulkIndex> {
  const t = libraryTablesOf(db);
  /** Each item's docs now (one, unless an older version left more). */
  const current = new Map<string, number[]>();
  /** Docs held by live items, among those whose state is known (`known`). */
  const taken = new Set<number>();
  const known = new Set<number>(items.map((i) => docNumber(i.savedAt, i.id)));
  await t.searchSigs
    .where('itemId')
    .anyOf(items.map((i) => i.id))
    .eachKey((itemId, cursor) => {
      const list = current.get(itemId as string);
      if (list) list.push(cursor.primaryKey as number);
      else current.set(itemId as string, [cursor.primaryKey as number]);
    });
  // Live documents at the numbers the items want (a tombstone's number is free; an empty index
  // has none to read).
  const wanted = [...known].sort((a, b) => a - b);
  if (wanted.length && (await t.searchSigs.count())) {
    await t.searchSigs
      .where('doc')
      .anyOf(wanted)
      .each((row) => {
        if (row.sig) taken.add(row.doc);
      });
  }
  for (const docs of current.values()) {
    for (const doc of docs) {
      taken.add(doc);
      known.add(doc);
    }
  }
  const gen = await nextGen(t);
  return {
    async write(entries) {
      /** Docs given up by items of this batch and not taken again by another of its items. */
      const freed = new Set<number>();
      const sigs: SearchSigRow[] = [];
      for (const { item, highlights } of entries) {
        const wantedDoc = docNumber(item.savedAt, item.id);
        const existing = current.get(item.id) ?? [];
        let doc = existing.find((d) => Math.floor(d / 1000) === Math.floor(wantedDoc / 1000));
        for (const d of existing) {
          if (d === doc) continue;
          // Freed for the items after this one, as reindexItems' removal would.
          freed.add(d);
          taken.delete(d);
        }
        if (doc === undefined) {
          doc = wantedDoc;
          // Two items saved in the same millisecond with the same id hash: take the next free number.
          for (;;) {
            if (!known.has(doc)) {
              known.add(doc);
              if (await docTaken(t, doc)) taken.add(doc);
            }
            if (!taken.has(doc)) break;
            doc += 1;
          }
        }
        taken.add(doc);
        freed.delete(doc);
        current.set(item.id, [doc]);
        sigs.push({ doc, gen, sig: sign(searchFields(item, highlights)), itemId: item.id });
      }
      // Tombstones first: a doc taken again in this batch is not among them.
      return t.searchSigs.bulkPut(freed.size ? [...[...freed].map((doc) => ({ doc, gen, sig: null })), ...sigs] : sigs);
    },
  };
}
