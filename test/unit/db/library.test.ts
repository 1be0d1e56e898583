import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { addHighlight } from '@/lib/db/highlights';
import { updateItemsMeta, upsertItem } from '@/lib/db/items';
import { libraryHead, libraryHosts, libraryIds, libraryRows, libraryTags } from '@/lib/db/library';
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
  await addHighlight(db, {
    id: 'c-h1',
    itemId: 'c',
    color: 'yellow',
    source: 'https://n.news.naver.com/mnews/article/028/0002731000',
    selector: makeHighlight('c').target.selector,
    now: new Date('2026-11-03T00:05:00.000Z'),
  });
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
    await updateItemsMeta(db, ['a', 'b'], { addTags: [' 읽을거리 '] }, new Date('2026-11-04T00:00:00Z'));
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
    await updateItemsMeta(db, ['b'], { removeTags: ['읽을거리'] }, new Date('2026-11-05T00:00:00Z'));
    expect(await libraryIds(db, 'saved', { tag: '읽을거리' })).toEqual(['a']);
    expect((await searchLibrary(db, '읽을거리')).hits.map((h) => h.itemId)).toEqual(['a']);
    // The tag is added to the stored list: b keeps the tag it had.
    expect((await libraryRows(db, ['b']))[0]?.tags).toEqual(['정치']);
  });
});

describe('filtered search', () => {
  /**
   * 300 items, newest first: 250 match the query without the tag, then 30 match it with the tag,
   * then 20 have the tag and do not match. The filter applies before the limit: the tagged
   * matches rank below the 250 others, so searching first and filtering the first `limit` hits
   * would miss them.
   */
  async function library() {
    const at = (i: number) => new Date(Date.UTC(2026, 9, 1) + (300 - i) * 60_000).toISOString();
    for (let i = 0; i < 300; i++) {
      const tagged = i >= 250;
      const matching = i < 280;
      await upsertItem(
        db,
        makeItem({
          id: `f${i}`,
          canonicalKey: `f${i}`,
          title: `기사 ${i}`,
          text: matching ? '반도체 수출이 늘었다' : '날씨가 맑다',
          tags: tagged ? ['모아보기'] : [],
          savedAt: at(i),
        }),
      );
    }
    return Array.from({ length: 30 }, (_, k) => `f${250 + k}`);
  }

  it('returns every tagged match within the limit, and says when the limit cut them', async () => {
    const tagged = await library();
    const all = await searchLibrary(db, '반도체', { limit: 200, filter: { tag: '모아보기' } });
    expect(all.hits.map((h) => h.itemId)).toEqual(tagged);
    expect(all.complete).toBe(true);

    const first = await searchLibrary(db, '반도체', { limit: 10, filter: { tag: '모아보기' } });
    expect(first.hits.map((h) => h.itemId)).toEqual(tagged.slice(0, 10));
    expect(first.complete).toBe(false);

    // Filtering the first 200 hits of the whole library instead finds none of them.
    const allowed = new Set(await libraryIds(db, 'saved', { tag: '모아보기' }));
    const unfiltered = await searchLibrary(db, '반도체', { limit: 200 });
    expect(unfiltered.hits.filter((h) => allowed.has(h.itemId))).toEqual([]);
  });

  it('an empty filter searches the whole library; a filter no item passes finds nothing', async () => {
    await library();
    const plain = await searchLibrary(db, '반도체', { limit: 5 });
    expect((await searchLibrary(db, '반도체', { limit: 5, filter: {} })).hits).toEqual(plain.hits);
    expect(plain.hits.map((h) => h.itemId)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    const none = await searchLibrary(db, '반도체', { limit: 5, filter: { tag: '없는 태그' } });
    expect(none).toMatchObject({ hits: [], complete: true });
  });
});
