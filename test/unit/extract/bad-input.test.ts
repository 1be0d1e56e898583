// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage, analyzePageResult } from '../../../lib/extract/analyze';
import { classifyPage } from '../../../lib/extract/classify';

const URL_ = 'https://bad.example/page';
const NOW = new Date('2025-02-05T06:00:00Z');
const doc = (html: string) => new JSDOM(html, { url: URL_ }).window.document;

// A 1 MB+ page of markup soup: thousands of nested divs and spans, no story.
const soupOf = (n: number) =>
  `<html><body>${'<div class="w"><span>x</span><a href="/a">link</a><div><i>1</i></div></div>'.repeat(n)}</body></html>`;
const soup = soupOf(14000);
// A 1 MB+ page of broken tables: unclosed cells and rows, stray end tags, rows outside tables.
const brokenOf = (n: number) =>
  `<html><body>${'<table><tr><td>번호<td>제목<tr><td>1<td><a href="/x">글</a></tr></table></table></td><tr><td>orphan</td></tr>'.repeat(n)}</body></html>`;
const brokenTables = brokenOf(11000);
// Tables that never close nest ever deeper (deeper than any browser parser builds).
const nestedTables = `<html><body>${'<table><tr><td>1<td><a href="/x">글'.repeat(600)}</body></html>`;

describe('bad input', () => {
  // Full extraction (Readability included) on the small ones; jsdom is far slower than a browser.
  const cases: [string, string][] = [
    ['empty string', ''],
    ['empty html', '<html></html>'],
    ['frameset', '<html><frameset cols="50%,50%"><frame src="a.html"><frame src="b.html"></frameset></html>'],
    ['only whitespace', '<html><body>   \n  </body></html>'],
    ['markup soup', soupOf(300)],
    ['broken tables', brokenOf(300)],
    ['600 nested unclosed tables', nestedTables],
    ['scripts that throw', '<html><body><script>throw new Error("boom")</script><p>짧은 글</p></body></html>'],
  ];
  it('has inputs over 1 MB', () => {
    expect(soup.length).toBeGreaterThan(1_000_000);
    expect(brokenTables.length).toBeGreaterThan(1_000_000);
  });
  for (const [name, html] of cases) {
    it(`${name}: classified other, extraction gives an error value, nothing throws`, () => {
      const d = doc(html);
      expect(classifyPage(d, URL_).kind).toBe('other');
      const a = analyzePage(d, URL_, NOW);
      expect(a.kind).toBe('other');
      expect(a.board).toBeNull();
      const r = analyzePageResult(d, URL_, NOW);
      if (r.ok) expect(r.value.article?.text.length).toBeGreaterThan(0);
      else expect(r.error).toMatch(/No article/);
    });
  }
  for (const [name, html] of [
    ['1 MB+ markup soup', soup],
    ['1 MB+ broken tables', brokenTables],
  ] as const) {
    it(`${name}: classified other without throwing`, { timeout: 300_000 }, () => {
      expect(classifyPage(doc(html), URL_).kind).toBe('other');
    });
  }

  it('a URL that is not a URL does not throw', () => {
    const d = doc('<p>hi</p>');
    expect(classifyPage(d, 'not a url').kind).toBe('other');
    expect(analyzePage(d, 'not a url', NOW).kind).toBe('other');
  });

  it('a document without a window still yields escaped HTML', () => {
    const html = readFileSync(path.resolve(__dirname, '../../fixtures/sites/gnuboard-view.html'), 'utf8');
    const inert = new JSDOM('').window.document.implementation.createHTMLDocument('');
    inert.documentElement.innerHTML = html;
    const a = analyzePage(inert, 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981', NOW);
    expect(a.article?.html).toMatch(/^<p>토요일/);
  });

  it('a document without a window, given one, yields DOMPurify-sanitized markup', () => {
    const html = readFileSync(path.resolve(__dirname, '../../fixtures/sites/gnuboard-view.html'), 'utf8');
    const { window } = new JSDOM('');
    const inert = window.document.implementation.createHTMLDocument('');
    inert.documentElement.innerHTML = html.replace(
      '<p>다음 주에 다시 갑니다.</p>',
      '<p>다음 주에 <a href="https://x.example/" onclick="alert(1)">다시</a> 갑니다.</p><img src="https://x.example/a.jpg" onerror="alert(2)">',
    );
    const url = 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981';
    const plain = analyzePage(inert, url, NOW);
    const a = analyzePage(inert, url, NOW, { window: window as unknown as Window & typeof globalThis });
    expect(a.article?.text).toBe(plain.article?.text);
    expect(a.article?.html).not.toBe(plain.article?.html);
    expect(a.article?.html).toContain('<a href="https://x.example/"');
    expect(a.article?.html).toContain('<img src="https://x.example/a.jpg">');
    expect(a.article?.html).not.toMatch(/onerror|onclick|alert/);
    const body = new JSDOM(a.article!.html).window.document.body;
    expect(body.textContent?.replace(/\s+/g, '')).toBe(a.article?.text.replace(/\s+/g, ''));
  });
});
