/** Reading and writing library items and their highlights. */
import type { Highlight, SavedItem } from '../model';
import { fromRow, groupByItem, guardQuota, type HighlightSetRow, type ScrapnoteDB, toRow, toSetRow } from './index';
import { indexItem, indexItemsWith, searchTableList, unindexItems } from './search';

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
    db.transaction('rw', searchTableList(db), async () => {
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
      await db.items.put(toRow(merged));
      await indexItem(db, merged);
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
    db.transaction('rw', searchTableList(db), async () => {
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
      const saved = toRow(fromRow(next));
      await db.items.put(saved);
      await indexItem(db, saved);
      return fromRow(saved);
    }),
  );
}

/** Delete items with their highlights; returns what was deleted so it can be restored (undo). */
export async function deleteItems(
  db: ScrapnoteDB,
  ids: string[],
): Promise<{ items: SavedItem[]; highlights: Highlight[] }> {
  return db.transaction('rw', searchTableList(db), async () => {
    const rows = (await db.items.bulkGet(ids)).filter((r) => r !== undefined);
    const sets = await db.highlightSets.bulkGet(ids);
    const highlights = sets.flatMap((set) => set?.highlights ?? []);
    await db.highlightSets.bulkDelete(ids);
    await db.items.bulkDelete(ids);
    await unindexItems(db, ids);
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
    db.transaction('rw', searchTableList(db), async () => {
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
      await db.items.bulkPut([...plain, ...merged].map(toRow));
      await putHighlights(db, highlights);
      await indexItemsWith(db, plain, highlights);
      // A merged item has highlights of its own besides the moved ones: index from the table.
      for (const item of merged) await indexItem(db, item);
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
 * Store an item's highlights: its row rewritten, or deleted when none are left. Call inside a
 * transaction that also updates the item's search index.
 */
export async function writeHighlightsOf(db: ScrapnoteDB, itemId: string, highlights: readonly Highlight[]) {
  if (highlights.length) await db.highlightSets.put(toSetRow(itemId, highlights));
  else await db.highlightSets.delete(itemId);
}

/**
 * The rows holding any of these highlight ids: `read` (rows the caller has already read) and the
 * others. The ids are looked up by key only, so a row holding five of them is read once, and
 * rows in `read` are not read again.
 */
export async function rowsHolding(
  db: ScrapnoteDB,
  highlightIds: readonly string[],
  read: ReadonlyArray<HighlightSetRow | undefined>,
): Promise<HighlightSetRow[]> {
  const have = read.filter((row) => row !== undefined);
  const known = new Set(have.map((row) => row.itemId));
  const keys = (await db.highlightSets.where('ids').anyOf(highlightIds).primaryKeys()) as string[];
  const others = [...new Set(keys)].filter((id) => !known.has(id));
  const more = others.length ? await db.highlightSets.bulkGet(others) : [];
  return [...have, ...more.filter((row) => row !== undefined)];
}

/**
 * Store highlights, each in its item's row, replacing a stored highlight with the same id
 * wherever it is (the same undo twice, an id moved to another item). Returns the ids of the
 * items whose highlights changed, for their search index. Call inside a read-write transaction.
 */
export async function putHighlights(db: ScrapnoteDB, highlights: readonly Highlight[]): Promise<string[]> {
  if (!highlights.length) return [];
  const byItem = groupByItem(highlights);
  const incoming = new Set(highlights.map((h) => h.id));
  const targets = await db.highlightSets.bulkGet([...byItem.keys()]);
  const holders = await rowsHolding(db, [...incoming], targets);
  const next = new Map<string, Highlight[]>();
  for (const set of holders)
    next.set(
      set.itemId,
      set.highlights.filter((h) => !incoming.has(h.id)),
    );
  [...byItem].forEach(([itemId, list], i) => {
    const kept = next.get(itemId) ?? (targets[i]?.highlights ?? []).filter((h) => !incoming.has(h.id));
    next.set(itemId, [...kept, ...list]);
  });
  await Promise.all([...next].map(([itemId, list]) => writeHighlightsOf(db, itemId, list)));
  return [...next.keys()];
}

export async function highlightsOf(db: ScrapnoteDB, itemId: string): Promise<Highlight[]> {
  const list = (await db.highlightSets.get(itemId))?.highlights ?? [];
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
