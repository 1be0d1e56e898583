import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { addHighlight, deleteHighlight, highlightsOf, restoreHighlight, updateHighlight } from '@/lib/db/highlights';
import { deleteItems, upsertItem } from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import type { Selector } from '@/lib/model';
import { makeItem } from '../support/items';

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
  it('one row per highlight; add, update, delete and undo', async () => {
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

    const up = await updateHighlight(db, 'h1', { color: 'pink', note: '메모: 공동 개발' }, t1);
    expect(up).toMatchObject({
      color: 'pink',
      note: '메모: 공동 개발',
      createdAt: t0.toISOString(),
      updatedAt: t1.toISOString(),
    });

    const removed = await deleteHighlight(db, 'h1');
    expect(removed?.note).toBe('메모: 공동 개발');
    expect(await deleteHighlight(db, 'h1')).toBeUndefined();
    expect(await restoreHighlight(db, removed!)).toBe(true);
    expect((await highlightsOf(db, item.id)).length).toBe(3);
  });

  it('notes are searchable as soon as they are written', async () => {
    const item = await upsertItem(db, makeItem({ id: 'item-with-note' }));
    await addHighlight(db, { id: 'h1', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 });
    const hits = async () => JSON.stringify((await searchLibrary(db, '수출 규제')).hits);
    expect(await hits()).not.toContain(item.id);
    await updateHighlight(db, 'h1', { note: '반도체 수출 규제 메모' }, t1);
    expect(await hits()).toContain(item.id);
    await deleteHighlight(db, 'h1');
    expect(await hits()).not.toContain(item.id);
  });

  it('refuses highlights of a deleted item, and updates of a deleted highlight', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a' }));
    await addHighlight(db, { id: 'h1', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 });
    const gone = await deleteItems(db, [item.id]);
    expect(gone.highlights).toHaveLength(1);
    await expect(
      addHighlight(db, { id: 'h2', itemId: item.id, color: 'yellow', source: item.url, selector, now: t0 }),
    ).rejects.toThrow(/deleted/);
    await expect(updateHighlight(db, 'h1', { color: 'green' }, t1)).rejects.toThrow(/deleted/);
    expect(await restoreHighlight(db, gone.highlights[0]!)).toBe(false);
  });
});
