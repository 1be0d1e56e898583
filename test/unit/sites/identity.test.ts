import { describe, expect, it } from 'vitest';
import { canonicalize, lookupKeys, postIdentity, urlKey } from '../../../lib/sites/identity';

/** Every pair of a group, for table tests that name both URLs. */
function pairs(engine: string | null, group: readonly string[]): [string | null, string, string][] {
  const out: [string | null, string, string][] = [];
  for (let i = 0; i < group.length; i++)
    for (let j = i + 1; j < group.length; j++) out.push([engine, group[i]!, group[j]!]);
  return out;
}

// Forms of one post each; `engine` is what the page's profile recognized (null: URL only).
const XE_FORMS = [
  'https://www.example.com/index.php?mid=news&document_srl=123456&page=3',
  'https://example.com/index.php?document_srl=123456&mid=news&utm_source=x&sca=a&stx=b',
  'https://example.com/news?document_srl=123456',
  'https://example.com/index.php?document_srl=123456',
  'https://example.com/?mid=news&document_srl=123456#comment_99',
  'https://example.com/123456',
  'https://example.com/123456/',
  'https://m.example.com/123456?comment_srl=7',
  'https://example.com/news/123456',
  'https://example.com/news/123456#comment_99',
  'https://example.com/other_mid/123456',
] as const;
const GNUBOARD_FORMS = [
  'https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=42',
  'https://gb.example.kr/bbs/board.php?wr_id=42&bo_table=free',
  'https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=42&page=2&sca=공지&sfl=wr_subject&stx=x#c_5',
  'https://www.gb.example.kr/free/42',
  'https://gb.example.kr/free/42?page=2',
] as const;
const NAVER_FORMS = [
  'https://n.news.naver.com/mnews/article/028/0002727273',
  'https://n.news.naver.com/mnews/article/028/0002727273?sid=104',
  'https://n.news.naver.com/article/028/0002727273?sid=104',
  'https://news.naver.com/main/read.naver?mode=LSD&mid=shm&sid1=104&oid=028&aid=0002727273',
  'https://news.naver.com/main/read.nhn?oid=028&aid=0002727273',
  'https://n.news.naver.com/mnews/read.naver?oid=028&aid=0002727273',
  'https://m.news.naver.com/read.nhn?oid=028&aid=0002727273',
  'https://m.news.naver.com/article/028/0002727273',
  'https://n.news.naver.com/mnews/article/comment/028/0002727273',
  'https://n.news.naver.com/article/comment/028/0002727273?sid=104',
  'https://m.news.naver.com/article/comment/028/0002727273',
  'https://n.news.naver.com/mnews/hotissue/article/028/0002727273',
  'https://n.news.naver.com/mnews/ranking/article/028/0002727273',
] as const;

describe('post identity', () => {
  it.each([
    ...pairs('xe', XE_FORMS),
    ...pairs('gnuboard', GNUBOARD_FORMS),
    ...pairs(null, NAVER_FORMS),
    ...pairs(null, ['https://v.daum.net/v/20250205143200123', 'https://v.daum.net/v/20250205143200123?f=o#top']),
    ...pairs(null, [
      'https://www.hani.co.kr/arti/international/japan/1180981.html',
      'https://hani.co.kr/arti/international/japan/1180981.html?utm_source=naver&fbclid=x#cb',
    ]),
  ])('engine %s: %s and %s are one post', (engine, a, b) => {
    expect(urlKey(a, engine)).toBe(urlKey(b, engine));
  });

  it.each(
    pairs(
      null,
      XE_FORMS.filter((u) => !/\/news\/|other_mid/.test(u)),
    ),
  )('XE forms that settle the engine themselves need none: %s and %s', (_engine, a, b) => {
    expect(urlKey(a)).toBe(urlKey(b));
  });

  it.each(pairs(null, GNUBOARD_FORMS))('GNUBoard forms need no engine either: %s and %s', (_engine, a, b) => {
    expect(urlKey(a)).toBe(urlKey(b));
  });

  it.each(XE_FORMS.map((u) => [u]))('from the URL alone, %s is found under the XE key', (u) => {
    expect(lookupKeys(u)).toContain('example.com/123456');
    expect(lookupKeys(u)[0]).toBe(urlKey(u));
  });

  it.each(GNUBOARD_FORMS.map((u) => [u]))('from the URL alone, %s is looked up under its table key first', (u) => {
    expect(lookupKeys(u)[0]).toBe('gb.example.kr/free/42');
  });

  it('keeps different posts apart', () => {
    const distinct: [string, string | null][] = [
      ['https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=42', null],
      ['https://gb.example.kr/bbs/board.php?bo_table=qa&wr_id=42', null],
      ['https://gb.example.kr/qa/41', 'gnuboard'],
      ['https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=43', null],
      ['https://gb.example.kr/bbs/board.php?bo_table=free', null],
      ['https://example.com/index.php?mid=news&document_srl=1', null],
      ['https://example.com/index.php?mid=news&document_srl=2', null],
      ['https://example.com/news/3', 'xe'],
      ['https://other.example.com/index.php?mid=news&document_srl=1', null],
      ['https://n.news.naver.com/mnews/article/028/0002727273', null],
      ['https://n.news.naver.com/mnews/article/029/0002727273', null],
      ['https://n.news.naver.com/mnews/article/028/0002727274', null],
      ['https://example.com/view.php?id=1', null],
      ['https://example.com/view.php?id=2', null],
    ];
    expect(new Set(distinct.map(([u, e]) => urlKey(u, e))).size).toBe(distinct.length);
    // Without an engine, two GNUBoard tables' posts of one number never share a key.
    expect(urlKey('https://gb.example.kr/free/42')).not.toBe(urlKey('https://gb.example.kr/qa/42'));
  });

  it('names the keys', () => {
    expect(urlKey('https://n.news.naver.com/article/028/0002727273')).toBe('naver:028/0002727273');
    expect(urlKey('https://gb.example.kr/bbs/board.php?wr_id=7&bo_table=free')).toBe('gb.example.kr/free/7');
    expect(urlKey('https://example.com/?mid=news&document_srl=9')).toBe('example.com/9');
    expect(urlKey('https://example.com/news/9', 'xe')).toBe('example.com/9');
    expect(urlKey('https://example.com/news/9')).toBe('example.com/news/9');
    expect(lookupKeys('https://example.com/news/9')).toEqual(['example.com/news/9', 'example.com/9']);
    expect(postIdentity('https://example.com/?mid=news&document_srl=9')).toMatchObject({
      engine: 'xe',
      board: 'news',
      postId: '9',
    });
    expect(postIdentity('https://gb.example.kr/free/7', 'gnuboard')).toMatchObject({
      engine: 'gnuboard',
      board: 'free',
      postId: '7',
    });
    expect(postIdentity('https://gb.example.kr/bbs/board.php?bo_table=free')).toBeNull();
    expect(postIdentity('not a url')).toBeNull();
  });

  it('canonicalize keeps the URL-only key and takes a same-site canonical link', () => {
    const doc = document.implementation.createHTMLDocument('x');
    const link = doc.createElement('link');
    link.rel = 'canonical';
    link.href = 'https://www.hani.co.kr/arti/1180981.html';
    doc.head.append(link);
    const url = 'https://www.hani.co.kr/arti/international/japan/1180981.html?_fr=mt1';
    const r = canonicalize(url, doc);
    expect(r.key).toBe(canonicalize(url).key);
    expect(r.canonicalUrl).toBe('https://www.hani.co.kr/arti/1180981.html');
    link.href = 'https://elsewhere.example/';
    expect(canonicalize(url, doc).canonicalUrl).toBe(
      'https://www.hani.co.kr/arti/international/japan/1180981.html?_fr=mt1',
    );
    expect(canonicalize('https://news.naver.com/main/read.naver?oid=028&aid=0002727273').canonicalUrl).toBe(
      'https://n.news.naver.com/mnews/article/028/0002727273',
    );
    expect(canonicalize('https://example.com/news/9', undefined, 'xe').key).toBe('example.com/9');
  });
});
