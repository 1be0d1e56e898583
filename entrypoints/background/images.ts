/**
 * Copies of a saved item's images, fetched by the background when saving (from a tab and from a
 * board list). Many sites refuse an image whose request does not come from their own pages
 * (hotlink protection reads the Referer header), and a request of the extension carries no page
 * as referrer: the browser sets the Referer from the fetching context (the extension) and a
 * `referrer` option naming another origin is ignored (Fetch standard). So each image request gets
 * a session rule of declarativeNetRequest that sets its Referer as showing the page did, for
 * that URL and for requests of no tab (the extension's own) only, removed when the fetch ends.
 * Chrome and Firefox both apply such a rule to the extension's requests (test/e2e/images.e2e.mjs,
 * firefox-images.e2e.mjs). No cookies are sent: the image is asked for as a visitor would.
 */
import { browser } from 'wxt/browser';
import { type FetchedImages, itemImages, refererFor } from '@/lib/images/collect';
import type { SavedItem } from '@/lib/model';
import { imageSettings } from '@/lib/settings';

type Rule = {
  id: number;
  priority: number;
  action: { type: 'modifyHeaders'; requestHeaders: Array<{ header: string; operation: 'set'; value: string }> };
  condition: { urlFilter: string; resourceTypes: string[]; tabIds: number[] };
};
type Dnr = {
  updateSessionRules(o: { addRules?: Rule[]; removeRuleIds?: number[] }): Promise<void>;
  getSessionRules(): Promise<Array<{ id: number }>>;
};

/** Session rule ids of image referrers (the extension has no other session rules). */
let nextRuleId = 1;
let cleared: Promise<void> | undefined;

function dnr(): Dnr | undefined {
  return (browser as unknown as { declarativeNetRequest?: Dnr }).declarativeNetRequest;
}

/** Rules left by a background that stopped mid-fetch are removed once, before the first fetch. */
function clearOldRules(api: Dnr): Promise<void> {
  cleared ??= api
    .getSessionRules()
    .then((rules) => (rules.length ? api.updateSessionRules({ removeRuleIds: rules.map((r) => r.id) }) : undefined))
    .catch(() => undefined);
  return cleared;
}

/**
 * Fetch one image as the page `pageUrl` would: its Referer is what the browser sent when it
 * showed the page (lib/images/collect.ts refererFor: the page's origin for an image of another
 * site), set by a session rule for this URL while the fetch runs; no cookies.
 */
export async function fetchAsPage(url: string, pageUrl: string, signal: AbortSignal): Promise<Response> {
  const referrer = refererFor(url, pageUrl);
  const api = dnr();
  const id = nextRuleId++;
  const ruled = api !== undefined && referrer !== null;
  if (api && referrer !== null) {
    await clearOldRules(api);
    await api
      .updateSessionRules({
        addRules: [
          {
            id,
            priority: 1,
            action: {
              type: 'modifyHeaders',
              requestHeaders: [{ header: 'referer', operation: 'set', value: referrer }],
            },
            // `|url|` matches this URL exactly; tabIds -1: requests of no tab, the extension's.
            condition: { urlFilter: `|${url}|`, resourceTypes: ['xmlhttprequest'], tabIds: [-1] },
          },
        ],
      })
      .catch(() => undefined);
  }
  try {
    return await fetch(url, {
      signal,
      credentials: 'omit',
      cache: 'default',
    });
  } finally {
    if (api && ruled) await api.updateSessionRules({ removeRuleIds: [id] }).catch(() => undefined);
  }
}

/**
 * The item's image list and the copies to store with it, under the library's settings: with
 * "Keep images" off the list names them without copies. `pageUrl` is the page they were on.
 */
export async function imagesOfItem(item: SavedItem, pageUrl: string): Promise<FetchedImages> {
  const settings = await imageSettings.get();
  return itemImages(
    item.html,
    pageUrl,
    settings.keep
      ? { fetch: (url, signal) => fetchAsPage(url, pageUrl, signal), capBytes: settings.itemCapMb * 1024 * 1024 }
      : null,
  );
}

/** The item with its image list, and the copies to save with it. */
export async function withImages(item: SavedItem, pageUrl: string) {
  const { list, blobs } = await imagesOfItem(item, pageUrl);
  return { item: list.length ? { ...item, images: list } : item, blobs };
}
