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
 */
import {
  docNumber,
  type SearchDoc,
  type SearchOptions,
  type SearchResult,
  type SearchSource,
  search,
} from '../search/engine';
import { mayContain, termHash } from '../search/signature';
import { searchFields } from '../search/terms';
import { changedItems, changesSince, lastSeq } from './feed';
import { highlightsOfRow, type ItemRow, type ScrapnoteDB, searchRowOf } from './index';
import { type LibraryFilter, type LibrarySort, libraryIds } from './library';

/** Write the search rows of these item rows (inside the items' write). */
export async function putSearchRows(db: ScrapnoteDB, rows: readonly ItemRow[]): Promise<void> {
  if (rows.length) await db.search.bulkPut(rows.map(searchRowOf));
}

/** Remove the search rows of deleted items (inside the deleting write). */
export async function removeSearchRows(db: ScrapnoteDB, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length) await db.search.bulkDelete([...itemIds]);
}

/** Drop and rebuild every search row from the items; returns the number of items indexed. */
export function rebuildSearchIndex(db: ScrapnoteDB): Promise<number> {
  return db.transaction('rw', db.items, db.search, async () => {
    await db.search.clear();
    const rows = await db.items.toArray();
    await putSearchRows(db, rows);
    return rows.length;
  });
}

interface SignatureCache {
  /** The device id and feed position the cache reflects (a new device id: another database). */
  device: string | undefined;
  seq: number;
  /** Each live item's document number and signature. */
  byItem: Map<string, { doc: number; sig: Uint32Array }>;
  /** Each document's item. */
  items: Map<number, string>;
  /** The documents most recent first and their signatures, rebuilt after a change. */
  order: { docs: number[]; sigs: Uint32Array[] } | null;
}

/** Signatures held in memory per open database. */
const caches = new WeakMap<ScrapnoteDB, SignatureCache>();

function forget(cache: SignatureCache, itemId: string): void {
  const had = cache.byItem.get(itemId);
  if (!had) return;
  cache.byItem.delete(itemId);
  cache.items.delete(had.doc);
}

function remember(cache: SignatureCache, row: { itemId: string; savedMs: number; sig: Uint32Array }): void {
  forget(cache, row.itemId);
  let doc = docNumber(new Date(row.savedMs).toISOString(), row.itemId);
  // Two items saved in the same millisecond with the same id hash: the next free number.
  while (cache.items.has(doc)) doc += 1;
  cache.byItem.set(row.itemId, { doc, sig: row.sig });
  cache.items.set(doc, row.itemId);
}

/** The signatures, brought up to date with the feed. */
async function freshSignatures(db: ScrapnoteDB): Promise<SignatureCache> {
  return db.transaction('r', db.search, db.changes, db.meta, async () => {
    const seq = await lastSeq(db);
    const device = (await db.meta.get('device'))?.value;
    let cache = caches.get(db);
    if (!cache || cache.device !== device || seq < cache.seq) {
      cache = { device, seq, byItem: new Map(), items: new Map(), order: null };
      for (const row of await db.search.toArray()) remember(cache, row);
      caches.set(db, cache);
      return cache;
    }
    if (seq > cache.seq) {
      const ids = [...changedItems(await changesSince(db, cache.seq))];
      const rows = await db.search.bulkGet(ids);
      ids.forEach((id, i) => {
        const row = rows[i];
        if (row) remember(cache!, row);
        else forget(cache!, id);
      });
      cache.seq = seq;
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
export function dexieSearchSource(
  db: ScrapnoteDB,
): SearchSource & { docsOf(ids: Iterable<string>): Promise<number[]> } {
  let fresh: Promise<SignatureCache> | undefined;
  const signatures = () => (fresh ??= freshSignatures(db));
  const ordered = async () => {
    const cache = await signatures();
    if (!cache.order) {
      const docs = [...cache.items.keys()].sort((x, y) => y - x);
      cache.order = { docs, sigs: docs.map((d) => cache.byItem.get(cache.items.get(d)!)!.sig) };
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

/**
 * Search the library (see lib/search/engine.ts for matching and rank). With a filter, only the
 * items passing it are searched, so the limit counts filtered hits; the result's `complete` says
 * whether every match is among the hits. A date range bounds the date of `sort` (saved, the
 * default, or published), as in the library's list.
 */
export async function searchLibrary(
  db: ScrapnoteDB,
  query: string,
  options: SearchOptions & { filter?: LibraryFilter; sort?: LibrarySort } = {},
): Promise<SearchResult> {
  const { filter, sort = 'saved', ...rest } = options;
  const source = dexieSearchSource(db);
  if (!filter || !Object.keys(filter).length) return search(source, query, rest);
  const allowed = await libraryIds(db, sort, filter);
  return search(source, query, { ...rest, within: await source.docsOf(allowed) });
}
