/**
 * The heavy part, injected on demand into one tab by the background (scripting.executeScript):
 * page recognition, Readability and DOMPurify. Never runs on page load.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { analyzePage } from '@/lib/extract/analyze';
import { pageTextArticle } from '@/lib/extract/fallback';
import type { PageAnalysis } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';

export interface ExtractorGlobal {
  /** Analyze the page this script runs in; `force` keeps the page's text when no article is found. */
  __scrapnoteAnalyze?: (force?: boolean) => Result<PageAnalysis>;
  /** Fetch a same-origin page (a post listed on this board) and analyze it. */
  __scrapnoteFetchAnalyze?: (url: string) => Promise<Result<PageAnalysis>>;
}

/**
 * Rewrites the parsed post's link and media URLs as absolute ones. A DOMParser document's base is
 * the page that parsed it (the board list), not the post; and the sanitizer keeps only absolute
 * http(s) URLs, so a relative `href="/board/1"` or `src="files/a.jpg"` would be resolved wrongly
 * or dropped. The post's own <base href> counts, resolved against the post's URL.
 */
function absolutizeUrls(doc: Document, postUrl: string): void {
  let base = postUrl;
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href');
  if (baseHref) {
    try {
      base = new URL(baseHref, postUrl).href;
    } catch {
      // A broken <base> is ignored, as a browser would.
    }
  }
  for (const attr of ['href', 'src', 'poster']) {
    for (const el of doc.querySelectorAll(`[${attr}]`)) {
      const v = el.getAttribute(attr)?.trim() ?? '';
      if (!v || v.startsWith('#')) continue;
      try {
        el.setAttribute(attr, new URL(v, base).href);
      } catch {
        // Not a URL: left as it is (the sanitizer drops what is not http(s) or mailto).
      }
    }
  }
}

/** Fetch `url` from this page's origin, with its cookies, and analyze the HTML. */
async function fetchAnalyze(url: string): Promise<Result<PageAnalysis>> {
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
    const html = await res.text();
    const postUrl = res.url || target.href;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    absolutizeUrls(doc, postUrl);
    // The parsed document has no window of its own: DOMPurify runs in this script's window (on
    // the serialized article, in its own inert document; nothing is inserted into the page).
    const analysis = analyzePage(doc, postUrl, new Date(), { window });
    if (!analysis.article) return err('No article text could be found on that page.');
    return ok(analysis);
  } catch (e) {
    return err(`The post could not be fetched: ${errorMessage(e)}`);
  }
}

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as ExtractorGlobal;
  if (g.__scrapnoteAnalyze) return;
  g.__scrapnoteAnalyze = (force) => {
    try {
      const analysis = analyzePage(document, location.href, new Date());
      if (force && !analysis.article) analysis.article = pageTextArticle(document);
      return ok(analysis);
    } catch (e) {
      return err(`The page could not be read: ${errorMessage(e)}`);
    }
  };
  g.__scrapnoteFetchAnalyze = fetchAnalyze;
});
