// In-page loading of the test pages: the shared Readability corpus (../shared/corpus/readability,
// served by bench/run.mjs under /corpus/) and the Korean fixtures (test/fixtures, under /fixtures/).

/** The URL each Korean fixture is "seen" at, so the URL-based site profiles apply. */
const FIXTURE_URLS = {
  'sites/xe-seed-read.html': 'https://ranknews.example/news/47310588',
  'sites/xe-default-list.html': 'https://devclub.example.kr/free',
  'sites/xe-xedition-read.html': 'https://town.example.org/index.php?mid=town&document_srl=5521',
  'sites/xe-sketchbook5-read.html': 'http://camplove.example.com/1185520',
  'sites/gnuboard-list.html': 'https://fishing.example.kr/bbs/board.php?bo_table=free',
  'sites/gnuboard-view.html': 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981',
  'sites/naver-article.html': 'https://n.news.naver.com/mnews/article/028/0002727273',
  'sites/daum-article.html': 'https://v.daum.net/v/20250205143200123',
  'generic/news-article.html': 'https://www.econ.example/news/articleView.html?idxno=55',
  'generic/boards/table-korean.html': 'https://gu.example.go.kr/notice/list.do',
};

/** The moment the fixture pages are "seen" (2025-02-05 22:00 KST). */
export const NOW = new Date('2025-02-05T13:00:00Z');

/**
 * Every page as { id, url, html }: corpus pages (at the URL the Readability tests use) and the
 * Korean fixtures. `limit` keeps the first n corpus pages (quick runs).
 */
export async function loadPages(ctx, { limit } = {}) {
  const corpus = await ctx.json('/corpus/index.json');
  const fixtures = await ctx.json('/fixtures/index.json');
  if (!corpus.length)
    ctx.log('NOTE: ../shared/corpus/readability is missing: corpus pages did not run (fixtures only)');
  const picked = limit ? corpus.filter((_, i) => i % Math.ceil(corpus.length / limit) === 0) : corpus;
  const pages = [];
  for (const dir of picked) {
    pages.push({
      id: `corpus/${dir}`,
      url: 'http://fakehost/test/page.html',
      html: await ctx.text(`/corpus/${dir}/source.html`),
    });
  }
  for (const f of fixtures) {
    pages.push({
      id: `fixtures/${f}`,
      url: FIXTURE_URLS[f] ?? `https://board.example.kr/${f}`,
      html: await ctx.text(`/fixtures/${f}`),
      korean: true,
    });
  }
  return pages;
}

const parser = new DOMParser();

/** A fresh document of a page (scripts are not run; a parsed document has no layout). */
export function parse(page) {
  return parser.parseFromString(page.html, 'text/html');
}
