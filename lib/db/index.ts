/**
 * The library's storage: the only module that touches Dexie. Runs in extension pages and the
 * background, never in a content script (that would be the visited site's origin).
 *
 * Schema history lives in `SCHEMA` below; every version keeps a migration test in
 * test/unit/db-migrations.test.ts.
 */
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { Highlight, SavedItem } from '../model';
import { type OwnerShardRow, upgradeToItemRows } from './owners';
import { upgradeXeKeys } from './rekey';
import { type SearchMetaRow, type SearchSigRow, upgradeToSearchIndex } from './search';

/**
 * A stored item: the export record, its highlights, and fields only indexes need.
 *
 * From schema version 7 an item's highlights live in its own row. An import writes one row per
 * item instead of one per item and one per item's highlights: IndexedDB's cost in Chromium is per
 * row and per index entry far more than per byte (bench/suites/export.mjs). A highlight change
 * rewrites its item's row inside a read-write transaction, so two edits of one item's highlights,
 * from two tabs at once, still cannot overwrite each other.
 */
export interface ItemRow extends SavedItem {
  /** Milliseconds of publishedAt, for sorting across offsets; null when unknown. */
  publishedMs: number | null;
  /**
   * 1 when the item or one of its highlights has a note (the library's "has notes" filter reads
   * the index). Before version 7: the item's own note only.
   */
  hasNote?: 1;
  /** The item's highlights (version 7); absent when it has none. */
  highlights?: Highlight[];
  /** 1 when the item has highlights (version 7: the library's "has highlights" filter). */
  hasHighlights?: 1;
}

/**
 * All highlights of one item in one row (schema version 6). Version 7 moved them into the item's
 * row; the table keeps only rows whose item no longer exists, which nothing shows.
 */
export interface HighlightSetRow {
  itemId: string;
  /** The highlights' ids (a multiEntry index: a highlight is found by its id alone). */
  ids: string[];
  highlights: Highlight[];
  /** 1 when a highlight has a note (the library's "has notes" filter reads the index). */
  hasNote?: 1;
}

/** Highlights grouped by their item, in the order given. */
export function groupByItem(highlights: Iterable<Highlight>): Map<string, Highlight[]> {
  const byItem = new Map<string, Highlight[]>();
  for (const h of highlights) {
    const list = byItem.get(h.itemId);
    if (list) list.push(h);
    else byItem.set(h.itemId, [h]);
  }
  return byItem;
}

export const DB_NAME = 'scrapnote';

/**
 * Each Dexie version's store declarations, oldest first. Never edit a shipped entry: add a new
 * version (with an upgrade function when data must change) and a migration test.
 */
export const SCHEMA: ReadonlyArray<{
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<unknown>;
}> = [
  {
    version: 1,
    stores: {
      items: 'id, &canonicalKey, savedAt, updatedAt, publishedMs, kind, site.host, *tags',
      highlights: 'id, itemId, createdAt',
    },
  },
  {
    // The first full-text index (a multiEntry term index) and a `hasNote` index for the library's
    // filter. Its term index proved too slow to write in Chromium; version 3 replaces it.
    version: 2,
    stores: {
      items: 'id, &canonicalKey, savedAt, updatedAt, publishedMs, kind, site.host, *tags, hasNote',
      searchTerms: 'doc, *terms',
      searchText: 'doc, &itemId',
    },
    upgrade: async (tx) => {
      await tx
        .table('items')
        .toCollection()
        .modify((row: ItemRow) => {
          if (row.note?.trim()) row.hasNote = 1;
        });
    },
  },
  {
    // The full-text index as per-item signatures (lib/db/search.ts), built from the library on upgrade.
    version: 3,
    stores: {
      searchTerms: null,
      searchSigs: 'doc, gen',
      searchMeta: 'key',
    },
    upgrade: (tx) => upgradeToSearchIndex(tx),
  },
  {
    // XE posts keyed by host + document_srl, whatever URL form they were saved from (lib/db/rekey.ts).
    version: 4,
    stores: {},
    upgrade: (tx) => upgradeXeKeys(tx),
  },
  {
    // Without the two indexes nothing reads (items by updatedAt, highlights by createdAt: a list
    // of an item's highlights is sorted in memory). Every index is one more record per row an
    // import writes: 50,000 highlights wrote 50,000 createdAt entries. Dexie drops them.
    version: 5,
    stores: {
      items: 'id, &canonicalKey, savedAt, publishedMs, kind, site.host, *tags, hasNote',
      highlights: 'id, itemId',
    },
  },
  {
    // Highlights in one row per item (HighlightSetRow above); the rows of version 5 move there.
    version: 6,
    stores: {
      highlights: null,
      highlightSets: 'itemId, *ids, hasNote',
    },
    upgrade: async (tx) => {
      const byItem = groupByItem(await tx.table<Highlight, string>('highlights').toArray());
      await tx.table('highlightSets').bulkPut(
        [...byItem].map(
          ([itemId, list]): HighlightSetRow => ({
            itemId,
            ids: list.map((h) => h.id),
            highlights: list,
            ...(list.some((h) => h.note.trim()) ? { hasNote: 1 as const } : {}),
          }),
        ),
      );
    },
  },
  {
    // Highlights in their item's row (ItemRow above), highlight ids' owners in 256 small rows
    // (./owners.ts) instead of a multiEntry index entry per highlight, and no copy of the search
    // text (the search reads the item rows it verifies: ./search.ts). An import of 10,000 items
    // with 50,000 highlights wrote about half the rows and index entries of version 6.
    version: 7,
    stores: {
      items: 'id, &canonicalKey, savedAt, publishedMs, kind, site.host, *tags, hasNote, hasHighlights',
      // Left holding only highlights whose item no longer exists, if any (see upgradeToItemRows).
      highlightSets: 'itemId',
      highlightOwners: 'shard',
      searchText: null,
      searchSigs: 'doc, gen, itemId',
    },
    upgrade: (tx) => upgradeToItemRows(tx),
  },
];

export class ScrapnoteDB extends Dexie {
  items!: EntityTable<ItemRow, 'id'>;
  highlightOwners!: EntityTable<OwnerShardRow, 'shard'>;
  searchSigs!: EntityTable<SearchSigRow, 'doc'>;
  searchMeta!: EntityTable<SearchMetaRow, 'key'>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    for (const { version, stores, upgrade } of SCHEMA) {
      const v = this.version(version).stores(stores);
      if (upgrade) v.upgrade(upgrade);
    }
  }
}

let shared: ScrapnoteDB | undefined;

/** The database of this extension context, opened lazily. */
export function getDb(): ScrapnoteDB {
  shared ??= new ScrapnoteDB();
  return shared;
}

/** Replace the shared database (tests). */
export function setDb(db: ScrapnoteDB | undefined): void {
  shared = db;
}

/** The row of an item with these highlights (which must all be the item's). */
export function toRow(item: SavedItem, highlights: readonly Highlight[]): ItemRow {
  const ms = item.publishedAt ? Date.parse(item.publishedAt) : Number.NaN;
  const noted = item.note.trim() || highlights.some((h) => h.note.trim());
  return {
    ...item,
    publishedMs: Number.isNaN(ms) ? null : ms,
    ...(noted ? { hasNote: 1 as const } : {}),
    ...(highlights.length ? { highlights: [...highlights], hasHighlights: 1 as const } : {}),
  };
}

/** The saved item of a row, without highlights and index fields. */
export function fromRow(row: ItemRow): SavedItem {
  const { publishedMs: _ignored, hasNote: _derived, highlights: _h, hasHighlights: _hh, ...item } = row;
  return item;
}

/** The highlights stored in an item's row (not sorted). */
export function highlightsOfRow(row: ItemRow | undefined): Highlight[] {
  return row?.highlights ?? [];
}

/**
 * Whether an IndexedDB failure means the disk or the origin's quota is full. A browser reports it
 * on the request (QuotaExceededError) or as the transaction's abort whose inner error is one.
 */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; inner?: unknown; failures?: unknown[] } | null;
  if (!err || typeof err !== 'object') return false;
  if (err.name === 'QuotaExceededError') return true;
  // Dexie wraps it: an aborted transaction's `inner`, a bulk write's `failures`.
  if (err.inner && isQuotaError(err.inner)) return true;
  return Array.isArray(err.failures) && err.failures.some(isQuotaError);
}

/** A readable message for a storage failure, in particular a full disk. */
export function storageErrorMessage(e: unknown): string {
  if (isQuotaError(e)) {
    return 'Storage is full: free some disk space or delete saved items, then try again. Nothing was saved.';
  }
  return e instanceof Error ? e.message : String(e);
}

/** A write refused because storage is full; its message is the one to show the user. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
}

/**
 * Run a write transaction and turn a full disk into a StorageFullError with a clear message. The
 * transaction aborted as a whole, so nothing of the write is left behind.
 */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(storageErrorMessage(e), { cause: e });
    throw e;
  }
}
