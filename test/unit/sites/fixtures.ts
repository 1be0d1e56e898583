/** Loading fixture pages into jsdom documents at a given URL. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');

/**
 * The seed page's text (../shared/seed beside the clone). The repository keeps only the markup of
 * the seed page (sites/xe-seed-read.tmpl.html, with {{SEED:n}} where line n of the seed goes and
 * {{SEED:n:title}} for the title of list row n): DEVELOPERS.md forbids copying ../shared in.
 */
const SEED_DIR = path.resolve(__dirname, '../../../../shared/seed');
const seedFile = existsSync(SEED_DIR) ? readdirSync(SEED_DIR).find((f) => f.endsWith('.txt')) : undefined;
const seedLines = seedFile ? readFileSync(path.join(SEED_DIR, seedFile), 'utf8').split('\n') : null;
export const hasSeed = seedLines !== null;
if (!hasSeed) console.warn(`seed page tests did not run: ${SEED_DIR} is missing (it sits beside the clone in CI)`);

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The seed page rebuilt: the template's markup with the seed's text put back. */
function seedPage(template: string): string {
  // Without the seed the page keeps its placeholders; the tests that read its text are skipped.
  if (!seedLines) return template;
  return template.replace(/\{\{SEED:(\d+)(:title)?\}\}/g, (_m, n: string, title?: string) => {
    const line = (seedLines[Number(n)] ?? '').trim();
    // A list row reads `47309 <title> 랭크뉴스 2025.02.05`.
    const text = title ? line.replace(/^\d+ /, '').replace(/ \S+ \d{4}\.\d{2}\.\d{2}$/, '') : line;
    return escapeHtml(text);
  });
}

/** A fixture page as a jsdom document (scripts are not run). `sites/xe-seed-read.html` is the seed page. */
export function load(rel: string, url: string): Document {
  const html =
    rel === 'sites/xe-seed-read.html'
      ? seedPage(readFileSync(path.join(FIXTURES, 'sites/xe-seed-read.tmpl.html'), 'utf8'))
      : readFileSync(path.join(FIXTURES, rel), 'utf8');
  return new JSDOM(html, { url }).window.document;
}

/** 2025-02-05 22:00 KST: the moment the fixture pages are "seen". */
export const NOW = new Date('2025-02-05T13:00:00Z');

export interface FixtureCase {
  file: string;
  url: string;
  profile: string;
  kind: 'article' | 'board' | 'article+board' | 'other';
}

/** Every profile fixture with the URL it is served at, its profile and its kind. */
export const PROFILE_FIXTURES: FixtureCase[] = (
  [
    {
      file: 'sites/xe-seed-read.html',
      url: 'https://ranknews.example/news/47310588',
      profile: 'xe',
      kind: 'article+board',
    },
    { file: 'sites/xe-default-list.html', url: 'https://devclub.example.kr/free', profile: 'xe', kind: 'board' },
    {
      file: 'sites/xe-xedition-read.html',
      url: 'https://town.example.org/index.php?mid=town&document_srl=5521',
      profile: 'xe',
      kind: 'article+board',
    },
    {
      file: 'sites/xe-sketchbook5-read.html',
      url: 'http://camplove.example.com/1185520',
      profile: 'xe',
      kind: 'article+board',
    },
    {
      file: 'sites/gnuboard-list.html',
      url: 'https://fishing.example.kr/bbs/board.php?bo_table=free',
      profile: 'gnuboard',
      kind: 'board',
    },
    {
      file: 'sites/gnuboard-view.html',
      url: 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981',
      profile: 'gnuboard',
      kind: 'article+board',
    },
    {
      file: 'sites/naver-article.html',
      url: 'https://n.news.naver.com/mnews/article/028/0002727273',
      profile: 'naver',
      kind: 'article',
    },
    {
      file: 'sites/daum-article.html',
      url: 'https://v.daum.net/v/20250205143200123',
      profile: 'daum',
      kind: 'article',
    },
    {
      file: 'generic/news-article.html',
      url: 'https://www.econ.example/news/articleView.html?idxno=55',
      profile: 'generic',
      kind: 'article',
    },
    {
      // A two-paragraph brief: too short for Readability's readerable check, an article by its metadata.
      file: 'generic/news-brief.html',
      url: 'https://www.bada.example/news/articleView.html?idxno=3302',
      profile: 'generic',
      kind: 'article',
    },
    {
      file: 'generic/boards/table-korean.html',
      url: 'https://gu.example.go.kr/notice/list.do',
      profile: 'generic',
      kind: 'board',
    },
  ] as FixtureCase[]
).filter((f) => hasSeed || f.file !== 'sites/xe-seed-read.html');
