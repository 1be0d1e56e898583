/**
 * Highlights: content scripts add, recolor, annotate and delete highlights of their own page;
 * extension pages (side panel) change any. Every change goes through the library service, whose
 * feed repaints every open tab of that page (./library.ts). Also injects the page highlighter on
 * request.
 */

import { findByKey } from '@/lib/db/items';
import { backgroundToContent } from '@/lib/messaging';
import { handleContent, handleUi, type PageSender } from '@/lib/messaging/handle';
import type { Highlight } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';
import { lookupKeys } from '@/lib/sites/identity';
import type { BackgroundContext } from './context';
import { ensureHighlighter, saveTab, startHighlighter } from './pages';

/** A page may only change highlights of its own item. */
async function refuseUnlessOwn(
  ctx: BackgroundContext,
  page: PageSender,
  itemId: string,
): Promise<Result<never> | null> {
  const item = await findByKey(ctx.db, lookupKeys(page.url));
  return item?.id === itemId ? null : err('Refused: a page may only change its own highlights.');
}

/** The deleted highlight, or an error when it was gone already. */
function deleted(h: Highlight | undefined): Result<Highlight> {
  return h ? ok(h) : err('This highlight was already deleted.');
}

/** Register the highlight message handlers. */
export function registerHighlights(ctx: BackgroundContext): void {
  const { self, library } = ctx;

  handleContent(self, 'pageAddHighlight', async ({ url, color, note, selector }, page) => {
    // Highlighting an unsaved article saves it first, so the highlight has an item to belong to.
    let itemId = (await findByKey(ctx.db, lookupKeys(url)))?.id;
    if (!itemId) {
      const saved = await saveTab(ctx, page.tabId);
      if (!saved.ok) return saved;
      itemId = saved.value.id;
    }
    return ok(await library.addHighlight({ id: crypto.randomUUID(), itemId, color, note, source: url, selector }));
  });

  handleContent(self, 'pageUpdateHighlight', async ({ url: _url, itemId, id, ...patch }, page) => {
    const refused = await refuseUnlessOwn(ctx, page, itemId);
    if (refused) return refused;
    return ok(await library.updateHighlight({ itemId, id }, patch));
  });

  handleContent(self, 'pageDeleteHighlight', async ({ itemId, id }, page) => {
    const refused = await refuseUnlessOwn(ctx, page, itemId);
    if (refused) return refused;
    return deleted(await library.deleteHighlight({ itemId, id }));
  });

  handleContent(self, 'loadHighlighter', async ({ url }, page) => ensureHighlighter(ctx, page.tabId, url));

  // Extension pages: any highlight of the library.
  handleUi(self, 'updateHighlight', async ({ itemId, id, ...patch }) =>
    ok(await library.updateHighlight({ itemId, id }, patch)),
  );
  handleUi(self, 'deleteHighlight', async (ref) => deleted(await library.deleteHighlight(ref)));
  handleUi(self, 'restoreHighlight', async ({ highlight }) =>
    (await library.restoreHighlight(highlight)) ? ok(highlight) : err('The saved item of this highlight was deleted.'),
  );

  handleUi(self, 'showHighlight', async ({ tabId, id }) => {
    try {
      const started = await startHighlighter(ctx, tabId);
      if (!started.ok) return started;
      return await backgroundToContent.sendMessage('scrollToHighlight', { id }, { tabId, frameId: 0 });
    } catch (e) {
      return err(`The page did not answer (${errorMessage(e)}). Reload it and try again.`);
    }
  });
}
