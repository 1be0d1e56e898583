/** Read the library in export order and turn it into file chunks (lib/export/json). */
import { webAnnotationChunks } from '../export/annotation';
import { boardPostsCsvChunks } from '../export/csv';
import {
  type ExportExtras,
  type ExportImage,
  type ExportItem,
  ExportJsonWriter,
  exportFileName,
  exportHeader,
  exportItem,
} from '../export/json';
import { itemToMarkdown, type MarkdownLabels, markdownFileName } from '../export/markdown';
import { markdownZip, type ZipImage } from '../export/zip';
import { hashesOf } from './images';
import { highlightsOfRow, type ItemRow, type ScrapnoteDB } from './index';

/** Progress of a long export: items read so far and in all. */
export type ProgressCallback = (done: number, total: number) => void;

/** Items read per step: bounds the work between progress reports. */
const PAGE = 500;

/**
 * Pages read ahead of the one being turned into text. The browser reads IndexedDB in another
 * process, so a page read ahead is ready when the script (JSON text, Blob) gets to it; two
 * bound the memory held to a few pages.
 */
const AHEAD = 2;

/**
 * Visit the export items page by page (id order, each with its highlights) in one read
 * transaction, a consistent snapshot. `onPage` runs inside the transaction, so it must not await
 * anything but this database. `ids` limits the export to some items; unknown ids are ignored.
 *
 * With `withExtras`, answers the reading history (the `reads` rows), the notes on authors and the
 * muted words, read in the same transaction; they are empty for an export of some items (`ids`):
 * sharing one article must not share what else was read. Otherwise answers them empty.
 *
 * The ids are read first (keys only), so each page's items (which hold their highlights) are
 * asked for {@link AHEAD} pages in advance.
 */
export async function forEachExportPage(
  db: ScrapnoteDB,
  ids: string[] | undefined,
  onPage: (items: ExportItem[]) => void,
  onProgress?: ProgressCallback,
  withExtras = false,
): Promise<ExportExtras> {
  return db.transaction('r', [db.items, db.reads, db.authors, db.mutedWords], async () => {
    // Issued first and awaited last: the history and the rules are read while the items are.
    const whole = withExtras && !ids;
    const extras: Promise<ExportExtras> = Promise.all([
      whole ? db.reads.toArray() : [],
      whole ? db.authors.toArray() : [],
      whole ? db.mutedWords.toArray() : [],
    ]).then(([readingHistory, authors, mutedWords]) => ({
      readingHistory,
      authors: authors.map((a) => ({ ...a, muted: a.muted === 1 })),
      mutedWords,
    }));
    extras.catch(() => undefined);
    const wanted = ids ? [...new Set(ids)].sort() : null;
    const keys = wanted ?? ((await db.items.orderBy('id').primaryKeys()) as string[]);
    const total = keys.length;
    onProgress?.(0, total);
    const pages = Math.ceil(total / PAGE);
    /** Page `k`'s items with their highlights, as an issued request. */
    const readPage = (k: number): Promise<ItemRow[]> => {
      const pageIds = keys.slice(k * PAGE, (k + 1) * PAGE);
      const first = pageIds[0]!;
      const last = pageIds[pageIds.length - 1]!;
      // A page of the whole library is an id range: one range read instead of one get per id.
      const read = wanted
        ? db.items.bulkGet(pageIds).then((rows) => rows.filter((r) => r !== undefined))
        : db.items.where('id').between(first, last, true, true).toArray();
      // Awaited later; if onPage throws first, its failure is not an unhandled one.
      read.catch(() => undefined);
      return read;
    };
    const ahead: Array<Promise<ItemRow[]>> = [];
    for (let k = 0; k < Math.min(AHEAD, pages); k++) ahead.push(readPage(k));
    for (let k = 0; k < pages; k++) {
      const rows = await ahead.shift()!;
      if (k + AHEAD < pages) ahead.push(readPage(k + AHEAD));
      // A row is a SavedItem plus its highlights and index fields, which exportItem leaves out:
      // no copy needed.
      onPage(rows.map((r) => exportItem(r, highlightsOfRow(r))));
      onProgress?.(Math.min((k + 1) * PAGE, total), total);
    }
    return extras;
  });
}

/** Every export item (id order, with highlights), without the history and rules; see {@link forEachExportPage}. */
export async function readExportItems(
  db: ScrapnoteDB,
  ids?: string[],
  onProgress?: ProgressCallback,
): Promise<ExportItem[]> {
  const out: ExportItem[] = [];
  await forEachExportPage(db, ids, (page) => out.push(...page), onProgress);
  return out;
}

/**
 * The JSON export as chunks, one per page of items: each page is serialized as soon as it is
 * read, so the library is never held as objects and text at once. `toPart` turns each chunk's
 * pieces into one part (a Blob, which keeps the text out of the script's memory, takes the
 * pieces without joining them into one string first).
 */
async function jsonChunks<T>(
  db: ScrapnoteDB,
  now: Date,
  appVersion: string,
  ids: string[] | undefined,
  onProgress: ProgressCallback | undefined,
  toPart: (pieces: string[]) => T,
  withImages = false,
) {
  const writer = new ExportJsonWriter(exportHeader(now, appVersion));
  const chunks = [toPart([writer.start()])];
  let count = 0;
  const hashes = new Set<string>();
  const extras = await forEachExportPage(
    db,
    ids,
    (page) => {
      chunks.push(toPart(writer.pieces(page)));
      count += page.length;
      if (withImages) for (const item of page) for (const h of hashesOf(item.images)) hashes.add(h);
    },
    onProgress,
    true,
  );
  const images = withImages ? await exportImages(db, [...hashes]) : [];
  chunks.push(toPart([writer.end({ ...extras, images })]));
  return { chunks, count };
}

/** Bytes as base64, in slices (String.fromCharCode takes a bounded number of arguments). */
export function base64Of(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The stored images of these hashes as the file carries them (those there are). */
async function exportImages(db: ScrapnoteDB, hashes: string[]): Promise<ExportImage[]> {
  const out: ExportImage[] = [];
  for (let i = 0; i < hashes.length; i += 50) {
    const rows = (await db.images.bulkGet(hashes.slice(i, i + 50))).filter((r) => r !== undefined);
    for (const row of rows) {
      const bytes = new Uint8Array(await row.blob.arrayBuffer());
      out.push({ hash: row.hash, type: row.type, size: bytes.length, data: base64Of(bytes) });
    }
  }
  return out;
}

/** The stored images of these hashes as the Markdown zip holds them (those there are). */
async function zipImages(db: ScrapnoteDB, hashes: string[]): Promise<ZipImage[]> {
  const out: ZipImage[] = [];
  for (let i = 0; i < hashes.length; i += 50) {
    for (const row of await db.images.bulkGet(hashes.slice(i, i + 50))) {
      if (row) out.push({ hash: row.hash, type: row.type, bytes: new Uint8Array(await row.blob.arrayBuffer()) });
    }
  }
  return out;
}

/** The JSON export file as string chunks (one per page of items: never one giant string). */
export async function exportLibrary(
  db: ScrapnoteDB,
  now: Date,
  appVersion: string,
  ids?: string[],
  onProgress?: ProgressCallback,
): Promise<string[]> {
  return (await jsonChunks(db, now, appVersion, ids, onProgress, (pieces) => pieces.join(''))).chunks;
}

/** The export formats the UI offers. */
export type ExportFormat = 'json' | 'markdown' | 'jsonld' | 'csv';

export interface ExportFileResult {
  /** The file's contents, ready for `new Blob(parts)`. */
  parts: Array<string | Uint8Array<ArrayBuffer> | Blob>;
  name: string;
  type: string;
  /** Items in the file (board posts for CSV, highlights for JSON-LD). */
  count: number;
}

export interface ExportOptions {
  now: Date;
  appVersion: string;
  /** Only these items; all when absent. */
  ids?: string[];
  /** JSON: carry the images' bytes (base64) so that import restores them; Markdown: always. */
  includeImages?: boolean;
  /** Translated section names for Markdown. */
  labels?: MarkdownLabels;
  onProgress?: ProgressCallback;
}

/**
 * An export file in any format. Reading is the first half of the progress, building the second
 * (only the zip takes long enough to matter).
 */
export async function exportFile(
  db: ScrapnoteDB,
  format: ExportFormat,
  options: ExportOptions,
): Promise<ExportFileResult> {
  const { now, onProgress } = options;
  const half = (offset: number) => (done: number, total: number) =>
    onProgress?.(offset + Math.round((done / Math.max(total, 1)) * 50), 100);
  if (format === 'json') {
    const percent = (done: number, total: number) => onProgress?.(Math.round((done / Math.max(total, 1)) * 100), 100);
    // Each page's text becomes a Blob at once (browsers keep Blob data outside the script's
    // heap): a 10,000-item export never holds the whole file as strings.
    const { chunks, count } = await jsonChunks(
      db,
      now,
      options.appVersion,
      options.ids,
      percent,
      (pieces) => (typeof Blob === 'function' ? new Blob(pieces) : pieces.join('')),
      options.includeImages === true,
    );
    onProgress?.(100, 100);
    return { parts: chunks, name: exportFileName(now, 'json'), type: 'application/json', count };
  }
  const items = await readExportItems(db, options.ids, half(0));
  let result: ExportFileResult;
  switch (format) {
    case 'markdown': {
      // The images the notes show go into the zip beside them; a single note without images
      // stays one .md file.
      const images = await zipImages(db, [...new Set(items.flatMap((i) => hashesOf(i.images)))]);
      if (items.length === 1 && !images.length) {
        const item = items[0]!;
        result = {
          parts: [itemToMarkdown(item, options.labels)],
          name: markdownFileName(item.title, new Set(), item.id),
          type: 'text/markdown',
          count: 1,
        };
      } else {
        result = {
          parts: (await markdownZip(items, options.labels, half(50), images)) as Array<Uint8Array<ArrayBuffer>>,
          name: exportFileName(now, 'zip'),
          type: 'application/zip',
          count: items.length,
        };
      }
      break;
    }
    case 'jsonld':
      result = {
        parts: [...webAnnotationChunks(items, now)],
        name: exportFileName(now, 'jsonld'),
        type: 'application/ld+json',
        count: items.reduce((n, i) => n + i.highlights.length, 0),
      };
      break;
    case 'csv':
      result = {
        parts: [...boardPostsCsvChunks(items)],
        name: exportFileName(now, 'csv'),
        type: 'text/csv',
        count: items.filter((i) => i.kind === 'post').length,
      };
      break;
  }
  onProgress?.(100, 100);
  return result;
}
