import { describe, expect, it } from 'vitest';
import { canonicalize, postIdentity, urlKey } from '../../../lib/sites/identity';

describe('post identity', () => {
  it.each([
    // XE / Rhymix
    [
      'https://www.example.com/index.php?mid=news&document_srl=123456&page=3',
      'https://example.com/news/123456',
      'https://example.com/news/123456#comment_99',
      'https://example.com/index.php?document_srl=123456&mid=news&utm_source=x&sca=a&stx=b',
      'https://example.com/news?document_srl=123456',
    ],
    ['https://example.com/123456', 'https://example.com/index.php?document_srl=123456', 'https://example.com/123456/'],
    // GNUBoard
    [
      'https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=42',
      'https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=42&page=2&sca=공지&sfl=wr_subject&stx=x#c_5',
      'https://gb.example.kr/free/42',
      'https://gb.example.kr/free/42?page=2',
    ],
    // Naver News
    [
      'https://n.news.naver.com/mnews/article/028/0002727273',
      'https://n.news.naver.com/article/028/0002727273?sid=104',
      'https://news.naver.com/main/read.naver?mode=LSD&mid=shm&sid1=104&oid=028&aid=0002727273',
      'https://n.news.naver.com/mnews/read.naver?oid=028&aid=0002727273',
      'https://m.news.naver.com/read.nhn?oid=028&aid=0002727273',
      'https://n.news.naver.com/mnews/article/comment/028/0002727273',
    ],
    // Daum News
    ['https://v.daum.net/v/20250205143200123', 'https://v.daum.net/v/20250205143200123?f=o#top'],
    // Anything else
    [
      'https://www.hani.co.kr/arti/international/japan/1180981.html',
      'https://hani.co.kr/arti/international/japan/1180981.html?utm_source=naver&fbclid=x#cb',
    ],
  ])('one key for every form of %s', (...urls) => {
    const keys = new Set(urls.map(urlKey));
    expect([...keys]).toHaveLength(1);
  });

  it('keeps different posts apart', () => {
    const distinct = [
      'https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=42',
      'https://gb.example.kr/bbs/board.php?bo_table=qa&wr_id=42',
      'https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=43',
      'https://gb.example.kr/bbs/board.php?bo_table=free',
      'https://example.com/index.php?mid=news&document_srl=1',
      'https://other.example.com/index.php?mid=news&document_srl=1',
      'https://n.news.naver.com/mnews/article/028/0002727273',
      'https://n.news.naver.com/mnews/article/029/0002727273',
      'https://example.com/view.php?id=1',
      'https://example.com/view.php?id=2',
    ];
    expect(new Set(distinct.map(urlKey)).size).toBe(distinct.length);
  });

  it('names the keys', () => {
    expect(urlKey('https://n.news.naver.com/article/028/0002727273')).toBe('naver:028/0002727273');
    expect(urlKey('https://gb.example.kr/bbs/board.php?wr_id=7&bo_table=free')).toBe('gb.example.kr/free/7');
    expect(urlKey('https://example.com/?mid=news&document_srl=9')).toBe('example.com/news/9');
    expect(postIdentity('https://example.com/?mid=news&document_srl=9')).toMatchObject({ engine: 'xe', postId: '9' });
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
  });
});
