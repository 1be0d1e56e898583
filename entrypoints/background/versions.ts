/**
 * "Check again": fetch saved items anew from their sources, with the extension's host access and
 * no tab of the site open, and record what changed through the library service. Requests are
 * polite (lib/versions/polite.ts: two at once per host, Retry-After on 429/503 honoured) and the
 * pages are decoded by their charset (lib/extract/charset.ts) and read in the background's DOM
 * adapter (./dom.ts). A post answered 404 or 410, or with its engine's deleted-post page, is gone
 * at its source (lib/versions/diff.ts goneAtSource): the item is marked and keeps every version.
 */
import { getItem } from '@/lib/db/items';
import { decodeHtml } from '@/lib/extract/charset';
import { collectCommentPages } from '@/lib/extract/comments';
import { itemFromAnalysis } from '@/lib/extract/to-item';
import { backgroundToUi } from '@/lib/messaging';
import { handleUi } from '@/lib/messaging/handle';
import type { CheckReport } from '@/lib/messaging/protocol';
import { runQueue } from '@/lib/queue';
import { errorMessage, ok } from '@/lib/result';
import type { Fetched } from '@/lib/versions/check';
import { type FetchedPage, HostLimiter, politeFetch } from '@/lib/versions/polite';
import { isGone } from '@/lib/versions/read';
import type { BackgroundContext } from './context';
import { parseHtml } from './dom';

/** Items checked at once over every host (each host still gets at most two requests at once). */
const ITEMS_AT_ONCE = 6;

/** One limiter for every check of this background, so two selections checked at once share it. */
const limiter = new HostLimiter();

function fetchPage(url: string): Promise<FetchedPage> {
  return politeFetch(url, {
    limiter,
    // The reader's cookies go along, as when the page is opened; no cache: the point is to see it anew.
    fetch: (u) => fetch(u, { credentials: 'include', redirect: 'follow', cache: 'no-store' }),
  });
}

/** What the source of an item holds now. Throws with a readable message when it cannot tell. */
async function fetchAnew(url: string, now: Date): Promise<Fetched> {
  const page = await fetchPage(url);
  if (page.status === 404 || page.status === 410) return { gone: true };
  if (page.status >= 400) throw new Error(`The site answered ${page.status}; nothing was changed.`);
  if (!/html/i.test(page.contentType)) throw new Error(`The address now serves ${page.contentType || 'no web page'}.`);
  const read = await parseHtml(decodeHtml(page.body, page.contentType).text, page.url, 'post', now);
  if (!read.ok) throw new Error(read.error);
  if (read.value.task !== 'post') throw new Error('The page reader answered something else.');
  const { analysis } = read.value.post;
  if (isGone(page.status, read.value.post)) return { gone: true };
  if (!analysis.article) throw new Error('No article text could be found on the page now; nothing was changed.');
  let full = analysis;
  if (analysis.comments?.pages.length) {
    const comments = await collectCommentPages(analysis.comments, async (u) => {
      const p = await fetchPage(u);
      if (p.status >= 400 || !/html/i.test(p.contentType)) return null;
      const c = await parseHtml(decodeHtml(p.body, p.contentType).text, p.url, 'comments', now);
      return c.ok && c.value.task === 'comments' ? c.value.comments : null;
    });
    full = { ...analysis, comments };
  }
  const item = itemFromAnalysis(full, { id: 'check', now });
  return {
    gone: false,
    version: {
      title: item.title,
      text: item.text,
      html: item.html,
      ...(item.comments ? { comments: item.comments } : {}),
    },
  };
}

/** Check one item; a failure changes nothing and says why. */
export async function checkItem(ctx: BackgroundContext, id: string): Promise<CheckReport> {
  try {
    const item = await getItem(ctx.db, id);
    if (!item) return { itemId: id, outcome: 'failed', error: 'This item was deleted.' };
    const fetched = await fetchAnew(item.url, new Date());
    return await ctx.library.recordCheck(id, fetched);
  } catch (e) {
    return { itemId: id, outcome: 'failed', error: errorMessage(e) };
  }
}

/** Check items, a few at a time, telling open pages the progress; one report per item, in order. */
export async function checkItems(ctx: BackgroundContext, ids: readonly string[]): Promise<CheckReport[]> {
  const reports: CheckReport[] = new Array(ids.length);
  let done = 0;
  const tell = () =>
    void backgroundToUi.sendMessage('checkProgress', { done, total: ids.length }).catch(() => undefined);
  tell();
  await runQueue(
    ids,
    async (id) => ({ ok: true as const, value: await checkItem(ctx, id) }),
    { concurrency: ITEMS_AT_ONCE, spacingMs: 0 },
    (id, outcome, i) => {
      reports[i] = outcome.ok ? outcome.value : { itemId: id, outcome: 'failed', error: 'Not checked.' };
      done++;
      tell();
    },
  );
  return reports;
}

/** The message of "Check again": call once, when the background starts. */
export function registerVersions(ctx: BackgroundContext): void {
  handleUi(ctx.self, 'checkItems', async ({ ids }) => ok(await checkItems(ctx, [...new Set(ids)])));
}
