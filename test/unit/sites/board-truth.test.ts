// @vitest-environment jsdom
/**
 * Board list pages of many engines and skins (test/fixtures/generic/boards/<name>.html) against
 * their truth files (<name>.truth.json: the posts a reader sees, with the date as printed): every
 * post found with its URL and title (F1 = 1), and its author, date, comment count and notice mark.
 * The same files feed the corpus scorer (test/support/score-corpus.ts), read at the same URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../lib/extract/analyze';
import { classifyPage } from '../../../lib/extract/classify';
import { cleanTitle, isLabelLink } from '../../../lib/sites/rows';
import { FIXTURES, load, NOW } from './fixtures';

const URL_ = 'https://unknown.example/board/list';
const DIR = path.join(FIXTURES, 'generic/boards');

interface Post {
  title: string;
  author: string | null;
  date: string | null;
  url: string;
  comments: number | null;
  notice: boolean;
}

const truths = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => ({
    name: f.slice(0, -'.truth.json'.length),
    truth: JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as { kind: 'board'; url?: string; posts: Post[] },
  }));

/** The engine or skin each fixture imitates, and the profile that should read it. */
const PROFILE: Record<string, string> = {
  'gnuboard5-basic': 'gnuboard',
  'gnuboard5-mobile': 'gnuboard',
  'gnuboard5-gallery': 'gnuboard',
  'xe-table-no-author': 'xe',
  'xe-mobile-list': 'xe',
  'xe-rhymix-default': 'xe',
  'xe-sketchbook5': 'xe',
  'xe-xedition': 'xe',
};

describe('board lists of many engines and skins, against their truth files', () => {
  it('has at least twenty, each with its page and a well-formed truth', () => {
    expect(truths.length).toBeGreaterThanOrEqual(20);
    for (const { name, truth } of truths) {
      expect(readdirSync(DIR), name).toContain(`${name}.html`);
      expect(truth.kind).toBe('board');
      expect(truth.posts.length, name).toBeGreaterThanOrEqual(4);
      for (const p of truth.posts) {
        expect(Object.keys(p).sort(), name).toEqual(['author', 'comments', 'date', 'notice', 'title', 'url']);
        expect(p.url, name).toMatch(/^https?:\/\//);
      }
    }
  });

  for (const { name, truth } of truths) {
    it(`${name}: a board, every post found by URL and title, with its fields`, () => {
      // Read at the truth's page URL when it names one, as the corpus scorer reads it.
      const url = truth.url ?? URL_;
      const doc = load(`generic/boards/${name}.html`, url);
      const c = classifyPage(doc, url);
      expect(c.kind, name).toBe('board');
      expect(c.profile, name).toBe(PROFILE[name] ?? 'generic');
      const rows = analyzePage(doc, url, NOW).board?.rows ?? [];
      const matched = truth.posts.filter((p) => rows.some((r) => r.url === p.url && r.title === p.title));
      const precision = rows.length ? matched.length / rows.length : 0;
      const recall = matched.length / truth.posts.length;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      expect({ f1, rows: rows.map((r) => `${r.url} ${r.title}`) }, name).toMatchObject({ f1: 1 });
      for (const p of truth.posts) {
        const r = rows.find((row) => row.url === p.url)!;
        expect(
          { title: r.title, author: r.author, date: r.dateText, comments: r.comments, notice: r.notice },
          `${name}: ${p.title}`,
        ).toEqual({ title: p.title, author: p.author, date: p.date, comments: p.comments, notice: p.notice });
        // Every printed date resolves.
        expect(r.date, `${name}: ${p.date}`).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      }
    });
  }
});

describe('GNUBoard5 category links', () => {
  it('are never posts: the post link after the category link in .bo_tit is the row', () => {
    const b = analyzePage(load('generic/boards/gnuboard5-basic.html', URL_), URL_, NOW).board!;
    expect(b.rows.map((r) => r.url).filter((u) => u.includes('sca='))).toEqual([]);
    expect(b.rows[1]).toMatchObject({ number: 2318, title: '동계 캠핑용 침낭 추천 부탁드립니다', views: 145 });
    expect(b.name).toBe('질문답변');
    expect(b.pages).toHaveLength(3);
  });

  it('the mobile skin’s list is read by the GNUBoard profile', () => {
    const doc = load('generic/boards/gnuboard5-mobile.html', URL_);
    expect(classifyPage(doc, URL_)).toMatchObject({ kind: 'board', profile: 'gnuboard', engine: 'gnuboard' });
  });
});

describe('a board plugin inside a CMS page', () => {
  it('is a board, not an article, though the page says og:type article and JSON-LD Article', () => {
    const doc = load('generic/boards/kboard-wordpress.html', URL_);
    expect(classifyPage(doc, URL_).kind).toBe('board');
    expect(analyzePage(doc, URL_, NOW).kind).toBe('board');
  });

  it('stays an article and a board when the page has its own story beside the list', () => {
    const doc = load('generic/boards/kboard-wordpress.html', URL_);
    const story = doc.createElement('div');
    story.className = 'story';
    for (let i = 0; i < 6; i++) {
      const p = doc.createElement('p');
      p.textContent =
        '한강러닝크루는 매주 토요일 아침 반포한강공원에서 모여 함께 달립니다. 처음 오신 분도 페이스 그룹을 나눠 무리 없이 뛸 수 있도록 크루장이 코스와 속도를 안내합니다. 겨울에는 방한 장갑과 모자를 꼭 챙겨 주세요.';
      story.append(p);
    }
    doc.querySelector('.entry-content')!.prepend(story);
    expect(classifyPage(doc, URL_).kind).toBe('article+board');
  });
});

describe('labels, badges and counts around a post link', () => {
  const link = (html: string) => {
    const doc = new JSDOM(`<div>${html}</div>`).window.document;
    return doc.querySelector('a')!;
  };
  it.each([
    ['<a href="/1"><span class="category">[질문]</span> 제목입니다</a>', '제목입니다', null, false],
    ['<a href="/1"><strong class="notice_tx">[공지]</strong> 규칙 안내</a>', '규칙 안내', null, true],
    ['<a href="/1">[공지] 규칙 안내</a>', '규칙 안내', null, true],
    ['<a href="/1"><span class="icon_notice">공지</span>규칙 안내</a>', '규칙 안내', null, true],
    ['<a href="/1">회식 이야기 <em>N</em> <b>HOT</b></a>', '회식 이야기', null, false],
    ['<a href="/1">다람쥐 사진 <em class="ico_pic">이미지</em> <span>베스트</span></a>', '다람쥐 사진', null, false],
    ['<a href="/1">회식에서 생긴 일 +27</a>', '회식에서 생긴 일', 27, false],
    ['<a href="/1">자전거 출퇴근 (5)</a>', '자전거 출퇴근', 5, false],
    ['<a href="/1">자전거 출퇴근 <span>[12]</span></a>', '자전거 출퇴근', 12, false],
    ['<a href="/1">자전거 출퇴근 <span class="cmt">12</span></a>', '자전거 출퇴근', 12, false],
    // Kept: a number that is part of the title, a bracket that is not first, a title in one element.
    ['<a href="/1">아이폰 <b>16</b> 후기</a>', '아이폰 16 후기', null, false],
    ['<a href="/1">2월 모임 [속보] 안내</a>', '2월 모임 [속보] 안내', null, false],
    ['<a href="/1"><span class="new">새해 복 많이 받으세요</span></a>', '새해 복 많이 받으세요', null, false],
  ])('%s', (html, title, comments, notice) => {
    expect(cleanTitle(link(html), {})).toEqual({ title, comments, notice });
  });

  it('category links are labels, post links that carry a category are not', () => {
    expect(isLabelLink(link('<a href="/bbs/board.php?bo_table=qa&amp;sca=장비" class="bo_cate_link">장비</a>'))).toBe(
      true,
    );
    expect(isLabelLink(link('<a href="/bbs/board.php?bo_table=qa&amp;sca=장비">장비</a>'))).toBe(true);
    expect(isLabelLink(link('<a href="/devqna/category/1201">파이썬</a>'))).toBe(true);
    expect(isLabelLink(link('<a href="/bbs/board.php?bo_table=qa&amp;sca=장비&amp;wr_id=9">침낭 추천</a>'))).toBe(
      false,
    );
    expect(isLabelLink(link('<a href="/service/board/park/18801234?category=0">지하철 장애</a>'))).toBe(false);
  });
});
