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
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const analysis = analyzePage(doc, res.url || target.href, new Date());
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
