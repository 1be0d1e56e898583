/**
 * Reading and writing highlights: one row per highlight, so concurrent edits of different
 * highlights never overwrite each other. Every write keeps the item's search index (which covers
 * highlight quotes and notes) in the same transaction.
 */
import type { Highlight, HighlightColor, Selector } from '../model';
import { guardQuota, type ScrapnoteDB } from './index';
import { reindexItem, searchTableList } from './search';

export { highlightsOf } from './items';

export async function getHighlight(db: ScrapnoteDB, id: string): Promise<Highlight | undefined> {
  return db.highlights.get(id);
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

/** Store a new highlight of an existing item. Throws when the item is gone. */
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
      await db.highlights.add(row);
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
      const row = await db.highlights.get(id);
      if (!row) throw new Error('This highlight was deleted.');
      const next: Highlight = {
        ...row,
        ...(patch.color ? { color: patch.color } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        updatedAt: now.toISOString(),
      };
      await db.highlights.put(next);
      if (patch.note !== undefined && patch.note !== row.note) await reindexItem(db, row.itemId);
      return next;
    }),
  );
}

/** Delete a highlight; returns it so it can be put back (undo), or undefined when already gone. */
export async function deleteHighlight(db: ScrapnoteDB, id: string): Promise<Highlight | undefined> {
  return db.transaction('rw', searchTableList(db), async () => {
    const row = await db.highlights.get(id);
    if (!row) return undefined;
    await db.highlights.delete(id);
    await reindexItem(db, row.itemId);
    return row;
  });
}

/** Put back a deleted highlight (undo); nothing happens when its item is gone too. */
export async function restoreHighlight(db: ScrapnoteDB, h: Highlight): Promise<boolean> {
  return guardQuota(() =>
    db.transaction('rw', searchTableList(db), async () => {
      if (!(await db.items.get(h.itemId))) return false;
      await db.highlights.put(h);
      await reindexItem(db, h.itemId);
      return true;
    }),
  );
}
