// @vitest-environment jsdom
/**
 * Robustness of the page readers against whatever a page is: fast-check feeds generated DOMs
 * (board and article markup of the recognized engines mixed with junk, hostile payloads, deep
 * nesting) and mutated real pages (../shared/corpus/readability) to classifyPage and analyzePage.
 * They never throw, finish in bounded time, leave the page's DOM as it was, and what they return
 * holds no active content.
 *
 * The time cap is a hang guard for pathological input, not a benchmark: jsdom is many times
 * slower than a browser and the machine is shared, so it is generous (5 s per page).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '@/lib/extract/analyze';
import { classifyPage } from '@/lib/extract/classify';
import type { PageAnalysis } from '@/lib/model';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/readability');
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`mutated corpus robustness tests did not run: ${corpus} is missing`);

/**
 * Hang guard, not a speed measure (every page finishes in bounded time): generous so a
 * loaded CI machine never trips it (pages take ~0.1-1 s here), small enough to catch a runaway
 * loop or catastrophic backtracking. Speed is measured by the benchmarks, never asserted here.
 */
const HANG_CAP_MS = 30_000;
/** Vitest's limit for a test of many pages: the runs share it, so it is not the per-page bound. */
const MANY_PAGES_TIMEOUT_MS = 600_000;
const NOW = new Date('2025-02-05T06:00:00Z');

/** Payloads that would run if any of it reached an extension page as markup. */
const FORM_PAYLOAD = '<form action="javascript:window.__pwned=1"><button>보내기</button></form>';
const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<a href="javascript:window.__pwned=1">링크</a>',
  '<a href=" JaVaScRiPt:window.__pwned=1">공백 링크</a>',
  '<svg onload="window.__pwned=1"><circle r=1 /></svg>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<div style="background:url(javascript:window.__pwned=1)">스타일</div>',
  '<object data="javascript:window.__pwned=1"></object>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
  FORM_PAYLOAD,
  '<a href="data:text/html,<script>window.__pwned=1</script>">데이터</a>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
];

const HOSTS = [
  'https://n.news.naver.com/mnews/article/028/0002730000',
  'https://v.daum.net/v/20250205143200123',
  'https://www.ranknews.kr/board/47201',
  'https://www.ranknews.kr/index.php?mid=board&document_srl=47201',
  'https://sir.kr/bbs/board.php?bo_table=free&wr_id=12',
  'https://example.com/2025/02/05/story.html',
  'http://fakehost/test/page.html',
];

/** Class names and ids the site profiles look for, so generated pages reach deep into them. */
const CLASSES = [
  'xe',
  'xe_content',
  'board_list',
  'board_read',
  'read_header',
  'read_body',
  'rd_body',
  'bo_v_con',
  'tbl_head01',
  'td_subject',
  'newsct_article',
  'media_end_head_headline',
  'article_view',
  'news_view',
  'title',
  'author',
  'time',
  'no',
  'notice',
  'pagination',
  'pg_wrap',
  'byline',
  'date',
  'info',
  'comment',
];
const IDS = ['dic_area', 'title_area', 'mArticle', 'bo_v', 'bo_list', 'content', 'article', 'main'];
const TAGS = [
  'div',
  'p',
  'span',
  'a',
  'table',
  'tbody',
  'tr',
  'td',
  'th',
  'ul',
  'li',
  'h1',
  'h2',
  'h3',
  'article',
  'section',
  'br',
  'img',
  'time',
  'em',
  'strong',
];
const TEXTS = [
  '한·일 정상, 생성형 인공지능 공동 연구 합의할 듯',
  '입력 2025.02.05. 오후 2:32',
  '홍길동 기자 hong@example.co.kr',
  '2025.02.05 15:02',
  '조회 수 1234',
  '공지',
  '47201',
  '[3]',
  '무단 전재 및 재배포 금지',
  '서울=연합뉴스',
  '',
  ' ',
  '\u200b',
  'a'.repeat(300),
  '가'.repeat(2000),
];

type Node = { tag: string; cls: string | null; id: string | null; attr: string | null; kids: Array<Node | string> };

const textArb = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...PAYLOADS).map((p) => p.replace(/</g, '&lt;')),
);

const { node } = fc.letrec<{ node: Node; kid: Node | string }>((tie) => ({
  node: fc.record({
    tag: fc.constantFrom(...TAGS),
    cls: fc.option(fc.constantFrom(...CLASSES)),
    id: fc.option(fc.constantFrom(...IDS)),
    attr: fc.option(
      fc.constantFrom(
        'href="/board/47202"',
        'href="?mid=board&document_srl=47203"',
        'href="javascript:window.__pwned=1"',
        'onclick="window.__pwned=1"',
        'data-date-time="2025-02-05 14:32:00"',
        'datetime="2025-02-05T14:32:00+09:00"',
        'src="x" onerror="window.__pwned=1"',
        'style="background:url(javascript:window.__pwned=1)"',
      ),
    ),
    kids: fc.array(tie('kid'), { maxLength: 5, depthIdentifier: 'tree' }),
  }),
  kid: fc.oneof({ depthSize: 'small', withCrossShrink: true }, textArb, tie('node'), fc.constantFrom(...PAYLOADS)),
}));

function render(n: Node | string): string {
  if (typeof n === 'string') return n;
  const attrs = [n.cls && `class="${n.cls}"`, n.id && `id="${n.id}"`, n.attr].filter(Boolean).join(' ');
  return `<${n.tag}${attrs ? ` ${attrs}` : ''}>${n.kids.map(render).join('')}</${n.tag}>`;
}

const pageArb = fc.record({
  url: fc.constantFrom(...HOSTS),
  generator: fc.option(fc.constantFrom('Rhymix', 'XpressEngine', 'GNUBoard 5')),
  title: textArb,
  og: fc.boolean(),
  body: fc.array(node, { minLength: 0, maxLength: 6 }),
});

type PageSpec = typeof pageArb extends fc.Arbitrary<infer T> ? T : never;

function pageHtml(p: PageSpec) {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8">${
    p.generator ? `<meta name="generator" content="${p.generator}">` : ''
  }${p.og ? `<meta property="og:type" content="article"><meta property="og:title" content="${p.title.replace(/"/g, '&quot;')}">` : ''}<title>${p.title}</title></head><body>${p.body.map(render).join('')}</body></html>`;
}

/** What an analysis may hand to extension pages: HTML with no active content, sane fields. */
function checkAnalysis(a: PageAnalysis, url: string) {
  expect(a.url).toBe(url);
  expect(['article', 'board', 'article+board', 'other']).toContain(a.kind);
  expect(a.confidence).toBeGreaterThanOrEqual(0);
  expect(a.confidence).toBeLessThanOrEqual(1);
  // It must survive structured cloning (it crosses a message boundary).
  expect(structuredClone(a)).toEqual(a);
  const html = a.article?.html;
  if (html) {
    const frag = JSDOM.fragment(html);
    expect(frag.querySelector('script, iframe, object, embed, style, form, base, meta, link, noscript')).toBeNull();
    for (const el of frag.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name, html).not.toMatch(/^on/i);
        expect(attr.name).not.toBe('style');
        // A script URL, not a word: title="JavaScript" (Wikipedia's links have it) is plain text.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip control characters in a URL scheme
        expect(attr.value.replace(/[\s\u0000-\u001f]/g, '')).not.toMatch(/^(javascript:|vbscript:|data:text)/i);
      }
    }
  }
  for (const r of a.board?.rows ?? []) {
    expect(r.url).toMatch(/^https?:/);
    expect(typeof r.title).toBe('string');
  }
  if (a.board?.url) expect(a.board.url).toMatch(/^https?:/);
}

/** Run both readers on a document, with the hang guard and the DOM-untouched check. */
function readBoth(html: string, url: string) {
  // A silent console: jsdom complains about the payloads' CSS, which is expected.
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  const doc = dom.window.document;
  const before = doc.documentElement.outerHTML;
  const t0 = performance.now();
  const c = classifyPage(doc, url);
  const a = analyzePage(doc, url, NOW);
  const ms = performance.now() - t0;
  // The extractor runs in the visited page itself: it reads copies and never edits the page.
  expect(doc.documentElement.outerHTML).toBe(before);
  expect(ms, `classify+analyze of ${url} took ${Math.round(ms)} ms`).toBeLessThan(HANG_CAP_MS);
  expect(['article', 'board', 'article+board', 'other']).toContain(c.kind);
  checkAnalysis(a, url);
  dom.window.close();
  return { c, a, ms };
}

describe('generated pages', () => {
  it('classifyPage and analyzePage never throw, stay in bounds and return no active content', {
    timeout: MANY_PAGES_TIMEOUT_MS,
  }, () => {
    fc.assert(
      fc.property(pageArb, (p) => {
        readBoth(pageHtml(p), p.url);
      }),
      { numRuns: 100 },
    );
  });

  it('a hostile page of nothing but payloads yields no active content', { timeout: MANY_PAGES_TIMEOUT_MS }, () => {
    const html = `<!doctype html><html><head><title>${PAYLOADS.join('')}</title></head><body><article id="dic_area"><p>${'본문 문장입니다. '.repeat(40)}</p>${PAYLOADS.join('<p>사이 문단입니다.</p>')}</article></body></html>`;
    for (const url of HOSTS) readBoth(html, url);
  });

  it('pathological shapes finish: deep nesting, wide tables, long text, many links', {
    timeout: MANY_PAGES_TIMEOUT_MS,
  }, () => {
    // Sizes a browser reads in well under a second; jsdom is far slower (see docs/security.md).
    const deep = `<html><body>${'<div class="xe_content">'.repeat(60)}깊은 본문${'</div>'.repeat(60)}</body></html>`;
    const wide = `<html><body><table class="board_list"><tbody>${Array.from(
      { length: 150 },
      (_, i) =>
        `<tr><td class="no">${i}</td><td class="title"><a href="/board/${i}">제목 ${i}</a></td><td class="author">글쓴이</td><td class="time">2025.02.05</td></tr>`,
    ).join('')}</tbody></table></body></html>`;
    const long = `<html><body><article><p>${'아주 긴 문단 '.repeat(20_000)}</p></article></body></html>`;
    const links = `<html><body>${'<a href="/board/1">링크</a>'.repeat(300)}</body></html>`;
    for (const [name, html] of Object.entries({ deep, wide, long, links })) {
      const { ms } = readBoth(html, 'https://www.ranknews.kr/board');
      console.info(`${name}: ${Math.round(ms)} ms`);
    }
  });
});

describe.skipIf(!hasCorpus)('mutated corpus pages', () => {
  const names = hasCorpus
    ? readdirSync(corpus, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(corpus, d.name, 'source.html')))
        .map((d) => d.name)
    : [];
  const source = (name: string) => readFileSync(path.join(corpus, name, 'source.html'), 'utf8');

  /** A mutation of a page's markup: cut, splice payloads in, duplicate, strip closing tags. */
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({
      op: fc.constant('inject' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      payload: fc.constantFrom(...PAYLOADS),
    }),
    fc.record({
      op: fc.constant('duplicate' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      len: fc.integer({ min: 1, max: 5000 }),
    }),
    fc.record({ op: fc.constant('unclose' as const), tag: fc.constantFrom('div', 'p', 'table', 'tr', 'a') }),
    fc.record({ op: fc.constant('board' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

  function mutate(html: string, m: Mutation): string {
    const at = 'at' in m ? Math.floor(m.at * html.length) : 0;
    switch (m.op) {
      case 'truncate':
        return html.slice(0, at);
      case 'inject':
        return html.slice(0, at) + m.payload + html.slice(at);
      case 'duplicate':
        return html.slice(0, at) + html.slice(at, at + m.len).repeat(3) + html.slice(at);
      case 'unclose':
        return html.replaceAll(`</${m.tag}>`, '');
      case 'board':
        return `${html.slice(0, at)}<div class="board_list"><table><tr><td class="no">1</td><td class="title"><a href="javascript:window.__pwned=1">${PAYLOADS[1]}</a></td></tr></table></div>${html.slice(at)}`;
    }
  }

  it('never throw, stay in bounds and return no active content', { timeout: MANY_PAGES_TIMEOUT_MS }, () => {
    let slowest = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...HOSTS),
        (name, ms, url) => {
          const html = ms.reduce(mutate, source(name));
          slowest = Math.max(slowest, readBoth(html, url).ms);
        },
      ),
      // No shrinking: each run reads a whole real page; the failing seed and path are printed.
      // The examples always run: pages whose text once tripped this test (CI seed -57737053).
      {
        numRuns: Number(process.env.ROBUST_RUNS ?? 12),
        endOnFailure: true,
        examples: [
          [
            'wikipedia',
            [
              { op: 'unclose', tag: 'tr' },
              { op: 'unclose', tag: 'p' },
              { op: 'inject', at: 0, payload: FORM_PAYLOAD },
            ],
            'https://sir.kr/bbs/board.php?bo_table=free&wr_id=12',
          ],
        ],
      },
    );
    console.info(`mutated corpus: slowest page ${Math.round(slowest)} ms (cap ${HANG_CAP_MS} ms)`);
  });
});
