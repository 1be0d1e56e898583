import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { putHighlights } from '@/lib/db/highlights';
import { deleteItems, findByKey, restoreItems, tagCounts, updateItemMeta, upsertItem } from '@/lib/db/items';
import { allHighlights, makeHighlight, makeItem } from '../support/items';

let db: ScrapnoteDB;
beforeEach(() => {
  db = new ScrapnoteDB(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('items', () => {
  it('saving the same post twice keeps one record, its id, tags and first save time', async () => {
    const first = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'same', tags: ['AI'] }));
    const second = await upsertItem(
      db,
      makeItem({
        id: 'b',
        canonicalKey: 'same',
        tags: ['정치'],
        savedAt: '2026-11-29T00:00:00.000Z',
        title: '새 제목',
      }),
    );
    expect(second.id).toBe(first.id);
    expect(second.tags).toEqual(['AI', '정치']);
    expect(second.savedAt).toBe(first.savedAt);
    expect(await db.items.count()).toBe(1);
    expect((await findByKey(db, first.canonicalKey))?.title).toBe('새 제목');
  });

  it('tags are normalized and counted', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'k1', tags: [' AI ', '일본'] }));
    const item = await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'k2', tags: ['AI'] }));
    await updateItemMeta(db, item.id, { tags: ['AI', 'AI', ' 경제  뉴스 '] }, new Date('2026-11-28T02:00:00Z'));
    expect(await tagCounts(db)).toEqual([
      { tag: 'AI', count: 2 },
      { tag: '경제 뉴스', count: 1 },
      { tag: '일본', count: 1 },
    ]);
  });

  it('delete removes highlights too and undo restores both', async () => {
    await upsertItem(db, makeItem({ id: 'a' }));
    await putHighlights(db, [makeHighlight('a')]);
    const before = (await exportLibrary(db, new Date(0), '0')).join('');
    const removed = await deleteItems(db, ['a']);
    expect(await db.items.count()).toBe(0);
    expect(await allHighlights(db)).toEqual([]);
    await restoreItems(db, removed);
    expect((await exportLibrary(db, new Date(0), '0')).join('')).toBe(before);
  });
});

describe('undo of a delete after the same post was saved again', () => {
  it('restores into the newer item: one item, merged tags and notes, first savedAt, highlights kept', async () => {
    await upsertItem(
      db,
      makeItem({ id: 'old', canonicalKey: 'k', tags: ['AI'], note: '처음 메모', savedAt: '2026-11-01T00:00:00.000Z' }),
    );
    await putHighlights(db, [makeHighlight('old', { id: 'h-old' })]);
    const removed = await deleteItems(db, ['old']);
    await upsertItem(
      db,
      makeItem({
        id: 'new',
        canonicalKey: 'k',
        tags: ['정치'],
        note: '새 메모',
        title: '다시 저장',
        savedAt: '2026-11-20T00:00:00.000Z',
      }),
    );
    await putHighlights(db, [makeHighlight('new', { id: 'h-new' })]);

    await restoreItems(db, removed);

    expect(await db.items.count()).toBe(1);
    const item = await findByKey(db, 'k');
    expect(item?.id).toBe('new');
    expect(item?.title).toBe('다시 저장');
    expect(item?.tags).toEqual(['AI', '정치']);
    expect(item?.note).toBe('처음 메모\n\n새 메모');
    expect(item?.savedAt).toBe('2026-11-01T00:00:00.000Z');
    expect((await allHighlights(db)).map((h) => [h.id, h.itemId]).sort()).toEqual([
      ['h-new', 'new'],
      ['h-old', 'new'],
    ]);
  });

  it('keeps the restored note when the newer item has none', async () => {
    await upsertItem(db, makeItem({ id: 'old', canonicalKey: 'k', note: '메모' }));
    const removed = await deleteItems(db, ['old']);
    await upsertItem(db, makeItem({ id: 'new', canonicalKey: 'k', note: '' }));
    await restoreItems(db, removed);
    expect((await findByKey(db, 'k'))?.note).toBe('메모');
    // Undoing twice (a repeated message) changes nothing more.
    await restoreItems(db, removed);
    expect(await db.items.count()).toBe(1);
    expect((await findByKey(db, 'k'))?.note).toBe('메모');
  });
});

describe('tag edits', () => {
  it('adds and removes apply to the stored list, so quick successive edits keep each other', async () => {
    const db2 = new ScrapnoteDB(`tags-${Math.random()}`);
    const item = await upsertItem(db2, makeItem({ id: 'a', tags: ['AI'] }));
    const now = new Date('2026-11-28T02:00:00Z');
    await Promise.all([
      updateItemMeta(db2, item.id, { addTags: ['인공지능'] }, now),
      updateItemMeta(db2, item.id, { addTags: ['한일관계'] }, now),
      updateItemMeta(db2, item.id, { removeTags: ['AI'] }, now),
    ]);
    expect((await findByKey(db2, item.canonicalKey))?.tags).toEqual(['인공지능', '한일관계']);
    await db2.delete();
  });
});
