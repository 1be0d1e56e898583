/** Read the library in export order and turn it into file chunks (lib/export/json). */
import { webAnnotationChunks } from '../export/annotation';
import { boardPostsCsvChunks } from '../export/csv';
import { type ExportItem, exportChunks, exportFileName, exportHeader, exportItem } from '../export/json';
import { itemToMarkdown, type MarkdownLabels, markdownFileName } from '../export/markdown';
import { markdownZip } from '../export/zip';
import type { Highlight } from '../model';
import { fromRow, type ItemRow, type ScrapnoteDB } from './index';

/** Progress of a long export: items read so far and in all. */
export type ProgressCallback = (done: number, total: number) => void;

/** Items read per step: bounds the work between progress reports. */
const PAGE = 500;

/**
 * Items in id order with their highlights, read page by page in one read transaction (a
 * consistent snapshot). `ids` limits the export to some items; unknown ids are ignored.
 */
export async function readExportItems(
  db: ScrapnoteDB,
  ids?: string[],
  onProgress?: ProgressCallback,
): Promise<ExportItem[]> {
  return db.transaction('r', db.items, db.highlights, async () => {
    const wanted = ids ? [...new Set(ids)].sort() : null;
    const total = wanted ? wanted.length : await db.items.count();
    const out: ExportItem[] = [];
    let done = 0;
    let after: string | null = null;
    onProgress?.(0, total);
    for (;;) {
      let rows: ItemRow[];
      if (wanted) {
        const page = wanted.slice(done, done + PAGE);
        if (!page.length) break;
        rows = (await db.items.bulkGet(page)).filter((r) => r !== undefined);
        done += page.length;
      } else {
        rows = await (after === null ? db.items.orderBy('id') : db.items.where('id').above(after))
          .limit(PAGE)
          .toArray();
        if (!rows.length) break;
        after = rows[rows.length - 1]!.id;
        done += rows.length;
      }
      const byItem = new Map<string, Highlight[]>();
      const hs = await db.highlights
        .where('itemId')
        .anyOf(rows.map((r) => r.id))
        .toArray();
      for (const h of hs) {
        const list = byItem.get(h.itemId) ?? [];
        list.push(h);
        byItem.set(h.itemId, list);
      }
      for (const r of rows) out.push(exportItem(fromRow(r), byItem.get(r.id) ?? []));
      onProgress?.(Math.min(done, total), total);
    }
    return out;
  });
}

/** The JSON export file as string chunks (one per item: never one giant string). */
export async function exportLibrary(
  db: ScrapnoteDB,
  now: Date,
  appVersion: string,
  ids?: string[],
  onProgress?: ProgressCallback,
): Promise<string[]> {
  const items = await readExportItems(db, ids, onProgress);
  return [...exportChunks(exportHeader(now, appVersion), items)];
}

/** The export formats the UI offers. */
export type ExportFormat = 'json' | 'markdown' | 'jsonld' | 'csv';

export interface ExportFileResult {
  /** The file's contents, ready for `new Blob(parts)`. */
  parts: Array<string | Uint8Array<ArrayBuffer>>;
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
  const items = await readExportItems(db, options.ids, half(0));
  let result: ExportFileResult;
  switch (format) {
    case 'json':
      result = {
        parts: [...exportChunks(exportHeader(now, options.appVersion), items)],
        name: exportFileName(now, 'json'),
        type: 'application/json',
        count: items.length,
      };
      break;
    case 'markdown':
      if (items.length === 1) {
        const item = items[0]!;
        result = {
          parts: [itemToMarkdown(item, options.labels)],
          name: markdownFileName(item.title, new Set(), item.id),
          type: 'text/markdown',
          count: 1,
        };
      } else {
        result = {
          parts: (await markdownZip(items, options.labels, half(50))) as Array<Uint8Array<ArrayBuffer>>,
          name: exportFileName(now, 'zip'),
          type: 'application/zip',
          count: items.length,
        };
      }
      break;
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
