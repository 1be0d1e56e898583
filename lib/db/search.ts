/**
 * The full-text index in IndexedDB, kept in step with the library inside the same transactions
 * as the writes (./items.ts putRows and deleteItems).
 *
 * Layout: the `search` table holds one row per item, keyed by the item's id: the Bloom signature
 * of its index terms (lib/search/signature.ts) and its save time. One small row per save instead
 * of an IndexedDB index entry per term, which Chromium makes slow to write and to read.
 *
 * A search tests the query's terms against every signature in memory. Each context keeps the
 * signatures it has read and, before each search, reads only the rows of the items the change
 * feed (./feed.ts) names since its last search. The text to verify candidates and cut snippets
 * from is read from the candidates' item rows.
 *
 * The search engine (lib/search/engine.ts) works on document numbers that sort by recency; they
 * are given here, in memory, when signatures are read (docNumber: save time and a hash of the
 * id), and never stored.
 *
 * Each row also holds the item's head (rows.ts SearchHead: title, tags, outlet, authors, board,
 * kind, publication time), kept in memory with the signatures: facets (`언론사:`, `기자:`...)
 * and initial-consonant words are answered from it without reading items.
 *
 * The index version (SEARCH_INDEX_VERSION, in `meta` under `searchIndex`) names the terms and
 * heads the rows hold; the background rebuilds the rows when it differs (ensureSearchIndex).
 */
import {
  docNumber,
  type SearchDoc,
  type SearchOptions,
  type SearchResult,
  type SearchSource,
  search,
} from '../search/engine';
import { type Facets, hasFacets, parseFacets, passesFacets } from '../search/facets';
import { SignatureOrder } from '../search/order';
import { termHash } from '../search/signature';
import { searchFields } from '../search/terms';
import { changedItems, changesSince, lastSeq } from './feed';
import { highlightsOfRow, type ItemRow, type ScrapnoteDB, type SearchHead, type SearchRow, searchRowOf } from './index';
import { type LibraryFilter, type LibrarySort, libraryIds } from './library';

/** Write the search rows of these item rows (inside the items' write). */
export async function putSearchRows(db: ScrapnoteDB, rows: readonly ItemRow[]): Promise<void> {
  if (rows.length) await db.search.bulkPut(rows.map(searchRowOf));
}

/** Remove the search rows of deleted items (inside the deleting write). */
export async function removeSearchRows(db: ScrapnoteDB, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length) await db.search.bulkDelete([...itemIds]);
}

/**
 * The version of what search rows hold. 2: bigrams across the space between two CJK words (인공
 * 지능 gives 공지), middle dots and thousands commas joining, and the rows' heads. 3: the
 * comments of saved posts. Rows of another version are rebuilt (ensureSearchIndex).
 */
export const SEARCH_INDEX_VERSION = '3';
const INDEX_KEY = 'searchIndex';
/** Items rebuilt per transaction: the items of one batch are in memory at once. */
const REBUILD_BATCH = 500;

/**
 * Rebuild every search row from the items, in batches of {@link REBUILD_BATCH} items (each its
 * own transaction, so a library of 100,000 items is never in memory at once; searches during a
 * rebuild still find what the old rows find), then drop the rows of items that are gone and
 * record the index version. Returns the number of items indexed.
 */
export async function rebuildSearchIndex(db: ScrapnoteDB): Promise<number> {
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const from = after;
    const done = await db.transaction('rw', db.items, db.search, async () => {
      const rows = await (from === undefined ? db.items.orderBy('id') : db.items.where('id').above(from))
        .limit(REBUILD_BATCH)
        .toArray();
      await putSearchRows(db, rows);
      count += rows.length;
      after = rows.at(-1)?.id;
      return rows.length < REBUILD_BATCH;
    });
    if (done) break;
  }
  await db.transaction('rw', db.items, db.search, db.meta, async () => {
    const live = new Set((await db.items.toCollection().primaryKeys()) as string[]);
    const gone = ((await db.search.toCollection().primaryKeys()) as string[]).filter((id) => !live.has(id));
    await removeSearchRows(db, gone);
    await db.meta.put({ key: INDEX_KEY, value: `${SEARCH_INDEX_VERSION}:${Date.now()}` });
  });
  return count;
}

/**
 * Rebuild the search rows when they are of another index version than this code's (on opening the
 * library in the background). Returns whether it rebuilt.
 */
export async function ensureSearchIndex(db: ScrapnoteDB): Promise<boolean> {
  const stamp = (await db.meta.get(INDEX_KEY))?.value;
  if (stamp?.split(':')[0] === SEARCH_INDEX_VERSION) return false;
  // An empty library only needs the version.
  if (!(await db.items.count())) {
    await db.meta.put({ key: INDEX_KEY, value: `${SEARCH_INDEX_VERSION}:${Date.now()}` });
    return false;
  }
  await rebuildSearchIndex(db);
  return true;
}

interface SignatureCache {
  /** The device id and feed position the cache reflects (a new device id: another database). */
  device: string | undefined;
  seq: number;
  /** The index stamp read with it: a rebuild changes it, and the cache is read again. */
  index: string | undefined;
  /** Each live item's document number and head (its signature is in `order`). */
  byItem: Map<string, { doc: number; head: SearchHead | undefined; savedMs: number }>;
  /** Each document's item. */
  items: Map<number, string>;
  /** The documents most recent first, with their signatures and head texts; kept in step with saves. */
  order: SignatureOrder;
}

/** Signatures held in memory per open database. */
const caches = new WeakMap<ScrapnoteDB, SignatureCache>();

/** Search rows read at once when loading the signatures (their arrays are copied into the order). */
const LOAD_BATCH = 2000;

function forget(cache: SignatureCache, itemId: string): number | undefined {
  const had = cache.byItem.get(itemId);
  if (!had) return undefined;
  cache.byItem.delete(itemId);
  cache.items.delete(had.doc);
  return had.doc;
}

/** Note an item's row in the maps; its document number. */
function remember(cache: SignatureCache, row: SearchRow): number {
  forget(cache, row.itemId);
  let doc = docNumber(new Date(row.savedMs).toISOString(), row.itemId);
  // Two items saved in the same millisecond with the same id hash: the next free number.
  while (cache.items.has(doc)) doc += 1;
  cache.byItem.set(row.itemId, { doc, head: row.head, savedMs: row.savedMs });
  cache.items.set(doc, row.itemId);
  return doc;
}

/** Read every search row, a batch at a time (only one batch's arrays are held besides the order). */
async function loadSignatures(
  db: ScrapnoteDB,
  stamp: Pick<SignatureCache, 'device' | 'seq' | 'index'>,
): Promise<SignatureCache> {
  const cache: SignatureCache = { ...stamp, byItem: new Map(), items: new Map(), order: new SignatureOrder() };
  const count = await db.search.count();
  let after: string | undefined;
  for (;;) {
    const rows = await (after === undefined ? db.search.toCollection() : db.search.where(':id').above(after))
      .limit(LOAD_BATCH)
      .toArray();
    if (after === undefined && rows.length) {
      // Room for all, from the first batch's signature size (and a few hundred saves).
      const words = rows.reduce((sum, row) => sum + row.sig.length, 0);
      cache.order.reserve(Math.ceil((words / rows.length) * count * 1.05) + 65536);
    }
    for (const row of rows) {
      cache.order.append({ doc: remember(cache, row), sig: row.sig, head: row.head?.text ?? '' });
    }
    if (rows.length < LOAD_BATCH) break;
    after = rows.at(-1)!.itemId;
  }
  cache.order.sort();
  caches.set(db, cache);
  return cache;
}

/** The signatures, brought up to date with the feed. */
async function freshSignatures(db: ScrapnoteDB): Promise<SignatureCache> {
  return db.transaction('r', db.search, db.changes, db.meta, async () => {
    const seq = await lastSeq(db);
    const device = (await db.meta.get('device'))?.value;
    const index = (await db.meta.get(INDEX_KEY))?.value;
    const cache = caches.get(db);
    if (!cache || cache.device !== device || seq < cache.seq || cache.index !== index) {
      return loadSignatures(db, { device, seq, index });
    }
    if (seq === cache.seq) return cache;
    const ids = [...changedItems(await changesSince(db, cache.seq))];
    // Many changes (an import): read everything once instead.
    if (ids.length > 256) return loadSignatures(db, { device, seq, index });
    const rows = await db.search.bulkGet(ids);
    for (const [i, id] of ids.entries()) {
      // A save is one removal and one insertion, not a sort of all.
      const was = forget(cache, id);
      if (was !== undefined) cache.order.remove(was);
      const row = rows[i];
      if (row && !cache.order.insert({ doc: remember(cache, row), sig: row.sig, head: row.head?.text ?? '' })) {
        // The order's buffer is mostly removed signatures: read everything afresh.
        return loadSignatures(db, { device, seq, index });
      }
    }
    cache.seq = seq;
    return cache;
  });
}

/**
 * The IndexedDB index as a search source: signatures tested in memory, text read from the
 * candidates' item rows. The signatures are brought up to date on first use only: make one
 * source per search.
 */
export function dexieSearchSource(db: ScrapnoteDB): SearchSource & {
  docsOf(ids: Iterable<string>): Promise<number[]>;
  facetDocs(facets: Facets, sort: LibrarySort): Promise<number[]>;
} {
  let fresh: Promise<SignatureCache> | undefined;
  const signatures = () => (fresh ??= freshSignatures(db));
  const ordered = async () => (await signatures()).order;
  return {
    candidates: async (terms, among) => {
      const order = await ordered();
      const hashes = terms.map(termHash);
      const out: number[] = [];
      order.each(among, (i, doc) => {
        if (order.mayContainAll(i, hashes)) out.push(doc);
      });
      return out;
    },
    candidatesAny: async (alternatives, among) => {
      const order = await ordered();
      const hashes = alternatives.map((terms) => terms.map(termHash));
      const out: number[] = [];
      order.each(among, (i, doc) => {
        if (hashes.some((h) => order.mayContainAll(i, h))) out.push(doc);
      });
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
    heads: async (among) => {
      const order = await ordered();
      const out: Array<[number, string]> = [];
      order.each(among, (i, doc) => void out.push([doc, order.heads[i]!]));
      return out;
    },
    /** The documents passing the facets, most recent first; `sort` says which date they bound. */
    facetDocs: async (facets: Facets, sort: LibrarySort) => {
      const cache = await signatures();
      const out: number[] = [];
      for (const { doc, head, savedMs } of cache.byItem.values()) {
        if (!head) continue;
        const fields = {
          ...head,
          tags: head.text.split('\n').slice(1),
          dateMs: sort === 'published' ? head.publishedMs : savedMs,
        };
        if (passesFacets(facets, fields)) out.push(doc);
      }
      return out.sort((x, y) => y - x);
    },
    /** The document numbers of these items, most recent first (unknown items left out). */
    docsOf: async (ids) => {
      const cache = await signatures();
      const out: number[] = [];
      for (const id of ids) {
        const doc = cache.byItem.get(id)?.doc;
        if (doc !== undefined) out.push(doc);
      }
      return out.sort((x, y) => y - x);
    },
  };
}

/** A search's result, with the facets of its query that were not understood. */
export interface LibrarySearchResult extends SearchResult {
  /** Facets written in the query whose value was not understood (`date:어제쯤`), as written. */
  problems: string[];
}

/**
 * Search the library (see lib/search/engine.ts for matching and rank). Facets in the query
 * (lib/search/facets.ts: `언론사:한겨레`, `기자:홍길동`, `tag:경제`...) and `filter` narrow the
 * items searched, before the limit, so the limit counts the hits that pass; the result's
 * `complete` says whether every match is among the hits. A date range bounds the date of `sort`
 * (saved, the default, or published), as in the library's list. A query of facets only lists the
 * items passing them, most recently saved first.
 */
export async function searchLibrary(
  db: ScrapnoteDB,
  query: string,
  options: SearchOptions & { filter?: LibraryFilter; sort?: LibrarySort } = {},
): Promise<LibrarySearchResult> {
  const { filter, sort = 'saved', ...rest } = options;
  const { text, facets, problems } = parseFacets(query);
  const source = dexieSearchSource(db);
  let within = rest.within;
  const narrow = (docs: number[]) => {
    if (!within) return docs;
    const keep = new Set(within);
    return docs.filter((d) => keep.has(d));
  };
  if (filter && Object.keys(filter).length) within = narrow(await source.docsOf(await libraryIds(db, sort, filter)));
  if (hasFacets(facets)) within = narrow(await source.facetDocs(facets, sort));
  if (text || !within || !hasFacets(facets)) return { ...(await search(source, text, { ...rest, within })), problems };
  // Facets only: the items passing them, most recent first.
  const limit = rest.limit ?? 50;
  const docs = await source.docs(within.slice(0, limit));
  const hits = docs
    .filter((d) => d !== undefined)
    .map((d) => ({
      itemId: d.itemId,
      doc: d.doc,
      score: 0,
      field: 'title' as const,
      places: [],
      title: [{ text: d.title, match: false }],
      snippet: [],
    }));
  return { hits, candidates: within.length, complete: within.length <= limit, problems };
}
