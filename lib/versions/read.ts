/**
 * Reading a post fetched anew ("Check again") from its HTML: parsed with the given window's
 * DOMParser (the background's in Firefox, an offscreen document's in Chrome: see
 * entrypoints/background/dom.ts), its relative URLs resolved against the post, then recognized and
 * extracted like a saved page. The page's text is kept too (up to PAGE_TEXT_MAX characters), so a
 * deleted-post page can be told from a post (./diff.ts goneAtSource). Pure: the caller fetched
 * and decoded the HTML.
 */
import { analyzePage } from '../extract/analyze';
import { readComments } from '../extract/comments';
import { baseUrlOf } from '../extract/sanitize';
import type { PageAnalysis, PageComments } from '../model';
import { goneAtSource } from './diff';

/** Characters of a page's text kept for recognizing a deleted-post page (which is short). */
export const PAGE_TEXT_MAX = 20_000;

type Win = Window & typeof globalThis;

/** What a fetched page holds: its analysis and its text. */
export interface ReadPost {
  analysis: PageAnalysis;
  pageText: string;
}

/** The document of fetched HTML, its relative URLs resolving against the post's URL (and its own <base>). */
export function parseFetched(html: string, url: string, win: Win): Document {
  const doc = new win.DOMParser().parseFromString(html, 'text/html');
  const href = baseUrlOf(doc, url);
  let base = doc.querySelector('base[href]');
  if (!base) {
    base = doc.createElement('base');
    doc.head.prepend(base);
  }
  base.setAttribute('href', href);
  return doc;
}

/** The text a page shows, scripts included (a deleted-post page may say so only in an alert()). */
function textOf(doc: Document): string {
  return (doc.body?.textContent ?? doc.documentElement?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, PAGE_TEXT_MAX);
}

/** A fetched post page: its analysis (with the comments this page shows) and its text. */
export function readFetchedPost(html: string, url: string, now: Date, win: Win): ReadPost {
  const doc = parseFetched(html, url, win);
  return { analysis: analyzePage(doc, url, now, { window: win }), pageText: textOf(doc) };
}

/** The comments of one fetched comment page of a post. */
export function readFetchedComments(html: string, url: string, now: Date, win: Win): PageComments | null {
  return readComments(parseFetched(html, url, win), url, now);
}

/** Longest article text that can be an engine's deleted-post notice shown in the post's place. */
export const NOTICE_MAX = 200;

/**
 * Whether a fetched post is gone at its source. With an article on the page, only the article's
 * own text counts, and only when it is as short as a notice: board lists below a post show
 * deleted rows as "삭제된 게시물입니다", which must not mark the post above them deleted.
 */
export function isGone(status: number, read: ReadPost): boolean {
  const article = read.analysis.article;
  if (!article) return goneAtSource(status, read.pageText, false);
  if (status === 404 || status === 410) return true;
  return article.text.length <= NOTICE_MAX && goneAtSource(status, article.text, true);
}
