/**
 * Reading and writing highlights. A highlight is addressed by its item's id and its own id (ids
 * are unique within an item); it lives in its item's row (ItemRow in ./rows.ts). Each change
 * reads and rewrites the item's row inside a read-write transaction, so edits of two highlights
 * of one item, from two tabs at once, cannot overwrite each other. Every write keeps the item's
 * search row (which covers highlight quotes and notes) and the change feed in the same
 * transaction.
 */
import type { Highlight, HighlightColor, Selector } from '../model';
import { currentVersionId } from '../versions/check';
import { highlightChange, recordChanges } from './feed';
import { type Change, fromRow, highlightsOfRow, type ItemRow, type ScrapnoteDB, toRow } from './index';
import { putRows, write } from './items';

export { highlightsOf } from './items';

/** How one highlight is named: its item and its own id. */
export interface HighlightRef {
  itemId: string;
  id: string;
}

export async function getHighlight(db: ScrapnoteDB, ref: HighlightRef): Promise<Highlight | undefined> {
  return highlightsOfRow(await db.items.get(ref.itemId)).find((h) => h.id === ref.id);
}

/** How many highlights an item has. */
export async function highlightCount(db: ScrapnoteDB, itemId: string): Promise<number> {
  return highlightsOfRow(await db.items.get(itemId)).length;
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

/** Rewrite an item's row with these highlights, and record which of them changed how. */
async function rewrite(
  db: ScrapnoteDB,
  row: ItemRow,
  highlights: readonly Highlight[],
  changed: ReadonlyArray<[string, 'put' | 'delete']>,
  now: Date,
): Promise<void> {
  await putRows(db, [toRow(fromRow(row), highlights)]);
  await recordChanges(
    db,
    changed.map(([id, op]) => highlightChange(row, id, op)),
    { now },
  );
}

/** Store a new highlight of an existing item. Throws when the item is gone or the id is taken. */
export async function addHighlight(db: ScrapnoteDB, h: NewHighlight): Promise<Highlight> {
  const at = h.now.toISOString();
  const highlight: Highlight = {
    id: h.id,
    itemId: h.itemId,
    color: h.color,
    note: h.note ?? '',
    createdAt: at,
    updatedAt: at,
    target: { source: h.source, selector: h.selector },
  };
  await write(db, async () => {
    const row = await db.items.get(h.itemId);
    if (!row) throw new Error('The saved item of this highlight was deleted.');
    const list = highlightsOfRow(row);
    if (list.some((x) => x.id === h.id)) throw new Error(`A highlight with the id ${h.id} already exists.`);
    // Made on the item's newest version: it stays on it when the post changes at its source.
    highlight.version = currentVersionId(row);
    await rewrite(db, row, [...list, highlight], [[h.id, 'put']], h.now);
  });
  return highlight;
}

/** Change color and/or note. Throws when the highlight is gone. */
export async function updateHighlight(
  db: ScrapnoteDB,
  ref: HighlightRef,
  patch: { color?: HighlightColor; note?: string },
  now: Date,
): Promise<Highlight> {
  return write(db, async () => {
    const row = await db.items.get(ref.itemId);
    const current = highlightsOfRow(row).find((h) => h.id === ref.id);
    if (!row || !current) throw new Error('This highlight was deleted.');
    const next: Highlight = {
      ...current,
      ...(patch.color ? { color: patch.color } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      updatedAt: now.toISOString(),
    };
    const list = highlightsOfRow(row).map((h) => (h.id === ref.id ? next : h));
    await rewrite(db, row, list, [[ref.id, 'put']], now);
    return next;
  });
}

/** Delete a highlight; returns it so it can be put back (undo), or undefined when already gone. */
export async function deleteHighlight(db: ScrapnoteDB, ref: HighlightRef, now = new Date()) {
  return write(db, async (): Promise<Highlight | undefined> => {
    const row = await db.items.get(ref.itemId);
    const gone = highlightsOfRow(row).find((h) => h.id === ref.id);
    if (!row || !gone) return undefined;
    const list = highlightsOfRow(row).filter((h) => h.id !== ref.id);
    await rewrite(db, row, list, [[ref.id, 'delete']], now);
    return gone;
  });
}

/**
 * Put back deleted highlights (undo), each into its item, replacing a highlight with the same id
 * there. Highlights whose item is gone are left out; returns how many were put back.
 */
export async function restoreHighlights(db: ScrapnoteDB, highlights: readonly Highlight[], now = new Date()) {
  return write(db, async (): Promise<number> => {
    const byItem = new Map<string, Highlight[]>();
    for (const h of highlights) byItem.set(h.itemId, [...(byItem.get(h.itemId) ?? []), h]);
    const rows: ItemRow[] = [];
    const changes: Change[] = [];
    for (const [itemId, back] of byItem) {
      const row = await db.items.get(itemId);
      if (!row) continue;
      const ids = new Set(back.map((h) => h.id));
      rows.push(toRow(fromRow(row), [...highlightsOfRow(row).filter((h) => !ids.has(h.id)), ...back]));
      changes.push(...back.map((h) => highlightChange(row, h.id, 'put')));
    }
    await putRows(db, rows);
    await recordChanges(db, changes, { now });
    return changes.length;
  });
}

/** Put back one deleted highlight (undo); false when its item is gone too. */
export async function restoreHighlight(db: ScrapnoteDB, h: Highlight, now = new Date()): Promise<boolean> {
  return (await restoreHighlights(db, [h], now)) > 0;
}
