// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../lib/extract/analyze';
import { baseUrlOf, sanitizeHtml } from '../../../lib/extract/sanitize';
import { NOW } from '../sites/fixtures';

// A board post's body keeps its URLs as the site wrote them; the saved copy is shown in an
// extension page, where `/files/a.jpg` would point into the extension. They must come out
// absolute, against the post's page (and its <base>), not dropped.
const XE = readFileSync(path.join(__dirname, '../../fixtures/sites/xe-xedition-read.html'), 'utf8');
const withMedia = (html: string, head = '') =>
  html
    .replace('<head>', `<head>${head}`)
    .replace(
      '<p>평일은 그대로입니다. 참고하세요.</p>',
      '<p>평일은 그대로입니다. <a href="/town/5520">지난 공지</a> <a href="notice.html">안내</a> <a href="#top">위로</a></p><p><img src="files/attach/5521.jpg" alt="안내문"> <img src="//cdn.town.example.org/b.png" alt="b"></p>',
    );

describe('relative URLs in saved HTML', () => {
  it('a profile-read body keeps its links and images, absolute against the post URL', () => {
    const url = 'https://town.example.org/board/index.php?mid=town&document_srl=5521';
    const doc = new JSDOM(withMedia(XE), { url }).window.document;
    const a = analyzePage(doc, url, NOW);
    const body = new JSDOM(a.article!.html).window.document.body;
    const hrefs = [...body.querySelectorAll('a')].map((x) => x.getAttribute('href'));
    const srcs = [...body.querySelectorAll('img')].map((x) => x.getAttribute('src'));
    expect(hrefs).toEqual(['https://town.example.org/town/5520', 'https://town.example.org/board/notice.html', '#top']);
    expect(srcs).toEqual([
      'https://town.example.org/board/files/attach/5521.jpg',
      'https://cdn.town.example.org/b.png',
    ]);
  });

  it("the page's <base href> decides, resolved against the page URL", () => {
    const url = 'https://town.example.org/index.php?mid=town&document_srl=5521';
    const doc = new JSDOM(withMedia(XE, '<base href="/xe/">'), { url }).window.document;
    expect(baseUrlOf(doc, url)).toBe('https://town.example.org/xe/');
    const html = analyzePage(doc, url, NOW).article!.html;
    expect(html).toContain('src="https://town.example.org/xe/files/attach/5521.jpg"');
    expect(html).toContain('href="https://town.example.org/xe/notice.html"');
  });

  it('schemes are never rewritten and script ones stay dropped; without a base a relative URL is dropped', () => {
    const { window } = new JSDOM('');
    const win = window as unknown as Window & typeof globalThis;
    const dirty =
      '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><img src="data:image/svg+xml,<svg onload=alert(1)>"><a href="/ok">z</a>';
    const withBase = new JSDOM(sanitizeHtml(dirty, win, 'https://a.example/p/')).window.document.body;
    expect([...withBase.querySelectorAll('a')].map((x) => x.getAttribute('href'))).toEqual([
      null,
      null,
      'https://a.example/ok',
    ]);
    // A scheme is never taken for a relative path (DOMPurify's own rule keeps inert data: images).
    expect(withBase.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml,/);
    // Without a base (render time in an extension page), a relative URL is not trusted.
    const noBase = new JSDOM(sanitizeHtml('<a href="/ok">z</a>', win)).window.document.body;
    expect(noBase.querySelector('a')?.getAttribute('href') ?? null).toBeNull();
  });
});
