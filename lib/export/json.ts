/**
 * The JSON export format (docs/export-format.md, docs/export.schema.json). Pure builders: the
 * caller reads the database and writes the file.
 */
import type { Highlight, ItemImage, ItemVersion, SavedComment, SavedItem } from '../model';
import { allVersions } from '../versions/check';

export const EXPORT_FORMAT = 'scrapnote-export';
/**
 * The format version this Scrapnote writes (2 added reading history, `site.via` and `originalUrl`;
 * 3 added notes on authors, muted words and the comments of saved posts; 4 added the versions of
 * a post over time, its check time and its `status` when deleted at the source, and the items'
 * image lists and, optionally, the images' bytes).
 */
export const EXPORT_VERSION = 4;

export interface ExportHighlight {
  id: string;
  color: Highlight['color'];
  note: string;
  createdAt: string;
  updatedAt: string;
  target: Highlight['target'];
  /** The version of its item it was made on (its `fetchedAt`); absent: the first. */
  version?: string;
}

/** A version of a post as the file holds it (every field always there). */
export interface ExportVersion {
  fetchedAt: string;
  title: string;
  text: string;
  html: string;
  comments: SavedComment[];
}

export type ExportItem = Omit<SavedItem, 'canonicalKey' | 'comments' | 'versions' | 'fetchedAt' | 'images'> & {
  comments: SavedComment[];
  /** Every version, oldest first; the last is the item's own content. Absent until the post was checked again. */
  versions?: ExportVersion[];
  highlights: ExportHighlight[];
  images: ItemImage[];
};

/** The bytes of one stored image, base64 (in a file exported with images). */
export interface ExportImage {
  hash: string;
  type: string;
  size: number;
  data: string;
}

/** One image of an item's list as the file holds it: fields in the documented order. */
export function exportItemImage(i: ItemImage): ItemImage {
  return { url: i.url, hash: i.hash, size: i.size, ...(i.skipped ? { skipped: i.skipped } : {}) };
}

function exportVersion(v: ItemVersion): ExportVersion {
  return {
    fetchedAt: v.fetchedAt,
    title: v.title,
    text: v.text,
    html: v.html,
    comments: (v.comments ?? []).map(exportComment),
  };
}

/**
 * The versions fields of an item in the file: every version (the last one the item's own content),
 * the check time and the status, for items that were checked again or changed; nothing otherwise.
 */
function versionFields(item: SavedItem): Partial<ExportItem> {
  if (!item.versions?.length && !item.checkedAt && !item.status) return {};
  return {
    versions: allVersions(item).map(exportVersion),
    ...(item.checkedAt ? { checkedAt: item.checkedAt } : {}),
    ...(item.status ? { status: item.status } : {}),
    ...(item.goneAt ? { goneAt: item.goneAt } : {}),
  };
}

/**
 * The stored versions fields of an item read from a file: its earlier versions (all but the
 * last, which is the item's own content) and when its own content was fetched.
 */
export function storedVersionFields(versions: readonly ExportVersion[] | undefined): Partial<SavedItem> {
  if (!versions?.length) return {};
  const earlier = versions.slice(0, -1).map(
    (v): ItemVersion => ({
      fetchedAt: v.fetchedAt,
      title: v.title,
      text: v.text,
      html: v.html,
      ...(v.comments.length ? { comments: v.comments } : {}),
    }),
  );
  return { ...(earlier.length ? { versions: earlier } : {}), fetchedAt: versions.at(-1)!.fetchedAt };
}

/** One comment as it appears in the file: fields in the documented order. */
export function exportComment(c: SavedComment): SavedComment {
  return {
    id: c.id,
    parent: c.parent,
    depth: c.depth,
    author: c.author,
    memberId: c.memberId,
    ip: c.ip,
    dateText: c.dateText,
    date: c.date,
    text: c.text,
    byPoster: c.byPoster,
  };
}

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  app: { name: string; version: string };
}

/** One post of the reading history: its key (post identity), address, when last read, the list's comment count. */
export interface ExportReadEntry {
  key: string;
  url: string;
  at: string;
  comments: number | null;
}

/** A note on an author of one site, or their muting. */
export interface ExportAuthor {
  host: string;
  authorId: string;
  name: string;
  note: string;
  muted: boolean;
  updatedAt: string;
}

/** A word whose posts are hidden on every board list. */
export interface ExportMutedWord {
  word: string;
  createdAt: string;
}

/** What a whole-library export holds beside the items (empty in an export of some items). */
export interface ExportExtras {
  readingHistory: ExportReadEntry[];
  authors: ExportAuthor[];
  mutedWords: ExportMutedWord[];
  /** The images' bytes (only when exported with images). */
  images?: ExportImage[];
}

export interface ExportFile extends ExportHeader, ExportExtras {
  items: ExportItem[];
}

let sharedCollator: Intl.Collator | undefined;

/**
 * The collator `localeCompare()` without arguments uses (ECMA-402 defines it as this one), made
 * once: a 50,000-highlight export sorts without building a collator per comparison.
 */
function collator(): Intl.Collator {
  sharedCollator ??= new Intl.Collator();
  return sharedCollator;
}

/** One item as it appears in the file: fields in the documented order, internal ones left out. */
export function exportItem(item: SavedItem, highlights: Highlight[]): ExportItem {
  return {
    id: item.id,
    kind: item.kind,
    url: item.url,
    canonicalUrl: item.canonicalUrl,
    // Items stored before these fields existed have neither: null, as the format says.
    originalUrl: item.originalUrl ?? null,
    site: { host: item.site.host, name: item.site.name, engine: item.site.engine, via: item.site.via ?? null },
    board: item.board,
    title: item.title,
    byline: item.byline,
    authors: item.authors,
    poster: item.poster,
    publishedAt: item.publishedAt,
    publishedText: item.publishedText,
    lang: item.lang,
    excerpt: item.excerpt,
    text: item.text,
    html: item.html,
    tags: item.tags,
    note: item.note,
    savedAt: item.savedAt,
    updatedAt: item.updatedAt,
    // Items saved before comments were kept have none.
    comments: (item.comments ?? []).map(exportComment),
    ...versionFields(item),
    highlights: [...highlights]
      .sort((a, b) => collator().compare(a.createdAt, b.createdAt) || collator().compare(a.id, b.id))
      .map((h) => ({
        id: h.id,
        color: h.color,
        note: h.note,
        createdAt: h.createdAt,
        updatedAt: h.updatedAt,
        target: h.target,
        ...(h.version ? { version: h.version } : {}),
      })),
    // Items saved before images were kept have no list.
    images: (item.images ?? []).map(exportItemImage),
  };
}

export function exportHeader(now: Date, appVersion: string): ExportHeader {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    app: { name: 'Scrapnote', version: appVersion },
  };
}

/** One reading history entry as it appears in the file: fields in the documented order. */
export function exportReadEntry(row: ExportReadEntry): ExportReadEntry {
  return { key: row.key, url: row.url, at: row.at, comments: row.comments };
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Code unit order of the keys, so the same history always writes the same text. */
export function sortReadingHistory(entries: Iterable<ExportReadEntry>): ExportReadEntry[] {
  return [...entries].map(exportReadEntry).sort((a, b) => byCodeUnits(a.key, b.key));
}

/** One author as the file holds it: fields in the documented order. */
export function exportAuthor(a: ExportAuthor): ExportAuthor {
  return { host: a.host, authorId: a.authorId, name: a.name, note: a.note, muted: a.muted, updatedAt: a.updatedAt };
}

/**
 * Writes the file piece by piece: the header, then pages of items, then the end with the reading
 * history. Each item and each history entry is one compact JSON line (indented under its array),
 * which keeps a 10,000-item export fast (no re-indenting of megabytes of text) and makes files
 * diff item by item.
 */
export class ExportJsonWriter {
  private first = true;

  constructor(private readonly header: ExportHeader) {}

  /** The text before the first item. */
  start(): string {
    const head = JSON.stringify(this.header, null, 2);
    return `${head.slice(0, -2)},\n  "items": [`;
  }

  /** The text of some items, in order, continuing the ones written before. */
  items(items: Iterable<ExportItem>): string {
    return this.pieces(items).join('');
  }

  /**
   * {@link items} as pieces to concatenate (separators and one JSON text per item): a Blob made
   * of them never needs the joined string.
   */
  pieces(items: Iterable<ExportItem>): string[] {
    const out: string[] = [];
    for (const item of items) {
      out.push(this.first ? '\n    ' : ',\n    ', JSON.stringify(item));
      this.first = false;
    }
    return out;
  }

  /**
   * The text after the last item: the reading history (sorted by key), the notes on authors
   * (by site and author), the muted words (by word), the images' bytes (by hash, when exported
   * with images), and the file's end.
   */
  end(extras: Partial<ExportExtras> = {}): string {
    const items = this.first ? ']' : '\n  ]';
    const array = (name: string, entries: readonly unknown[]) =>
      `,\n  "${name}": [${entries.map((e) => `\n    ${JSON.stringify(e)}`).join(',')}${entries.length ? '\n  ' : ''}]`;
    const authors = [...(extras.authors ?? [])]
      .map(exportAuthor)
      .sort((a, b) => byCodeUnits(`${a.host} ${a.authorId}`, `${b.host} ${b.authorId}`));
    const words = [...(extras.mutedWords ?? [])]
      .map((w) => ({ word: w.word, createdAt: w.createdAt }))
      .sort((a, b) => byCodeUnits(a.word, b.word));
    const images = [...(extras.images ?? [])].sort((a, b) => byCodeUnits(a.hash, b.hash));
    return `${items}${array('readingHistory', sortReadingHistory(extras.readingHistory ?? []))}${array('authors', authors)}${array('mutedWords', words)}${array('images', images)}\n}\n`;
  }
}

/**
 * The file as a sequence of string chunks (one per item), so a large library is never held as
 * one giant string. Joined, the chunks are the JSON text of an ExportFile.
 */
export function* exportChunks(
  header: ExportHeader,
  items: Iterable<ExportItem>,
  extras: Partial<ExportExtras> = {},
): Generator<string> {
  const writer = new ExportJsonWriter(header);
  yield writer.start();
  for (const item of items) yield writer.items([item]);
  yield writer.end(extras);
}

/** The download's file name, with the Korean product name and the local date. */
export function exportFileName(now: Date, ext = 'json'): string {
  const d = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `스크랩노트-${d}.${ext}`;
}
