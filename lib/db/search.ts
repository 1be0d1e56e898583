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
import { mayContain, termHash } from '../search/signature';
import { searchFields } from '../search/terms';
import { changedItems, changesSince, lastSeq } from './feed';
import { highlightsOfRow, type ItemRow, type ScrapnoteDB, type SearchHead, searchRowOf } from './index';
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
  /** Each live item's document number, signature and head. */
  byItem: Map<string, { doc: number; sig: Uint32Array; head: SearchHead | undefined; savedMs: number }>;
  /** Each document's item. */
  items: Map<number, string>;
  /** The documents most recent first, their signatures and head texts, rebuilt after a change. */
  order: { docs: number[]; sigs: Uint32Array[]; heads: string[] } | null;
}

/** Signatures held in memory per open database. */
const caches = new WeakMap<ScrapnoteDB, SignatureCache>();

function forget(cache: SignatureCache, itemId: string): void {
  const had = cache.byItem.get(itemId);
  if (!had) return;
  cache.byItem.delete(itemId);
  cache.items.delete(had.doc);
}

function remember(
  cache: SignatureCache,
  row: { itemId: string; savedMs: number; sig: Uint32Array; head?: SearchHead },
): void {
  forget(cache, row.itemId);
  let doc = docNumber(new Date(row.savedMs).toISOString(), row.itemId);
  // Two items saved in the same millisecond with the same id hash: the next free number.
  while (cache.items.has(doc)) doc += 1;
  cache.byItem.set(row.itemId, { doc, sig: row.sig, head: row.head, savedMs: row.savedMs });
  cache.items.set(doc, row.itemId);
}

type Order = NonNullable<SignatureCache['order']>;

/** Where `doc` is or would go in the order (most recent, i.e. largest, first). */
function orderIndex(order: Order, doc: number): number {
  let lo = 0;
  let hi = order.docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order.docs[mid]! > doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeFromOrder(order: Order, doc: number): void {
  const at = orderIndex(order, doc);
  if (order.docs[at] !== doc) return;
  order.docs.splice(at, 1);
  order.sigs.splice(at, 1);
  order.heads.splice(at, 1);
}

function insertIntoOrder(order: Order, doc: number, sig: Uint32Array, head: string): void {
  const at = orderIndex(order, doc);
  order.docs.splice(at, 0, doc);
  order.sigs.splice(at, 0, sig);
  order.heads.splice(at, 0, head);
}

/** The signatures, brought up to date with the feed. */
async function freshSignatures(db: ScrapnoteDB): Promise<SignatureCache> {
  return db.transaction('r', db.search, db.changes, db.meta, async () => {
    const seq = await lastSeq(db);
    const device = (await db.meta.get('device'))?.value;
    const index = (await db.meta.get(INDEX_KEY))?.value;
    let cache = caches.get(db);
    if (!cache || cache.device !== device || seq < cache.seq || cache.index !== index) {
      cache = { device, seq, index, byItem: new Map(), items: new Map(), order: null };
      for (const row of await db.search.toArray()) remember(cache, row);
      caches.set(db, cache);
      return cache;
    }
    if (seq > cache.seq) {
      const ids = [...changedItems(await changesSince(db, cache.seq))];
      const rows = await db.search.bulkGet(ids);
      const order = cache.order;
      ids.forEach((id, i) => {
        const row = rows[i];
        const was = cache!.byItem.get(id)?.doc;
        if (row) remember(cache!, row);
        else forget(cache!, id);
        // Keep the order in step (a save is one removal and one insertion, not a sort of all).
        if (order) {
          if (was !== undefined) removeFromOrder(order, was);
          const now = cache!.byItem.get(id);
          if (now) insertIntoOrder(order, now.doc, now.sig, now.head?.text ?? '');
        }
      });
      cache.seq = seq;
      // Many changes (an import): sort once instead.
      if (ids.length > 256) cache.order = null;
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
export function dexieSearchSource(db: ScrapnoteDB): SearchSource & {
  docsOf(ids: Iterable<string>): Promise<number[]>;
  facetDocs(facets: Facets, sort: LibrarySort): Promise<number[]>;
} {
  let fresh: Promise<SignatureCache> | undefined;
  const signatures = () => (fresh ??= freshSignatures(db));
  const ordered = async () => {
    const cache = await signatures();
    if (!cache.order) {
      const docs = [...cache.items.keys()].sort((x, y) => y - x);
      const entries = docs.map((d) => cache.byItem.get(cache.items.get(d)!)!);
      cache.order = { docs, sigs: entries.map((e) => e.sig), heads: entries.map((e) => e.head?.text ?? '') };
    }
    return cache.order;
  };
  return {
    candidates: async (terms, among) => {
      const { docs, sigs } = await ordered();
      const hashes = terms.map(termHash);
      const out: number[] = [];
      if (among) {
        // `among` is most recent first like `docs`: walk both.
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
    candidatesAny: async (alternatives, among) => {
      const { docs, sigs } = await ordered();
      const hashes = alternatives.map((terms) => terms.map(termHash));
      const out: number[] = [];
      let j = 0;
      for (const doc of among) {
        while (j < docs.length && docs[j]! > doc) j++;
        if (docs[j] !== doc) continue;
        const sig = sigs[j]!;
        for (const h of hashes) {
          if (mayContainAll(sig, h)) {
            out.push(doc);
            break;
          }
        }
      }
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
      const { docs, heads } = await ordered();
      const out: Array<[number, string]> = [];
      if (among) {
        let j = 0;
        for (const doc of among) {
          while (j < docs.length && docs[j]! > doc) j++;
          if (docs[j] === doc) out.push([doc, heads[j]!]);
        }
        return out;
      }
      for (let i = 0; i < docs.length; i++) out.push([docs[i]!, heads[i]!]);
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
