/**
 * The heavy part, injected on demand into one tab by the background (scripting.executeScript):
 * page recognition, Readability and DOMPurify. Never runs on page load. It answers the
 * background's typed messages (BackgroundToExtractor in lib/messaging/protocol.ts).
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { analyzePage } from '@/lib/extract/analyze';
import { decodeHtml } from '@/lib/extract/charset';
import { classifyPage } from '@/lib/extract/classify';
import { collectCommentPages, readComments } from '@/lib/extract/comments';
import { pageTextArticle } from '@/lib/extract/fallback';
import { baseUrlOf } from '@/lib/extract/sanitize';
import { handleExtractor } from '@/lib/messaging/handle';
import type { PageAnalysis } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';

/**
 * A parsed document's base URL is the page that parsed it (this board list), not the post: point
 * it at the post (keeping the post's own <base>, resolved against the post's URL), so Readability
 * and the sanitizer resolve `href="files/a.jpg"` as the post's page would.
 */
function basePostDocument(doc: Document, postUrl: string): void {
  const href = baseUrlOf(doc, postUrl);
  let base = doc.querySelector('base[href]');
  if (!base) {
    base = doc.createElement('base');
    doc.head.prepend(base);
  }
  base.setAttribute('href', href);
}

/** Fetch a page of this page's origin, with its cookies, decoded by its charset and parsed. */
async function fetchDocument(url: string): Promise<Result<{ doc: Document; url: string }>> {
  let target: URL;
  try {
    target = new URL(url, location.href);
  } catch {
    return err(`Not a URL: ${url}`);
  }
  if (target.origin !== location.origin) return err('Only posts of this site can be fetched from here.');
  try {
    const res = await fetch(target.href, { credentials: 'include', redirect: 'follow' });
    if (!res.ok) return err(`The site answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
    const type = res.headers.get('content-type') ?? '';
    if (!/html/i.test(type)) return err(`Not a web page (${type || 'unknown type'}).`);
    // Not res.text(), which is always UTF-8: Korean boards still serve EUC-KR.
    const { text } = decodeHtml(await res.arrayBuffer(), type);
    const postUrl = res.url || target.href;
    const doc = new DOMParser().parseFromString(text, 'text/html');
    basePostDocument(doc, postUrl);
    return ok({ doc, url: postUrl });
  } catch (e) {
    return err(`The post could not be fetched: ${errorMessage(e)}`);
  }
}

/** The analysis with the comments of every comment page the post links (fetched two at a time). */
async function withAllComments(analysis: PageAnalysis): Promise<PageAnalysis> {
  const first = analysis.comments;
  if (!first?.pages.length) return analysis;
  const comments = await collectCommentPages(first, async (url) => {
    const page = await fetchDocument(url);
    return page.ok ? readComments(page.value.doc, page.value.url, new Date()) : null;
  });
  return { ...analysis, comments };
}

/** Fetch `url` from this page's origin, with its cookies, and analyze the HTML and its comment pages. */
async function fetchAnalyze(url: string): Promise<Result<PageAnalysis>> {
  const page = await fetchDocument(url);
  if (!page.ok) return page;
  try {
    // The parsed document has no window of its own: DOMPurify runs in this script's window (on
    // the serialized article, in its own inert document; nothing is inserted into the page).
    // Relative URLs resolve against the post's URL (and its <base>), not this board page.
    const analysis = analyzePage(page.value.doc, page.value.url, new Date(), { window });
    if (!analysis.article) return err('No article text could be found on that page.');
    return ok(await withAllComments(analysis));
  } catch (e) {
    return err(`The post could not be fetched: ${errorMessage(e)}`);
  }
}

/** Set once this script has registered its handlers in this isolated world. */
const LOADED = '__scrapnoteExtractor';

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as Record<string, boolean | undefined>;
  if (g[LOADED]) return;
  g[LOADED] = true;
  const id = browser.runtime.id;
  handleExtractor(id, 'extractPage', async ({ force, comments }) => {
    try {
      const analysis = analyzePage(document, location.href, new Date());
      if (force && !analysis.article) analysis.article = pageTextArticle(document);
      return ok(comments ? await withAllComments(analysis) : analysis);
    } catch (e) {
      return err(`The page could not be read: ${errorMessage(e)}`);
    }
  });
  handleExtractor(id, 'extractPost', ({ url }) => fetchAnalyze(url));
  handleExtractor(id, 'classifyPage', async () => {
    try {
      const { kind, profile, confidence } = classifyPage(document, location.href);
      return ok({ url: location.href, kind, profile, confidence });
    } catch (e) {
      return err(`The page could not be read: ${errorMessage(e)}`);
    }
  });
});
