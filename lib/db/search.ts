/**
 * The full-text index in IndexedDB, kept in step with the library inside the same transactions
 * as the writes (lib/db/items.ts calls it; so must every other writer of items or highlights).
 *
 * Layout (schema version 3; version 2's multiEntry term index was too slow to write in Chromium):
 * - `searchSigs` {doc, gen, sig}: one row per item with the Bloom signature of its index terms
 *   (lib/search/signature.ts, terms from lib/search/terms.ts). One small row per save instead of
 *   an IndexedDB index entry per term, which Chromium makes slow to write and to read.
 *   `gen` grows with every write (deleted items leave a `sig: null` row), so a context that
 *   keeps the signatures in memory reads only what changed since its last search.
 * - `searchText` {doc, itemId, title, meta, body}: the NFC text to verify candidates and cut
 *   snippets from, without reading the items' HTML.
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
import { groupByItem, type HighlightSetRow, type ItemRow, type ScrapnoteDB } from './index';

export interface SearchSigRow {
  doc: number;
  gen: number;
  /** Null: the item was removed (a tombstone, so memory caches learn about it). */
  sig: Uint32Array | null;
}

export type SearchTextRow = SearchDoc;

export interface SearchMetaRow {
  key: string;
  value: number;
  epoch: number;
}

/** The tables index maintenance reads and writes: include all of them in a transaction that calls it. */
export interface SearchTables {
  items: EntityTable<ItemRow, 'id'>;
  highlightSets: EntityTable<HighlightSetRow, 'itemId'>;
  searchSigs: EntityTable<SearchSigRow, 'doc'>;
  searchText: EntityTable<SearchTextRow, 'doc'>;
  searchMeta: EntityTable<SearchMetaRow, 'key'>;
}

/** The tables of a database, e.g. for `db.transaction('rw', searchTableList(db), ...)`. */
export function searchTablesOf(db: ScrapnoteDB): SearchTables {
  return {
    items: db.items,
    highlightSets: db.highlightSets,
    searchSigs: db.searchSigs,
    searchText: db.searchText,
    searchMeta: db.searchMeta,
  };
}

/** The tables the index is built from scratch with: the highlights are read before. */
type IndexTables = Omit<SearchTables, 'highlightSets'>;

/** The tables inside a Dexie upgrade transaction (before version 6, highlights had another table). */
function tablesOfTransaction(tx: Transaction): IndexTables {
  return {
    items: tx.table('items'),
    searchSigs: tx.table('searchSigs'),
    searchText: tx.table('searchText'),
    searchMeta: tx.table('searchMeta'),
  };
}

/** List form of the tables, for Dexie's transaction(). */
export function searchTableList(db: ScrapnoteDB): Table[] {
  return Object.values(searchTablesOf(db)) as Table[];
}

/** The next write generation (inside the writing transaction, so generations are serialized). */
async function nextGen(t: SearchTables): Promise<number> {
  const meta = (await t.searchMeta.get('gen')) ?? { key: 'gen', value: 0, epoch: 1 };
  const value = meta.value + 1;
  await t.searchMeta.put({ ...meta, value });
  return value;
}

/** Write the index rows of one item (inside a transaction holding the search tables). */
async function writeIndex(t: SearchTables, item: SavedItem, highlights: readonly Highlight[]): Promise<void> {
  const fields = searchFields(item, highlights);
  const wanted = docNumber(item.savedAt, item.id);
  const existing = await t.searchText.where('itemId').equals(item.id).first();
  let doc: number;
  if (existing && Math.floor(existing.doc / 1000) === Math.floor(wanted / 1000)) {
    doc = existing.doc;
  } else {
    if (existing) await removeDocs(t, [existing.doc]);
    doc = wanted;
    // Two items saved in the same millisecond with the same id hash: take the next free number.
    while (await t.searchText.get(doc)) doc += 1;
  }
  const gen = await nextGen(t);
  await Promise.all([
    t.searchSigs.put({ doc, gen, sig: buildSignature(indexTerms(fields)) }),
    t.searchText.put({ doc, itemId: item.id, ...fields }),
  ]);
}

/** Remove items from the index (inside a transaction holding the search tables). */
async function removeIndex(t: SearchTables, itemIds: readonly string[]): Promise<void> {
  const docs = (await t.searchText.where('itemId').anyOf(itemIds).primaryKeys()) as number[];
  await removeDocs(t, docs);
}

/** Tombstone signatures and delete texts of documents. */
async function removeDocs(t: SearchTables, docs: readonly number[]): Promise<void> {
  if (!docs.length) return;
  const gen = await nextGen(t);
  await Promise.all([
    t.searchSigs.bulkPut(docs.map((doc) => ({ doc, gen, sig: null }))),
    t.searchText.bulkDelete([...docs]),
  ]);
}

/**
 * Index an item just written, with its current highlights. Call inside the writing transaction
 * (with {@link searchTableList} in its scope).
 */
export async function indexItem(db: ScrapnoteDB, item: SavedItem): Promise<void> {
  const t = searchTablesOf(db);
  await writeIndex(t, item, (await t.highlightSets.get(item.id))?.highlights ?? []);
}

/** Index items whose highlights are known (restoring a deletion). */
export async function indexItemsWith(db: ScrapnoteDB, items: readonly SavedItem[], highlights: readonly Highlight[]) {
  const t = searchTablesOf(db);
  for (const item of items)
    await writeIndex(
      t,
      item,
      highlights.filter((h) => h.itemId === item.id),
    );
}

/** Remove deleted items from the index; call inside the deleting transaction. */
export async function unindexItems(db: ScrapnoteDB, itemIds: readonly string[]): Promise<void> {
  await removeIndex(searchTablesOf(db), itemIds);
}

/**
 * Bring one item's index rows up to date with the item and its highlights, or remove them when
 * the item is gone. Writers of highlights (lib/db/highlights.ts) and any other writer of items
 * (lib/db/import.ts) call this INSIDE their own transaction, whose scope must include
 * `searchTableList(db)` (items, highlightSets, searchSigs, searchText, searchMeta); Dexie throws otherwise.
 * Called outside a transaction it opens its own.
 */
export async function reindexItem(db: ScrapnoteDB, itemId: string): Promise<void> {
  await reindexItems(db, [itemId]);
}

/** {@link reindexItem} for several items. */
export async function reindexItems(db: ScrapnoteDB, itemIds: readonly string[]): Promise<void> {
  await db.transaction('rw', searchTableList(db), async () => {
    const t = searchTablesOf(db);
    const rows = await t.items.bulkGet([...itemIds]);
    const gone = itemIds.filter((_, i) => !rows[i]);
    if (gone.length) await removeIndex(t, gone);
    for (const row of rows) {
      if (row) await writeIndex(t, row, (await t.highlightSets.get(row.id))?.highlights ?? []);
    }
  });
}

/** Index every item from scratch (schema upgrade, rebuild), with each item's highlights. */
async function indexAll(t: IndexTables, byItem: ReadonlyMap<string, readonly Highlight[]>): Promise<number> {
  const meta = await t.searchMeta.get('gen');
  await Promise.all([t.searchSigs.clear(), t.searchText.clear()]);
  // A new epoch: memory caches drop what they hold and reload.
  const gen = (meta?.value ?? 0) + 1;
  await t.searchMeta.put({ key: 'gen', value: gen, epoch: (meta?.epoch ?? 0) + 1 });
  const used = new Set<number>();
  let count = 0;
  const sigs: SearchSigRow[] = [];
  const texts: SearchTextRow[] = [];
  // Oldest first, so equal save times number the same way whenever the index is rebuilt.
  const items = await t.items.orderBy('savedAt').toArray();
  for (const item of items) {
    let doc = docNumber(item.savedAt, item.id);
    while (used.has(doc)) doc += 1;
    used.add(doc);
    const fields = searchFields(item, byItem.get(item.id) ?? []);
    sigs.push({ doc, gen, sig: buildSignature(indexTerms(fields)) });
    texts.push({ doc, itemId: item.id, ...fields });
    count++;
    if (sigs.length >= 200) {
      await Promise.all([t.searchSigs.bulkPut(sigs.splice(0)), t.searchText.bulkPut(texts.splice(0))]);
    }
  }
  await Promise.all([t.searchSigs.bulkPut(sigs), t.searchText.bulkPut(texts)]);
  return count;
}

/** Schema upgrade to version 3: index the existing library. */
export async function upgradeToSearchIndex(tx: Transaction): Promise<number> {
  // Version 3's highlights table: one row per highlight.
  const byItem = groupByItem(await tx.table<Highlight, string>('highlights').toArray());
  return indexAll(tablesOfTransaction(tx), byItem);
}

/** Drop and rebuild the whole index; returns the number of items indexed. */
export function rebuildSearchIndex(db: ScrapnoteDB): Promise<number> {
  return db.transaction('rw', searchTableList(db), async () => {
    const sets = await db.highlightSets.toArray();
    return indexAll(searchTablesOf(db), new Map(sets.map((s) => [s.itemId, s.highlights])));
  });
}

interface SignatureCache {
  epoch: number;
  gen: number;
  sigs: Map<number, Uint32Array>;
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
      cache = { epoch, gen: -1, sigs: new Map(), order: null };
      caches.set(db, cache);
    }
    if (gen !== cache.gen) {
      const rows =
        cache.gen < 0 ? await db.searchSigs.toArray() : await db.searchSigs.where('gen').above(cache.gen).toArray();
      for (const row of rows) {
        if (row.sig) cache.sigs.set(row.doc, row.sig);
        else cache.sigs.delete(row.doc);
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
 * The IndexedDB index as a search source: signatures tested in memory, text read from searchText.
 * The signatures are brought up to date on first use only: make one source per search.
 */
export function dexieSearchSource(db: ScrapnoteDB): SearchSource {
  let fresh: Promise<SignatureCache> | undefined;
  return {
    candidates: async (terms, among) => {
      fresh ??= freshSignatures(db);
      const cache = await fresh;
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
    docs: (docs) => db.searchText.bulkGet(docs),
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
 * Start indexing many items (an import) inside a transaction holding {@link searchTableList}.
 * Gives the same rows as {@link reindexItems} one by one (the same `doc` numbers, kept when the
 * save time's millisecond did not change) with one write generation and all reads up front:
 * `items` are the ids and save times that may be indexed. Key-only reads, no text is read.
 * `sign` computes an item's signature; it must equal `buildSignature(indexTerms(fields))`
 * (lib/db/bulk-signature.ts has a faster equal one).
 */
export async function startBulkIndex(
  db: ScrapnoteDB,
  items: ReadonlyArray<{ id: string; savedAt: string }>,
  sign: (fields: ReturnType<typeof searchFields>) => Uint32Array = (fields) => buildSignature(indexTerms(fields)),
): Promise<BulkIndex> {
  const t = searchTablesOf(db);
  /** Each item's doc now. */
  const current = new Map<string, number>();
  /** Docs in use, among those whose state is known (`known`). */
  const taken = new Set<number>();
  const known = new Set<number>(items.map((i) => docNumber(i.savedAt, i.id)));
  await Promise.all([
    t.searchText
      .where('itemId')
      .anyOf(items.map((i) => i.id))
      .eachKey((itemId, cursor) => {
        if (!current.has(itemId as string)) current.set(itemId as string, cursor.primaryKey as number);
      }),
    t.searchText
      .where('doc')
      .anyOf([...known])
      .eachPrimaryKey((doc) => void taken.add(doc as number)),
  ]);
  for (const doc of current.values()) {
    taken.add(doc);
    known.add(doc);
  }
  const gen = await nextGen(t);
  return {
    async write(entries) {
      /** Docs given up by items of this batch; `freed` are those no item of the batch took again. */
      const removed: number[] = [];
      const freed = new Set<number>();
      const sigs: SearchSigRow[] = [];
      const texts: SearchTextRow[] = [];
      for (const { item, highlights } of entries) {
        const wanted = docNumber(item.savedAt, item.id);
        const existing = current.get(item.id);
        let doc: number;
        if (existing !== undefined && Math.floor(existing / 1000) === Math.floor(wanted / 1000)) {
          doc = existing;
        } else {
          if (existing !== undefined) {
            // Freed for the items after this one, as reindexItems' removal would.
            removed.push(existing);
            freed.add(existing);
            taken.delete(existing);
          }
          doc = wanted;
          // Two items saved in the same millisecond with the same id hash: take the next free number.
          for (;;) {
            if (!known.has(doc)) {
              known.add(doc);
              if (await t.searchText.get(doc)) taken.add(doc);
            }
            if (!taken.has(doc)) break;
            doc += 1;
          }
        }
        taken.add(doc);
        freed.delete(doc);
        current.set(item.id, doc);
        const fields = searchFields(item, highlights);
        sigs.push({ doc, gen, sig: sign(fields) });
        texts.push({ doc, itemId: item.id, ...fields });
      }
      // Texts of given-up docs go first: `itemId` is a unique index, so an item's new row cannot
      // be written while its old one is there. A doc taken again just gets its new rows.
      return Promise.all([
        removed.length ? t.searchText.bulkDelete(removed) : undefined,
        t.searchText.bulkPut(texts),
        t.searchSigs.bulkPut(freed.size ? [...[...freed].map((doc) => ({ doc, gen, sig: null })), ...sigs] : sigs),
      ]);
    },
  };
}
