/**
 * Generic detection for sites no profile knows: board lists by their shape (generic-board.ts),
 * articles by Readability's cheap isProbablyReaderable check together with page metadata
 * (og:type article, article:published_time, JSON-LD NewsArticle). Articles are then read by
 * Readability in lib/extract, so this profile has no article() of its own.
 */
// The readerable check alone: importing '@mozilla/readability' would pull the whole parser
// into the always-on content script.
import isProbablyReaderable from '@mozilla/readability/Readability-readerable.js';
import type { BoardData } from '../model';
import { metaContent, textOf } from './dom';
import { findGenericBoard } from './generic-board';
import { postIdentity, urlKey } from './identity';
import { boardFromRows } from './rows';
import type { ProfileMatch, SiteProfile } from './types';

/** Example URLs of pages only the generic profile knows. */
export const GENERIC_EXAMPLES = [
  'https://www.hani.co.kr/arti/international/japan/1180981.html',
  'https://forum.example.org/threads?page=2',
] as const;

const ARTICLE_TYPES =
  /"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion|Report|Scholarly|Tech)?Article"|"@type"\s*:\s*\[?\s*"BlogPosting"/;

/** What the page's metadata says about it being an article. */
export interface ArticleSignals {
  readerable: boolean;
  ogArticle: boolean;
  publishedTime: boolean;
  jsonLdArticle: boolean;
  /** A reporter printed on the line of the publication time (read only when the rest cannot decide). */
  printedByline: boolean;
}

/** Cheap article signals: no Readability parse. */
function articleSignals(doc: Document, list: boolean): ArticleSignals {
  let readerable = false;
  try {
    readerable = isProbablyReaderable(doc);
  } catch {
    readerable = false;
  }
  let jsonLdArticle = false;
  let jsonLdPublished = false;
  const ld = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < ld.length && i < 10 && !jsonLdArticle; i++) {
    const text = (ld[i]!.textContent ?? '').slice(0, 100_000);
    jsonLdArticle = ARTICLE_TYPES.test(text);
    // The story's publication time in its JSON-LD is the same signal as the meta tag.
    jsonLdPublished = jsonLdArticle && /"datePublished"\s*:\s*"\d{4}-/.test(text);
  }
  const signals: ArticleSignals = {
    readerable,
    ogArticle: /article/i.test(metaContent(doc, 'og:type') ?? ''),
    publishedTime:
      jsonLdPublished ||
      Boolean(metaContent(doc, 'article:published_time', 'og:article:published_time', 'datePublished')),
    jsonLdArticle,
    printedByline: false,
  };
  // The printed time is looked for only where it can decide: a page the readerable check takes is
  // an article anyway, and one with two metadata signals too; on a list page a brief is text
  // outside the list, which the printed time does not measure.
  if (!list && !readerable && Number(signals.ogArticle) + Number(signals.publishedTime) + Number(jsonLdArticle) < 2) {
    const printed = printedTime(doc);
    signals.publishedTime ||= printed.published;
    signals.printedByline = printed.reporter;
  }
  return signals;
}

/**
 * A publication time as the Korean press prints it above a story: a label and a date with its year
 * (`입력 2025.02.05. 08:15`, `머니데일리 기사전송 2025-02-04 16:20`, `송고 2025.02.05 06:12`), or a
 * date and time alone in a date element (`<em class="date">2025.02.03. 오전 7:41</em>`).
 */
const PRINTED_PUBLISHED =
  /(?:기사\s*입력|입력|송고|기사\s*전송|등록|승인|발행)(?:일|일시)?\s*[:：]?\s*\d{4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}/;
const LONE_DATE_TIME =
  /^\s*\d{4}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?\s*(?:\([월화수목금토일]\)\s*)?(?:오전|오후|AM|PM)?\s*\(?\d{1,2}:\d{2}(?::\d{2})?\)?\s*$/i;
/** A reporter on the same line: `입력 2025.02.04 15:07 | 서다인 기자`. */
const REPORTER_ON_LINE = /[가-힣]{2,4}\s*(?:기자|특파원)(?![가-힣])/;

/**
 * The story's printed publication time (counted as the publication-time signal), and whether its
 * line names a reporter too (a signal of its own): what a Korean news brief too short for the
 * readerable check still shows. Dates in links and list items (story lists) do not count.
 */
function printedTime(doc: Document): { published: boolean; reporter: boolean } {
  // `articleInfo`, `firstDate` (Nate) too; no case-insensitive match, which is slower.
  const els = doc.querySelectorAll(
    'time, [class*="date"], [class*="Date"], [class*="info"], [class*="Info"], [class*="byline"]',
  );
  for (let i = 0; i < els.length && i < 40; i++) {
    const el = els[i]!;
    const raw = el.textContent ?? '';
    if (raw.length > 200 || !/\d{4}/.test(raw) || el.closest('a, li')) continue;
    if (PRINTED_PUBLISHED.test(raw)) return { published: true, reporter: REPORTER_ON_LINE.test(raw) };
    if (raw.length <= 60 && LONE_DATE_TIME.test(raw)) return { published: true, reporter: false };
  }
  return { published: false, reporter: false };
}

/** Article verdict and confidence from the signals. */
function articleVerdict(s: ArticleSignals): { article: boolean; confidence: number } {
  const meta = Number(s.ogArticle) + Number(s.publishedTime) + Number(s.jsonLdArticle) + Number(s.printedByline);
  if (s.readerable) return { article: true, confidence: Math.min(0.6 + 0.1 * meta, 0.9) };
  // A news brief (a 속보 of two short paragraphs) is too short for the readerable check; two
  // metadata signals that only article pages carry say what it is.
  if (meta >= 2) return { article: true, confidence: 0.6 };
  return { article: false, confidence: meta ? 0.5 : 0.7 };
}

const UNLIKELY =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/i;
const MAYBE = /and|article|body|column|content|main|mathjax|shadow/i;
/** Most text blocks read outside a board (bounded work on long pages). */
const MAX_BLOCKS = 400;

/**
 * What the page has to read outside its board list: Readability's readerable score over the
 * text blocks (p, pre, article and divs of br-separated lines) less the list's own text, and the
 * paragraph text outside page furniture. A board plugin inside a CMS page (KBoard on WordPress)
 * sits in the page's `<article>`, and the page's metadata (og:type article, JSON-LD Article)
 * describes the page, not a story: only text outside the list makes the page an article too.
 */
function textOutside(doc: Document, list: Element): { readerable: boolean; paragraphs: number } {
  const listLen = (list.textContent ?? '').trim().length;
  const blocks = doc.querySelectorAll('p, pre, article');
  const brs = doc.querySelectorAll('div > br');
  const seen = new Set<Element>();
  let score = 0;
  let paragraphs = 0;
  const read = (node: Element) => {
    if (seen.has(node) || list.contains(node)) return;
    seen.add(node);
    if (node.hasAttribute('hidden') || node.matches('li p')) return;
    const match = `${node.getAttribute('class') ?? ''} ${node.id}`;
    if (UNLIKELY.test(match) && !MAYBE.test(match)) return;
    let len = (node.textContent ?? '').trim().length;
    if (node.contains(list)) len -= listLen;
    if (node.tagName === 'P' && !node.closest('header, footer, nav, aside')) paragraphs += Math.max(len, 0);
    if (len >= 140) score += Math.sqrt(len - 140);
  };
  for (let i = 0; i < blocks.length && i < MAX_BLOCKS && score <= 20; i++) read(blocks[i]!);
  for (let i = 0; i < brs.length && i < MAX_BLOCKS && score <= 20; i++) {
    const parent = brs[i]!.parentElement;
    if (parent) read(parent);
  }
  return { readerable: score > 20, paragraphs };
}

/** Generic detection: a board by its shape, an article by the readerable check and metadata. */
export function detectGeneric(doc: Document): ProfileMatch {
  const board = findGenericBoard(doc);
  const signals = articleSignals(doc, Boolean(board));
  if (board && (signals.readerable || signals.ogArticle || signals.publishedTime || signals.jsonLdArticle)) {
    // A list page: the article signals must come from text outside the list.
    const outside = textOutside(doc, board.container);
    signals.readerable &&= outside.readerable;
    if (!outside.readerable && outside.paragraphs < 100) {
      signals.ogArticle = false;
      signals.publishedTime = false;
      signals.jsonLdArticle = false;
      signals.printedByline = false;
    }
  }
  const verdict = articleVerdict(signals);
  const confidence = board ? Math.max(board.score, verdict.article ? verdict.confidence : 0) : verdict.confidence;
  return { article: verdict.article, board: Boolean(board), confidence };
}

function board(doc: Document, url: URL, now: Date): BoardData | null {
  const found = findGenericBoard(doc);
  if (!found) return null;
  return boardFromRows(
    found.rows,
    { base: url.href, now, pageKey: postIdentity(url) ? urlKey(url.href) : null, columns: found.columns },
    boardName(found.container),
    pagination(found.container, url.href),
  );
}

/**
 * The board's name: a caption or heading inside the list, else the nearest heading before it, in
 * the list's section or in a wrapper up to five levels up (a `<div class="board_head"><h2>` beside
 * the list, a WordPress page's title above its board plugin). Never above a section, article, main
 * or the body: the site's own headings are there.
 */
function boardName(container: Element): string | null {
  let el = container.closest('section, div, article, table');
  for (let hops = 0; el && el.tagName !== 'BODY' && hops < 5; hops++, el = el.parentElement) {
    let nearest: Element | null = null;
    for (const heading of el.querySelectorAll('h1, h2, h3, caption')) {
      if (container.contains(heading)) return textOf(heading) || null;
      // Headings before the list, in document order: the last one is the nearest.
      if (heading.compareDocumentPosition(container) & 4 /* the list follows */) nearest = heading;
    }
    if (nearest) return textOf(nearest) || null;
    if (el.tagName === 'SECTION' || el.tagName === 'ARTICLE' || el.tagName === 'MAIN') break;
  }
  return null;
}

/** Page links near the list: a block after it whose links are mostly page numbers. */
function pagination(container: Element, base: string): string[] {
  const out: string[] = [];
  let el: Element | null = container.closest('table') ?? container;
  for (let hops = 0; el && hops < 4 && !out.length; hops++, el = el.parentElement) {
    for (let sib = el.nextElementSibling, n = 0; sib && n < 4; sib = sib.nextElementSibling, n++) {
      const links = [...sib.querySelectorAll('a[href]')];
      const numeric = links.filter((a) => /^\d{1,4}$/.test(textOf(a)));
      if (numeric.length >= 2 && numeric.length >= links.length / 2) {
        for (const a of links) {
          try {
            const u = new URL(a.getAttribute('href') ?? '', base).href;
            if (/^https?:/.test(u) && !out.includes(u)) out.push(u);
          } catch {
            // skip broken links
          }
        }
        break;
      }
    }
  }
  return out;
}

/** The generic profile: always answers, so it goes last. */
export const genericProfile: SiteProfile = { id: 'generic', examples: GENERIC_EXAMPLES, detect: detectGeneric, board };
