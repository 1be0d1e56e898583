/**
 * The library service's messages from extension pages (tags, notes, delete and undo, import), and
 * what follows each change: the background reads the change feed after every write and tells
 * every open view which items changed (libraryChanged), and brings the badge and painted
 * highlights of every tab showing a changed item up to date.
 */
import { browser } from 'wxt/browser';
import type { ChangeRow } from '@/lib/db';
import { ImportError } from '@/lib/export/parse';
import { backgroundToUi } from '@/lib/messaging';
import { handleUi } from '@/lib/messaging/handle';
import { ok } from '@/lib/result';
import { lookupKeys } from '@/lib/sites/identity';
import type { BackgroundContext } from './context';
import { followFeed } from './marks';
import { refreshTab } from './pages';

/** More changed items than this are announced as "many" (views re-read everything anyway). */
const LISTED = 500;

/** Refresh every open tab showing a page of one of these canonical keys (any URL form of it). */
async function refreshTabsOf(ctx: BackgroundContext, keys: ReadonlySet<string>): Promise<void> {
  if (!keys.size) return;
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map((tab) => {
      if (tab.id === undefined || !tab.url || !/^https?:/.test(tab.url)) return undefined;
      return lookupKeys(tab.url).some((k) => keys.has(k)) ? refreshTab(ctx, tab.id) : undefined;
    }),
  );
}

/** Tell views and tabs about new feed rows. */
function announce(ctx: BackgroundContext, rows: ChangeRow[]): void {
  const itemIds = new Set<string>();
  const keys = new Set<string>();
  let authors = false;
  for (const row of rows) {
    for (const c of row.changes) {
      // Reading history is no view's business: the board marks follow it (./marks.ts).
      if (c.entity === 'read') continue;
      // Notes on authors and mute rules: views showing them re-read them (no item changed).
      if (c.entity === 'author' || c.entity === 'mute') {
        authors = true;
        continue;
      }
      itemIds.add(c.itemId);
      keys.add(c.key);
    }
  }
  if (!itemIds.size && !authors) return;
  const seq = rows[rows.length - 1]?.seq ?? 0;
  // No open extension page is a rejection ("receiving end does not exist"): nothing to tell.
  void backgroundToUi
    .sendMessage('libraryChanged', { seq, itemIds: itemIds.size <= LISTED ? [...itemIds] : null })
    .catch(() => undefined);
  void refreshTabsOf(ctx, keys).catch(() => undefined);
}

export function registerLibrary(ctx: BackgroundContext): void {
  ctx.library.onChange((rows) => {
    announce(ctx, rows);
    followFeed(ctx, rows);
  });
  const { self, library } = ctx;

  handleUi(self, 'updateItems', async ({ ids, patch }) => ok(await library.updateItems(ids, patch)));
  handleUi(self, 'deleteItems', async ({ ids }) => {
    // The answer names the items only: the background keeps them for undo (lib/db trash).
    const removed = await library.deleteItems(ids);
    return ok({ ids: removed.items.map((i) => i.id), highlights: removed.highlights.length });
  });
  handleUi(self, 'restoreItems', async ({ ids }) => ok(await library.restoreDeleted(ids)));
  handleUi(self, 'clearReadingHistory', async () => ok(await library.clearReads()));
  handleUi(self, 'setAuthor', async (patch) => ok(await library.setAuthor(patch)));
  handleUi(self, 'setMutedWord', async ({ word, muted }) => ok(await library.setMutedWord(word, muted)));
  handleUi(self, 'importFile', async ({ url }) => {
    // The importing page made the blob: URL of the file the reader chose; it is of our origin.
    const text = await (await fetch(url)).text();
    try {
      const report = await library.importText(text, {
        onProgress: (done, total) => void backgroundToUi.sendMessage('importProgress', { done, total }).catch(() => {}),
      });
      return ok({ report });
    } catch (e) {
      if (e instanceof ImportError) return ok({ refused: { code: e.code, message: e.message } });
      throw e;
    }
  });
}
