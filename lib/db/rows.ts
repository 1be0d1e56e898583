/**
 * The records the library stores and the pure functions between them and the model: no Dexie
 * here, so every module of lib/db (and the schema's upgrades) can use them without a cycle.
 */
import type { AuthorRecord, Highlight, SavedItem } from '../model';
import { signFields } from '../search/sign';
import { headOf, searchFields } from '../search/terms';

/**
 * A stored item: the export record, its highlights, and fields only indexes need. A highlight
 * change rewrites its item's row inside a read-write transaction, so two edits of one item's
 * highlights, from two tabs at once, cannot overwrite each other.
 */
export interface ItemRow extends SavedItem {
  /** Milliseconds of publishedAt, for sorting across offsets; null when unknown. */
  publishedMs: number | null;
  /** 1 when the item or one of its highlights has a note (the library's "has notes" filter). */
  hasNote?: 1;
  /** The item's highlights; absent when it has none. */
  highlights?: Highlight[];
  /** 1 when the item has highlights (the library's "has highlights" filter). */
  hasHighlights?: 1;
}

/** An item's search row: the signature of its terms and its save time (recency order). */
export interface SearchRow {
  itemId: string;
  savedMs: number;
  sig: Uint32Array;
  /** What search facets and initial-consonant words read (lib/db/search.ts); absent in rows of index version 1. */
  head?: SearchHead;
}

/** The few fields of an item that search keeps in memory beside its signature (a few dozen characters). */
export interface SearchHead {
  /** Title and tags, one per line (lib/search/engine.ts headOf). */
  text: string;
  /** The press outlet or site name, the portal read through, the host. */
  site: string;
  via: string;
  host: string;
  authors: string[];
  board: string;
  kind: SavedItem['kind'];
  publishedMs: number | null;
}

/** One change of one record, as the feed keeps it. */
export interface Change {
  /**
   * A saved item, one of its highlights, a post's reading history (`read`, by post key), a note
   * on or the muting of an author (`author`, by author key), or a muted word (`mute`, by word).
   */
  entity: 'item' | 'highlight' | 'read' | 'author' | 'mute';
  /** The item's id, the highlight's id (unique within its item), the post's key, the author key or the word. */
  id: string;
  /** The item the record belongs to (for an item, its own id; '' for the others). */
  itemId: string;
  op: 'put' | 'delete';
  /**
   * The item's canonical key (where its pages are: tabs showing it repaint); for an author, the
   * site's host; for a muted word, ''.
   */
  key: string;
}

/** One row of the change feed: every record one write transaction changed. */
export interface ChangeRow {
  /** Grows with every write (IndexedDB auto-increment): "what changed since N". */
  seq?: number;
  /** When the write happened (ISO time). */
  at: string;
  /** The profile that made the change (its id is made once per profile: ./feed.ts deviceId). */
  device: string;
  /** 'remote' when the change came from another device through sync (not to be sent back). */
  origin: 'local' | 'remote';
  changes: Change[];
}

/**
 * A post the reader opened (its URL visited in a tab) or saved, by its canonical key: when last,
 * and how many comments its board list showed then (null when no list was seen first).
 */
export interface ReadRow {
  key: string;
  url: string;
  /** ISO time the post was last opened or saved. */
  at: string;
  /** The comment count its list showed when it was last opened or saved. */
  comments: number | null;
}

/** What the reader keeps about one author of one site (lib/model.ts AuthorRecord). */
export type AuthorRow = AuthorRecord;

/** A word whose posts are hidden on every board list (matched in titles, NFC, case folded). */
export interface MutedWordRow {
  /** The word as matched: NFC, lower case, trimmed. */
  word: string;
  createdAt: string;
}

/** A deleted item kept for undo (with its highlights) until the next delete a day later. */
export interface TrashRow {
  id: string;
  /** ISO time of the delete. */
  deletedAt: string;
  row: ItemRow;
}

/**
 * A stored image, by the SHA-256 of its bytes: one row however many items show it. `items`
 * names the items (live or in the trash) that use it; the row goes when none is left.
 */
export interface ImageRow {
  /** SHA-256 of the bytes, 64 lower-case hex digits. */
  hash: string;
  blob: Blob;
  /** The MIME type the server gave (image/...). */
  type: string;
  /** Bytes. */
  size: number;
  /** Ids of the items that use it (multi-entry index). */
  items: string[];
  /** ISO time it was first stored. */
  storedAt: string;
}

export interface MetaRow {
  key: string;
  value: string;
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

/**
 * The saved item of a row, without highlights and index fields. Rows stored before `site.via`
 * and `originalUrl` existed lack them: they read as null.
 */
export function fromRow(row: ItemRow): SavedItem {
  const { publishedMs: _ignored, hasNote: _derived, highlights: _h, hasHighlights: _hh, ...item } = row;
  if (item.originalUrl === undefined) item.originalUrl = null;
  if (item.site.via === undefined) item.site = { ...item.site, via: null };
  return item;
}

/** The highlights stored in an item's row (not sorted). */
export function highlightsOfRow(row: ItemRow | undefined): Highlight[] {
  return row?.highlights ?? [];
}

/** The search row of an item row (its title, text, tags, note and highlights). */
export function searchRowOf(row: ItemRow): SearchRow {
  const ms = Date.parse(row.savedAt);
  return {
    itemId: row.id,
    savedMs: Number.isNaN(ms) ? 0 : ms,
    sig: signFields(searchFields(row, highlightsOfRow(row))),
    head: {
      text: headOf(row.title, row.tags),
      site: row.site.name ?? '',
      via: row.site.via ?? '',
      host: row.site.host,
      authors: row.authors,
      board: row.board?.name ?? '',
      kind: row.kind,
      publishedMs: row.publishedMs,
    },
  };
}
