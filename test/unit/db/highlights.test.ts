import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import {
  addHighlight,
  deleteHighlight,
  getHighlight,
  highlightCount,
  highlightsOf,
  restoreHighlight,
  restoreHighlights,
  updateHighlight,
} from '@/lib/db/highlights';
import { deleteItems, restoreItems, upsertItem } from '@/lib/db/items';
import { libraryIds } from '@/lib/db/library';
import { searchLibrary } from '@/lib/db/search';
import type { Selector } from '@/lib/model';
import { makeHighlight, makeItem } from '../../support/items';

let db: ScrapnoteDB;
beforeEach(() => {
  db = new ScrapnoteDB(`hl-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

const selector: Selector[] = [
  { type: 'TextQuoteSelector', exact: '첫 정상회담', prefix: '대통령의 ', suffix: '에서' },
  { type: 'TextPositionSelector', start: 40, end: 46 },
];
const t0 = new Date('2026-11-28T01:00:00Z');
const t1 = new Date('2026-11-28T02:00:00Z');

describe('highlights', () => {
  it('add, update, delete and undo, each highlight named by its item and its id', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a' }));
    const h1 = await addHighlight(db, {
      id: 'h1',
      itemId: item.id,
      color: 'yellow',
      source: item.url,
      selector,
      now: t0,
    });
    // Concurrent adds of different highlights both survive.
    await Promise.all([
      addHighlight(db, { id: 'h2', itemId: item.id, color: 'green', source: item.url, selector, now: t0 }),
      addHighlight(db, { id: 'h3', itemId: item.id, color: 'blue', source: item.url, selector, now: t1 }),
    ]);
    expect((await highlightsOf(db, item.id)).map((h) => h.id).sort()).toEqual(['h1', 'h2', 'h3']);
    expect(h1).toMatchObject({ note: '', createdAt: t0.toISOString(), target: { source: item.url, selector } });

    const up = await updateHighlight(db, { itemId: item.id, id: 'h1' }, { color: 'pink', note: '메모: 공동 개발' }, t1);
    expect(up).toMatchObject({
      color: 'pink',
      note: '메모: 공동 개발',
      createdAt: t0.toISOString(),
      updatedAt: t1.toISOString(),
    });

    expect(await getHighlight(db, { itemId: item.id, id: 'h1' })).toEqual(up);
    const removed = await deleteHighlight(db, { itemId: item.id, id: 'h1' });
    expect(removed?.note).toBe('메모: 공동 개발');
    expect(await deleteHighlight(db, { itemId: item.id, id: 'h1' })).toBeUndefined();
    expect(await getHighlight(db, { itemId: item.id, id: 'h1' })).toBeUndefined();
    expect(await restoreHighlight(db, removed!)).toBe(true);
    expect((await highlightsOf(db, item.id)).length).toBe(3);
    expect(await getHighlight(db, { itemId: item.id, id: 'h1' })).toEqual(up);
    // Oldest first: h3 was made at t1, the others at t0.
    expect((await highlightsOf(db, item.id)).map((h) => h.id).at(-1)).toBe('h3');
  });

  it('notes are searchable as soon as they are written', async () => {
    const item = await upsertItem(db, makeItem({ id: 'item-with-note' }));
    await addHighlight(db, { id: 'h1', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 });
    const hits = async () => JSON.stringify((await searchLibrary(db, '수출 규제')).hits);
    expect(await hits()).not.toContain(item.id);
    await updateHighlight(db, { itemId: item.id, id: 'h1' }, { note: '반도체 수출 규제 메모' }, t1);
    expect(await hits()).toContain(item.id);
    expect(await libraryIds(db, 'saved', { hasNotes: true })).toEqual([item.id]);
    await deleteHighlight(db, { itemId: item.id, id: 'h1' });
    expect(await hits()).not.toContain(item.id);
    expect(await libraryIds(db, 'saved', { hasNotes: true })).toEqual([]);
    expect(await libraryIds(db, 'saved', { hasHighlights: true })).toEqual([]);
  });

  it('refuses highlights of a deleted item, and updates of a deleted highlight', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a' }));
    await addHighlight(db, { id: 'h1', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 });
    const gone = await deleteItems(db, [item.id]);
    expect(gone.highlights).toHaveLength(1);
    await expect(
      addHighlight(db, { id: 'h2', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 }),
    ).rejects.toThrow(/deleted/);
    await expect(updateHighlight(db, { itemId: item.id, id: 'h1' }, { color: 'green' }, t1)).rejects.toThrow(/deleted/);
    expect(await deleteHighlight(db, { itemId: item.id, id: 'h1' })).toBeUndefined();
    expect(await restoreHighlight(db, gone.highlights[0]!)).toBe(false);
    expect(await db.items.count()).toBe(0);
    // Undo of the item's delete brings the highlight back with it.
    await restoreItems(db, gone);
    expect((await highlightsOf(db, item.id)).map((h) => h.id)).toEqual(['h1']);
  });

  it('refuses a second highlight with the same id in one item', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a' }));
    await addHighlight(db, { id: 'h1', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 });
    await expect(
      addHighlight(db, { id: 'h1', itemId: item.id, color: 'green', source: item.url, selector, now: t1 }),
    ).rejects.toThrow(/already exists/);
    expect((await highlightsOf(db, item.id)).map((h) => [h.id, h.color])).toEqual([['h1', 'yellow']]);
  });

  it('the same highlight id in two items names two highlights, each changed on its own', async () => {
    const a = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const b = await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb' }));
    for (const item of [a, b]) {
      await addHighlight(db, { id: 'h', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 });
    }
    await updateHighlight(db, { itemId: 'b', id: 'h' }, { color: 'blue', note: 'b의 하이라이트' }, t1);
    expect((await getHighlight(db, { itemId: 'a', id: 'h' }))?.color).toBe('yellow');
    expect(await getHighlight(db, { itemId: 'b', id: 'h' })).toMatchObject({ color: 'blue', itemId: 'b' });
    expect((await searchLibrary(db, 'b의')).hits.map((hit) => hit.itemId)).toEqual(['b']);

    const removed = await deleteHighlight(db, { itemId: 'a', id: 'h' });
    expect(removed?.itemId).toBe('a');
    expect(await highlightCount(db, 'a')).toBe(0);
    expect(await highlightCount(db, 'b')).toBe(1);

    // Undo puts it back into its own item only.
    expect(await restoreHighlight(db, removed!)).toBe(true);
    expect((await getHighlight(db, { itemId: 'a', id: 'h' }))?.color).toBe('yellow');
    expect((await getHighlight(db, { itemId: 'b', id: 'h' }))?.color).toBe('blue');
  });

  it('restoreHighlights puts back highlights of several items, skipping those whose item is gone', async () => {
    const a = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const b = await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb' }));
    const list = [
      makeHighlight(a.id, { id: 'h1' }),
      makeHighlight(a.id, { id: 'h2' }),
      makeHighlight(b.id, { id: 'h1' }),
      makeHighlight('gone', { id: 'h1' }),
    ];
    expect(await restoreHighlights(db, list)).toBe(3);
    expect((await highlightsOf(db, 'a')).map((h) => h.id).sort()).toEqual(['h1', 'h2']);
    expect((await highlightsOf(db, 'b')).map((h) => h.id)).toEqual(['h1']);
    // Putting back a highlight that is there replaces it (no second copy).
    expect(await restoreHighlights(db, [{ ...list[0]!, note: '다시' }])).toBe(1);
    expect((await highlightsOf(db, 'a')).map((h) => [h.id, h.note]).sort()).toEqual([
      ['h1', '다시'],
      ['h2', ''],
    ]);
  });
});
