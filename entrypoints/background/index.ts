import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { getDb } from '@/lib/db';
import { LibraryService } from '@/lib/db/service';
import { handleUi } from '@/lib/messaging/handle';
import { ok } from '@/lib/result';
import { registerBackup } from './backup';
import type { BackgroundContext } from './context';
import { registerHighlights } from './highlights';
import { registerLibrary } from './library';
import { forgetMarks, pageLoaded } from './marks';
import {
  analyzeTab,
  forgetBadge,
  forgetTab,
  highlightSelection,
  refreshTab,
  savePost,
  saveTab,
  tabInfo,
} from './pages';
import { registerReader } from './reader';
import { registerSync } from './sync';
import { registerVersions } from './versions';

export default defineBackground(() => {
  const db = getDb();
  const ctx: BackgroundContext = {
    db,
    library: new LibraryService(db),
    self: { extensionId: browser.runtime.id, baseUrl: browser.runtime.getURL('/') },
  };
  registerBackup(ctx);
  registerLibrary(ctx);
  registerSync(ctx);
  registerVersions(ctx);
  registerReader(ctx);
  // Search rows of an older index version are rebuilt in the background, batch by batch.
  void ctx.library.ensureSearchIndex().catch((e) => console.warn('Scrapnote: search index rebuild failed', e));
  // Items deleted over a day ago leave the trash, with the images only they used.
  void ctx.library.purgeTrash().catch(() => undefined);

  // Extension pages to background: reading and saving pages.
  handleUi(ctx.self, 'analyzeTab', ({ tabId }) => analyzeTab(tabId));
  handleUi(ctx.self, 'tabInfo', async ({ tabId }) => ok(await tabInfo(ctx, tabId)));
  handleUi(ctx.self, 'savePost', ({ tabId, ...post }) => savePost(ctx, tabId, post));
  handleUi(ctx.self, 'saveTab', ({ tabId, ...extra }) => saveTab(ctx, tabId, extra));

  // Content scripts to background (highlights; only about their own tab's page).
  registerHighlights(ctx);

  // Context menu, keyboard shortcuts, badge.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // First install: open the library with a short welcome (how to save and highlight).
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html?welcome=1') });
    browser.contextMenus.create({ id: 'save-page', title: browser.i18n.getMessage('cmdSavePage'), contexts: ['page'] });
    browser.contextMenus.create({
      id: 'highlight-selection',
      title: browser.i18n.getMessage('cmdHighlight'),
      contexts: ['selection'],
    });
  });

  const run = (command: string | number, tabId: number) => {
    if (command === 'save-page') void saveTab(ctx, tabId);
    if (command === 'highlight-selection') void highlightSelection(ctx, tabId);
  };
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (tab?.id !== undefined) run(info.menuItemId, tab.id);
  });
  browser.commands.onCommand.addListener(async (command) => {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) run(command, tab.id);
  });

  browser.tabs.onActivated.addListener(({ tabId }) => void refreshTab(ctx, tabId));
  // A page that finished loading gets its badge and, only when it has some, its highlights from
  // here (its content script asks nothing); a URL change within a page (history API) is always
  // told, so highlights of the page it left go away. One library lookup per page load.
  void browser.action.setBadgeBackgroundColor({ color: '#1f6f4a' });
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status === 'loading') {
      forgetBadge(tabId);
      forgetMarks(tabId);
    } else if (change.status === 'complete') {
      void refreshTab(ctx, tabId, { when: 'loaded' });
      if (tab.url) void pageLoaded(ctx, tabId, tab.url).catch(() => undefined);
    } else if (change.url) void refreshTab(ctx, tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    forgetTab(tabId);
    forgetMarks(tabId);
  });

  // Chrome: the toolbar icon opens the popup; the side panel opens from the popup.
  const sidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: object): Promise<void> } } }).chrome
    ?.sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
});
