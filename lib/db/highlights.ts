/**
 * Reading and writing highlights. An item's highlights live in its row (ItemRow in ./index) and
 * the owner of each highlight id in ./owners; each change reads and rewrites the item's row
 * inside a read-write transaction, so edits of two highlights of one item, from two tabs at once,
 * still cannot overwrite each other. Every write keeps the item's search index (which covers
 * highlight quotes and notes) in the same transaction.
 */
import type { Highlight, HighlightColor, Selector } from '../model';
import { fromRow, guardQuota, highlightsOfRow, type ItemRow, type ScrapnoteDB, toRow } from './index';
import { putHighlights } from './items';
import { HighlightOwners } from './owners';
import { indexItem, libraryTableList } from './search';

export { highlightsOf, putHighlights } from './items';

/** The row of the item holding the highlight with this id, with the owners read for it. */
async function holderOf(
  db: ScrapnoteDB,
  id: string,
): Promise<{ owners: HighlightOwners; row: ItemRow | undefined; highlight: Highlight | undefined }> {
  const owners = await HighlightOwners.read(db.highlightOwners, [id]);
  const itemId = owners.get(id);
  const row = itemId === undefined ? undefined : await db.items.get(itemId);
  return { owners, row, highlight: highlightsOfRow(row).find((h) => h.id === id) };
}

export async function getHighlight(db: ScrapnoteDB, id: string): Promise<Highlight | undefined> {
  return db.transaction('r', db.highlightOwners, db.items, async () => (await holderOf(db, id)).highlight);
}

/** How many highlights an item has. */
export async function highlightCount(db: ScrapnoteDB, itemId: string): Promise<number> {
  return highlightsOfRow(await db.items.get(itemId)).length;
}

/** Rewrite an item's row with these highlights and index it (inside a library transaction). */
async function writeHighlights(db: ScrapnoteDB, row: ItemRow, highlights: readonly Highlight[]): Promise<void> {
  const item = fromRow(row);
  await db.items.put(toRow(item, highlights));
  await indexItem(db, item, highlights);
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
    db.transaction('rw', libraryTableList(db), async () => {
      const item = await db.items.get(h.itemId);
      if (!item) throw new Error('The saved item of this highlight was deleted.');
      const owners = await HighlightOwners.read(db.highlightOwners, [h.id]);
      if (owners.get(h.id) !== undefined) throw new Error(`A highlight with the id ${h.id} already exists.`);
      owners.set(h.id, h.itemId);
      await owners.save(db.highlightOwners);
      await writeHighlights(db, item, [...highlightsOfRow(item), row]);
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
    db.transaction('rw', libraryTableList(db), async () => {
      const { row, highlight } = await holderOf(db, id);
      if (!row || !highlight) throw new Error('This highlight was deleted.');
      const next: Highlight = {
        ...highlight,
        ...(patch.color ? { color: patch.color } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        updatedAt: now.toISOString(),
      };
      const list = highlightsOfRow(row).map((h) => (h.id === id ? next : h));
      if (patch.note !== undefined && patch.note !== highlight.note) await writeHighlights(db, row, list);
      else await db.items.put(toRow(fromRow(row), list));
      return next;
    }),
  );
}

/** Delete a highlight; returns it so it can be put back (undo), or undefined when already gone. */
export async function deleteHighlight(db: ScrapnoteDB, id: string): Promise<Highlight | undefined> {
  return db.transaction('rw', libraryTableList(db), async () => {
    const { owners, row, highlight } = await holderOf(db, id);
    if (!row || !highlight) return undefined;
    owners.delete(id);
    await owners.save(db.highlightOwners);
    await writeHighlights(
      db,
      row,
      highlightsOfRow(row).filter((h) => h.id !== id),
    );
    return highlight;
  });
}

/** Put back a deleted highlight (undo); nothing happens when its item is gone too. */
export async function restoreHighlight(db: ScrapnoteDB, h: Highlight): Promise<boolean> {
  return guardQuota(() =>
    db.transaction('rw', libraryTableList(db), async () => {
      if (!(await db.items.get(h.itemId))) return false;
      await putHighlights(db, [h]);
      return true;
    }),
  );
}
