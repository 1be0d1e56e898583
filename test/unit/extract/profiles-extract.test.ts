// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../lib/extract/analyze';
import { canonicalize, lookupKeys } from '../../../lib/sites/identity';
import { hasSeed, load, NOW } from '../sites/fixtures';

describe.skipIf(!hasSeed)('the seed page (XE/Rhymix post with its board list below)', () => {
  const url = 'https://ranknews.example/news/47310588';
  const a = analyzePage(load('sites/xe-seed-read.html', url), url, NOW);

  it('is an article and a board, by the xe profile', () => {
    expect(a.kind).toBe('article+board');
    expect(a.profile).toBe('xe');
    expect(a.site).toEqual({ host: 'ranknews.example', name: '랭크뉴스', engine: 'xe', via: null });
  });

  it('has one identity for the short and long URL forms, found from the URL alone', () => {
    expect(a.canonicalKey).toBe('ranknews.example/47310588');
    for (const form of [
      'https://ranknews.example/index.php?mid=news&document_srl=47310588&page=2',
      'https://ranknews.example/47310588',
      'https://ranknews.example/index.php?document_srl=47310588',
    ])
      expect(canonicalize(form).key).toBe(a.canonicalKey);
    // The seed's own URL, /news/47310588, could be GNUBoard's /table/id: the page's engine
    // decides its key; from the URL alone the XE key is the second lookup candidate.
    expect(lookupKeys(url)).toContain(a.canonicalKey);
  });

  it('reads the article: title, byline, reporter, board account, outlet, dates, captions, no outlet line', () => {
    const art = a.article!;
    expect(art.title).toBe('日 총리, 트럼프와 첫 정상회담서 ‘AI 공동 연구개발’ 논의한다');
    expect(art.byline).toBe('도쿄/홍석재 특파원');
    expect(art.authors).toEqual(['홍석재']);
    expect(art.poster).toBe('랭크뉴스');
    expect(art.siteName).toBe('한겨레');
    expect(art.publishedAt).toBe('2025-02-05T07:58:31+09:00');
    expect(art.publishedText).toBe('2025.02.05 07:58');
    expect(art.postId).toBe('47310588');
    expect(art.lang).toBe('ko');
    expect(art.text.startsWith('중국 스타트업이 개발한 인공지능 ‘딥시크’의 로고. 로이터 연합뉴스')).toBe(true);
    // The closing byline is the byline, not body text.
    expect(art.text).toMatch(/다\.$/);
    expect(art.text).not.toContain('도쿄/홍석재 특파원');
    expect(art.text).not.toMatch(/\n한겨레$/);
    expect(art.excerpt).toMatch(/^오는 7일 예정된/);
    expect(art.html).toContain('<figcaption>');
    expect(art.html).not.toMatch(/<script|onclick/);
  });

  it('reads the board list: display numbers, ids from links, titles without comment counts', () => {
    const b = a.board!;
    expect(b.rows).toHaveLength(20);
    expect(b.rows.map((r) => r.number)).toEqual(Array.from({ length: 20 }, (_, i) => 47309 - i));
    const first = b.rows[0]!;
    expect(first).toEqual({
      number: 47309,
      notice: false,
      title: '트럼프 “미국이 가자지구 장악할 것…경제 발전시키겠다”',
      url: 'https://ranknews.example/news/47310587',
      postId: '47310587',
      key: 'ranknews.example/news/47310587',
      author: '랭크뉴스',
      authorId: 'm:4',
      dateText: '2025.02.05',
      date: '2025-02-05T00:00:00+09:00',
      comments: 3,
      views: null,
      current: false,
    });
    expect(b.rows[8]!.title).toBe('[속보]트럼프 “미국이 가자지구 점령할 것”');
    expect(b.rows[8]!.comments).toBe(3);
    expect(b.rows.every((r) => r.author === '랭크뉴스' && !r.current)).toBe(true);
    expect(b.pages).toContain('https://ranknews.example/index.php?mid=news&page=2');
  });
});

describe('XE skins', () => {
  it('default list: notice, category label, replyNum, readNum with thousands, pagination', () => {
    const url = 'https://devclub.example.kr/free';
    const a = analyzePage(load('sites/xe-default-list.html', url), url, NOW);
    expect(a.kind).toBe('board');
    expect(a.article).toBeNull();
    const b = a.board!;
    expect(b.name).toBe('자유게시판');
    expect(b.rows[0]).toMatchObject({
      number: null,
      notice: true,
      title: '게시판 이용 규칙 안내',
      comments: 12,
      views: 5210,
    });
    expect(b.rows[1]).toMatchObject({
      number: 312,
      title: 'Rhymix 2.1 업데이트 후 로그인 오류',
      author: '김개발',
      comments: 3,
      views: 41,
      postId: '88213',
    });
    expect(b.rows[3]).toMatchObject({ title: '스터디 모집합니다 (주말반)', comments: 7, views: 1024 });
    expect(b.pages).toHaveLength(4);
  });

  it('xedition read: the post being viewed is marked, today-only times resolve to today', () => {
    const url = 'https://town.example.org/index.php?mid=town&document_srl=5521';
    const a = analyzePage(load('sites/xe-xedition-read.html', url), url, NOW);
    expect(a.article).toMatchObject({
      title: '동네 도서관 주말 운영 시간이 바뀌었습니다',
      poster: '동네주민',
      postId: '5521',
    });
    expect(a.article!.text).not.toContain('감사합니다'); // comments are not the post
    const rows = a.board!.rows;
    expect(rows.filter((r) => r.current).map((r) => r.postId)).toEqual(['5521']);
    expect(rows[0]).toMatchObject({ dateText: '10:20', date: '2025-02-05T10:20:00+09:00', comments: 2, views: 14 });
    expect(rows[1]!.number).toBeNull();
  });

  it('sketchbook5 read: rd_body, relative dates, notices, current row', () => {
    const url = 'http://camplove.example.com/1185520';
    const a = analyzePage(load('sites/xe-sketchbook5-read.html', url), url, NOW);
    expect(a.kind).toBe('article+board');
    expect(a.article).toMatchObject({
      title: '캠핑 의자 3종 사용기',
      poster: '솔캠러',
      publishedAt: '2025-02-05T21:04:00+09:00',
    });
    expect(a.article!.text).toContain('릴렉스 1.2kg');
    const rows = a.board!.rows;
    expect(rows[0]).toMatchObject({ notice: true, number: null, views: 9871 });
    expect(rows[1]).toMatchObject({
      number: 2401,
      dateText: '3분 전',
      date: '2025-02-05T21:57:00+09:00',
      comments: 12,
    });
    expect(rows[2]).toMatchObject({ current: true, postId: '1185520' });
    expect(a.board!.pages).toContain('http://camplove.example.com/index.php?mid=review&page=2');
  });
});

describe('GNUBoard5 basic skin', () => {
  it('list: hits before date, MM-DD and HH:MM dates, notices, cnt_cmt', () => {
    const url = 'https://fishing.example.kr/bbs/board.php?bo_table=free';
    const a = analyzePage(load('sites/gnuboard-list.html', url), url, NOW);
    expect(a.kind).toBe('board');
    const b = a.board!;
    expect(b.name).toBe('자유게시판');
    expect(b.rows[0]).toMatchObject({
      notice: true,
      number: null,
      title: '출조 안전 수칙 (필독)',
      comments: 21,
      views: 3402,
    });
    expect(b.rows[1]).toEqual({
      number: 1204,
      notice: false,
      title: '주말 충주호 조황 공유합니다',
      url: 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981',
      postId: '2981',
      key: 'fishing.example.kr/free/2981',
      author: '붕어왕',
      authorId: 'n:붕어왕',
      dateText: '14:32',
      date: '2025-02-05T14:32:00+09:00',
      comments: 5,
      views: 77,
      current: false,
    });
    expect(b.rows[2]).toMatchObject({
      author: '손님',
      dateText: '02-04',
      date: '2025-02-04T00:00:00+09:00',
      views: 1290,
    });
    expect(b.rows[3]!.date).toBe('2024-12-28T00:00:00+09:00');
    expect(b.pages).toHaveLength(3);
  });

  it('view: title without category, y-m-d date, poster, current row; short URL has the same key', () => {
    const url = 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981';
    const a = analyzePage(load('sites/gnuboard-view.html', url), url, NOW);
    expect(a.article).toMatchObject({
      title: '주말 충주호 조황 공유합니다',
      poster: '붕어왕',
      publishedText: '25-02-05 14:32',
      publishedAt: '2025-02-05T14:32:00+09:00',
      postId: '2981',
    });
    expect(a.article!.text).not.toContain('축하드립니다');
    expect(a.board!.rows.find((r) => r.current)?.postId).toBe('2981');
    expect(a.canonicalKey).toBe(canonicalize('https://fishing.example.kr/free/2981').key);
  });
});

describe('portals', () => {
  it('Naver: headline, reporter, outlet from the logo, data-date-time, caption kept, copyright dropped', () => {
    const url = 'https://n.news.naver.com/article/028/0002727273?sid=104';
    const a = analyzePage(load('sites/naver-article.html', url), url, NOW);
    expect(a.kind).toBe('article');
    expect(a.canonicalKey).toBe('naver:028/0002727273');
    expect(a.canonicalUrl).toBe('https://n.news.naver.com/mnews/article/028/0002727273');
    const art = a.article!;
    expect(art).toMatchObject({
      title: '日 총리, 트럼프와 첫 정상회담서 ‘AI 공동 연구개발’ 논의',
      authors: ['홍석재'],
      siteName: '한겨레',
      publishedAt: '2025-02-05T14:32:11+09:00',
      publishedText: '2025.02.05. 오후 2:32',
      modifiedAt: '2025-02-05T15:01:40+09:00',
      postId: '028/0002727273',
    });
    expect(art.text).toContain('로이터 연합뉴스');
    expect(art.text).not.toMatch(/ⓒ|무단 전재/);
    expect(art.text.split('\n').length).toBeGreaterThan(3); // <br> lines kept as lines
  });

  it('Daum: tit_view, num_date, outlet, summary and caption kept, boilerplate dropped', () => {
    const url = 'https://v.daum.net/v/20250205143200123';
    const a = analyzePage(load('sites/daum-article.html', url), url, NOW);
    const art = a.article!;
    expect(art).toMatchObject({
      title: '‘북극 한파’ 습격, 내일 영하 18도… 제주·호남 눈 퍼붓는다',
      authors: ['이정민'],
      siteName: '국민일보',
      publishedText: '2025. 2. 5. 14:32',
      publishedAt: '2025-02-05T14:32:00+09:00',
      modifiedAt: '2025-02-05T15:10:00+09:00',
    });
    expect(art.text).toContain('광화문 네거리');
    expect(art.text).toContain('북극발 한파가 다시 몰려온다');
    expect(art.text).not.toMatch(/ⓒ|재배포금지/);
  });

  it('an unknown newspaper: Readability, metadata times, wire byline, copyright line dropped', () => {
    const url = 'https://www.econ.example/news/articleView.html?idxno=55';
    const a = analyzePage(load('generic/news-article.html', url), url, NOW);
    expect(a.profile).toBe('generic');
    const art = a.article!;
    expect(art.authors).toEqual(['박재현']);
    expect(art.byline).toBe('(세종=연합뉴스) 박재현 기자 =');
    expect(art.publishedAt).toBe('2025-02-05T08:15:00+09:00');
    expect(art.modifiedAt).toBe('2025-02-05T09:40:00+09:00');
    expect(art.siteName).toBe('경제일보');
    expect(art.text).toContain('사진=연합뉴스');
    expect(art.text).not.toMatch(/저작권자/);
  });
});
