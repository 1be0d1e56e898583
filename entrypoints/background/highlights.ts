/**
 * Highlights: content scripts add, recolor, annotate and delete highlights of their own page;
 * extension pages (side panel) change any. After each change every open tab of that page is
 * refreshed (badge and painted highlights). Also injects the page highlighter on request.
 */

import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { addHighlight, deleteHighlight, getHighlight, restoreHighlight, updateHighlight } from '@/lib/db/highlights';
import { findByKey, getItem } from '@/lib/db/items';
import { backgroundToContent, contentToBackground, uiToBackground } from '@/lib/messaging';
import { contentSchemas, uiSchemas } from '@/lib/messaging/protocol';
import { isContentScript, isExtensionPage, type SenderLike } from '@/lib/messaging/senders';
import type { Highlight } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';
import { lookupKeys } from '@/lib/sites/identity';
import { type BackgroundContext, contentTab, refuseUnlessUi } from './context';
import { ensureHighlighter, refreshTab, saveTab, startHighlighter } from './pages';

/** Refresh every open tab showing the item's page (any URL form of it). */
async function refreshItemTabs(ctx: BackgroundContext, itemId: string): Promise<void> {
  const item = await getItem(ctx.db, itemId);
  if (!item) return;
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map((tab) => {
      if (tab.id === undefined || !tab.url || !/^https?:/.test(tab.url)) return undefined;
      return lookupKeys(tab.url).includes(item.canonicalKey) ? refreshTab(ctx, tab.id) : undefined;
    }),
  );
}

/**
 * The highlight when the sender is our content script on the page the highlight belongs to; a
 * page may only change its own highlights.
 */
async function ownHighlight(ctx: BackgroundContext, sender: SenderLike, id: string): Promise<Result<Highlight>> {
  if (!isContentScript(sender, ctx.extensionId)) return err('Refused: not a content script.');
  const h = await getHighlight(ctx.db, id);
  if (!h) return err('This highlight was deleted.');
  const url = sender.tab.url ?? sender.url;
  const item = url && /^https?:/.test(url) ? await findByKey(ctx.db, lookupKeys(url)) : undefined;
  if (item?.id !== h.itemId) return err('Refused: a page may only change its own highlights.');
  return ok(h);
}

async function attempt<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await run());
  } catch (e) {
    return err(errorMessage(e));
  }
}

/** Register the highlight message handlers. */
export function registerHighlights(ctx: BackgroundContext): void {
  contentToBackground.onMessage('addHighlight', async ({ data, sender }) => {
    const parsed = v.safeParse(contentSchemas.addHighlight, data);
    if (!parsed.success) return err('Bad request: addHighlight needs a URL, a color and selectors.');
    const { url, color, note, selector } = parsed.output;
    const tab = contentTab(ctx, sender, url);
    if (!tab.ok) return err(tab.error);
    // Highlighting an unsaved article saves it first, so the highlight has an item to belong to.
    let itemId = (await findByKey(ctx.db, lookupKeys(url)))?.id;
    if (!itemId) {
      const saved = await saveTab(ctx, tab.tabId);
      if (!saved.ok) return saved;
      itemId = saved.value.id;
    }
    const id = itemId;
    const added = await attempt(() =>
      addHighlight(ctx.db, {
        id: crypto.randomUUID(),
        itemId: id,
        color,
        note,
        source: url,
        selector,
        now: new Date(),
      }),
    );
    if (added.ok) void refreshItemTabs(ctx, id);
    return added;
  });

  // updateHighlight and deleteHighlight exist in both protocols under the same wire name. Each
  // messenger adds its own runtime.onMessage listener and the browser takes the FIRST answer, so
  // two handlers would race and the other party's quick refusal would win. One handler per name
  // therefore serves both senders: extension pages here (checked first: a side panel opened in a
  // tab has a tab, like a content script), content scripts below.
  contentToBackground.onMessage('updateHighlight', async ({ data, sender }) => {
    if (isExtensionPage(sender, ctx.extensionId, ctx.baseUrl)) return uiUpdateHighlight(data, sender);
    const parsed = v.safeParse(contentSchemas.updateHighlight, data);
    if (!parsed.success) return err('Bad request: updateHighlight needs an id, and a color or note.');
    const own = await ownHighlight(ctx, sender, parsed.output.id);
    if (!own.ok) return own;
    const { id, ...patch } = parsed.output;
    const updated = await attempt(() => updateHighlight(ctx.db, id, patch, new Date()));
    if (updated.ok) void refreshItemTabs(ctx, updated.value.itemId);
    return updated;
  });

  contentToBackground.onMessage('deleteHighlight', async ({ data, sender }) => {
    // The UI's answer is the deleted highlight (for undo); the types differ only in the value.
    if (isExtensionPage(sender, ctx.extensionId, ctx.baseUrl)) {
      return (await uiDeleteHighlight(data, sender)) as unknown as Result<true>;
    }
    const parsed = v.safeParse(contentSchemas.deleteHighlight, data);
    if (!parsed.success) return err('Bad request: deleteHighlight needs an id.');
    const own = await ownHighlight(ctx, sender, parsed.output.id);
    if (!own.ok) return own;
    const removed = await attempt(() => deleteHighlight(ctx.db, parsed.output.id));
    if (!removed.ok) return removed;
    void refreshItemTabs(ctx, own.value.itemId);
    return ok(true as const);
  });

  contentToBackground.onMessage('loadHighlighter', async ({ data, sender }) => {
    const parsed = v.safeParse(contentSchemas.loadHighlighter, data);
    if (!parsed.success) return err('Bad request.');
    const tab = contentTab(ctx, sender, parsed.output.url);
    if (!tab.ok) return err(tab.error);
    return ensureHighlighter(ctx, tab.tabId, parsed.output.url);
  });

  // Extension pages: any highlight of the library (updateHighlight and deleteHighlight arrive
  // through the handlers above).
  async function uiUpdateHighlight(data: unknown, sender: SenderLike): Promise<Result<Highlight>> {
    const refused = refuseUnlessUi(ctx, sender);
    if (refused) return refused;
    const parsed = v.safeParse(uiSchemas.updateHighlight, data);
    if (!parsed.success) return err('Bad request: updateHighlight needs an id, and a color or note.');
    const { id, ...patch } = parsed.output;
    const updated = await attempt(() => updateHighlight(ctx.db, id, patch, new Date()));
    if (updated.ok) void refreshItemTabs(ctx, updated.value.itemId);
    return updated;
  }

  async function uiDeleteHighlight(data: unknown, sender: SenderLike): Promise<Result<Highlight>> {
    const refused = refuseUnlessUi(ctx, sender);
    if (refused) return refused;
    const parsed = v.safeParse(uiSchemas.deleteHighlight, data);
    if (!parsed.success) return err('Bad request: deleteHighlight needs an id.');
    const removed = await attempt(() => deleteHighlight(ctx.db, parsed.output.id));
    if (!removed.ok) return removed;
    if (!removed.value) return err('This highlight was already deleted.');
    void refreshItemTabs(ctx, removed.value.itemId);
    return ok(removed.value);
  }

  uiToBackground.onMessage('restoreHighlight', async ({ data, sender }) => {
    const refused = refuseUnlessUi(ctx, sender);
    if (refused) return refused;
    const parsed = v.safeParse(uiSchemas.restoreHighlight, data);
    if (!parsed.success) return err('Bad request: restoreHighlight needs a whole highlight.');
    const h = parsed.output.highlight;
    const restored = await attempt(() => restoreHighlight(ctx.db, h));
    if (!restored.ok) return restored;
    if (!restored.value) return err('The saved item of this highlight was deleted.');
    void refreshItemTabs(ctx, h.itemId);
    return ok(h);
  });

  uiToBackground.onMessage('showHighlight', async ({ data, sender }) => {
    const refused = refuseUnlessUi(ctx, sender);
    if (refused) return refused;
    const parsed = v.safeParse(uiSchemas.showHighlight, data);
    if (!parsed.success) return err('Bad request: showHighlight needs a tab id and a highlight id.');
    const { tabId, id } = parsed.output;
    try {
      const started = await startHighlighter(ctx, tabId);
      if (!started.ok) return started;
      return await backgroundToContent.sendMessage('scrollToHighlight', { id }, { tabId, frameId: 0 });
    } catch (e) {
      return err(`The page did not answer (${errorMessage(e)}). Reload it and try again.`);
    }
  });
}
