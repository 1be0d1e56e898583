/** Reading and saving the page of a tab, and keeping its badge and content script up to date. */

import { browser } from 'wxt/browser';
import type { ExtractorGlobal } from '@/entrypoints/extractor';
import { findByKey, highlightsOf, upsertItem } from '@/lib/db/items';
import { itemFromAnalysis } from '@/lib/extract/to-item';
import { backgroundToContent } from '@/lib/messaging';
import type { PageState, TabInfo } from '@/lib/messaging/protocol';
import { sameDocument } from '@/lib/messaging/senders';
import type { BoardRef, PageAnalysis, SavedItem } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';
import { lookupKeys } from '@/lib/sites/identity';
import type { BackgroundContext } from './context';

/** What the background knows of a tab: its content script runs, the page's cheap fingerprint, saved state. */
export async function tabInfo(ctx: BackgroundContext, tabId: number): Promise<TabInfo> {
  const tab = await browser.tabs.get(tabId);
  const hello = await backgroundToContent.sendMessage('hello', undefined, { tabId, frameId: 0 }).catch(() => null);
  const running = hello?.ok === true && !!tab.url && sameDocument(hello.value.url, tab.url);
  // The fingerprint comes from the on-demand extractor (the content script never classifies).
  const seen = running
    ? await inExtractor(tabId, () => (globalThis as ExtractorGlobal).__scrapnoteFingerprint?.(), undefined)
    : null;
  const current = seen?.ok && tab.url && sameDocument(seen.value.url, tab.url) ? seen.value : undefined;
  const state = tab.url && /^https?:/.test(tab.url) ? await pageState(ctx, tab.url) : { item: null, highlights: [] };
  return {
    url: tab.url ?? null,
    contentScript: running,
    kind: current?.kind ?? null,
    profile: current?.profile ?? null,
    confidence: current?.confidence ?? null,
    saved: state.item !== null,
    highlights: state.highlights.length,
  };
}

/**
 * Inject the on-demand extractor (entrypoints/extractor.ts) into a tab, then call one of its
 * functions there with `arg`; its answer, or why there was none.
 */
async function inExtractor<A, T>(
  tabId: number,
  func: (arg: A) => Result<T> | Promise<Result<T>> | undefined,
  arg: A,
): Promise<Result<T>> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ['/extractor.js'] });
    const [res] = await browser.scripting.executeScript({ target: { tabId }, func, args: [arg] as never });
    const result = res?.result as Result<T> | undefined;
    return result ?? err('The page did not answer. Reload it and try again.');
  } catch (e) {
    return err(`This page cannot be read by the extension (${errorMessage(e)}).`);
  }
}

/** Recognize and extract the page in a tab; `force` keeps its text when no article is found. */
export function analyzeTab(tabId: number, force = false): Promise<Result<PageAnalysis>> {
  return inExtractor(tabId, (f: boolean) => (globalThis as ExtractorGlobal).__scrapnoteAnalyze?.(f), force);
}

/** Fetch and analyze a post of the tab's site from inside the tab (its origin, its cookies). */
export async function fetchAnalyzeInTab(tabId: number, url: string): Promise<Result<PageAnalysis>> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab?.url || new URL(tab.url).origin !== new URL(url).origin) {
    return err('Only posts of the site in this tab can be saved from its list.');
  }
  return inExtractor(tabId, (u: string) => (globalThis as ExtractorGlobal).__scrapnoteFetchAnalyze?.(u), url);
}

/** Save a post listed on a board page, with the board data the list gave. */
export async function savePost(
  ctx: BackgroundContext,
  tabId: number,
  post: { url: string; board: BoardRef; poster: string | null; tags?: string[] },
): Promise<Result<SavedItem>> {
  const analysis = await fetchAnalyzeInTab(tabId, post.url);
  if (!analysis.ok) return analysis;
  try {
    const item = itemFromAnalysis(analysis.value, { id: crypto.randomUUID(), now: new Date(), tags: post.tags });
    const saved = await upsertItem(ctx.db, {
      ...item,
      kind: 'post',
      // The fetched page may not name its board or show the list: the list we came from does.
      board: {
        name: item.board?.name ?? post.board.name,
        url: item.board?.url ?? post.board.url,
        postId: item.board?.postId ?? post.board.postId,
        number: item.board?.number ?? post.board.number,
      },
      poster: item.poster ?? post.poster,
    });
    void refreshTab(ctx, tabId);
    return ok(saved);
  } catch (e) {
    return err(errorMessage(e));
  }
}

/** Extract and save a tab's page; the write is complete before the answer. */
export async function saveTab(
  ctx: BackgroundContext,
  tabId: number,
  extra: { tags?: string[]; note?: string; force?: boolean } = {},
): Promise<Result<SavedItem>> {
  const { force, ...meta } = extra;
  const analysis = await analyzeTab(tabId, force);
  if (!analysis.ok) return analysis;
  try {
    const item = itemFromAnalysis(analysis.value, { id: crypto.randomUUID(), now: new Date(), ...meta });
    const saved = await upsertItem(ctx.db, item);
    void refreshTab(ctx, tabId);
    return ok(saved);
  } catch (e) {
    return err(errorMessage(e));
  }
}

/** What the library holds for a page URL. */
export async function pageState(ctx: BackgroundContext, url: string): Promise<PageState> {
  const item = await findByKey(ctx.db, lookupKeys(url));
  if (!item) return { item: null, highlights: [] };
  return { item: { id: item.id, title: item.title, tags: item.tags }, highlights: await highlightsOf(ctx.db, item.id) };
}

/**
 * Update a tab's badge (✓ saved, or the number of highlights) and tell its content script the
 * page's state. `loaded`: the page has just loaded, its content script starts out knowing
 * nothing, so it is told only when the library holds the page; it may not be listening yet
 * (content scripts start at document_idle), so the news is sent again for up to two seconds.
 */
export async function refreshTab(ctx: BackgroundContext, tabId: number, { loaded = false } = {}): Promise<void> {
  try {
    const tab = await browser.tabs.get(tabId);
    if (!tab.url || !/^https?:/.test(tab.url)) return;
    const url = tab.url;
    const state = await pageState(ctx, url);
    const text = state.item ? (state.highlights.length ? String(state.highlights.length) : '✓') : '';
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#1f6f4a' });
    if (loaded && !state.item) return;
    for (let attempt = 0; ; attempt++) {
      const told = await backgroundToContent
        .sendMessage('pageStateChanged', state, { tabId, frameId: 0 })
        .then(() => true)
        .catch(() => false);
      if (told || !loaded || attempt >= 10) return;
      await new Promise((r) => setTimeout(r, 200));
      // Still the same page? (A newer load or URL change sends its own state.)
      if (!sameDocument((await browser.tabs.get(tabId)).url, url)) return;
    }
  } catch {
    // The tab went away.
  }
}
