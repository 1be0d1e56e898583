/**
 * Import of an export file into the library: validation (lib/export/parse), then a merge by id in
 * one transaction, so a failure part way changes nothing.
 *
 * Merge rules (docs/export-format.md): an item new to the library is added; an item already there
 * is replaced when the file's `updatedAt` is later, otherwise skipped. Highlights merge the same
 * way by their own id, whatever happened to their item. Nothing is ever deleted by an import.
 *
 * Speed (10,000 items with 50,000 highlights): batches of reads and bulk writes, the next batch's
 * reads issued before this batch's writes so IndexedDB is never idle waiting for the script, and
 * the search index written in bulk (lib/db/search.ts startBulkIndex, lib/db/bulk-signature.ts)
 * instead of item by item or by a whole-index rebuild that read every item back.
 */
import { type ExportSource, ImportError, openExport, parseJsonText, type RejectedItem } from '../export/parse';
import type { ValidExportItem } from '../export/schema';
import type { Highlight, SavedItem } from '../model';
import { canonicalize } from '../sites/identity';
import { checkedSigner } from './bulk-signature';
import { fromRow, highlightsOfRow, type ItemRow, type ScrapnoteDB, storageErrorMessage, toRow } from './index';
import { HighlightOwners } from './owners';
import { type BulkIndexEntry, libraryTableList, startBulkIndex } from './search';

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

/** What one batch of the import reads before deciding: see importSource. */
interface BatchReads {
  /** Canonical key of each item of the batch. */
  keys: string[];
  /** Stored items with the batch's ids (with their highlights). */
  rows: ItemRow[];
  /** [canonicalKey, id] of stored items at the batch's addresses (keys only). */
  sameKey: Array<[string, string]>;
}

/**
 * Issue the reads of one batch. Cursors over the wanted keys rather than bulkGet: one request
 * per key found instead of one per key asked (into an empty library, one request each).
 */
function readBatch(db: ScrapnoteDB, batch: readonly ValidExportItem[]): Promise<BatchReads> {
  const reads = readBatchNow(db, batch);
  // Awaited by the next step; when an earlier failure ends the import first, it is not unhandled.
  reads.catch(() => undefined);
  return reads;
}

async function readBatchNow(db: ScrapnoteDB, batch: readonly ValidExportItem[]): Promise<BatchReads> {
  const ids = batch.map((i) => i.id);
  // With the engine stored with the item, as a save computes it (lib/extract/analyze.ts): an XE
  // `/mid/N` address is keyed `<host>/N` either way, so importing and saving the same post agree.
  const keys = batch.map((item) => canonicalize(item.url, undefined, item.site.engine).key);
  const sameKey: Array<[string, string]> = [];
  const [rows] = await Promise.all([
    db.items.where('id').anyOf(ids).toArray(),
    db.items
      .where('canonicalKey')
      .anyOf(keys)
      .eachKey((key, cursor) => void sameKey.push([key as string, cursor.primaryKey])),
  ]);
  return { keys, rows, sameKey };
}

/**
 * Check an opened export file's items (lib/export/parse openExport) and merge the valid ones into
 * the library in one read-write transaction. Items whose address is already saved under another
 * id are rejected (the library keeps one record per post). The items are checked a batch ahead
 * of the one being written, so the checking overlaps the database's writing; a fatal error found
 * on the way (ImportError: a repeated id) aborts the transaction. Throws ImportError('storage')
 * when the database refuses the write. Either way nothing changed.
 */
export async function importSource(
  db: ScrapnoteDB,
  source: ExportSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    version: source.version,
    items: { added: 0, updated: 0, skipped: 0 },
    highlights: { added: 0, updated: 0, skipped: 0 },
    rejected: [],
    rejectedHighlights: [],
  };
  const total = source.total;
  try {
    // The search tables are in scope so the index changes in the same transaction as the items.
    await db.transaction('rw', libraryTableList(db), async () => {
      /** Which item owns each address, as far as this import changed or read it. */
      const keyOwner = new Map<string, string>();
      /** Items written by this import: their stored address is the one in keyOwner, not the database's. */
      const written = new Set<string>();
      // Reads up front for every item and highlight id of the file, checked or not (a superset).
      const index = await startBulkIndex(db, source.keys, checkedSigner());
      // Who holds each highlight id of the file (at most 256 small rows, read once).
      const owners = await HighlightOwners.read(db.highlightOwners, source.highlightIds);
      const check = (from: number) => {
        const checked = source.check(from, from + BATCH);
        report.rejected.push(...checked.rejected);
        return checked;
      };
      const writes: Array<Promise<unknown>> = [];
      let next = check(0);
      let reads = readBatch(db, next.items);
      for (let start = 0; start < total; start += BATCH) {
        const { items: batch, indexes } = next;
        const { keys, rows: existingRows, sameKey } = await reads;
        // The next batch's reads go before this batch's writes, so the database answers them
        // while this batch is prepared and then written: it never waits for this script.
        // Its items, addresses and highlights are disjoint from this batch's (ids are unique in
        // a file); only addresses can move, which `written` accounts for.
        if (start + BATCH < total) {
          next = check(start + BATCH);
          reads = readBatch(db, next.items);
        }
        const byId = new Map(existingRows.map((row) => [row.id, row]));
        for (const [key, id] of sameKey) if (!keyOwner.has(key) && !written.has(id)) keyOwner.set(key, id);

        const rows: ItemRow[] = [];
        const reindex: BulkIndexEntry[] = [];
        batch.forEach((item, i) => {
          const old = byId.get(item.id);
          const key = keys[i]!;
          const owner = keyOwner.get(key);
          if (owner !== undefined && owner !== item.id) {
            report.rejected.push({
              index: indexes[i] ?? -1,
              id: item.id,
              title: item.title.slice(0, 200),
              reason: `the same page is already in the library as item "${owner}"`,
            });
            return;
          }
          let saved: SavedItem | undefined = old && fromRow(old);
          let changed = false;
          if (!old || later(item.updatedAt, old.updatedAt)) {
            saved = toSavedItem(item, key);
            if (!old) report.items.added++;
            else {
              if (old.canonicalKey !== key && keyOwner.get(old.canonicalKey) === item.id)
                keyOwner.delete(old.canonicalKey);
              report.items.updated++;
            }
            // The key now belongs to this item, also for later items of the same file.
            keyOwner.set(key, item.id);
            written.add(item.id);
            changed = true;
          } else {
            report.items.skipped++;
          }

          const stored = new Map(highlightsOfRow(old).map((h) => [h.id, h]));
          let highlightsChanged = false;
          for (const h of item.highlights) {
            const holder = owners.get(h.id);
            const prev = stored.get(h.id);
            if (holder !== undefined && holder !== item.id) {
              report.rejectedHighlights.push({
                itemId: item.id,
                id: h.id,
                reason: `a highlight with this id belongs to another item ("${holder}")`,
              });
            } else if (!prev || later(h.updatedAt, prev.updatedAt)) {
              stored.set(h.id, toHighlight(item.id, h));
              owners.set(h.id, item.id);
              highlightsChanged = true;
              if (prev) report.highlights.updated++;
              else report.highlights.added++;
            } else {
              report.highlights.skipped++;
            }
          }
          if ((changed || highlightsChanged) && saved) {
            // The row and the index hold the item with all its highlights, also those stored
            // and not in the file.
            const highlights = [...stored.values()];
            rows.push(toRow(saved, highlights));
            reindex.push({ item: saved, highlights });
          }
        });
        // Issued, not awaited: the next batch is prepared while the database writes this one.
        const done = Promise.all([db.items.bulkPut(rows), index.write(reindex)]);
        // A failure aborts the transaction; it is reported by the await below, not as unhandled.
        done.catch(() => undefined);
        writes.push(done);
        options.onProgress?.(Math.min(start + BATCH, total), total);
      }
      writes.push(owners.save(db.highlightOwners));
      await Promise.all(writes);
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
  return importSource(db, openExport(parseJsonText(text)), options);
}
