/**
 * The library's storage: the only module that touches Dexie. Runs in extension pages and the
 * background, never in a content script (that would be the visited site's origin). Extension
 * pages only read (./reads.ts); every write goes through the library service in the background
 * (./service.ts), which records it in the change feed (./feed.ts) in the same transaction.
 *
 * Tables (schema version 8, the first released layout):
 * - `items`: one row per saved item with its highlights (ItemRow below). A highlight is
 *   addressed by its item's id and its own id: every caller holds both.
 * - `search`: one row per item with the Bloom signature of its search terms (./search.ts).
 * - `changes`: the change feed, one row per write transaction (./feed.ts).
 * - `meta`: small values of this profile (the device id).
 * - `trash`: deleted items with their highlights, for undo, kept for a day.
 * - `reads`: the reading history of board posts (./history.ts), kept in this browser.
 * - `authors`: notes on authors of board posts and their muting, per site (./authors.ts).
 * - `mutedWords`: words whose posts are hidden on board lists (./authors.ts).
 * An item row also holds the earlier versions of its post (./versions.ts); version 11 indexes its
 * `status` (deleted at the source).
 * - `images`: the images of saved items, one row per content hash (./images.ts), version 12.
 *
 * Schema history: versions 1-7 were development builds and are folded into version 8. Version 8
 * upgrades the last of them (7, whose item rows already hold their highlights) by building its
 * search rows and dropping the tables it no longer has. From version 8 on, each schema change adds
 * an entry to SCHEMA with its upgrade, and test/unit/db/migrations.test.ts builds the old database
 * with plain IndexedDB calls (independently of today's code) and opens it with the new one.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import {
  type AuthorRow,
  type ChangeRow,
  type ImageRow,
  type ItemRow,
  type MetaRow,
  type MutedWordRow,
  type ReadRow,
  type SearchRow,
  searchRowOf,
  type TrashRow,
} from './rows';

export * from './rows';

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
    version: 8,
    stores: {
      items: 'id, &canonicalKey, savedAt, publishedMs, kind, site.host, *tags, hasNote, hasHighlights',
      search: 'itemId',
      changes: '++seq',
      meta: 'key',
      trash: 'id, deletedAt',
      reads: 'key',
      // What development version 7 had beside `items`, gone from this layout.
      highlightSets: null,
      highlightOwners: null,
      searchSigs: null,
      searchMeta: null,
    },
    // A development library (version 7) gets its search rows; a new database has no items.
    upgrade: async (tx) => {
      const rows: SearchRow[] = [];
      await tx
        .table<ItemRow, string>('items')
        .toCollection()
        .each((row) => void rows.push(searchRowOf(row)));
      await tx.table('search').bulkPut(rows);
    },
  },
  {
    // Notes on authors and mute rules for board lists: new tables, nothing to upgrade.
    version: 10,
    stores: { authors: 'key, host', mutedWords: 'word' },
  },
  {
    // Versions of a post over time live on its item row (`versions`, `fetchedAt`, `checkedAt`);
    // `status` ('gone': deleted at its source) is indexed for the library's filter. Rows without
    // it are simply not in the index: nothing to upgrade.
    version: 11,
    stores: {
      items: 'id, &canonicalKey, savedAt, publishedMs, kind, site.host, *tags, hasNote, hasHighlights, status',
    },
  },
  {
    // Images of saved items, stored once per content hash: a new table, nothing to upgrade.
    version: 12,
    stores: { images: 'hash, *items' },
  },
];

export class ScrapnoteDB extends Dexie {
  items!: EntityTable<ItemRow, 'id'>;
  search!: EntityTable<SearchRow, 'itemId'>;
  changes!: EntityTable<ChangeRow, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  trash!: EntityTable<TrashRow, 'id'>;
  reads!: EntityTable<ReadRow, 'key'>;
  authors!: EntityTable<AuthorRow, 'key'>;
  mutedWords!: EntityTable<MutedWordRow, 'word'>;
  images!: EntityTable<ImageRow, 'hash'>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    for (const { version, stores, upgrade } of SCHEMA) {
      const v = this.version(version).stores(stores);
      if (upgrade) v.upgrade(upgrade);
    }
  }

  /** The tables every write of the library holds (items, search rows, feed, meta, trash, reads, authors, words, images). */
  get writeTables(): Table[] {
    return [
      this.items,
      this.search,
      this.changes,
      this.meta,
      this.trash,
      this.reads,
      this.authors,
      this.mutedWords,
      this.images,
    ];
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
