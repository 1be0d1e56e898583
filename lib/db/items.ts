/** Reading and writing library items and their highlights. */
import type { Highlight, SavedItem } from '../model';
import { fromRow, groupByItem, guardQuota, highlightsOfRow, type ItemRow, type ScrapnoteDB, toRow } from './index';
import { HighlightOwners } from './owners';
import { indexItem, libraryTableList, unindexItems } from './search';

/**
 * The item saved for this canonical key, if any. Given several candidate keys (lookupKeys() of
 * lib/sites/identity.ts for a URL whose form is ambiguous), the first key that is found wins.
 */
export async function findByKey(
  db: ScrapnoteDB,
  canonicalKey: string | readonly string[],
): Promise<SavedItem | undefined> {
  const keys = typeof canonicalKey === 'string' ? [canonicalKey] : canonicalKey;
  const rows = await db.items.where('canonicalKey').anyOf(keys).toArray();
  let best: (typeof rows)[number] | undefined;
  for (const row of rows) if (!best || keys.indexOf(row.canonicalKey) < keys.indexOf(best.canonicalKey)) best = row;
  return best ? fromRow(best) : undefined;
}

export async function getItem(db: ScrapnoteDB, id: string): Promise<SavedItem | undefined> {
  const row = await db.items.get(id);
  return row ? fromRow(row) : undefined;
}

/**
 * Save an item, merging with an earlier save of the same post (same canonical key): the earlier
 * id, tags, note and savedAt are kept, the page content is refreshed. Atomic.
 */
export async function upsertItem(db: ScrapnoteDB, item: SavedItem): Promise<SavedItem> {
  return guardQuota(() =>
    db.transaction('rw', libraryTableList(db), async () => {
      const existing = await db.items.where('canonicalKey').equals(item.canonicalKey).first();
      const merged: SavedItem = existing
        ? {
            ...item,
            id: existing.id,
            tags: mergeTags(existing.tags, item.tags),
            note: item.note || existing.note,
            savedAt: existing.savedAt,
          }
        : { ...item, tags: mergeTags([], item.tags) };
      const highlights = highlightsOfRow(existing);
      await db.items.put(toRow(merged, highlights));
      await indexItem(db, merged, highlights);
      return merged;
    }),
  );
}

/** Change tags and note of an item. */
export async function updateItemMeta(
  db: ScrapnoteDB,
  id: string,
  patch: { tags?: string[]; addTags?: string[]; removeTags?: string[]; note?: string },
  now: Date,
): Promise<SavedItem> {
  return guardQuota(() =>
    db.transaction('rw', libraryTableList(db), async () => {
      const row = await db.items.get(id);
      if (!row) throw new Error(`No saved item ${id}`);
      const next = {
        ...row,
        // addTags/removeTags apply to the stored list inside the transaction, so quick edits from
        // a UI that has not yet seen its previous write cannot overwrite each other.
        tags: mergeTags(
          (patch.tags ?? row.tags).filter((t) => !patch.removeTags?.includes(t)),
          patch.addTags ?? [],
        ),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        updatedAt: now.toISOString(),
      };
      const highlights = highlightsOfRow(row);
      const saved = fromRow(next);
      await db.items.put(toRow(saved, highlights));
      await indexItem(db, saved, highlights);
      return saved;
    }),
  );
}

/** Delete items with their highlights; returns what was deleted so it can be restored (undo). */
export async function deleteItems(
  db: ScrapnoteDB,
  ids: string[],
): Promise<{ items: SavedItem[]; highlights: Highlight[] }> {
  return db.transaction('rw', libraryTableList(db), async () => {
    const rows = (await db.items.bulkGet(ids)).filter((r) => r !== undefined);
    const highlights = rows.flatMap(highlightsOfRow);
    const owners = await HighlightOwners.read(
      db.highlightOwners,
      highlights.map((h) => h.id),
    );
    for (const h of highlights) owners.delete(h.id);
    await Promise.all([db.items.bulkDelete(ids), owners.save(db.highlightOwners), unindexItems(db, ids)]);
    return { items: rows.map(fromRow), highlights };
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
 * - the restored highlights are put back with itemId set to the current item's id.
 * Everything, including the search index, changes in one transaction.
 */
export async function restoreItems(
  db: ScrapnoteDB,
  removed: { items: SavedItem[]; highlights: Highlight[] },
): Promise<void> {
  await guardQuota(() =>
    db.transaction('rw', libraryTableList(db), async () => {
      const holders = await db.items
        .where('canonicalKey')
        .anyOf(removed.items.map((i) => i.canonicalKey))
        .toArray();
      const holderOf = new Map(holders.map((row) => [row.canonicalKey, row]));
      const plain: SavedItem[] = [];
      const merged: SavedItem[] = [];
      /** Removed item id -> id of the item that now holds its key. */
      const movedTo = new Map<string, string>();
      for (const item of removed.items) {
        const holder = holderOf.get(item.canonicalKey);
        if (!holder || holder.id === item.id) {
          plain.push(item);
          continue;
        }
        const current = fromRow(holder);
        merged.push({
          ...current,
          tags: mergeTags(item.tags, current.tags),
          note: joinNotes(item.note, current.note),
          // ISO strings: the smaller one is the earlier time.
          savedAt: [item.savedAt, current.savedAt].sort()[0]!,
        });
        movedTo.set(item.id, current.id);
      }
      const highlights = removed.highlights.map((h) => {
        const to = movedTo.get(h.itemId);
        return to ? { ...h, itemId: to } : h;
      });
      // The items first (without the restored highlights), then the highlights into their rows,
      // which also indexes every item whose highlights changed.
      const written = [...plain, ...merged];
      await db.items.bulkPut(written.map((item) => toRow(item, highlightsOfRow(holderOf.get(item.canonicalKey)))));
      const changed = new Set(await putHighlights(db, highlights));
      for (const item of written) {
        if (!changed.has(item.id)) await indexItem(db, item, highlightsOfRow(holderOf.get(item.canonicalKey)));
      }
    }),
  );
}

/** The note of a restored item joined with the note of the item that took its place. */
function joinNotes(restored: string, current: string): string {
  if (!restored.trim()) return current;
  if (!current.trim() || current.trim() === restored.trim()) return restored;
  return `${restored}\n\n${current}`;
}

/**
 * Store highlights, each in its item's row, replacing a stored highlight with the same id
 * wherever it is (the same undo twice, an id moved to another item), and index every item whose
 * highlights changed. A highlight whose item is not stored is left out. Returns the ids of the
 * items whose highlights changed. Call inside a transaction holding {@link libraryTableList}.
 */
export async function putHighlights(db: ScrapnoteDB, highlights: readonly Highlight[]): Promise<string[]> {
  if (!highlights.length) return [];
  const targets = await db.items.bulkGet([...new Set(highlights.map((h) => h.itemId))]);
  const rows = new Map(targets.filter((row) => row !== undefined).map((row) => [row.id, row]));
  const put = highlights.filter((h) => rows.has(h.itemId));
  if (!put.length) return [];
  const owners = await HighlightOwners.read(
    db.highlightOwners,
    put.map((h) => h.id),
  );
  // Other items holding one of the ids give it up.
  const others = new Set<string>();
  for (const h of put) {
    const owner = owners.get(h.id);
    if (owner !== undefined && !rows.has(owner)) others.add(owner);
  }
  for (const row of await db.items.bulkGet([...others])) if (row) rows.set(row.id, row);
  const incoming = new Set(put.map((h) => h.id));
  const byItem = groupByItem(put);
  const changed: ItemRow[] = [];
  for (const row of rows.values()) {
    const before = highlightsOfRow(row);
    const kept = before.filter((h) => !incoming.has(h.id));
    const added = byItem.get(row.id) ?? [];
    if (added.length || kept.length !== before.length) changed.push(toRow(fromRow(row), [...kept, ...added]));
  }
  for (const h of put) owners.set(h.id, h.itemId);
  await Promise.all([db.items.bulkPut(changed), owners.save(db.highlightOwners)]);
  for (const row of changed) await indexItem(db, fromRow(row), highlightsOfRow(row));
  return changed.map((row) => row.id);
}

export async function highlightsOf(db: ScrapnoteDB, itemId: string): Promise<Highlight[]> {
  const list = [...highlightsOfRow(await db.items.get(itemId))];
  // ISO times of one format: string order is time order.
  return list.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** Every tag in use with its count, most used first. */
export async function tagCounts(db: ScrapnoteDB): Promise<Array<{ tag: string; count: number }>> {
  const counts = new Map<string, number>();
  await db.items.orderBy('tags').eachKey((key) => {
    const tag = String(key);
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  });
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** Tags trimmed, NFC-normalized, without empties or duplicates, in first-seen order. */
export function mergeTags(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const raw of [...a, ...b]) {
    const tag = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}
