/**
 * Import of an export file into the library: validation (lib/export/parse), then a merge by id in
 * one transaction, so a failure part way changes nothing.
 *
 * Merge rules (docs/export-format.md): an item new to the library is added; an item already there
 * is replaced when the file's `updatedAt` is later, otherwise skipped. Highlights merge the same
 * way by their own id, whatever happened to their item. Nothing is ever deleted by an import.
 */
import { ImportError, type ParsedExport, parseExport, parseJsonText, type RejectedItem } from '../export/parse';
import type { ValidExportItem } from '../export/schema';
import type { Highlight, SavedItem } from '../model';
import { canonicalize } from '../sites/identity';
import { type ItemRow, type ScrapnoteDB, storageErrorMessage, toRow } from './index';
import { rebuildSearchIndex, reindexItems, searchTableList } from './search';

export interface MergeCounts {
  added: number;
  updated: number;
  skipped: number;
}

/** A highlight left out while its item was imported (or skipped). */
export interface RejectedHighlight {
  itemId: string;
  id: string;
  reason: string;
}

export interface ImportReport {
  /** The file's format version before migration. */
  version: number;
  items: MergeCounts;
  highlights: MergeCounts;
  rejected: RejectedItem[];
  rejectedHighlights: RejectedHighlight[];
}

export interface ImportOptions {
  /** Called as items are written: done and total item counts. */
  onProgress?: (done: number, total: number) => void;
}

/** Items written per step of the transaction: the progress granularity. */
const BATCH = 500;

/** Above this many changed items, rebuilding the whole search index is faster than item by item. */
const REBUILD_ABOVE = 500;

const later = (a: string, b: string) => Date.parse(a) > Date.parse(b);

function toSavedItem(item: ValidExportItem, canonicalKey: string): SavedItem {
  const { highlights: _h, ...rest } = item;
  return { ...rest, canonicalKey };
}

function toHighlight(itemId: string, h: ValidExportItem['highlights'][number]): Highlight {
  return {
    id: h.id,
    itemId,
    color: h.color,
    note: h.note,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    target: h.target,
  };
}

/**
 * Merge validated items into the library in one read-write transaction. Items whose address is
 * already saved under another id are rejected (the library keeps one record per post).
 * Throws ImportError('storage') when the database refuses the write; then nothing changed.
 */
export async function importParsed(
  db: ScrapnoteDB,
  parsed: ParsedExport,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    version: parsed.version,
    items: { added: 0, updated: 0, skipped: 0 },
    highlights: { added: 0, updated: 0, skipped: 0 },
    rejected: [...parsed.rejected],
    rejectedHighlights: [],
  };
  const total = parsed.items.length;
  try {
    // The search tables are in scope so the index changes in the same transaction as the items.
    await db.transaction('rw', searchTableList(db), async () => {
      const changed = new Set<string>();
      const keyOwner = new Map<string, string>();
      for (let start = 0; start < total; start += BATCH) {
        const batch = parsed.items.slice(start, start + BATCH);
        const keys = batch.map((item) => canonicalize(item.url).key);
        const [existing, sameKey, existingHighlights] = await Promise.all([
          db.items.bulkGet(batch.map((i) => i.id)),
          db.items.where('canonicalKey').anyOf(keys).toArray(),
          db.highlights.bulkGet(batch.flatMap((i) => i.highlights.map((h) => h.id))),
        ]);
        for (const row of sameKey) if (!keyOwner.has(row.canonicalKey)) keyOwner.set(row.canonicalKey, row.id);
        const oldHighlights = new Map(existingHighlights.filter((h) => h !== undefined).map((h) => [h.id, h]));

        const rows: ItemRow[] = [];
        const highlights: Highlight[] = [];
        batch.forEach((item, i) => {
          const old = existing[i];
          const key = keys[i]!;
          const owner = keyOwner.get(key);
          if (owner !== undefined && owner !== item.id) {
            report.rejected.push({
              index: parsed.indexes[start + i] ?? -1,
              id: item.id,
              title: item.title.slice(0, 200),
              reason: `the same page is already in the library as item "${owner}"`,
            });
            return;
          }
          if (!old) {
            rows.push(toRow(toSavedItem(item, key)));
            report.items.added++;
          } else if (later(item.updatedAt, old.updatedAt)) {
            rows.push(toRow(toSavedItem(item, key)));
            if (old.canonicalKey !== key) keyOwner.delete(old.canonicalKey);
            report.items.updated++;
          } else {
            report.items.skipped++;
          }
          // The key now belongs to this item, also for later items of the same file.
          if (!old || later(item.updatedAt, old.updatedAt)) {
            keyOwner.set(key, item.id);
            changed.add(item.id);
          }

          for (const h of item.highlights) {
            const prev = oldHighlights.get(h.id);
            if (prev && prev.itemId !== item.id) {
              report.rejectedHighlights.push({
                itemId: item.id,
                id: h.id,
                reason: `a highlight with this id belongs to another item ("${prev.itemId}")`,
              });
            } else if (!prev) {
              highlights.push(toHighlight(item.id, h));
              changed.add(item.id);
              report.highlights.added++;
            } else if (later(h.updatedAt, prev.updatedAt)) {
              highlights.push(toHighlight(item.id, h));
              changed.add(item.id);
              report.highlights.updated++;
            } else {
              report.highlights.skipped++;
            }
          }
        });
        await db.items.bulkPut(rows);
        await db.highlights.bulkPut(highlights);
        options.onProgress?.(Math.min(start + BATCH, total), total);
      }
      if (changed.size > REBUILD_ABOVE) await rebuildSearchIndex(db);
      else if (changed.size) await reindexItems(db, [...changed]);
    });
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('storage', `Nothing was imported: ${storageErrorMessage(e)}`);
  }
  report.rejected.sort((a, b) => a.index - b.index);
  return report;
}

/** Read, validate and merge an export file's text. Throws ImportError when nothing was imported. */
export async function importText(db: ScrapnoteDB, text: string, options: ImportOptions = {}): Promise<ImportReport> {
  const parsed = parseExport(parseJsonText(text));
  return importParsed(db, parsed, options);
}
