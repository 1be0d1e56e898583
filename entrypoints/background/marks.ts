/**
 * Marks on board lists: when a recognized board list loads on a site where marks are on, the
 * background reads its posts (the on-demand board reader), decides each post's marks from the
 * library and the reading history, and has the board reader show them on the rows. A post page that
 * loads on such a site is recorded as read. The marks follow the change feed: a save, delete or
 * visit in any tab repaints every list that shows the post. Rows whose titles report the same story
 * as an earlier row, or as one of the site's 300 most recent library items, are grouped, and
 * collapsed under the first when the reader chose so (a change of that setting repaints).
 */
import { browser } from 'wxt/browser';
import { t } from '@/components/i18n';
import type { ChangeRow } from '@/lib/db';
import { readsOf } from '@/lib/db/history';
import { hasItemsOfHost, highlightCountsByKey, recentTitlesOfHost } from '@/lib/db/library';
import { decideMarks, type ListedPost } from '@/lib/marks/decide';
import { MARKS_CSS, type RowMark } from '@/lib/marks/paint';
import { backgroundToBoardReader } from '@/lib/messaging';
import { markSettings } from '@/lib/settings';
import { hostName } from '@/lib/sites/dom';
import { lookupKeys, postIdentity } from '@/lib/sites/identity';
import type { BackgroundContext } from './context';
import { inBoardReader } from './extractor';

/** The comment count each post's list showed last (this worker's lifetime), by post key. */
const listed = new Map<string, number>();
/** Tabs showing marks, with the posts their list shows. */
const markedTabs = new Map<number, ListedPost[]>();

/** Whether marks show on this host: the reader's setting, and for "sites I use" whether they do. */
async function marksOn(ctx: BackgroundContext, host: string): Promise<boolean> {
  const s = await markSettings.get();
  if (s.mode === 'off' || s.off.includes(host)) return false;
  if (s.mode === 'all' || s.used.includes(host)) return true;
  return hasItemsOfHost(ctx.db, host);
}

/** Every key a listed post may be saved or read under. */
const keysOf = (post: ListedPost) => [...new Set([post.key, ...safeKeys(post.url)])];

function safeKeys(url: string): string[] {
  try {
    return lookupKeys(url);
  } catch {
    return [];
  }
}

/** How many of the site's library items a list's titles are compared with. */
const LIBRARY_TITLES = 300;

/** Each listed post's marks, from the library and the reading history. */
async function marksFor(ctx: BackgroundContext, posts: readonly ListedPost[]): Promise<RowMark[]> {
  const keys = [...new Set(posts.flatMap(keysOf))];
  const saved = await highlightCountsByKey(ctx.db, keys);
  const reads = await readsOf(ctx.db, keys);
  const listedKeys = new Set(keys);
  const host = posts[0] ? hostName(new URL(posts[0].url)) : '';
  const library = host
    ? (await recentTitlesOfHost(ctx.db, host, LIBRARY_TITLES)).filter((i) => !listedKeys.has(i.key)).map((i) => i.title)
    : [];
  return decideMarks(
    posts,
    {
      saved,
      read: new Map([...reads].map(([k, r]) => [k, r.comments])),
      library,
    },
    {
      saved: t('markSaved'),
      highlights: (n) => t('markHighlights', String(n)),
      read: t('markRead'),
      newComments: (n) => t('markNewComments', String(n)),
      sameStoryAs: (title) => t('markSameStoryAs', title),
      sameStories: (n) => t('markSameStories', String(n)),
    },
    keysOf,
  );
}

async function paint(ctx: BackgroundContext, tabId: number, posts: ListedPost[]): Promise<void> {
  const marks = await marksFor(ctx, posts);
  const { collapse } = await markSettings.get();
  await backgroundToBoardReader
    .sendMessage('showMarks', { marks, collapse }, { tabId, frameId: 0 })
    .catch(() => undefined);
}

/** Whether the marked lists follow the collapse setting yet (watched from the first marked list on). */
let watchingCollapse = false;

function followCollapse(ctx: BackgroundContext): void {
  if (watchingCollapse) return;
  watchingCollapse = true;
  let collapse: boolean | undefined;
  void markSettings.get().then((s) => {
    collapse ??= s.collapse;
  });
  markSettings.watch((s) => {
    if (s.collapse === collapse) return;
    collapse = s.collapse;
    for (const [tabId, posts] of markedTabs) void paint(ctx, tabId, posts);
  });
}

/** A page finished loading in a tab: record a post as read, mark a board list. */
export async function pageLoaded(ctx: BackgroundContext, tabId: number, url: string): Promise<void> {
  markedTabs.delete(tabId);
  if (!/^https?:/.test(url)) return;
  const host = hostName(new URL(url));
  if (!(await marksOn(ctx, host))) return;
  const post = postIdentity(url);
  if (post) {
    const keys = safeKeys(url);
    const count = keys.map((k) => listed.get(k)).find((n) => n !== undefined) ?? null;
    await ctx.library.recordReads([{ keys, url, comments: count }]);
  }
  const read = await inBoardReader(tabId, 'readBoard', {});
  if (!read.ok || !read.value?.length) return;
  const posts = read.value;
  for (const p of posts) if (p.comments !== null) for (const k of keysOf(p)) listed.set(k, p.comments);
  await browser.scripting.insertCSS({ target: { tabId, frameIds: [0] }, css: MARKS_CSS }).catch(() => undefined);
  markedTabs.set(tabId, posts);
  followCollapse(ctx);
  await paint(ctx, tabId, posts);
}

/** A saved post counts as read, with the comment count its list showed. */
export async function savedPost(ctx: BackgroundContext, item: { canonicalKey: string; url: string }): Promise<void> {
  const keys = [...new Set([item.canonicalKey, ...safeKeys(item.url)])];
  const count = keys.map((k) => listed.get(k)).find((n) => n !== undefined) ?? null;
  await ctx.library.recordReads([{ keys, url: item.url, comments: count }]);
}

/** New feed rows: repaint the lists that show a post whose record changed. */
export function followFeed(ctx: BackgroundContext, rows: readonly ChangeRow[]): void {
  if (!markedTabs.size) return;
  const changed = new Set(rows.flatMap((r) => r.changes.map((c) => c.key)));
  for (const [tabId, posts] of markedTabs) {
    if (posts.some((p) => keysOf(p).some((k) => changed.has(k)))) void paint(ctx, tabId, posts);
  }
}

/** A tab navigated away or closed. */
export function forgetMarks(tabId: number): void {
  markedTabs.delete(tabId);
}
