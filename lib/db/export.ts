/** Read the library in export order and turn it into file chunks (lib/export/json). */
import { type ExportItem, exportChunks, exportHeader, exportItem } from '../export/json';
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
