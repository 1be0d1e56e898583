/**
 * analyzePage: the one entry point from a document to everything the extension knows about it.
 * Pure: takes the document, its URL and the current time.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import type { ArticleData, PageAnalysis } from '../model';
import { canonicalize } from '../sites/identity';
import { sanitizeHtml } from './sanitize';

function meta(doc: Document, ...names: string[]): string | null {
  for (const n of names) {
    const el = doc.querySelector(`meta[property="${n}"], meta[name="${n}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

/** Readability on a copy of the document, with the body sanitized. */
export function readabilityArticle(doc: Document): ArticleData | null {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const clone = doc.cloneNode(true) as Document;
  const parsed = new Readability(clone, { charThreshold: 200 }).parse();
  if (!parsed || !win) return null;
  return {
    title: (parsed.title ?? doc.title ?? '').trim(),
    byline: parsed.byline?.trim() || null,
    authors: [],
    poster: null,
    siteName: parsed.siteName?.trim() || meta(doc, 'og:site_name'),
    publishedAt: parsed.publishedTime ?? meta(doc, 'article:published_time', 'og:article:published_time'),
    publishedText: null,
    modifiedAt: meta(doc, 'article:modified_time'),
    lang: parsed.lang || doc.documentElement.lang || null,
    excerpt: parsed.excerpt?.trim() || null,
    text: (parsed.textContent ?? '').trim(),
    html: sanitizeHtml(parsed.content ?? '', win),
    postId: null,
  };
}

export function analyzePage(doc: Document, url: string, _now: Date): PageAnalysis {
  const { canonicalUrl, key } = canonicalize(url, doc);
  const host = new URL(url).hostname.replace(/^www\./, '');
  const readerable = isProbablyReaderable(doc);
  const article = readabilityArticle(doc);
  return {
    url,
    canonicalUrl,
    canonicalKey: key,
    kind: readerable && article ? 'article' : 'other',
    profile: 'generic',
    confidence: readerable ? 0.6 : 0.3,
    site: { host, name: article?.siteName ?? meta(doc, 'og:site_name'), engine: 'generic' },
    article,
    board: null,
  };
}
