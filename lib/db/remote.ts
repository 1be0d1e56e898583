/**
 * Changes that came from another device through sync, written like every other change: one
 * transaction over the write tables, search rows and the change feed together, the feed row's
 * origin 'remote' so the sync does not send them back. The caller (the sync engine, lib/pouch)
 * has already merged them; here they are only written, never a record that this device changed
 * since the engine read it (those wait for the next round, where they are merged first).
 */
import type { Highlight, SavedItem } from '../model';
import { highlightChange, itemChange, recordChanges } from './feed';
import { purgeTrash } from './images';
import {
  type AuthorRow,
  type Change,
  highlightsOfRow,
  type ItemRow,
  type MutedWordRow,
  type ReadRow,
  type ScrapnoteDB,
  toRow,
} from './index';
import { putRows, write } from './items';
import { removeSearchRows } from './search';

/** What a sync round applies: items with all their highlights, deletions, reading history, notes on authors, muted words. */
export interface RemoteBatch {
  items: Array<{ item: SavedItem; highlights: Highlight[] }>;
  deleteItems: string[];
  reads: ReadRow[];
  deleteReads: string[];
  authors?: AuthorRow[];
  /** Author keys. */
  deleteAuthors?: string[];
  words?: MutedWordRow[];
  deleteWords?: string[];
}

export interface RemoteReport {
  /** Items put or deleted. */
  items: number;
  /** Other records put or deleted: posts of the reading history, notes on authors, muted words. */
  reads: number;
  /** Items left for the next round: changed here since `since`, or a post saved here under another id. */
  heldBack: string[];
}

/**
 * Apply a merged batch from other devices. Records changed on this device after feed row `since`
 * are left alone (reported in heldBack); so is an item whose post this library already holds
 * under another id (the unique canonical key).
 */
export function applyRemote(db: ScrapnoteDB, batch: RemoteBatch, since: number, now: Date): Promise<RemoteReport> {
  return write(db, async () => {
    const busyItems = new Set<string>();
    const busyReads = new Set<string>();
    /** Authors and muted words changed here: their feed ids. */
    const busyOther = new Set<string>();
    await db.changes
      .where('seq')
      .above(since)
      .each((row) => {
        if (row.origin !== 'local') return;
        for (const c of row.changes) {
          if (c.entity === 'read') busyReads.add(c.id);
          else if (c.entity === 'author' || c.entity === 'mute') busyOther.add(`${c.entity} ${c.id}`);
          else busyItems.add(c.itemId);
        }
      });
    const heldBack: string[] = [];
    const changes: Change[] = [];
    const rows: ItemRow[] = [];
    // Deletes go first: an item that takes the place of another (the same post saved on two
    // devices, folded into one) comes with the other's delete in the same batch.
    const deleteIds = batch.deleteItems.filter((id) => {
      if (!busyItems.has(id)) return true;
      heldBack.push(id);
      return false;
    });
    const doomed = (await db.items.bulkGet(deleteIds)).filter((r) => r !== undefined);
    if (doomed.length) {
      const at = now.toISOString();
      await purgeTrash(db, now);
      const gone = doomed.map((r) => r.id);
      await Promise.all([
        db.items.bulkDelete(gone),
        removeSearchRows(db, gone),
        // Kept in the trash for a day like a local delete: undo brings it back on every device.
        db.trash.bulkPut(doomed.map((row) => ({ id: row.id, deletedAt: at, row }))),
      ]);
      for (const row of doomed) {
        changes.push(
          itemChange(row, 'delete'),
          ...highlightsOfRow(row).map((h) => highlightChange(row, h.id, 'delete')),
        );
      }
    }

    const putIds = batch.items.map((x) => x.item.id).filter((id) => !busyItems.has(id));
    const existing = new Map(
      (await db.items.bulkGet(putIds)).filter((r) => r !== undefined).map((r) => [r.id, r] as const),
    );
    const holders = new Map(
      (
        await db.items
          .where('canonicalKey')
          .anyOf(batch.items.map((x) => x.item.canonicalKey))
          .toArray()
      ).map((r) => [r.canonicalKey, r.id] as const),
    );
    for (const { item, highlights } of batch.items) {
      const holder = holders.get(item.canonicalKey);
      if (busyItems.has(item.id) || (holder !== undefined && holder !== item.id)) {
        heldBack.push(item.id);
        continue;
      }
      const before = existing.get(item.id);
      const old = before?.canonicalKey;
      if (old !== undefined && old !== item.canonicalKey) holders.delete(old);
      holders.set(item.canonicalKey, item.id);
      // Images stay in the browser that saved them (sync carries no image): the local list stays.
      const { images: _theirs, ...rest } = item;
      const local: SavedItem = before?.images ? { ...rest, images: before.images } : rest;
      rows.push(toRow(local, highlights));
      changes.push(itemChange(item, 'put'));
      const had = new Map(highlightsOfRow(before).map((h) => [h.id, h] as const));
      for (const h of highlights) {
        const was = had.get(h.id);
        had.delete(h.id);
        if (!was || JSON.stringify(was) !== JSON.stringify(h)) changes.push(highlightChange(item, h.id, 'put'));
      }
      for (const gone of had.keys()) changes.push(highlightChange(item, gone, 'delete'));
    }
    await putRows(db, rows);

    const reads = batch.reads.filter((r) => !busyReads.has(r.key));
    const deleteReads = batch.deleteReads.filter((k) => !busyReads.has(k));
    if (reads.length) await db.reads.bulkPut(reads);
    if (deleteReads.length) await db.reads.bulkDelete(deleteReads);
    for (const r of reads) changes.push({ entity: 'read', id: r.key, itemId: '', op: 'put', key: r.key });
    for (const key of deleteReads) changes.push({ entity: 'read', id: key, itemId: '', op: 'delete', key });

    // Notes on authors and muted words (those changed here wait for the next round, merged first).
    const authors = (batch.authors ?? []).filter((a) => !busyOther.has(`author ${a.key}`));
    const deleteAuthors = (batch.deleteAuthors ?? []).filter((k) => !busyOther.has(`author ${k}`));
    const words = (batch.words ?? []).filter((w) => !busyOther.has(`mute ${w.word}`));
    const deleteWords = (batch.deleteWords ?? []).filter((w) => !busyOther.has(`mute ${w}`));
    if (authors.length) await db.authors.bulkPut(authors);
    if (deleteAuthors.length) await db.authors.bulkDelete(deleteAuthors);
    if (words.length) await db.mutedWords.bulkPut(words);
    if (deleteWords.length) await db.mutedWords.bulkDelete(deleteWords);
    for (const a of authors) changes.push({ entity: 'author', id: a.key, itemId: '', op: 'put', key: a.host });
    for (const k of deleteAuthors) {
      changes.push({ entity: 'author', id: k, itemId: '', op: 'delete', key: k.slice(0, k.indexOf(' ')) });
    }
    for (const w of words) changes.push({ entity: 'mute', id: w.word, itemId: '', op: 'put', key: '' });
    for (const w of deleteWords) changes.push({ entity: 'mute', id: w, itemId: '', op: 'delete', key: '' });

    await recordChanges(db, changes, { now, origin: 'remote' });
    const others = authors.length + deleteAuthors.length + words.length + deleteWords.length;
    return { items: rows.length + doomed.length, reads: reads.length + deleteReads.length + others, heldBack };
  });
}
