/**
 * Import of an export file into the library: validation (lib/export/parse), then a merge by id in
 * one write transaction, so a failure part way changes nothing. Runs in the background's library
 * service (./service.ts), like every other write.
 *
 * Merge rules (docs/export-format.md): an item new to the library is added; an item already there
 * is replaced when the file's `updatedAt` is later, otherwise skipped. Highlights merge the same
 * way by their id within their item, reading history entries by their post key and `at`, notes on
 * authors by site and author and `updatedAt`; a muted word the library lacks is added. Nothing is
 * ever deleted by an import.
 *
 * Items are read and written in batches; each batch's reads are issued before the previous
 * batch's writes are awaited, so IndexedDB is never idle waiting for the script. Each batch adds
 * one row to the change feed naming the items and highlights it wrote; the reading history, written
 * after the items, adds one row naming the posts it wrote (entity `read`, as ./history.ts does).
 */

import { storedVersionFields } from '../export/json';
import type { CheckedRules } from '../export/parse';
import {
  type ExportSource,
  ImportError,
  openExport,
  parseJsonText,
  type RejectedHistoryEntry,
  type RejectedItem,
} from '../export/parse';
import type { ValidExportImage, ValidExportItem, ValidExportReadEntry } from '../export/schema';
import { sha256Hex } from '../images/collect';
import type { Highlight, SavedItem } from '../model';
import { canonicalize } from '../sites/identity';
import { authorKey } from './authors';
import { deviceId, highlightChange, itemChange, recordChanges } from './feed';
import { attachImages, type ImageBlob } from './images';
import {
  type AuthorRow,
  type Change,
  fromRow,
  highlightsOfRow,
  type ItemRow,
  type ReadRow,
  type ScrapnoteDB,
  storageErrorMessage,
  toRow,
} from './index';
import { keptVersions, putRows } from './items';

export interface MergeCounts {
  added: number;
  updated: number;
  skipped: number;
}

export interface ImportReport {
  /** The file's format version before migration. */
  version: number;
  items: MergeCounts;
  highlights: MergeCounts;
  /** Reading history entries (by post key): added, updated (the file's `at` is later), skipped. */
  history: MergeCounts;
  rejected: RejectedItem[];
  /** Notes on authors and muted words: added, updated (an author's note is later), skipped. */
  rules: MergeCounts;
  /** Reading history entries, notes on authors and muted words left out, with their reasons. */
  rejectedHistory: RejectedHistoryEntry[];
}

export interface ImportOptions {
  /** Called as items are written: done and total item counts. */
  onProgress?: (done: number, total: number) => void;
  /** The time the feed records for the import (default: now). */
  now?: Date;
}

/** Items written per step of the transaction: the progress granularity. */
const BATCH = 500;

const later = (a: string, b: string) => Date.parse(a) > Date.parse(b);

function toSavedItem(item: ValidExportItem, canonicalKey: string): SavedItem {
  const { highlights: _h, images, versions, ...rest } = item;
  // An empty list is no list (an item saved before images were kept, or with none).
  return { ...rest, canonicalKey, ...storedVersionFields(versions), ...(images.length ? { images } : {}) };
}

/**
 * The file's image bytes whose SHA-256 is the hash they claim (checked before the import's
 * transaction: Web Crypto cannot run inside one); the others are left out.
 */
async function verifiedImages(images: readonly ValidExportImage[]): Promise<ImageBlob[]> {
  const out: ImageBlob[] = [];
  for (const img of images) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = Uint8Array.from(atob(img.data), (c) => c.charCodeAt(0));
    } catch {
      continue;
    }
    if (bytes.length !== img.size || (await sha256Hex(bytes.buffer)) !== img.hash) continue;
    out.push({ hash: img.hash, blob: new Blob([bytes], { type: img.type }), type: img.type, size: bytes.length });
  }
  return out;
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
    ...(h.version ? { version: h.version } : {}),
  };
}

/**
 * Merge the file's reading history into the `reads` table (inside the import's transaction): an
 * entry for a post not read here is added; one for a post read here replaces the stored entry
 * when its `at` is a later instant, otherwise it is skipped. The entries written go into one
 * feed row.
 */
async function importHistory(
  db: ScrapnoteDB,
  entries: readonly ValidExportReadEntry[],
  counts: MergeCounts,
  now: Date,
): Promise<void> {
  if (!entries.length) return;
  const stored = await db.reads.bulkGet(entries.map((e) => e.key));
  const rows: ReadRow[] = [];
  entries.forEach((e, i) => {
    const old = stored[i];
    if (old && !later(e.at, old.at)) {
      counts.skipped++;
      return;
    }
    if (old) counts.updated++;
    else counts.added++;
    rows.push({ key: e.key, url: e.url, at: e.at, comments: e.comments });
  });
  if (!rows.length) return;
  await db.reads.bulkPut(rows);
  await recordChanges(
    db,
    rows.map((r) => ({ entity: 'read', id: r.key, itemId: '', op: 'put', key: r.key })),
    { now },
  );
}

/**
 * Merge the file's notes on authors and muted words (inside the import's transaction): an author
 * new here is added, one known here is replaced when the file's `updatedAt` is later; a muted word
 * the library lacks is added. The rows written go into one feed row.
 */
async function importRules(db: ScrapnoteDB, rules: CheckedRules, counts: MergeCounts, now: Date): Promise<void> {
  const changes: Change[] = [];
  if (rules.authors.length) {
    const keys = rules.authors.map((a) => authorKey(a.host, a.authorId));
    const stored = await db.authors.bulkGet(keys);
    const rows: AuthorRow[] = [];
    rules.authors.forEach((a, i) => {
      const old = stored[i];
      if (old && !later(a.updatedAt, old.updatedAt)) {
        counts.skipped++;
        return;
      }
      if (old) counts.updated++;
      else counts.added++;
      const { muted, ...rest } = a;
      rows.push({ key: keys[i]!, ...rest, ...(muted ? { muted: 1 as const } : {}) });
      changes.push({ entity: 'author', id: keys[i]!, itemId: '', op: 'put', key: a.host });
    });
    await db.authors.bulkPut(rows);
  }
  if (rules.mutedWords.length) {
    const stored = await db.mutedWords.bulkGet(rules.mutedWords.map((w) => w.word));
    const rows = rules.mutedWords.filter((_, i) => !stored[i]);
    counts.skipped += rules.mutedWords.length - rows.length;
    counts.added += rows.length;
    await db.mutedWords.bulkPut(rows);
    for (const w of rows) changes.push({ entity: 'mute', id: w.word, itemId: '', op: 'put', key: '' });
  }
  await recordChanges(db, changes, { now });
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
 * on the way (ImportError: a repeated id) aborts the transaction. The file's reading history
 * (checked when the file was opened) is merged last, with the notes on authors and muted words, in the same transaction. Throws
 * ImportError('storage') when the database refuses the write. Either way nothing changed.
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
    history: { added: 0, updated: 0, skipped: 0 },
    rules: { added: 0, updated: 0, skipped: 0 },
    rejected: [],
    rejectedHistory: [...source.history.rejected, ...source.rules.rejected],
  };
  const total = source.total;
  const now = options.now ?? new Date();
  const blobs = await verifiedImages(source.images);
  /** Items this import wrote, with the image lists they had and have. */
  const withImages: Array<{ id: string; images: SavedItem['images']; before: SavedItem['images'] }> = [];
  try {
    await db.transaction('rw', db.writeTables, async () => {
      // The batches record their feed rows without waiting for each other: read (or make) the
      // device id first, so they all name the one stored id.
      await deviceId(db);
      /** Which item owns each address, as far as this import changed or read it. */
      const keyOwner = new Map<string, string>();
      /** Items written by this import: their stored address is the one in keyOwner, not the database's. */
      const written = new Set<string>();
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
        // while this batch is prepared and then written. Its items are disjoint from this
        // batch's (ids are unique in a file); only addresses can move, which `written` accounts for.
        if (start + BATCH < total) {
          next = check(start + BATCH);
          reads = readBatch(db, next.items);
        }
        const byId = new Map(existingRows.map((row) => [row.id, row]));
        for (const [key, id] of sameKey) if (!keyOwner.has(key) && !written.has(id)) keyOwner.set(key, id);

        const rows: ItemRow[] = [];
        const changes: Change[] = [];
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
            // A file without versions (older, or of an item never checked) keeps the versions stored here.
            if (old && !item.versions) saved = { ...saved, ...keptVersions(fromRow(old), saved, now) };
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
          if (!saved) return;
          const stored = new Map(highlightsOfRow(old).map((h) => [h.id, h]));
          const changedHighlights: string[] = [];
          for (const h of item.highlights) {
            const prev = stored.get(h.id);
            if (!prev || later(h.updatedAt, prev.updatedAt)) {
              stored.set(h.id, toHighlight(item.id, h));
              changedHighlights.push(h.id);
              if (prev) report.highlights.updated++;
              else report.highlights.added++;
            } else {
              report.highlights.skipped++;
            }
          }
          if (changed || changedHighlights.length) {
            // The row holds the item with all its highlights, also those stored and not in the file.
            rows.push(toRow(saved, [...stored.values()]));
            if (changed) changes.push(itemChange(saved, 'put'));
            if (changed && (saved.images || old?.images))
              withImages.push({ id: saved.id, images: saved.images, before: old?.images });
            for (const id of changedHighlights) changes.push(highlightChange(saved, id, 'put'));
          }
        });
        // Issued, not awaited: the next batch is prepared while the database writes this one.
        const done = Promise.all([putRows(db, rows), recordChanges(db, changes, { now })]);
        // A failure aborts the transaction; it is reported by the await below, not as unhandled.
        done.catch(() => undefined);
        writes.push(done);
        options.onProgress?.(Math.min(start + BATCH, total), total);
      }
      await Promise.all(writes);
      // The images of the items written: stored from the file's bytes, or already in the
      // library; an image with neither is listed as not kept.
      for (const { id, images, before } of withImages) {
        const list = await attachImages(db, id, images, blobs, before, now);
        if (list && JSON.stringify(list) !== JSON.stringify(images)) await db.items.update(id, { images: list });
      }
      await importHistory(db, source.history.entries, report.history, now);
      await importRules(db, source.rules, report.rules, now);
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
