import * as v from 'valibot';
import { getDb } from '@/lib/db';
import { findByKey, highlightsOf, upsertItem } from '@/lib/db/items';
import { itemFromAnalysis } from '@/lib/extract/to-item';
import { backgroundToContent, contentToBackground, uiToBackground } from '@/lib/messaging';
import { contentSchemas, type PageState, uiSchemas } from '@/lib/messaging/protocol';
import { isContentScript, isExtensionPage, sameDocument } from '@/lib/messaging/senders';
import type { Highlight, PageAnalysis, SavedItem } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';
import { canonicalize } from '@/lib/sites/identity';

export default defineBackground(() => {
  const db = getDb();
  const extensionId = browser.runtime.id;
  const baseUrl = browser.runtime.getURL('/');

  /** Run the on-demand extractor in a tab and return its analysis. */
  async function analyzeTab(tabId: number): Promise<Result<PageAnalysis>> {
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: ['/extractor.js'] });
      const [res] = await browser.scripting.executeScript({
        target: { tabId },
        func: () => (globalThis as unknown as { __scrapnoteAnalyze?: () => unknown }).__scrapnoteAnalyze?.(),
      });
      const result = res?.result as Result<PageAnalysis> | undefined;
      return result ?? err('The page did not answer. Reload it and try again.');
    } catch (e) {
      return err(`This page cannot be read by the extension (${errorMessage(e)}).`);
    }
  }

  async function saveTab(tabId: number, tags?: string[], note?: string): Promise<Result<SavedItem>> {
    const analysis = await analyzeTab(tabId);
    if (!analysis.ok) return analysis;
    try {
      const item = itemFromAnalysis(analysis.value, { id: crypto.randomUUID(), now: new Date(), tags, note });
      const saved = await upsertItem(db, item);
      void refreshTab(tabId);
      return ok(saved);
    } catch (e) {
      return err(errorMessage(e));
    }
  }

  async function pageState(url: string): Promise<PageState> {
    const item = await findByKey(db, canonicalize(url).key);
    if (!item) return { item: null, highlights: [] };
    const highlights: Highlight[] = await highlightsOf(db, item.id);
    return { item: { id: item.id, title: item.title, tags: item.tags }, highlights };
  }

  /** Update the badge of a tab and tell its content script what changed. */
  async function refreshTab(tabId: number): Promise<void> {
    try {
      const tab = await browser.tabs.get(tabId);
      if (!tab.url || !/^https?:/.test(tab.url)) return;
      const state = await pageState(tab.url);
      const text = state.item ? (state.highlights.length ? String(state.highlights.length) : '✓') : '';
      await browser.action.setBadgeText({ tabId, text });
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#2f6f4e' });
      await backgroundToContent.sendMessage('pageStateChanged', state, tabId).catch(() => undefined);
    } catch {
      // The tab went away.
    }
  }

  // UI pages to background: only our own pages may ask.
  function fromUi<T>(sender: Parameters<typeof isExtensionPage>[0]): Result<T> | null {
    return isExtensionPage(sender, extensionId, baseUrl) ? null : err('Refused: not an extension page.');
  }

  uiToBackground.onMessage('analyzeTab', async ({ data, sender }) => {
    const refused = fromUi<PageAnalysis>(sender);
    if (refused) return refused;
    const parsed = v.safeParse(uiSchemas.analyzeTab, data);
    if (!parsed.success) return err('Bad request: analyzeTab needs a tab id.');
    return analyzeTab(parsed.output.tabId);
  });

  uiToBackground.onMessage('saveTab', async ({ data, sender }) => {
    const refused = fromUi<SavedItem>(sender);
    if (refused) return refused;
    const parsed = v.safeParse(uiSchemas.saveTab, data);
    if (!parsed.success) return err('Bad request: saveTab needs a tab id, and tags and note as text.');
    return saveTab(parsed.output.tabId, parsed.output.tags, parsed.output.note);
  });

  // Content scripts to background: only about their own tab's page.
  contentToBackground.onMessage('getPageState', async ({ data, sender }) => {
    const parsed = v.safeParse(contentSchemas.getPageState, data);
    if (!parsed.success) return err('Bad request.');
    if (!isContentScript(sender, extensionId) || !sameDocument(parsed.output.url, sender.tab.url ?? sender.url)) {
      return err('Refused: a page may only ask about itself.');
    }
    try {
      return ok(await pageState(parsed.output.url));
    } catch (e) {
      return err(errorMessage(e));
    }
  });

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: 'save-page', title: browser.i18n.getMessage('cmdSavePage'), contexts: ['page'] });
    browser.contextMenus.create({
      id: 'highlight-selection',
      title: browser.i18n.getMessage('cmdHighlight'),
      contexts: ['selection'],
    });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (tab?.id === undefined) return;
    if (info.menuItemId === 'save-page') void saveTab(tab.id);
    if (info.menuItemId === 'highlight-selection') {
      void backgroundToContent.sendMessage('highlightSelection', { color: 'yellow' }, tab.id).catch(() => undefined);
    }
  });

  browser.commands.onCommand.addListener(async (command) => {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    if (command === 'save-page') void saveTab(tab.id);
    if (command === 'highlight-selection') {
      void backgroundToContent.sendMessage('highlightSelection', { color: 'yellow' }, tab.id).catch(() => undefined);
    }
  });

  browser.tabs.onActivated.addListener(({ tabId }) => void refreshTab(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'complete' || change.url) void refreshTab(tabId);
  });

  // Chrome: the toolbar icon opens the popup; the side panel opens from the popup.
  const sidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: object): Promise<void> } } }).chrome
    ?.sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
});
