/**
 * The own corpus scorer: how well analyzePage reads our Korean fixtures.
 *
 * - Articles (test/fixtures/corpus/articles/<name>.html with <name>.truth.json): one point per
 *   field: title (exact after NFC and white-space normalisation), reporters (as a set), outlet,
 *   publishedAt (the same instant), body start and body end (the normalised body text begins with
 *   bodyStart and ends with bodyEnd), each mustHave phrase present and each mustNotHave phrase
 *   absent. A page without an article scores no field.
 * - Boards (test/fixtures/generic/boards/<name>.truth.json beside <name>.html): rows of
 *   analyzePage(...).board.rows are matched to the truth's posts on URL, then on title; F1 over the
 *   matches, and title accuracy (a matched row with the post's title, over all posts).
 * - Not-boards (test/fixtures/generic/not-boards/*.html): the page kind must be `other`.
 * - Article kinds: the share of article pages classified as an article (`article` or
 *   `article+board`), so the popup offers them as news pages; kept apart from the fields.
 *
 * Shared by scripts/score-corpus.mjs (`npm run score:corpus`) and
 * test/unit/extract/own-corpus.test.ts, which holds the overall numbers at their floors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { analyzePage } from '../../lib/extract/analyze';
import type { PageAnalysis } from '../../lib/model';

/** The repository root (this file is test/support/score-corpus.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The fixed clock every page is read at (the same as the site fixtures' tests). */
export const SCORE_NOW = new Date('2025-02-05T13:00:00Z');

/** The page URL board fixtures are read at when their truth names none. */
export const BOARD_URL = 'https://unknown.example/board/list';

export interface ArticleTruth {
  url: string;
  kind: 'article';
  title: string;
  reporters: string[];
  byline: string | null;
  outlet: string;
  via: string | null;
  publishedAt: string;
  bodyStart: string;
  bodyEnd: string;
  mustHave: string[];
  mustNotHave: string[];
}

export interface BoardTruthPost {
  title: string;
  author: string | null;
  date: string | null;
  url: string;
  comments: number | null;
  notice: boolean;
}

export interface BoardTruth {
  kind: 'board';
  /** The page URL to read the fixture at; BOARD_URL when absent. */
  url?: string;
  posts: BoardTruthPost[];
}

export interface FieldResult {
  field: string;
  ok: boolean;
  /** What was expected and what came out, for a miss. */
  detail?: string;
}

export interface ArticleScore {
  name: string;
  kind: string;
  profile: string;
  fields: FieldResult[];
  correct: number;
  total: number;
}

export interface BoardScore {
  name: string;
  posts: number;
  rows: number;
  /** Posts matched to a row, on URL or else on title. */
  matched: number;
  /** Of those, matched on title only (the row's URL is wrong). */
  byTitle: number;
  /** Matched posts whose row has the post's title. */
  titles: number;
  /** Truth posts no row matched, and rows no post matched. */
  missing: string[];
  extra: string[];
  wrongTitles: string[];
  wrongUrls: string[];
}

export interface KindScore {
  name: string;
  kind: string;
  ok: boolean;
}

export interface CorpusScore {
  articles: ArticleScore[];
  boards: BoardScore[];
  notBoards: KindScore[];
  /** Overall percentages (0..100, one decimal); null when there was nothing to score. */
  articleFields: number | null;
  boardF1: number | null;
  boardTitles: number | null;
  notBoardKinds: number | null;
  /** Article pages whose kind is an article (`article` or `article+board`), in percent. */
  articleKinds: number | null;
}

/** NFC, white space collapsed to one space, trimmed. */
export function norm(s: string | null | undefined): string {
  return (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

function pct(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((1000 * n) / d) / 10;
}

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Date.parse(a);
  return !Number.isNaN(x) && x === Date.parse(b);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map(norm));
  const y = new Set(b.map(norm));
  return x.size === y.size && [...x].every((v) => y.has(v));
}

function analyze(html: string, url: string): PageAnalysis {
  const dom = new JSDOM(html, { url });
  try {
    return analyzePage(dom.window.document, url, SCORE_NOW);
  } finally {
    dom.window.close();
  }
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Scores one article page against its truth. */
export function scoreArticle(name: string, html: string, truth: ArticleTruth): ArticleScore {
  const a = analyze(html, truth.url);
  const art = a.article;
  const text = norm(art?.text);
  const fields: FieldResult[] = [];
  const add = (field: string, ok: boolean, detail?: string) => fields.push(ok ? { field, ok } : { field, ok, detail });
  const q = (s: string | null | undefined) => JSON.stringify(s ?? null);
  add('title', !!art && norm(art.title) === norm(truth.title), `${q(truth.title)} got ${q(art?.title)}`);
  add(
    'reporters',
    !!art && sameSet(art.authors, truth.reporters),
    `${q(truth.reporters.join(','))} got ${q(art?.authors.join(','))}`,
  );
  add('outlet', !!art && norm(art.siteName) === norm(truth.outlet), `${q(truth.outlet)} got ${q(art?.siteName)}`);
  add(
    'publishedAt',
    !!art && sameInstant(art.publishedAt, truth.publishedAt),
    `${truth.publishedAt} got ${art?.publishedAt ?? null}`,
  );
  add('bodyStart', !!art && text.startsWith(norm(truth.bodyStart)), `${q(truth.bodyStart)} got ${q(clip(text))}`);
  add(
    'bodyEnd',
    !!art && text.endsWith(norm(truth.bodyEnd)),
    `${q(truth.bodyEnd)} got ${q(text.length > 60 ? `…${text.slice(-60)}` : text)}`,
  );
  for (const p of truth.mustHave) add(`mustHave ${q(p)}`, !!art && text.includes(norm(p)), 'missing');
  for (const p of truth.mustNotHave) add(`mustNotHave ${q(p)}`, !!art && !text.includes(norm(p)), 'present');
  const correct = fields.filter((f) => f.ok).length;
  return { name, kind: a.kind, profile: a.profile, fields, correct, total: fields.length };
}

function urlOf(u: string, base: string): string {
  try {
    return new URL(u, base).href;
  } catch {
    return u;
  }
}

/**
 * Scores one board page. Rows are matched to the truth's posts on URL first; a post no row has
 * the URL of is then matched to a row left over with the same title (counted in `byTitle`, and
 * its wrong URL listed). F1 counts both kinds of match; title accuracy counts matched posts whose
 * row has the post's title.
 */
export function scoreBoard(name: string, html: string, truth: BoardTruth): BoardScore {
  const pageUrl = truth.url ?? BOARD_URL;
  const rows = (analyze(html, pageUrl).board?.rows ?? []).map((r) => ({
    url: urlOf(r.url, pageUrl),
    title: norm(r.title),
    used: false,
  }));
  let matched = 0;
  let byTitle = 0;
  let titles = 0;
  const missing: string[] = [];
  const wrongTitles: string[] = [];
  const wrongUrls: string[] = [];
  const unmatched: BoardTruthPost[] = [];
  for (const p of truth.posts) {
    const url = urlOf(p.url, pageUrl);
    const title = norm(p.title);
    // Several rows may share a URL (a notice repeated in the list): the one with the title first.
    const row =
      rows.find((r) => !r.used && r.url === url && r.title === title) ?? rows.find((r) => !r.used && r.url === url);
    if (!row) {
      unmatched.push(p);
      continue;
    }
    row.used = true;
    matched++;
    if (row.title === title) titles++;
    else wrongTitles.push(`${JSON.stringify(p.title)} got ${JSON.stringify(row.title)}`);
  }
  for (const p of unmatched) {
    const url = urlOf(p.url, pageUrl);
    const row = rows.find((r) => !r.used && r.title === norm(p.title));
    if (!row) {
      missing.push(`${url} ${JSON.stringify(p.title)}`);
      continue;
    }
    row.used = true;
    matched++;
    byTitle++;
    titles++;
    wrongUrls.push(`${JSON.stringify(p.title)}: ${url} got ${row.url}`);
  }
  const extra = rows.filter((r) => !r.used).map((r) => `${r.url} ${JSON.stringify(r.title)}`);
  return {
    name,
    posts: truth.posts.length,
    rows: rows.length,
    matched,
    byTitle,
    titles,
    missing,
    extra,
    wrongTitles,
    wrongUrls,
  };
}

function truthPairs(dir: string): { name: string; html: string; truth: unknown }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .flatMap((f) => {
      const name = f.slice(0, -'.truth.json'.length);
      const htmlPath = path.join(dir, `${name}.html`);
      if (!existsSync(htmlPath)) return [];
      // A truth file being written right now may not parse yet: it is left out, not fatal.
      let truth: unknown;
      try {
        truth = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      } catch {
        return [];
      }
      return [{ name, html: readFileSync(htmlPath, 'utf8'), truth }];
    });
}

/** Scores the whole corpus under `root` (the repository root). */
export function scoreCorpus(root: string = REPO_ROOT): CorpusScore {
  const fixtures = path.join(root, 'test/fixtures');
  const articles = truthPairs(path.join(fixtures, 'corpus/articles'))
    .filter((p) => (p.truth as ArticleTruth).kind === 'article')
    .map((p) => scoreArticle(p.name, p.html, p.truth as ArticleTruth));
  const boards = truthPairs(path.join(fixtures, 'generic/boards'))
    .filter((p) => (p.truth as BoardTruth).kind === 'board' && Array.isArray((p.truth as BoardTruth).posts))
    .map((p) => scoreBoard(p.name, p.html, p.truth as BoardTruth));
  const nbDir = path.join(fixtures, 'generic/not-boards');
  const notBoards = (existsSync(nbDir) ? readdirSync(nbDir) : [])
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const kind = analyze(readFileSync(path.join(nbDir, f), 'utf8'), BOARD_URL).kind;
      return { name: f.replace(/\.html$/, ''), kind, ok: kind === 'other' };
    });

  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);
  const matched = sum(boards, (b) => b.matched);
  const precision = pct(
    matched,
    sum(boards, (b) => b.rows),
  );
  const recall = pct(
    matched,
    sum(boards, (b) => b.posts),
  );
  const f1 =
    precision === null || recall === null
      ? null
      : precision + recall === 0
        ? 0
        : Math.round((20 * precision * recall) / (precision + recall)) / 10;
  return {
    articles,
    boards,
    notBoards,
    articleFields: pct(
      sum(articles, (a) => a.correct),
      sum(articles, (a) => a.total),
    ),
    boardF1: boards.length ? (f1 ?? 0) : null,
    boardTitles: pct(
      sum(boards, (b) => b.titles),
      sum(boards, (b) => b.posts),
    ),
    notBoardKinds: pct(notBoards.filter((k) => k.ok).length, notBoards.length),
    articleKinds: pct(articles.filter((a) => a.kind.startsWith('article')).length, articles.length),
  };
}

/** The report `npm run score:corpus` prints: one line per fixture, its misses, then the totals. */
export function formatScore(s: CorpusScore, verbose = true): string {
  const out: string[] = [];
  const show = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)}%`);
  out.push(`Articles (${s.articles.length}): fields right / fields`);
  for (const a of s.articles) {
    out.push(
      `  ${a.name.padEnd(34)} ${String(a.correct).padStart(2)}/${String(a.total).padEnd(2)}  ${a.kind} (${a.profile})`,
    );
    if (verbose) for (const f of a.fields.filter((x) => !x.ok)) out.push(`      ✗ ${f.field}: ${f.detail ?? ''}`);
  }
  out.push(`Boards (${s.boards.length}): posts matched (on URL, or title only) / posts, rows, titles right`);
  for (const b of s.boards) {
    const only = b.byTitle ? ` (${b.byTitle} on title only)` : '';
    out.push(
      `  ${b.name.padEnd(34)} ${b.matched}/${b.posts} matched${only}, ${b.rows} rows, ${b.titles}/${b.posts} titles`,
    );
    if (verbose) {
      for (const u of b.missing) out.push(`      ✗ missing ${u}`);
      for (const u of b.extra) out.push(`      ✗ extra ${u}`);
      for (const t of b.wrongTitles) out.push(`      ✗ title ${t}`);
      for (const u of b.wrongUrls) out.push(`      ✗ url ${u}`);
    }
  }
  out.push(`Not boards (${s.notBoards.length}): kind must be other`);
  for (const k of s.notBoards) out.push(`  ${k.name.padEnd(34)} ${k.ok ? 'ok' : '✗'} ${k.kind}`);
  out.push('');
  out.push(`article fields ${show(s.articleFields)}`);
  out.push(`board F1       ${show(s.boardF1)}`);
  out.push(`board titles   ${show(s.boardTitles)}`);
  out.push(`not-board kind ${show(s.notBoardKinds)}`);
  out.push(`article kind   ${show(s.articleKinds)}`);
  return out.join('\n');
}
