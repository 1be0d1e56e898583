import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { upsertItem } from '@/lib/db/items';
import { ensureSearchIndex, rebuildSearchIndex, SEARCH_INDEX_VERSION, searchLibrary } from '@/lib/db/search';
import { makeItem } from '../../support/items';

let db: ScrapnoteDB;
beforeEach(() => {
  db = new ScrapnoteDB(`search-facets-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

async function seed() {
  const items = [
    makeItem({
      id: 'hani',
      canonicalKey: 'hani',
      title: '삼성전자 반도체 실적',
      text: '인공 지능 반도체 수요가 늘었다.',
      site: { host: 'www.hani.co.kr', name: '한겨레', engine: null, via: null },
      authors: ['홍길동'],
      tags: ['경제'],
      publishedAt: '2025-02-14T09:00:00+09:00',
      savedAt: '2026-11-28T01:00:00.000Z',
    }),
    makeItem({
      id: 'naver-chosun',
      canonicalKey: 'naver-chosun',
      title: '인공지능 규제 논의',
      text: '국회 의원들은 인공지능 법안을 논의했다.',
      site: { host: 'n.news.naver.com', name: '조선일보', engine: 'naver', via: '네이버 뉴스' },
      authors: ['김철수'],
      tags: ['정치'],
      publishedAt: '2025-03-02T09:00:00+09:00',
      savedAt: '2026-11-28T02:00:00.000Z',
    }),
    makeItem({
      id: 'post',
      canonicalKey: 'post',
      kind: 'post',
      title: '김치 담그는 법',
      text: '인공지능이 알려준 김치 레시피',
      site: { host: 'clien.net', name: '클리앙', engine: 'xe', via: null },
      board: { name: '자유게시판', url: null, postId: '1', number: 1 },
      authors: [],
      tags: [],
      publishedAt: null,
      savedAt: '2026-11-28T03:00:00.000Z',
    }),
  ];
  for (const item of items) await upsertItem(db, item);
}

const ids = async (q: string, sort?: 'saved' | 'published') =>
  (await searchLibrary(db, q, { prefixLast: false, sort })).hits.map((h) => h.itemId).sort();

describe('facets in the query', () => {
  it('outlet, reporter, tag, site, board and kind narrow the search, in Korean and English', async () => {
    await seed();
    expect(await ids('인공지능')).toEqual(['hani', 'naver-chosun', 'post']);
    expect(await ids('언론사:한겨레 인공지능')).toEqual(['hani']);
    expect(await ids('outlet:조선 인공지능')).toEqual(['naver-chosun']);
    // The portal an article was read through counts as where it came from.
    expect(await ids('언론사:네이버 인공지능')).toEqual(['naver-chosun']);
    expect(await ids('기자:"홍길동 기자" 반도체')).toEqual(['hani']);
    expect(await ids('reporter:김철수 인공지능')).toEqual(['naver-chosun']);
    expect(await ids('tag:경제 인공지능')).toEqual(['hani']);
    expect(await ids('태그:정치 인공지능')).toEqual(['naver-chosun']);
    expect(await ids('site:hani.co.kr 인공지능')).toEqual(['hani']);
    expect(await ids('게시판:자유 인공지능')).toEqual(['post']);
    expect(await ids('board:자유게시판 김치')).toEqual(['post']);
    expect(await ids('kind:post 인공지능')).toEqual(['post']);
    expect(await ids('종류:기사 인공지능')).toEqual(['hani', 'naver-chosun']);
  });

  it('dates bound the list date: publication or save', async () => {
    await seed();
    expect(await ids('date:2025-02 인공지능', 'published')).toEqual(['hani']);
    expect(await ids('날짜:2025년2월..2025.3 인공지능', 'published')).toEqual(['hani', 'naver-chosun']);
    expect(await ids('after:2025-03-01 인공지능', 'published')).toEqual(['naver-chosun']);
    expect(await ids('before:2025.2.28 인공지능', 'published')).toEqual(['hani']);
    expect(await ids('date:2026-11 인공지능')).toEqual(['hani', 'naver-chosun', 'post']);
  });

  it('facets alone list the items passing them; a facet not understood is reported, not dropped silently', async () => {
    await seed();
    expect(await ids('언론사:한겨레')).toEqual(['hani']);
    expect(await ids('kind:post')).toEqual(['post']);
    const bad = await searchLibrary(db, 'date:어제쯤 인공지능', { prefixLast: false });
    expect(bad.problems).toEqual(['date:어제쯤']);
    expect(bad.hits).toHaveLength(3);
    // A colon that is no facet stays text.
    expect(await ids('http:x')).toEqual([]);
  });

  it('initial consonants find titles through the rows in memory', async () => {
    await seed();
    expect(await ids('ㅅㅅㅈㅈ')).toEqual(['hani']);
    expect(await ids('ㄱㅊ')).toEqual(['post']);
    expect(await ids('ㅇㄱㅈㄴ')).toEqual(['naver-chosun']);
    expect(await ids('ㄱㅊ', 'published')).toEqual(['post']);
  });

  it('spacing variants are found in stored items', async () => {
    await seed();
    expect(await ids('국회의원')).toEqual(['naver-chosun']);
    expect(await ids('인공 지능')).toEqual(['hani', 'naver-chosun', 'post']);
  });
});

describe('index version', () => {
  it('rows of an older index are rebuilt once, and searches see the rebuilt rows', async () => {
    await seed();
    // Searching caches the rows; then make them look like index version 1 (no cross-space bigrams, no heads).
    expect(await ids('ㅅㅅㅈㅈ')).toEqual(['hani']);
    await db.transaction('rw', db.search, db.meta, async () => {
      for (const row of await db.search.toArray())
        await db.search.put({ itemId: row.itemId, savedMs: row.savedMs, sig: new Uint32Array(32) });
      await db.meta.put({ key: 'searchIndex', value: '1:0' });
    });
    expect(await ids('ㅅㅅㅈㅈ')).toEqual([]);
    expect(await ensureSearchIndex(db)).toBe(true);
    expect((await db.meta.get('searchIndex'))?.value.split(':')[0]).toBe(SEARCH_INDEX_VERSION);
    expect(await ids('ㅅㅅㅈㅈ')).toEqual(['hani']);
    expect(await ids('국회의원')).toEqual(['naver-chosun']);
    expect(await ensureSearchIndex(db)).toBe(false);
  });

  it('a rebuild drops the rows of items that are gone and indexes in batches', async () => {
    await seed();
    await db.search.put({ itemId: 'ghost', savedMs: 0, sig: new Uint32Array(32) });
    for (let i = 0; i < 1203; i++) {
      await db.items.put({ ...(await db.items.get('hani'))!, id: `x${i}`, canonicalKey: `x${i}` });
    }
    expect(await rebuildSearchIndex(db)).toBe(1206);
    expect(await db.search.get('ghost')).toBeUndefined();
    expect(await db.search.count()).toBe(1206);
  });
});
