/**
 * analyzePage: the one entry point from a document to everything the extension knows about it.
 * Pure: takes the document, its URL and the current time. The deciding profile's body selector
 * is read first; Readability runs only when no profile knows where the body is.
 */
import { labelledDates, PUBLISHED_LABELS, resolveKoreanDate } from '../dates/korean';
import type { ArticleData, BoardData, PageAnalysis, SiteInfo } from '../model';
import { err, errorMessage, ok, type Result } from '../result';
import { hostName, siteNameOf } from '../sites/dom';
import { canonicalize, postIdentity } from '../sites/identity';
import { type Recognition, recognize } from '../sites/index';
import { isPortalName, originalLinkOf, portalOf, pressOf } from '../sites/portals';
import type { ProfileArticle } from '../sites/types';
import { findByline, isClosingByline, namesOnly, printedReporters } from './byline';
import { kindOf, unreadable } from './classify';
import {
  blockText,
  removeFurniture,
  removeStoryLists,
  stripBoilerplate,
  trimClosingLines,
  trimOpeningLines,
} from './clean';
import { readComments } from './comments';
import { parseCopy, type ReadabilityRun } from './readability';
import { baseUrlOf, sanitizeHtml } from './sanitize';
import { headlineOf, knownOutlet } from './title';

type Win = Window & typeof globalThis;

const MAX_ELEMENTS = 100_000;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toHtml(el: Element, text: string, win: Win | null, baseUrl: () => string): string {
  // DOMPurify on the serialized body, not in place on the copy: Readability leaves trees no
  // parser builds (<h2> in <p>, <td> outside a table), and the stored HTML must be what a parse
  // of it gives. Measured in Chromium, the in-place walk was no faster either.
  // Relative URLs (a profile's body keeps them as written) become absolute against the page.
  if (win) return sanitizeHtml(el.innerHTML, win, baseUrl());
  // No window to run DOMPurify in (an inert document): paragraphs of escaped text instead
  // (a paragraph per line; escapeHtml leaves the line breaks alone).
  return `<p>${escapeHtml(text).replace(/\n/g, '</p><p>')}</p>`;
}

type Meta = (...names: string[]) => string | null;

/**
 * metaContent (lib/sites/dom.ts) over one pass of the document's <meta> tags: the same answers
 * (the first tag naming it by property, name or itemprop decides), without a whole-document
 * selector query per name, most of which find nothing.
 */
function metaReader(doc: Document): Meta {
  let map: Map<string, string> | null = null;
  return (...names) => {
    if (!map) {
      map = new Map();
      const metas = doc.getElementsByTagName('meta');
      for (let i = 0; i < metas.length; i++) {
        const el = metas[i]!;
        const content = el.getAttribute('content')?.trim() ?? '';
        for (const attr of ['property', 'name', 'itemprop']) {
          const n = el.getAttribute(attr);
          if (n !== null && !map.has(n)) map.set(n, content);
        }
      }
    }
    for (const n of names) {
      const v = map.get(n);
      if (v) return v;
    }
    return null;
  };
}

/** The labels labelledDates reads a published time after. */
const DATE_LABEL = new RegExp(PUBLISHED_LABELS);

/** Text with at least 121 characters that are not white space (anchored: linear on any text). */
const OVER_120 = /^\s*(?:\S\s*){121}/;

/**
 * A date and time alone, as portals and broadcasters print the publication time without a label
 * (`2025.02.03. 오전 7:41`, `2025-02-05 08:15`, `2025.02.05(수) 14:32`): the year and the time are required.
 */
const LONE_DATE_TIME =
  /^\d{4}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?\s*(?:\([월화수목금토일]\)\s*)?(?:오전|오후|AM|PM)?\s*\(?\d{1,2}:\d{2}(?::\d{2})?\)?$/i;

/**
 * Published and modified times printed near the headline (`입력 2025.02.05. 08:15`). Without a
 * labelled one, the first date element that is a date and time alone (`<em class="date">2025.02.03.
 * 오전 7:41</em>`), outside links and list items (the dates of a story list).
 */
function printedDates(
  doc: Document,
  now: Date,
): { text: string | null; published: string | null; modified: string | null } {
  const els = doc.querySelectorAll('time, [class*="date"], [class*="time"], [class*="info"], [class*="byline"]');
  let lone: { text: string; published: string } | null = null;
  for (let i = 0; i < els.length && i < 40; i++) {
    const el = els[i]!;
    const raw = el.textContent ?? '';
    // A wrapper's whole text is no date line: past 120 non-space characters its collapsed text
    // (textOf) is too long anyway, so a long text is skipped without collapsing it first.
    if (raw.length > 120 && OVER_120.test(raw)) continue;
    // No date label, no labelled date (collapsing white space cannot join one).
    if (!DATE_LABEL.test(raw)) {
      if (!lone && raw.length <= 60) {
        const t = raw.replace(/\s+/g, ' ').trim();
        if (LONE_DATE_TIME.test(t) && !el.closest('a, li')) {
          const iso = resolveKoreanDate(t, now);
          if (iso) lone = { text: t, published: iso };
        }
      }
      continue;
    }
    const t = raw.replace(/\s+/g, ' ').trim();
    if (!t || t.length > 120) continue;
    const d = labelledDates(t, now);
    if (d.published) return { text: t, published: d.published.iso, modified: d.modified?.iso ?? null };
  }
  return lone ? { ...lone, modified: null } : { text: null, published: null, modified: null };
}

/**
 * A title with a separator in it, where a CMS appends the outlet (`| 연합뉴스`, `< 기사본문 - 한빛일보`,
 * the full-width `｜동녘일보`, the Hangul letter `ㅣ` typed as a bar).
 */
const HAS_SEPARATOR = /\s(?:[|\-–—:<>»·ㅣ]|::)\s|[|｜]/;
const HANGUL = /[가-힣]/;
const PUBLISHER = /"publisher"\s*:\s*\{[^{}]*?"name"\s*:\s*"([^"]{1,60})"/;

/** The headline of a page title without the outlet a CMS appends (lib/extract/title.ts). */
function pageHeadline(doc: Document, url: URL, title: string, siteNames: (string | null)[]): string {
  const t = title.trim();
  // The outlet conventions read are the Korean press's: other titles stay as Readability reads them.
  if (!HANGUL.test(t) || !HAS_SEPARATOR.test(t)) return t;
  const names: (string | null)[] = [...siteNames, knownOutlet(url.hostname)];
  const ld = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < ld.length && i < 5; i++) {
    const m = PUBLISHER.exec((ld[i]!.textContent ?? '').slice(0, 20_000));
    if (m) names.push(m[1]!);
  }
  const h1s = doc.getElementsByTagName('h1');
  const headings: string[] = [];
  for (let i = 0; i < h1s.length && i < 3; i++) headings.push(h1s[i]!.textContent ?? '');
  return headlineOf(t, { siteNames: names, headings });
}

/** The first published and modified times of the body's date lines. */
function bodyDates(
  lines: string[],
  now: Date,
): { text: string; published: string | null; modified: string | null } | null {
  let out: { text: string; published: string | null; modified: string | null } | null = null;
  for (const line of lines) {
    const d = labelledDates(line, now);
    if (!d.published && !d.modified) continue;
    if (!out) out = { text: line, published: null, modified: null };
    out.published ??= d.published?.iso ?? null;
    out.modified ??= d.modified?.iso ?? null;
  }
  return out;
}

/** The given excerpt, unless it is a date line or too short: then the first real paragraph. */
function excerptOf(given: string | null, lines: string[]): string | null {
  if (given && given.length >= 40 && !labelledDates(given, new Date(0)).published) return given;
  const para = lines.find((l) => l.length >= 40 && !labelledDates(l, new Date(0)).published);
  return (para ?? given ?? lines[0] ?? '').slice(0, 300) || null;
}

/** Whether a text is Korean: Hangul syllables among its first 2,000 characters are a fifth of the letters. */
function isKorean(text: string): boolean {
  const head = text.slice(0, 2000);
  const hangul = head.match(/[가-힣]/g)?.length ?? 0;
  const letters = head.match(/\p{L}/gu)?.length ?? 0;
  return hangul >= 20 && hangul * 5 >= letters;
}

/**
 * Whether a line of the body repeats the page's headline: the title as Readability or og:title
 * give it, or the start of the document's title (which may append the outlet).
 */
function titleLike(doc: Document, ...titles: Array<string | null>): (line: string) => boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const known = [...titles, doc.title].filter((t): t is string => !!t).map(norm);
  return (line) => {
    const l = norm(line);
    return l.length >= 8 && known.some((t) => t === l || t.startsWith(l));
  };
}

/**
 * The texts that sit beside the body's photos (captions, whether or not a class says so, and the
 * images' alt texts): a photographer's credit there (`… 김창길 기자`) names no reporter of the story.
 */
function captionTexts(body: Element): Set<string> {
  const out = new Set<string>();
  const imgs = body.getElementsByTagName('img');
  for (let i = 0; i < imgs.length && i < 50; i++) {
    const img = imgs[i]!;
    const alt = img.getAttribute('alt')?.replace(/\s+/g, ' ').trim();
    if (alt) out.add(alt);
    // The photo's box, up to four levels up, while its text is no longer than a caption.
    let el = img.parentElement;
    for (let up = 0; el && el !== body && up < 4; up++, el = el.parentElement) {
      const raw = el.textContent ?? '';
      if (raw.length > 400) break;
      const t = raw.replace(/\s+/g, ' ').trim();
      if (t) out.add(t);
    }
  }
  return out;
}

/** Where pages print the reporter near the headline, outside the story's text. */
const REPORTER_MARKS =
  '[class*="reporter"], [class*="journalist"], [class*="writer"], [class*="byline"], [class*="author"], a[href*="reporter"], a[href*="journalist"]';

/**
 * The reporters a page prints in an element of their own (`<span class="reporter"><a>황보민 기자</a>`,
 * `<a class="name" href="/reporter/…">권나은 기자</a>`): the first short one that reads as a byline.
 */
function markedReporters(doc: Document): string[] {
  const els = doc.querySelectorAll(REPORTER_MARKS);
  for (let i = 0; i < els.length && i < 30; i++) {
    const raw = els[i]!.textContent ?? '';
    if (!raw || raw.length > 200) continue;
    const t = raw.replace(/\s+/g, ' ').trim();
    if (t.length > 40) continue;
    const names = printedReporters(t);
    if (names.length) return names;
  }
  return [];
}

/** The outlet a copyright notice names: `<저작권자 © 늘푸른뉴스, 무단 전재…>`, `Copyright ⓒ 별빛연예. All rights…`. */
const COPYRIGHT_OUTLET = /(?:ⓒ|©|\(c\))\s*([가-힣A-Za-z0-9]{2,12}?)(?:\s*[,.&(<>\]]|\s+(?:무단|all\b|www|&)|\s*$)/i;

function copyrightOutlet(lines: readonly string[]): string | null {
  for (const l of lines) {
    const m = COPYRIGHT_OUTLET.exec(l);
    if (m && !/^(?:copyright|\d+)$/i.test(m[1]!)) return m[1]!;
  }
  return null;
}

/**
 * The outlet a site name stands for: a broadcaster's news site names itself `한결방송 뉴스`,
 * `KBS 뉴스`, `JTBC News`; the outlet is the broadcaster. Other names stay as they are.
 */
export function outletName(name: string | null): string | null {
  if (!name) return name;
  const m = /^(.+?(?:방송|TV|티비)|[A-Z]{2,5})\s+(?:뉴스|NEWS|News|news)$/.exec(name.trim());
  return m ? m[1]! : name;
}

/** Common fields once a body element is known: cleanup, byline, text, sanitized HTML. */
function finishArticle(
  doc: Document,
  url: URL,
  now: Date,
  body: Element,
  pa: ProfileArticle | null,
  meta: Meta,
  win: Win | null,
  extra: {
    title: string | null;
    byline: string | null;
    siteName: string | null;
    excerpt: string | null;
    lang: string | null;
    publishedAt: string | null;
    /** body.textContent, if known (Readability's textContent of its article). */
    bodyText?: string;
    /** The profile path: a body without text is no article (Readability is tried next). */
    requireText?: boolean;
  },
): ArticleData | null {
  const removedAny = removeFurniture(body, pa?.strip ?? []) > 0;
  // The Korean press's furniture (story lists, bylines, tip lines, header lines) is read on
  // Korean stories only: other pages keep what Readability gives.
  const korean = isKorean(extra.bodyText ?? body.textContent ?? '');
  const listsRemoved = korean && removeStoryLists(body).length > 0;
  const metaSite = pa?.siteName ?? extra.siteName ?? meta('og:site_name');
  // Readability's text of the body is still the body's text when nothing was removed.
  const { outlet, dateLines, removed } = stripBoilerplate(
    body,
    metaSite,
    removedAny || listsRemoved ? undefined : extra.bodyText,
  );
  // The reporter's lines and the header's dates leave the text; the byline and dates are still read from them.
  const closing = korean ? trimClosingLines(body, isClosingByline).reverse() : [];
  const opening =
    korean && !pa ? trimOpeningLines(body, isClosingByline, titleLike(doc, extra.title, meta('og:title'))) : [];
  const text = blockText(body);
  // Checked before the byline, dates and DOMPurify, so a body that is dropped costs nothing more.
  if (!text && (extra.requireText || !body.querySelector('img'))) return null;
  const lines = text.split('\n');
  const captions = captionTexts(body);
  const storyLines = captions.size ? lines.filter((l) => !captions.has(l)) : lines;
  const openingBylines = opening.map((l) => l.replace(/\s*[|｜]\s*/g, ' ')).filter(isClosingByline);
  const found = findByline(
    openingBylines.length || closing.length ? [...openingBylines, ...storyLines, ...closing] : storyLines,
  );
  const printedByline = pa?.byline ?? extra.byline ?? null;
  let authors = pa?.authors?.length
    ? pa.authors
    : found?.authors.length
      ? found.authors
      : printedReporters(printedByline);
  if (!authors.length) authors = namesOnly(printedByline);
  if (!authors.length && korean) authors = markedReporters(doc);
  const board = pa?.poster !== undefined && pa?.poster !== null;
  const printed = printedDates(doc, now);
  // A date line inside the body container (removed from the text) when the page prints none near the headline.
  const inBody = printed.published
    ? null
    : bodyDates(opening.length ? [...dateLines, opening.join(' ')] : dateLines, now);
  const metaPublished = resolveKoreanDate(
    meta('article:published_time', 'og:article:published_time', 'datePublished'),
    now,
  );
  const title = pa?.title
    ? pa.title.trim()
    : pageHeadline(doc, url, extra.title ?? meta('og:title') ?? doc.title ?? '', [metaSite, meta('og:site_name')]);
  // On a board, the outlet of a reposted story is its closing line; the board's site is in SiteInfo.
  let siteName = (board ? outlet : null) ?? pa?.siteName ?? extra.siteName ?? outlet ?? meta('og:site_name');
  // On a portal, the press outlet, not the portal, is the story's source.
  if (portalOf(url) && (!siteName || isPortalName(siteName))) siteName = pressOf(doc, meta) ?? siteName;
  // The Korean press's conventions (a broadcaster's `… 뉴스` site, the notice's outlet) on Korean stories only.
  if (korean) siteName = outletName(siteName ?? copyrightOutlet(removed));
  return {
    title,
    byline: found?.authors.length ? found.text : (printedByline ?? found?.text ?? null),
    authors,
    poster: pa?.poster ?? null,
    siteName,
    publishedAt:
      pa?.publishedAt ?? metaPublished ?? extra.publishedAt ?? printed.published ?? inBody?.published ?? null,
    publishedText: pa?.publishedText ?? printed.text ?? inBody?.text ?? null,
    modifiedAt:
      pa?.modifiedAt ??
      resolveKoreanDate(meta('article:modified_time', 'og:article:modified_time', 'dateModified'), now) ??
      printed.modified ??
      inBody?.modified ??
      null,
    lang: extra.lang || doc.documentElement.getAttribute('lang') || null,
    excerpt: excerptOf(extra.excerpt ?? meta('og:description', 'description'), lines),
    text,
    // The base only matters to DOMPurify's URL pass: its <base> lookup is a whole-document query.
    html: toHtml(body, text, win, () => baseUrlOf(doc, url.href)),
    postId: pa?.postId ?? postIdentity(url)?.postId ?? null,
  };
}

/** Options of the extractors. */
export interface ExtractOptions {
  /**
   * The window whose DOMPurify sanitizes the article HTML when the document has none of its own
   * (one from DOMParser). Without either, the HTML is the text as escaped paragraphs.
   */
  window?: Win;
}

function winOf(doc: Document, opts: ExtractOptions): Win | null {
  return (doc.defaultView as Win | null) ?? opts.window ?? null;
}

/** Plain Readability on a copy of the document, then the shared cleanup. Null when it finds nothing. */
export function readabilityArticle(
  doc: Document,
  url: URL,
  now: Date,
  pa: ProfileArticle | null = null,
  opts: ExtractOptions = {},
  meta: Meta = metaReader(doc),
): ArticleData | null {
  let parsed: ReadabilityRun['parsed'];
  try {
    // Readability throws past this many elements; such pages are not articles anyway.
    parsed = parseCopy(doc, MAX_ELEMENTS).parsed;
  } catch {
    return null;
  }
  const content = parsed?.content;
  if (!parsed || !content) return null;
  return finishArticle(doc, url, now, content, pa, meta, winOf(doc, opts), {
    title: parsed.title?.trim() || null,
    byline: parsed.byline?.trim() || null,
    siteName: parsed.siteName?.trim() || null,
    excerpt: parsed.excerpt?.trim() || null,
    lang: parsed.lang || null,
    publishedAt: resolveKoreanDate(parsed.publishedTime, now),
    bodyText: parsed.textContent ?? undefined,
  });
}

/** The article of a page: the profile's body selector first, Readability after. Null when none. */
export function extractArticle(
  doc: Document,
  url: URL,
  now: Date,
  rec: Recognition = recognize(doc, url),
  opts: ExtractOptions = {},
): ArticleData | null {
  const meta = metaReader(doc);
  let pa: ProfileArticle | null = null;
  try {
    pa = rec.profile.article?.(doc, url, now) ?? null;
  } catch {
    pa = null; // A profile fails soft: Readability decides.
  }
  if (pa?.body) {
    const body = pa.body.cloneNode(true) as Element;
    const a = finishArticle(doc, url, now, body, pa, meta, winOf(doc, opts), {
      title: null,
      byline: null,
      siteName: null,
      excerpt: null,
      lang: null,
      publishedAt: null,
      requireText: true,
    });
    if (a) return a;
  }
  return readabilityArticle(doc, url, now, pa ? { ...pa, body: null } : null, opts, meta);
}

/** The board list on a page, by the deciding profile. */
export function extractBoard(
  doc: Document,
  url: URL,
  now: Date,
  rec: Recognition = recognize(doc, url),
): BoardData | null {
  try {
    return rec.match.board ? (rec.profile.board?.(doc, url, now) ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * The page's site: on a portal's news section the press outlet is its name and the portal the
 * way the article came (`via`); elsewhere the site's own name.
 */
function siteOf(doc: Document, u: URL, engine: string, article: ArticleData | null): SiteInfo {
  const host = hostName(u);
  const portal = portalOf(u);
  if (!portal) return { host, name: siteNameOf(doc) ?? article?.siteName ?? null, engine, via: null };
  const own = siteNameOf(doc);
  // An outlet name that is the portal's own (its og:site_name) says nothing of the press.
  const outlet = article?.siteName && article.siteName !== own ? article.siteName : null;
  return { host, name: outlet ?? own, engine, via: portal };
}

function emptyAnalysis(url: string): PageAnalysis {
  let canonicalUrl = url;
  let key = url;
  let host = '';
  try {
    ({ canonicalUrl, key } = canonicalize(url));
    host = hostName(new URL(url));
  } catch {
    // not a URL: keep it as it is
  }
  return {
    url,
    canonicalUrl,
    canonicalKey: key,
    kind: 'other',
    profile: 'generic',
    confidence: 0.3,
    site: { host, name: null, engine: null, via: null },
    originalUrl: null,
    article: null,
    board: null,
  };
}

/**
 * Everything about a page: kind, profile, identity, its article and its board list. Never throws:
 * a page it cannot read comes back as kind `other` with no article.
 */
export function analyzePage(doc: Document, url: string, now: Date, opts: ExtractOptions = {}): PageAnalysis {
  try {
    const u = new URL(url);
    if (unreadable(doc)) return emptyAnalysis(url);
    const rec = recognize(doc, u);
    // The recognized engine settles the `/x/N` form (XE's /mid/srl or GNUBoard's /table/id).
    const { canonicalUrl, key } = canonicalize(url, doc, rec.engine);
    const board = extractBoard(doc, u, now, rec);
    // A board list alone has no article to read; anything else is given to the extractors.
    const listOnly = rec.match.board && !rec.match.article;
    const article = listOnly ? null : extractArticle(doc, u, now, rec, opts);
    const kind = kindOf(rec.match.article && article !== null, board !== null && board.rows.length > 0);
    // Where no profile names the board account, the article's first author is who posted it (blogs).
    const poster = article ? (article.poster ?? article.authors[0] ?? null) : null;
    const comments = article ? readComments(doc, url, now, { rec, poster }) : null;
    return {
      url,
      canonicalUrl,
      canonicalKey: key,
      kind,
      profile: rec.profile.id,
      confidence: Math.round(rec.match.confidence * 100) / 100,
      site: siteOf(doc, u, rec.engine ?? rec.profile.id, article),
      article,
      board,
      originalUrl: portalOf(u) ? originalLinkOf(doc, u) : null,
      ...(comments ? { comments } : {}),
    };
  } catch {
    return emptyAnalysis(url);
  }
}

/** analyzePage as a Result: an error value when the page has no article to save. */
export function analyzePageResult(doc: Document, url: string, now: Date): Result<PageAnalysis> {
  try {
    const a = analyzePage(doc, url, now);
    return a.article || a.board ? ok(a) : err('No article or board list could be found on this page.');
  } catch (e) {
    return err(errorMessage(e));
  }
}
