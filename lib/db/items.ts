/**
 * Reading and writing library items. Each write is one transaction over the library's write
 * tables that changes the items, their search rows and the change feed together. Only the
 * library service in the background calls the writers (./service.ts); tests call them directly.
 */
import type { Highlight, SavedItem } from '../model';
import { versionOf } from '../versions/check';
import { diffVersions } from '../versions/diff';
import { highlightChange, itemChange, recordChanges } from './feed';
import { attachImages, hashesOf, type ImageBlob, purgeTrash, releaseImages } from './images';
import { type Change, fromRow, guardQuota, highlightsOfRow, type ItemRow, type ScrapnoteDB, toRow } from './index';
import { putSearchRows, removeSearchRows } from './search';

/**
 * The item saved for this canonical key, if any. Given several candidate keys (lookupKeys() of
 * lib/sites/identity.ts for a URL whose form is ambiguous), the first key that is found wins.
 */
export async function findByKey(
  db: ScrapnoteDB,
  canonicalKey: string | readonly string[],
): Promise<SavedItem | undefined> {
  const row = await findRowByKey(db, canonicalKey);
  return row ? fromRow(row) : undefined;
}

/** The stored row (with highlights) for the first of these keys that is saved. */
export async function findRowByKey(db: ScrapnoteDB, canonicalKey: string | readonly string[]) {
  const keys = typeof canonicalKey === 'string' ? [canonicalKey] : canonicalKey;
  const rows = await db.items.where('canonicalKey').anyOf(keys).toArray();
  let best: ItemRow | undefined;
  for (const row of rows) if (!best || keys.indexOf(row.canonicalKey) < keys.indexOf(best.canonicalKey)) best = row;
  return best;
}

export async function getItem(db: ScrapnoteDB, id: string): Promise<SavedItem | undefined> {
  const row = await db.items.get(id);
  return row ? fromRow(row) : undefined;
}

/** Run a write: one transaction over the write tables, a full disk reported clearly. */
export function write<T>(db: ScrapnoteDB, body: () => Promise<T>): Promise<T> {
  return guardQuota(() => db.transaction('rw', db.writeTables, body));
}

/** Store item rows with their search rows (inside a write). */
export async function putRows(db: ScrapnoteDB, rows: readonly ItemRow[]): Promise<void> {
  await Promise.all([db.items.bulkPut([...rows]), putSearchRows(db, rows)]);
}

/**
 * The versions an earlier save keeps when the post is saved again: its earlier versions, and its
 * own content as one more when the new save's title or text differ (a save is a fetch too).
 */
export function keptVersions(existing: SavedItem, item: SavedItem, now: Date): Partial<SavedItem> {
  const changed = diffVersions(existing, item).changed;
  const versions = changed ? [...(existing.versions ?? []), versionOf(existing)] : (existing.versions ?? []);
  const fetchedAt = changed ? now.toISOString() : existing.fetchedAt;
  return {
    ...(versions.length ? { versions } : {}),
    ...(fetchedAt && versions.length ? { fetchedAt } : {}),
    ...(existing.checkedAt ? { checkedAt: existing.checkedAt } : {}),
  };
}

/**
 * Save an item, merging with an earlier save of the same post (same canonical key): the earlier
 * id, tags, note and savedAt are kept, the page content is refreshed (content that changed since
 * is kept as an earlier version, so highlights made on it keep their text). `images` holds the
 * bytes of the images the item's list names that are not stored yet; the images the earlier save
 * used and this one does not are released. Atomic: a full disk stores none of it (item, images,
 * feed).
 */
export async function upsertItem(
  db: ScrapnoteDB,
  item: SavedItem,
  now = new Date(),
  images: readonly ImageBlob[] = [],
): Promise<SavedItem> {
  return write(db, async () => {
    const existing = await db.items.where('canonicalKey').equals(item.canonicalKey).first();
    const merged: SavedItem = existing
      ? {
          ...item,
          id: existing.id,
          tags: mergeTags(existing.tags, item.tags),
          note: item.note || existing.note,
          savedAt: existing.savedAt,
          ...keptVersions(fromRow(existing), item, now),
        }
      : { ...item, tags: mergeTags([], item.tags) };
    const list = await attachImages(db, merged.id, item.images, images, existing?.images, now);
    if (list) merged.images = list;
    else delete merged.images;
    await putRows(db, [toRow(merged, highlightsOfRow(existing))]);
    await recordChanges(db, [itemChange(merged, 'put')], { now });
    return merged;
  });
}

/** A change of an item's tags and note. */
export interface MetaPatch {
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  note?: string;
}

/** Change tags and note of several items in one write; returns the items changed. */
export async function updateItemsMeta(
  db: ScrapnoteDB,
  ids: readonly string[],
  patch: MetaPatch,
  now: Date,
): Promise<SavedItem[]> {
  return write(db, async () => {
    const out: SavedItem[] = [];
    const rows: ItemRow[] = [];
    for (const row of await db.items.bulkGet([...ids])) {
      if (!row) continue;
      // addTags/removeTags apply to the stored list inside the transaction, so quick edits from
      // a UI that has not yet seen its previous write cannot overwrite each other.
      const tags = mergeTags(
        (patch.tags ?? row.tags).filter((t) => !patch.removeTags?.includes(t)),
        patch.addTags ?? [],
      );
      const note = patch.note ?? row.note;
      if (note === row.note && tags.join('\n') === row.tags.join('\n')) continue;
      const saved: SavedItem = { ...fromRow(row), tags, note, updatedAt: now.toISOString() };
      rows.push(toRow(saved, highlightsOfRow(row)));
      out.push(saved);
    }
    await putRows(db, rows);
    await recordChanges(
      db,
      out.map((item) => itemChange(item, 'put')),
      { now },
    );
    return out;
  });
}

/** Change tags and note of an item. */
export async function updateItemMeta(db: ScrapnoteDB, id: string, patch: MetaPatch, now: Date): Promise<SavedItem> {
  return write(db, async () => {
    if (!(await db.items.get(id))) throw new Error(`No saved item ${id}`);
    const [changed] = await updateItemsMeta(db, [id], patch, now);
    return changed ?? (await getItem(db, id))!;
  });
}

/** What a delete removed, so it can be put back (undo). */
export interface Removed {
  items: SavedItem[];
  highlights: Highlight[];
}

/**
 * Delete items with their highlights; returns what was deleted. The rows go to the trash, so
 * {@link restoreDeleted} can put them back by id (undo) for a day.
 */
export async function deleteItems(db: ScrapnoteDB, ids: readonly string[], now = new Date()): Promise<Removed> {
  // A delete writes too (its feed row, the trash): a full disk can refuse it, and says so.
  return write(db, async () => {
    const rows = (await db.items.bulkGet([...ids])).filter((r) => r !== undefined);
    const gone = rows.map((r) => r.id);
    const at = now.toISOString();
    // Items deleted a day ago leave the trash, and the images only they used are freed.
    await purgeTrash(db, now);
    await Promise.all([
      db.items.bulkDelete(gone),
      removeSearchRows(db, gone),
      db.trash.bulkPut(rows.map((row) => ({ id: row.id, deletedAt: at, row }))),
    ]);
    await recordChanges(
      db,
      rows.flatMap((row) => [
        itemChange(row, 'delete'),
        ...highlightsOfRow(row).map((h) => highlightChange(row, h.id, 'delete')),
      ]),
      { now },
    );
    return { items: rows.map(fromRow), highlights: rows.flatMap(highlightsOfRow) };
  });
}

/** Put back deleted items from the trash (undo); returns how many came back. */
export async function restoreDeleted(db: ScrapnoteDB, ids: readonly string[], now = new Date()): Promise<number> {
  return write(db, async () => {
    const kept = (await db.trash.bulkGet([...ids])).filter((t) => t !== undefined);
    if (!kept.length) throw new Error('These items can no longer be restored.');
    await restoreItems(
      db,
      { items: kept.map((t) => fromRow(t.row)), highlights: kept.flatMap((t) => highlightsOfRow(t.row)) },
      now,
    );
    await db.trash.bulkDelete(kept.map((t) => t.id));
    // An item restored into a newer save of its post takes that save's images: its own go.
    await releaseImages(
      db,
      kept.flatMap((t) => hashesOf(t.row.images)),
    );
    return kept.length;
  });
}

/**
 * Put back what deleteItems removed (undo). Undo never loses data and never duplicates a post:
 * when a removed item's canonical key has meanwhile been taken by a newer item (the same post
 * saved again between the delete and the undo), the removed item is restored INTO that item:
 * - the current item keeps its id, its page content and its updatedAt (the newer capture wins);
 * - tags are merged, the restored item's tags first (mergeTags);
 * - notes: the current note if the restored one is empty, the restored note if the current one is
 *   empty, otherwise both, restored first, joined by a blank line (unless they are equal);
 * - savedAt is the earlier of the two, as upsertItem keeps "first saved" for a re-save;
 * - the restored highlights are put back into that item (a highlight with the same id there is
 *   replaced).
 * Everything, including the search rows and the feed, changes in one transaction.
 */
export async function restoreItems(db: ScrapnoteDB, removed: Removed, now = new Date()): Promise<void> {
  await write(db, async () => {
    const holders = await db.items
      .where('canonicalKey')
      .anyOf(removed.items.map((i) => i.canonicalKey))
      .toArray();
    const holderOf = new Map(holders.map((row) => [row.canonicalKey, row]));
    const restored = new Map<string, Highlight[]>();
    for (const h of removed.highlights) restored.set(h.itemId, [...(restored.get(h.itemId) ?? []), h]);
    const rows: ItemRow[] = [];
    const changes: Change[] = [];
    for (const item of removed.items) {
      const holder = holderOf.get(item.canonicalKey);
      const target: SavedItem =
        !holder || holder.id === item.id
          ? item
          : {
              ...fromRow(holder),
              tags: mergeTags(item.tags, holder.tags),
              note: joinNotes(item.note, holder.note),
              // ISO strings: the smaller one is the earlier time.
              savedAt: [item.savedAt, holder.savedAt].sort()[0]!,
            };
      const back = (restored.get(item.id) ?? []).map((h) => ({ ...h, itemId: target.id }));
      const ids = new Set(back.map((h) => h.id));
      const kept = highlightsOfRow(holder).filter((h) => !ids.has(h.id));
      rows.push(toRow(target, [...kept, ...back]));
      changes.push(itemChange(target, 'put'), ...back.map((h) => highlightChange(target, h.id, 'put')));
    }
    await putRows(db, rows);
    await recordChanges(db, changes, { now });
  });
}

/** The note of a restored item joined with the note of the item that took its place. */
function joinNotes(restored: string, current: string): string {
  if (!restored.trim()) return current;
  if (!current.trim() || current.trim() === restored.trim()) return restored;
  return `${restored}\n\n${current}`;
}

/** An item's highlights, oldest first. */
export async function highlightsOf(db: ScrapnoteDB, itemId: string): Promise<Highlight[]> {
  const list = [...highlightsOfRow(await db.items.get(itemId))];
  // ISO times of one format: string order is time order.
  return list.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** Tags trimmed, NFC-normalized, without empties or duplicates, in first-seen order. */
export function mergeTags(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of [...a, ...b]) {
    const tag = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}
