import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { highlightsOf, restoreHighlight } from '@/lib/db/highlights';
import {
  deleteItems,
  findByKey,
  getItem,
  restoreDeleted,
  restoreItems,
  updateItemMeta,
  updateItemsMeta,
  upsertItem,
} from '@/lib/db/items';
import { libraryIds, libraryTags } from '@/lib/db/library';
import { searchLibrary } from '@/lib/db/search';
import { allHighlights, makeHighlight, makeItem } from '../../support/items';

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
    expect(await libraryTags(db)).toEqual([
      { tag: 'AI', count: 2 },
      { tag: '경제 뉴스', count: 1 },
      { tag: '일본', count: 1 },
    ]);
  });

  it('delete removes highlights too and undo restores both', async () => {
    await upsertItem(db, makeItem({ id: 'a', note: '두물머리' }));
    await restoreHighlight(db, makeHighlight('a'));
    const before = (await exportLibrary(db, new Date(0), '0')).join('');
    const removed = await deleteItems(db, ['a']);
    expect(removed).toEqual({ items: [makeItem({ id: 'a', note: '두물머리' })], highlights: [makeHighlight('a')] });
    expect(await db.items.count()).toBe(0);
    expect(await allHighlights(db)).toEqual([]);
    expect((await searchLibrary(db, '두물머리')).hits).toEqual([]);
    expect(await db.search.count()).toBe(0);
    await restoreItems(db, removed);
    expect((await exportLibrary(db, new Date(0), '0')).join('')).toBe(before);
    expect((await searchLibrary(db, '두물머리')).hits.map((h) => h.itemId)).toEqual(['a']);
  });
});

describe('undo of a delete after the same post was saved again', () => {
  it('restores into the newer item: one item, merged tags and notes, first savedAt, highlights kept', async () => {
    await upsertItem(
      db,
      makeItem({ id: 'old', canonicalKey: 'k', tags: ['AI'], note: '처음 메모', savedAt: '2026-11-01T00:00:00.000Z' }),
    );
    await restoreHighlight(db, makeHighlight('old', { id: 'h-old' }));
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
    await restoreHighlight(db, makeHighlight('new', { id: 'h-new' }));

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
    // The search sees the merged item only, with the restored note.
    expect((await searchLibrary(db, '처음')).hits.map((h) => h.itemId)).toEqual(['new']);
    expect(await db.search.toCollection().primaryKeys()).toEqual(['new']);
  });

  it('a restored highlight with the id of one of the newer item’s highlights replaces it', async () => {
    await upsertItem(db, makeItem({ id: 'old', canonicalKey: 'k' }));
    await restoreHighlight(db, makeHighlight('old', { id: 'h', note: '옛 메모' }));
    const removed = await deleteItems(db, ['old']);
    await upsertItem(db, makeItem({ id: 'new', canonicalKey: 'k' }));
    await restoreHighlight(db, makeHighlight('new', { id: 'h', note: '새 메모' }));
    await restoreHighlight(db, makeHighlight('new', { id: 'other' }));
    await restoreItems(db, removed);
    expect((await highlightsOf(db, 'new')).map((h) => [h.id, h.itemId, h.note]).sort()).toEqual([
      ['h', 'new', '옛 메모'],
      ['other', 'new', ''],
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

describe('tag and note edits of several items', () => {
  const now = new Date('2026-11-28T02:00:00Z');
  const three = async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka', tags: ['AI'] }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb', tags: ['정치'] }));
    await upsertItem(db, makeItem({ id: 'c', canonicalKey: 'kc', tags: ['AI', '정치'] }));
  };

  it('adds a tag to the items that lack it, returning only the items it changed', async () => {
    await three();
    const changed = await updateItemsMeta(db, ['a', 'b', 'c', 'missing'], { addTags: ['정치'] }, now);
    expect(changed.map((i) => [i.id, i.tags, i.updatedAt])).toEqual([['a', ['AI', '정치'], now.toISOString()]]);
    expect((await getItem(db, 'b'))?.updatedAt).toBe(makeItem().updatedAt);
    expect(await libraryIds(db, 'saved', { tag: '정치' })).toHaveLength(3);
  });

  it('removes a tag, sets the whole list, or sets the note', async () => {
    await three();
    expect((await updateItemsMeta(db, ['a', 'b', 'c'], { removeTags: ['AI'] }, now)).map((i) => i.id)).toEqual([
      'a',
      'c',
    ]);
    expect((await getItem(db, 'c'))?.tags).toEqual(['정치']);
    expect(await libraryTags(db)).toEqual([{ tag: '정치', count: 2 }]);
    await updateItemsMeta(db, ['a', 'b'], { tags: [' 경제 ', '경제'] }, now);
    expect((await getItem(db, 'b'))?.tags).toEqual(['경제']);
    await updateItemsMeta(db, ['b', 'c'], { note: '같이 읽기' }, now);
    expect(await libraryIds(db, 'saved', { hasNotes: true })).toEqual(expect.arrayContaining(['b', 'c']));
    expect((await searchLibrary(db, '같이 읽기')).hits.map((h) => h.itemId).sort()).toEqual(['b', 'c']);
    // Nothing to change: nothing returned, nothing written.
    expect(await updateItemsMeta(db, ['b', 'c'], { note: '같이 읽기' }, new Date())).toEqual([]);
    expect((await getItem(db, 'b'))?.updatedAt).toBe(now.toISOString());
  });

  it('updateItemMeta refuses an item that is gone', async () => {
    await expect(updateItemMeta(db, 'missing', { note: 'x' }, now)).rejects.toThrow(/No saved item missing/);
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

describe('the trash: undo of a delete by id', () => {
  const day = 24 * 60 * 60_000;

  it('puts the items back with their highlights, once', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka', title: '딥시크 충격' }));
    await restoreHighlight(db, makeHighlight('a', { id: 'h1' }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb' }));
    const now = new Date('2026-12-01T00:00:00Z');
    await deleteItems(db, ['a', 'b'], now);
    expect(await db.items.count()).toBe(0);
    expect(await restoreDeleted(db, ['a', 'b'], now)).toBe(2);
    expect((await db.items.orderBy('id').primaryKeys()).sort()).toEqual(['a', 'b']);
    expect((await highlightsOf(db, 'a')).map((h) => h.id)).toEqual(['h1']);
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a']);
    expect(await db.trash.count()).toBe(0);
    await expect(restoreDeleted(db, ['a'], now)).rejects.toThrow(/can no longer be restored/);
  });

  it('keeps deleted items for a day: a later delete empties what is older', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb' }));
    const t0 = new Date('2026-12-01T00:00:00Z');
    await deleteItems(db, ['a'], t0);
    await deleteItems(db, ['b'], new Date(t0.getTime() + day / 2));
    expect((await db.trash.toCollection().primaryKeys()).sort()).toEqual(['a', 'b']);
    await upsertItem(db, makeItem({ id: 'c', canonicalKey: 'kc' }));
    await deleteItems(db, ['c'], new Date(t0.getTime() + day + 1));
    expect((await db.trash.toCollection().primaryKeys()).sort()).toEqual(['b', 'c']);
  });
});
