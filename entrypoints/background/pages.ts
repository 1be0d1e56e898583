/** Reading and saving the page of a tab, and keeping its badge and content script up to date. */

import { browser } from 'wxt/browser';
import type { HighlighterGlobal } from '@/entrypoints/highlighter';
import { REGISTRY } from '@/lib/content-script-context';
import { findByKey, highlightsOf } from '@/lib/db/items';
import { itemFromAnalysis } from '@/lib/extract/to-item';
import { HIGHLIGHT_CSS } from '@/lib/highlight/paint';
import { backgroundToContent } from '@/lib/messaging';
import type { PageState, TabInfo } from '@/lib/messaging/protocol';
import { sameDocument } from '@/lib/messaging/senders';
import type { BoardRef, PageAnalysis, SavedItem } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';
import { lookupKeys } from '@/lib/sites/identity';
import type { BackgroundContext } from './context';
import { inExtractor } from './extractor';
import { withImages } from './images';
import { savedPost } from './marks';

/** What the background knows of a tab: its content script runs, the page's classification, saved state. */
export async function tabInfo(ctx: BackgroundContext, tabId: number): Promise<TabInfo> {
  const tab = await browser.tabs.get(tabId);
  // The always-on content script leaves its stop function in its isolated world's registry.
  const [probe] = await browser.scripting
    .executeScript({
      target: { tabId, frameIds: [0] },
      func: (registry: string) =>
        typeof (globalThis as unknown as Record<string, Record<string, unknown> | undefined>)[registry]?.content ===
        'function',
      args: [REGISTRY],
    })
    .catch(() => []);
  const running = probe?.result === true;
  // The classification comes from the on-demand extractor (the content script never classifies).
  const seen = running ? await inExtractor(tabId, 'classifyPage', {}) : null;
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
 * Recognize and extract the page in a tab; `force` keeps its text when no article is found;
 * `comments` follows the post's comment pages (saving does, a preview does not).
 */
export function analyzeTab(tabId: number, force = false, comments = false): Promise<Result<PageAnalysis>> {
  return inExtractor(tabId, 'extractPage', { force, comments });
}

/** Fetch and analyze a post of the tab's site from inside the tab (its origin, its cookies). */
export async function fetchAnalyzeInTab(tabId: number, url: string): Promise<Result<PageAnalysis>> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab?.url || new URL(tab.url).origin !== new URL(url).origin) {
    return err('Only posts of the site in this tab can be saved from its list.');
  }
  return inExtractor(tabId, 'extractPost', { url });
}

/**
 * Save a post listed on a board page, with the board data the list gave. `fetched`: the post as
 * fetched a moment ago (the side panel's reader saves the copy it shows), else it is fetched now.
 */
export async function savePost(
  ctx: BackgroundContext,
  tabId: number,
  post: { url: string; board: BoardRef; poster: string | null; tags?: string[] },
  fetched?: PageAnalysis,
): Promise<Result<SavedItem>> {
  const analysis = fetched ? ok(fetched) : await fetchAnalyzeInTab(tabId, post.url);
  if (!analysis.ok) return analysis;
  try {
    const extracted = itemFromAnalysis(analysis.value, { id: crypto.randomUUID(), now: new Date(), tags: post.tags });
    // The post's images, fetched with the post as referrer, are saved with it in one write.
    const { item, blobs } = await withImages(extracted, analysis.value.url);
    const saved = await ctx.library.save(
      {
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
      },
      blobs,
    );
    await savedPost(ctx, saved);
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
  const analysis = await analyzeTab(tabId, force, true);
  if (!analysis.ok) return analysis;
  try {
    const extracted = itemFromAnalysis(analysis.value, { id: crypto.randomUUID(), now: new Date(), ...meta });
    // Its images, fetched with the page as referrer, are saved with it in one write (all or nothing).
    const { item, blobs } = await withImages(extracted, analysis.value.url);
    // The feed's follower repaints the tabs of this page (./library.ts), this one included.
    const saved = await ctx.library.save(item, blobs);
    await savedPost(ctx, saved);
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
 * Inject the page highlighter (entrypoints/highlighter.ts) into a tab's top frame unless it is
 * there, and give it the page's state (`known`, when the caller has just read it); it then takes
 * this tab's BackgroundToContent messages. The always-on content script shares its isolated world
 * and finds it there.
 */
export async function ensureHighlighter(
  ctx: BackgroundContext,
  tabId: number,
  url: string,
  known?: PageState,
): Promise<Result<true>> {
  const target = { tabId, frameIds: [0] };
  try {
    const [probe] = await browser.scripting.executeScript({
      target,
      func: () => (globalThis as HighlighterGlobal).__scrapnoteHighlighter !== undefined,
    });
    if (probe?.result !== true) {
      // The ::highlight() rules must be a document-level stylesheet; insertCSS adds one without
      // touching the page's DOM (and cannot be undone by the page).
      await browser.scripting.insertCSS({ target, css: HIGHLIGHT_CSS });
      await browser.scripting.executeScript({ target, files: ['/highlighter.js'] });
    }
    const state = known ?? (await pageState(ctx, url));
    await backgroundToContent.sendMessage('pageStateChanged', state, { tabId, frameId: 0 });
    highlighterTabs.add(tabId);
    return ok(true);
  } catch (e) {
    return err(`The highlighter could not start on this page (${errorMessage(e)}).`);
  }
}

/** ensureHighlighter for whatever web page a tab shows (a command, the side panel). */
export async function startHighlighter(ctx: BackgroundContext, tabId: number): Promise<Result<true>> {
  const tab = await browser.tabs.get(tabId);
  if (!tab.url || !/^https?:/.test(tab.url)) return err('That tab does not show a web page.');
  return ensureHighlighter(ctx, tabId, tab.url);
}

/** Highlight the selection in a tab's page (keyboard shortcut, context menu), yellow. */
export async function highlightSelection(ctx: BackgroundContext, tabId: number): Promise<Result<true>> {
  try {
    const started = await startHighlighter(ctx, tabId);
    if (!started.ok) return started;
    return await backgroundToContent.sendMessage('highlightSelection', { color: 'yellow' }, { tabId, frameId: 0 });
  } catch (e) {
    return err(errorMessage(e));
  }
}

/** The badge text last set per tab, so a page load costs no badge call when nothing changed. */
const badges = new Map<number, string>();

/** A tab navigated or closed: Chrome drops its tab-specific badge, so forget what was set. */
export function forgetBadge(tabId: number): void {
  badges.delete(tabId);
}

/** Tabs whose page got the highlighter from ensureHighlighter (this worker's lifetime). */
const highlighterTabs = new Set<number>();

/** A tab was closed. */
export function forgetTab(tabId: number): void {
  badges.delete(tabId);
  highlighterTabs.delete(tabId);
}

/**
 * Update a tab's badge (✓ saved, or the number of highlights) and bring its highlights up to
 * date: a page with highlights gets the highlighter (injected if need be) and its state; a page
 * without any tells a highlighter already there, if one is. `when`: 'loaded', the page has just
 * loaded, so a highlighter can only be there if the page changed its URL without loading.
 */
export async function refreshTab(
  ctx: BackgroundContext,
  tabId: number,
  { when = 'live' }: { when?: 'loaded' | 'live' } = {},
): Promise<void> {
  try {
    const tab = await browser.tabs.get(tabId);
    if (!tab.url || !/^https?:/.test(tab.url)) return;
    const state = await pageState(ctx, tab.url);
    const text = state.item ? (state.highlights.length ? String(state.highlights.length) : '✓') : '';
    if (badges.get(tabId) !== text) {
      badges.set(tabId, text);
      await browser.action.setBadgeText({ tabId, text });
    }
    if (state.highlights.length) await ensureHighlighter(ctx, tabId, tab.url, state);
    else if (when === 'live' || highlighterTabs.has(tabId)) {
      // After a load only where a highlighter was: a history-API navigation keeps it (and its
      // highlights of the page it left); a new document has none and the message finds no one.
      const told = await backgroundToContent
        .sendMessage('pageStateChanged', state, { tabId, frameId: 0 })
        .then(() => true)
        .catch(() => false);
      if (!told) highlighterTabs.delete(tabId);
    }
  } catch {
    // The tab went away.
  }
}
