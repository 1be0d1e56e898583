/**
 * Reading and writing highlights. An item's highlights share one row (HighlightSetRow in
 * ./index); each change reads and rewrites that row inside a read-write transaction, so edits of
 * two highlights of one item, from two tabs at once, still cannot overwrite each other. Every write
 * keeps the item's search index (which covers highlight quotes and notes) in the same transaction.
 */
import type { Highlight, HighlightColor, Selector } from '../model';
import { guardQuota, type HighlightSetRow, type ScrapnoteDB } from './index';
import { putHighlights, writeHighlightsOf } from './items';
import { reindexItem, reindexItems, searchTableList } from './search';

export { highlightsOf, putHighlights } from './items';

/** The row holding the highlight with this id. */
function setOf(db: ScrapnoteDB, id: string): Promise<HighlightSetRow | undefined> {
  return db.highlightSets.where('ids').equals(id).first();
}

export async function getHighlight(db: ScrapnoteDB, id: string): Promise<Highlight | undefined> {
  return (await setOf(db, id))?.highlights.find((h) => h.id === id);
}

/** How many highlights an item has. */
export async function highlightCount(db: ScrapnoteDB, itemId: string): Promise<number> {
  return (await db.highlightSets.get(itemId))?.highlights.length ?? 0;
}

/** What a new highlight needs; id and times are given by the caller (tests pass fixed ones). */
export interface NewHighlight {
  id: string;
  itemId: string;
  color: HighlightColor;
  note?: string;
  source: string;
  selector: Selector[];
  now: Date;
}

/** Store a new highlight of an existing item. Throws when the item is gone or the id is taken. */
export async function addHighlight(db: ScrapnoteDB, h: NewHighlight): Promise<Highlight> {
  const at = h.now.toISOString();
  const row: Highlight = {
    id: h.id,
    itemId: h.itemId,
    color: h.color,
    note: h.note ?? '',
    createdAt: at,
    updatedAt: at,
    target: { source: h.source, selector: h.selector },
  };
  await guardQuota(() =>
    db.transaction('rw', searchTableList(db), async () => {
      if (!(await db.items.get(h.itemId))) throw new Error('The saved item of this highlight was deleted.');
      if (await setOf(db, h.id)) throw new Error(`A highlight with the id ${h.id} already exists.`);
      const list = (await db.highlightSets.get(h.itemId))?.highlights ?? [];
      await writeHighlightsOf(db, h.itemId, [...list, row]);
      await reindexItem(db, h.itemId);
    }),
  );
  return row;
}

/** Change color and/or note. Throws when the highlight is gone. */
export async function updateHighlight(
  db: ScrapnoteDB,
  id: string,
  patch: { color?: HighlightColor; note?: string },
  now: Date,
): Promise<Highlight> {
  return guardQuota(() =>
    db.transaction('rw', searchTableList(db), async () => {
      const set = await setOf(db, id);
      const row = set?.highlights.find((h) => h.id === id);
      if (!set || !row) throw new Error('This highlight was deleted.');
      const next: Highlight = {
        ...row,
        ...(patch.color ? { color: patch.color } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        updatedAt: now.toISOString(),
      };
      await writeHighlightsOf(
        db,
        set.itemId,
        set.highlights.map((h) => (h.id === id ? next : h)),
      );
      if (patch.note !== undefined && patch.note !== row.note) await reindexItem(db, row.itemId);
      return next;
    }),
  );
}

/** Delete a highlight; returns it so it can be put back (undo), or undefined when already gone. */
export async function deleteHighlight(db: ScrapnoteDB, id: string): Promise<Highlight | undefined> {
  return db.transaction('rw', searchTableList(db), async () => {
    const set = await setOf(db, id);
    const row = set?.highlights.find((h) => h.id === id);
    if (!set || !row) return undefined;
    await writeHighlightsOf(
      db,
      set.itemId,
      set.highlights.filter((h) => h.id !== id),
    );
    await reindexItem(db, row.itemId);
    return row;
  });
}

/** Put back a deleted highlight (undo); nothing happens when its item is gone too. */
export async function restoreHighlight(db: ScrapnoteDB, h: Highlight): Promise<boolean> {
  return guardQuota(() =>
    db.transaction('rw', searchTableList(db), async () => {
      if (!(await db.items.get(h.itemId))) return false;
      await reindexItems(db, await putHighlights(db, [h]));
      return true;
    }),
  );
}
