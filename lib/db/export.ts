/** Read the library in export order and turn it into file chunks (lib/export/json). */
import { type ExportItem, exportChunks, exportHeader, exportItem } from '../export/json';
import type { Highlight } from '../model';
import { fromRow, type ScrapnoteDB } from './index';

/** Items by id order with their highlights; `ids` limits the export to some items. */
export async function readExportItems(db: ScrapnoteDB, ids?: string[]): Promise<ExportItem[]> {
  return db.transaction('r', db.items, db.highlights, async () => {
    const rows = ids
      ? (await db.items.bulkGet(ids)).filter((r) => r !== undefined)
      : await db.items.orderBy('id').toArray();
    const byItem = new Map<string, Highlight[]>();
    const hs = ids ? await db.highlights.where('itemId').anyOf(ids).toArray() : await db.highlights.toArray();
    for (const h of hs) {
      const list = byItem.get(h.itemId) ?? [];
      list.push(h);
      byItem.set(h.itemId, list);
    }
    return rows.map((r) => exportItem(fromRow(r), byItem.get(r.id) ?? []));
  });
}

/** The export file as string chunks. */
export async function exportLibrary(db: ScrapnoteDB, now: Date, appVersion: string, ids?: string[]): Promise<string[]> {
  const items = await readExportItems(db, ids);
  return [...exportChunks(exportHeader(now, appVersion), items)];
}
