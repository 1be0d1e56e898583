import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { putHighlights } from '@/lib/db/highlights';
import { upsertItem } from '@/lib/db/items';
import {
  addTagToItems,
  libraryHead,
  libraryHosts,
  libraryIds,
  libraryRows,
  libraryTags,
  removeTagFromItems,
} from '@/lib/db/library';
import { searchLibrary } from '@/lib/db/search';
import { makeHighlight, makeItem } from '../../support/items';

let db: ScrapnoteDB;
beforeEach(async () => {
  db = new ScrapnoteDB(`library-${Math.random()}`);
  await upsertItem(
    db,
    makeItem({
      id: 'a',
      canonicalKey: 'a',
      savedAt: '2026-11-01T00:00:00.000Z',
      publishedAt: '2026-10-01T00:00:00+09:00',
    }),
  );
  await upsertItem(
    db,
    makeItem({
      id: 'b',
      canonicalKey: 'b',
      kind: 'post',
      site: { host: 'clien.net', name: '클리앙', engine: 'xe' },
      savedAt: '2026-11-02T00:00:00.000Z',
      publishedAt: null,
      tags: ['정치'],
      note: '메모',
    }),
  );
  await upsertItem(
    db,
    makeItem({
      id: 'c',
      canonicalKey: 'c',
      savedAt: '2026-11-03T00:00:00.000Z',
      publishedAt: '2026-09-01T00:00:00+09:00',
    }),
  );
  await putHighlights(db, [makeHighlight('c')]);
});
afterEach(async () => {
  await db.delete();
});

describe('library queries', () => {
  it('sorts by saved or published date, undated last', async () => {
    expect(await libraryIds(db, 'saved')).toEqual(['c', 'b', 'a']);
    expect(await libraryIds(db, 'published')).toEqual(['a', 'c', 'b']);
  });

  it('the head of the list is the start of the full list, equal save times included', async () => {
    for (const id of ['d', 'e', 'f']) {
      // Same save and publication times: the order between them comes from the ids.
      await upsertItem(
        db,
        makeItem({
          id,
          canonicalKey: id,
          savedAt: '2026-11-04T00:00:00.000Z',
          publishedAt: '2026-09-15T00:00:00+09:00',
        }),
      );
    }
    for (const sort of ['saved', 'published'] as const) {
      const all = await libraryIds(db, sort);
      for (const n of [1, 2, 4, 5, 6, 10]) expect(await libraryHead(db, sort, n)).toEqual(all.slice(0, n));
    }
  });

  it('filters by tag, site, kind, date range, highlights and notes', async () => {
    expect(await libraryIds(db, 'saved', { tag: '정치' })).toEqual(['b']);
    expect(await libraryIds(db, 'saved', { host: 'clien.net' })).toEqual(['b']);
    expect(await libraryIds(db, 'saved', { kind: 'article' })).toEqual(['c', 'a']);
    expect(await libraryIds(db, 'saved', { hasHighlights: true })).toEqual(['c']);
    expect(await libraryIds(db, 'saved', { hasNotes: true })).toEqual(['b']);
    const from = Date.parse('2026-11-01T12:00:00Z');
    const to = Date.parse('2026-11-02T12:00:00Z');
    expect(await libraryIds(db, 'saved', { fromMs: from, toMs: to })).toEqual(['b']);
    expect(await libraryIds(db, 'published', { fromMs: Date.parse('2026-09-15T00:00:00Z') })).toEqual(['a']);
    expect(await libraryHosts(db)).toEqual(['clien.net', 'n.news.naver.com']);
  });

  it('rows carry counts; bulk tags change rows and the search index', async () => {
    const rows = await libraryRows(db, ['c', 'missing', 'b']);
    expect(rows.map((r) => [r.id, r.highlights, r.hasNote])).toEqual([
      ['c', 1, false],
      ['b', 0, true],
    ]);
    await addTagToItems(db, ['a', 'b'], ' 읽을거리 ', new Date('2026-11-04T00:00:00Z'));
    expect(await libraryIds(db, 'saved', { tag: '읽을거리' })).toEqual(['b', 'a']);
    expect(await libraryTags(db)).toEqual([
      { tag: 'AI', count: 2 },
      { tag: '일본', count: 2 },
      { tag: '읽을거리', count: 2 },
      { tag: '정치', count: 1 },
    ]);
    expect((await searchLibrary(db, '읽을거리')).hits.map((h) => [h.itemId, h.field])).toEqual([
      ['b', 'tag'],
      ['a', 'tag'],
    ]);
    await removeTagFromItems(db, ['b'], '읽을거리', new Date('2026-11-05T00:00:00Z'));
    expect(await libraryIds(db, 'saved', { tag: '읽을거리' })).toEqual(['a']);
  });
});
