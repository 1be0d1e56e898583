/**
 * Reading a board's list in the side panel: the panel asks for a post the popup's list names, the
 * background fetches it in the list's tab (its origin, its cookies; lib/extract/charset.ts decodes
 * it), extracts it and hands the article over without saving it. Opening it there counts as
 * reading it: the reading history records it with the comment count the list showed, through the
 * library service, so the list's marks follow at once (the feed). Saving and highlighting there
 * save the copy the reader shows when it was fetched a moment ago.
 */
import { findByKey } from '@/lib/db/items';
import { handleUi } from '@/lib/messaging/handle';
import type { ListedPostCopy } from '@/lib/messaging/protocol';
import type { PageAnalysis } from '@/lib/model';
import { err, errorMessage, ok, type Result } from '@/lib/result';
import { lookupKeys } from '@/lib/sites/identity';
import type { BackgroundContext } from './context';
import { fetchAnalyzeInTab, savePost } from './pages';

/** How long a fetched copy stands for the post when the reader saves it, in ms. */
const COPY_TTL_MS = 10 * 60_000;
/** How many fetched copies are kept (the post read now and the few before it). */
const COPIES = 6;

/** Posts fetched for the reader, by the URL the panel asked for, oldest first. */
const copies = new Map<string, { analysis: PageAnalysis; at: number }>();

function remember(url: string, analysis: PageAnalysis): void {
  copies.delete(url);
  copies.set(url, { analysis, at: Date.now() });
  while (copies.size > COPIES) copies.delete(copies.keys().next().value as string);
}

/** The copy of `url` the reader shows, while it is recent. */
export function recentCopy(url: string): PageAnalysis | undefined {
  const c = copies.get(url);
  if (!c) return undefined;
  if (Date.now() - c.at > COPY_TTL_MS) {
    copies.delete(url);
    return undefined;
  }
  return c.analysis;
}

/** Every key a post may be saved or read under: the list's, its address's forms, the page's own. */
function keysOf(url: string, ...more: string[]): string[] {
  let forms: string[] = [];
  try {
    forms = lookupKeys(url);
  } catch {
    // Not a post address: the list's key stands alone.
  }
  return [...new Set([...more.filter(Boolean), ...forms])];
}

/** Fetch a listed post for the reader and record it as read. */
export async function readListedPost(
  ctx: BackgroundContext,
  tabId: number,
  post: { url: string; key: string; comments: number | null },
): Promise<Result<ListedPostCopy>> {
  const fetched = await fetchAnalyzeInTab(tabId, post.url);
  if (!fetched.ok) return fetched;
  const analysis = fetched.value;
  if (!analysis.article) return err('No article text could be found on that page.');
  remember(post.url, analysis);
  const keys = keysOf(post.url, post.key, analysis.canonicalKey);
  try {
    await ctx.library.recordReads([{ keys, url: post.url, comments: post.comments }]);
    const item = await findByKey(ctx.db, keys);
    return ok({
      url: analysis.url,
      canonicalKey: analysis.canonicalKey,
      article: analysis.article,
      comments: analysis.comments?.comments ?? [],
      itemId: item?.id ?? null,
    });
  } catch (e) {
    return err(errorMessage(e));
  }
}

/** Register the side panel reader's handlers. */
export function registerReader(ctx: BackgroundContext): void {
  const { self, library } = ctx;
  handleUi(self, 'readListedPost', ({ tabId, ...post }) => readListedPost(ctx, tabId, post));
  handleUi(self, 'readerSavePost', ({ tabId, ...post }) => savePost(ctx, tabId, post, recentCopy(post.url)));
  handleUi(self, 'readerAddHighlight', async ({ tabId, url, board, poster, color, note, quote }) => {
    // Highlighting a post that is not saved yet saves it first (the copy the reader shows).
    let itemId = (await findByKey(ctx.db, keysOf(url)))?.id;
    if (!itemId) {
      const saved = await savePost(ctx, tabId, { url, board, poster }, recentCopy(url));
      if (!saved.ok) return saved;
      itemId = saved.value.id;
    }
    try {
      return ok(
        await library.addHighlight({ id: crypto.randomUUID(), itemId, color, note, source: url, selector: [quote] }),
      );
    } catch (e) {
      return err(errorMessage(e));
    }
  });
}
