/**
 * The full-text index in IndexedDB, kept in step with the library inside the same transactions
 * as the writes (lib/db/items.ts calls it; so must every other writer of items or highlights).
 *
 * Layout (schema version 2):
 * - `searchTerms` {doc, terms}: one row per item with a multiEntry index on its terms
 *   (lib/search/terms.ts). IndexedDB maintains the term → doc entries itself, so saving an item
 *   is one put, and a term lookup is one key-only index read.
 * - `searchText` {doc, itemId, title, meta, body}: the NFC text to verify candidates and cut
 *   snippets from, without reading the items' HTML.
 * `doc` numbers grow with the save time (lib/search/engine.ts docNumber), so term lookups come
 * back in recency order for free.
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
import { indexTerms, searchFields } from '../search/terms';
import type { HighlightRow, ItemRow, ScrapnoteDB } from './index';

export interface SearchTermsRow {
  doc: number;
  terms: string[];
}

export type SearchTextRow = SearchDoc;

/** The tables index maintenance reads and writes: include all of them in a transaction that calls it. */
export interface SearchTables {
  items: EntityTable<ItemRow, 'id'>;
  highlights: EntityTable<HighlightRow, 'id'>;
  searchTerms: EntityTable<SearchTermsRow, 'doc'>;
  searchText: EntityTable<SearchTextRow, 'doc'>;
}

/** The tables of a database, e.g. for `db.transaction('rw', searchTablesOf(db), ...)`. */
export function searchTablesOf(db: ScrapnoteDB): SearchTables {
  return { items: db.items, highlights: db.highlights, searchTerms: db.searchTerms, searchText: db.searchText };
}

/** The tables inside a Dexie upgrade transaction. */
function tablesOfTransaction(tx: Transaction): SearchTables {
  return {
    items: tx.table('items'),
    highlights: tx.table('highlights'),
    searchTerms: tx.table('searchTerms'),
    searchText: tx.table('searchText'),
  };
}

/** List form of the tables, for Dexie's transaction(). */
export function searchTableList(db: ScrapnoteDB): Table[] {
  return Object.values(searchTablesOf(db)) as Table[];
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
    if (existing) await Promise.all([t.searchTerms.delete(existing.doc), t.searchText.delete(existing.doc)]);
    doc = wanted;
    // Two items saved in the same millisecond with the same id hash: take the next free number.
    while (await t.searchText.get(doc)) doc += 1;
  }
  await Promise.all([
    t.searchTerms.put({ doc, terms: indexTerms(fields) }),
    t.searchText.put({ doc, itemId: item.id, ...fields }),
  ]);
}

/** Remove items from the index (inside a transaction holding the search tables). */
async function removeIndex(t: SearchTables, itemIds: readonly string[]): Promise<void> {
  const docs = (await t.searchText.where('itemId').anyOf(itemIds).primaryKeys()) as number[];
  await Promise.all([t.searchTerms.bulkDelete(docs), t.searchText.bulkDelete(docs)]);
}

/**
 * Index an item just written, with its current highlights. Call inside the writing transaction
 * (with {@link searchTableList} in its scope).
 */
export async function indexItem(db: ScrapnoteDB, item: SavedItem): Promise<void> {
  const t = searchTablesOf(db);
  await writeIndex(t, item, await t.highlights.where('itemId').equals(item.id).toArray());
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
 * `searchTableList(db)` (items, highlights, searchTerms, searchText); Dexie throws otherwise.
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
      if (row) await writeIndex(t, row, await t.highlights.where('itemId').equals(row.id).toArray());
    }
  });
}

/** Index every item from scratch (schema upgrade, rebuild). */
async function indexAll(t: SearchTables): Promise<number> {
  await Promise.all([t.searchTerms.clear(), t.searchText.clear()]);
  const byItem = new Map<string, Highlight[]>();
  await t.highlights.each((h) => {
    const list = byItem.get(h.itemId);
    if (list) list.push(h);
    else byItem.set(h.itemId, [h]);
  });
  const used = new Set<number>();
  let count = 0;
  const terms: SearchTermsRow[] = [];
  const texts: SearchTextRow[] = [];
  // Oldest first, so equal save times number the same way whenever the index is rebuilt.
  const items = await t.items.orderBy('savedAt').toArray();
  for (const item of items) {
    let doc = docNumber(item.savedAt, item.id);
    while (used.has(doc)) doc += 1;
    used.add(doc);
    const fields = searchFields(item, byItem.get(item.id) ?? []);
    terms.push({ doc, terms: indexTerms(fields) });
    texts.push({ doc, itemId: item.id, ...fields });
    count++;
    if (terms.length >= 200) {
      await Promise.all([t.searchTerms.bulkPut(terms.splice(0)), t.searchText.bulkPut(texts.splice(0))]);
    }
  }
  await Promise.all([t.searchTerms.bulkPut(terms), t.searchText.bulkPut(texts)]);
  return count;
}

/** Schema upgrade to version 2: index the existing library. */
export function upgradeToSearchIndex(tx: Transaction): Promise<number> {
  return indexAll(tablesOfTransaction(tx));
}

/** Drop and rebuild the whole index; returns the number of items indexed. */
export function rebuildSearchIndex(db: ScrapnoteDB): Promise<number> {
  return db.transaction('rw', searchTableList(db), () => indexAll(searchTablesOf(db)));
}

/** The IndexedDB index as a search source. */
export function dexieSearchSource(db: ScrapnoteDB): SearchSource {
  return {
    postings: (terms) =>
      db.transaction('r', db.searchTerms, () =>
        Promise.all(
          terms.map(async (term) => (await db.searchTerms.where('terms').equals(term).primaryKeys()) as number[]),
        ),
      ),
    docs: (docs) => db.searchText.bulkGet(docs),
  };
}

/** Search the library (see lib/search/engine.ts for matching and rank). */
export function searchLibrary(db: ScrapnoteDB, query: string, options?: SearchOptions): Promise<SearchResult> {
  return search(dexieSearchSource(db), query, options);
}
