// @vitest-environment jsdom
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../lib/extract/analyze';
import { classifyPage } from '../../../lib/extract/classify';
import { labelKind } from '../../../lib/sites/generic-board';
import { FIXTURES, load, NOW } from './fixtures';

const URL_ = 'https://unknown.example/board/list';
const html = (f: string) => f.endsWith('.html');
const all = readdirSync(path.join(FIXTURES, 'generic/boards')).filter(html);
/** Boards with a truth file are checked against it (board-truth.test.ts), whichever profile reads them. */
const truths = new Set(readdirSync(path.join(FIXTURES, 'generic/boards')).filter((f) => f.endsWith('.truth.json')));
const boards = all.filter((f) => !truths.has(f.replace(/\.html$/, '.truth.json')));
const notBoards = readdirSync(path.join(FIXTURES, 'generic/not-boards')).filter(html);

describe('generic boards in layouts no profile knows', () => {
  it('has at least five of them, in table, list and div layouts', () => {
    expect(boards.length).toBeGreaterThanOrEqual(5);
  });

  for (const f of boards) {
    it(`${f} is a board with a title, link and date on every row`, () => {
      const doc = load(`generic/boards/${f}`, URL_);
      expect(classifyPage(doc, URL_)).toMatchObject({ kind: 'board', profile: 'generic' });
      const b = analyzePage(doc, URL_, NOW).board!;
      expect(b.rows.length).toBeGreaterThanOrEqual(4);
      for (const r of b.rows) {
        expect(r.title.length).toBeGreaterThan(3);
        expect(r.url).toMatch(/^https:\/\/unknown\.example\//);
        expect(r.date, `${f}: ${r.title}`).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
        expect(r.author, `${f}: ${r.title}`).toBeTruthy();
      }
    });
  }

  it('reads columns by header in a Korean table: notice, number, views, pagination', () => {
    const b = analyzePage(load('generic/boards/table-korean.html', URL_), URL_, NOW).board!;
    expect(b.name).toBe('공지사항');
    expect(b.rows[0]).toMatchObject({ notice: true, number: null, views: 3011 });
    expect(b.rows[1]).toMatchObject({ number: 1532, author: '자치행정과', views: 52, postId: '1532' });
    expect(b.pages).toHaveLength(3);
  });

  it('keeps comment counts out of views and titles in list and div layouts', () => {
    const ul = analyzePage(load('generic/boards/ul-spans.html', URL_), URL_, NOW).board!;
    expect(ul.rows[0]).toMatchObject({
      number: 880,
      title: '야경 촬영할 때 ISO 설정 질문',
      comments: 4,
      views: 31,
      author: '밤하늘',
    });
    expect(ul.rows[0]!.date).toBe('2025-02-05T14:05:00+09:00');
    const grid = analyzePage(load('generic/boards/div-grid-english.html', URL_), URL_, NOW).board!;
    expect(grid.rows[0]).toMatchObject({
      number: 4410,
      title: 'Build fails after upgrading to v3',
      comments: 2,
      views: 18,
    });
    expect(grid.rows[2]).toMatchObject({ comments: 15, views: 1402 });
    const en = analyzePage(load('generic/boards/table-english-subject.html', URL_), URL_, NOW).board!;
    expect(en.rows[0]).toMatchObject({ notice: true, title: 'Board rules' });
    expect(en.rows[1]).toMatchObject({ number: 203, title: 'Cannot download the driver', comments: 1, views: 9 });
  });

  it('reads a bare comment count marked as one beside the title, not as views', () => {
    const b = analyzePage(load('generic/boards/div-rows-reply-count.html', URL_), URL_, NOW).board!;
    expect(b.name).toBe('모두의공원');
    // The `[공지]` printed before the title marks the notice; it is not part of the title.
    expect(b.rows[0]).toMatchObject({ notice: true, title: '게시판 이용 규칙', comments: null });
    expect(b.rows[1]).toMatchObject({
      title: '오늘 지하철 2호선 장애 겪으신 분',
      comments: 15,
      views: 1245,
      author: '하늘바람',
      date: '2025-02-05T08:12:44+09:00',
    });
    // No count beside the title: no comments, and the views are the views.
    expect(b.rows[3]).toMatchObject({ title: '새 노트북 개봉기', comments: null, views: 98 });
  });

  it('drops the address fragment boards print after a guest’s name', () => {
    const b = analyzePage(load('generic/boards/table-gallery-guest-ip.html', URL_), URL_, NOW).board!;
    expect(b.name).toBe('프로그래밍 갤러리 리스트');
    expect(b.rows[0]).toMatchObject({ notice: true, number: null, author: '운영자', views: 5012 });
    expect(b.rows[1]).toMatchObject({
      number: 2933456,
      title: '러스트 비동기 질문 있습니다',
      author: '코딩초보',
      comments: 4,
      views: 87,
      date: '2025-02-05T14:30:00+09:00',
    });
    expect(b.rows[2]).toMatchObject({ author: 'ㅇㅇ', comments: 12 });
    expect(b.pages).toHaveLength(2);
  });

  it('reads a header of plain cells, a notice shown by an icon, and the page title above a board plugin', () => {
    const plain = analyzePage(load('generic/boards/table-plain-header-icon-notice.html', URL_), URL_, NOW).board!;
    // The author column comes before the title: only the header says what it is.
    expect(plain.rows[0]).toMatchObject({ notice: true, number: null, author: '운영자', views: 15023 });
    expect(plain.rows[1]).toMatchObject({
      number: 9204511,
      title: '마트 할인 정보 공유합니다',
      author: '알뜰살뜰',
      comments: 8,
      views: 412,
      date: '2025-02-05T14:31:02+09:00',
    });
    const plugin = analyzePage(load('generic/boards/table-td-header-plugin.html', URL_), URL_, NOW).board!;
    expect(plugin.name).toBe('자유게시판');
    expect(plugin.rows[0]).toMatchObject({ notice: true, title: '3월 정기 산행 안내', comments: 5, views: 312 });
    expect(plugin.rows[1]).toMatchObject({ number: 58, author: '등산왕', comments: 2, views: 44 });
  });

  it('resolves relative and yesterday dates in a headerless mobile list', () => {
    const rows = analyzePage(load('generic/boards/div-rows-no-header.html', URL_), URL_, NOW).board!.rows;
    expect(rows[0]).toMatchObject({
      author: '배고파',
      dateText: '3분 전',
      date: '2025-02-05T21:57:00+09:00',
      views: 12,
    });
    expect(rows[4]!.date).toBe('2025-02-04T22:10:00+09:00');
  });
});

describe('look-alikes that are not boards', () => {
  for (const f of notBoards) {
    it(`${f} is not a board`, () => {
      const doc = load(`generic/not-boards/${f}`, URL_);
      expect(classifyPage(doc, URL_).kind).not.toMatch(/board/);
      expect(analyzePage(doc, URL_, NOW).board).toBeNull();
    });
  }
  it('has carts, order tables, calendars, menus, ranking boxes, a portal front page, login, search and downloads', () => {
    expect(notBoards.length).toBeGreaterThanOrEqual(11);
  });
});

describe('labelKind', () => {
  it('names header labels in Korean and English and ignores shop labels', () => {
    const table: [string, string | null][] = [
      ['번호', 'number'],
      ['제목', 'title'],
      ['글쓴이', 'author'],
      ['작성자', 'author'],
      ['날짜', 'date'],
      ['조회 수', 'views'],
      ['No.', 'number'],
      ['Title', 'title'],
      ['Views', 'views'],
      ['상품명', null],
    ];
    for (const [label, kind] of table) expect(labelKind(label), label).toBe(kind);
  });
});
