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
import { authorsOf, mutedWords } from '@/lib/db/authors';
import { readsOf } from '@/lib/db/history';
import { hasItemsOfHost, highlightCountsByKey, recentTitlesOfHost } from '@/lib/db/library';
import { decideMarks, type ListedPost } from '@/lib/marks/decide';
import { MARKS_CSS, type MemberNote, type RowMark } from '@/lib/marks/paint';
import { backgroundToBoardReader } from '@/lib/messaging';
import type { AuthorRecord } from '@/lib/model';
import { type MarkSettings, markSettings } from '@/lib/settings';
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
async function marksFor(
  ctx: BackgroundContext,
  posts: readonly ListedPost[],
  authors: readonly AuthorRecord[],
): Promise<RowMark[]> {
  const keys = [...new Set(posts.flatMap(keysOf))];
  const saved = await highlightCountsByKey(ctx.db, keys);
  const reads = await readsOf(ctx.db, keys);
  const listedKeys = new Set(keys);
  const host = posts[0] ? hostName(new URL(posts[0].url)) : '';
  const library = host
    ? (await recentTitlesOfHost(ctx.db, host, LIBRARY_TITLES)).filter((i) => !listedKeys.has(i.key)).map((i) => i.title)
    : [];
  const words = await mutedWords(ctx.db);
  return decideMarks(
    posts,
    {
      saved,
      read: new Map([...reads].map(([k, r]) => [k, r.comments])),
      library,
      authors: new Map(authors.map((a) => [a.authorId, { note: a.note, muted: a.muted === 1 }])),
      mutedWords: words.map((w) => w.word),
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

/** The site's noted members, to show beside their names wherever its pages name them. */
function memberNotesOf(authors: readonly AuthorRecord[]): MemberNote[] {
  return authors
    .filter((a) => a.note && a.authorId.startsWith('m:'))
    .map((a) => ({ memberId: a.authorId.slice(2), name: a.name, note: a.note }));
}

/**
 * Show a list's marks in its tab. `authors` are the site's (read once for the rows' marks and the
 * members' notes); read here when the caller has not read them.
 */
async function paint(
  ctx: BackgroundContext,
  tabId: number,
  posts: ListedPost[],
  url?: string,
  known?: readonly AuthorRecord[],
): Promise<void> {
  const page = url ?? posts[0]?.url;
  const authors = known ?? (page ? await authorsOf(ctx.db, hostName(new URL(page))) : []);
  const marks = await marksFor(ctx, posts, authors);
  const { collapse } = await markSettings.get();
  const mutedWords = { hidden: t('marksHidden', '{n}'), show: t('marksShowHidden'), hide: t('marksHideHidden') };
  const memberNotes = memberNotesOf(authors);
  await backgroundToBoardReader
    .sendMessage('showMarks', { marks, collapse, mutedWords, memberNotes }, { tabId, frameId: 0 })
    .catch(() => undefined);
}

/** Whether the marked lists follow the marks settings yet (watched from the first list on). */
let watchingSettings = false;

/**
 * Follow the marks settings: a change of "collapse same stories" repaints the marked lists; a site
 * turned on (opening its list in the popup makes it a site in use, or marks on every board) gets
 * its open lists marked without a reload; a site turned off loses its marks.
 */
function followSettings(ctx: BackgroundContext): void {
  if (watchingSettings) return;
  watchingSettings = true;
  let last: MarkSettings | undefined;
  void markSettings.get().then((s) => {
    last ??= s;
  });
  markSettings.watch((s) => {
    const before = last;
    last = s;
    if (!before || s.collapse !== before.collapse) {
      for (const [tabId, posts] of markedTabs) void paint(ctx, tabId, posts);
    }
    if (
      before &&
      s.mode === before.mode &&
      s.used.join() === before.used.join() &&
      s.off.join() === before.off.join()
    ) {
      return;
    }
    void browser.tabs
      .query({ url: ['http://*/*', 'https://*/*'] })
      .then(async (tabs) => {
        for (const tab of tabs) {
          if (tab.id === undefined || !tab.url) continue;
          const on = await marksOn(ctx, hostName(new URL(tab.url)));
          if (on && !markedTabs.has(tab.id)) await pageLoaded(ctx, tab.id, tab.url, false);
          if (!on && markedTabs.has(tab.id)) {
            markedTabs.delete(tab.id);
            await backgroundToBoardReader
              .sendMessage('showMarks', { marks: [] }, { tabId: tab.id, frameId: 0 })
              .catch(() => undefined);
          }
        }
      })
      .catch(() => undefined);
  });
}

/**
 * A page finished loading in a tab: record a post as read (`visited`: a load, not marks turned on
 * for a page already open), mark a board list.
 */
export async function pageLoaded(ctx: BackgroundContext, tabId: number, url: string, visited = true): Promise<void> {
  markedTabs.delete(tabId);
  if (!/^https?:/.test(url)) return;
  followSettings(ctx);
  const host = hostName(new URL(url));
  if (!(await marksOn(ctx, host))) return;
  const post = postIdentity(url);
  if (post && visited) {
    const keys = safeKeys(url);
    const count = keys.map((k) => listed.get(k)).find((n) => n !== undefined) ?? null;
    await ctx.library.recordReads([{ keys, url, comments: count }]);
  }
  const read = await inBoardReader(tabId, 'readBoard', {});
  if (!read.ok) return;
  if (!read.value?.length) {
    // Not a list: a post page still shows the notes on its members (its header, its comments).
    const authors = post ? await authorsOf(ctx.db, host) : [];
    if (memberNotesOf(authors).length) {
      await browser.scripting.insertCSS({ target: { tabId, frameIds: [0] }, css: MARKS_CSS }).catch(() => undefined);
      await paint(ctx, tabId, [], url, authors);
    }
    return;
  }
  const posts = read.value;
  for (const p of posts) if (p.comments !== null) for (const k of keysOf(p)) listed.set(k, p.comments);
  await browser.scripting.insertCSS({ target: { tabId, frameIds: [0] }, css: MARKS_CSS }).catch(() => undefined);
  markedTabs.set(tabId, posts);
  await paint(ctx, tabId, posts);
}

/** A saved post counts as read, with the comment count its list showed. */
export async function savedPost(ctx: BackgroundContext, item: { canonicalKey: string; url: string }): Promise<void> {
  const keys = [...new Set([item.canonicalKey, ...safeKeys(item.url)])];
  const count = keys.map((k) => listed.get(k)).find((n) => n !== undefined) ?? null;
  await ctx.library.recordReads([{ keys, url: item.url, comments: count }]);
}

/**
 * New feed rows: repaint the lists that show a post whose record changed, every list of a site
 * whose authors' notes or muting changed, and every list when a muted word changed.
 */
export function followFeed(ctx: BackgroundContext, rows: readonly ChangeRow[]): void {
  if (!markedTabs.size) return;
  const changes = rows.flatMap((r) => r.changes);
  const changed = new Set(changes.map((c) => c.key));
  const words = changes.some((c) => c.entity === 'mute');
  const hosts = new Set(changes.filter((c) => c.entity === 'author').map((c) => c.key));
  for (const [tabId, posts] of markedTabs) {
    const host = posts[0] ? hostName(new URL(posts[0].url)) : '';
    if (words || hosts.has(host) || posts.some((p) => keysOf(p).some((k) => changed.has(k)))) {
      void paint(ctx, tabId, posts);
    }
  }
}

/** A tab navigated away or closed. */
export function forgetMarks(tabId: number): void {
  markedTabs.delete(tabId);
}
