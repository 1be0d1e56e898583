/**
 * Comments of a post: read from the page where it prints them, by the engine's profile (XE/Rhymix,
 * GNUBoard5: lib/sites) or, on engines no profile knows, by a generic comment-list reader; then
 * the comment pages an engine links (`?cpage=2`, `comment-page-2`) merged into one thread.
 * Pure: takes the document, its URL and the time the page was seen; fetching the other pages is
 * the caller's (collectCommentPages takes a loader).
 */
import { parseKoreanDate } from '../dates/korean';
import type { PageComments, Person, SavedComment } from '../model';
import { absUrl, textOf } from '../sites/dom';
import { PROFILES, type Recognition, recognize } from '../sites/index';
import { looksLikeDate } from '../sites/rows';
import type { CommentSpec } from '../sites/types';
import { blockText } from './clean';

/** A comment before threading: where it is in its page, and what it says. */
type Raw = Omit<SavedComment, 'parent' | 'byPoster'> & {
  /** The inline indent its depth was read from (px or %), or null when nesting or a class told it. */
  indent: number | null;
};

/** Most comment pages followed for one post (a page holds 20 to 100 comments). */
export const MAX_COMMENT_PAGES = 50;
/** Most comments kept for one post. */
export const MAX_COMMENTS = 5000;
/** Longest comment text kept, in characters. */
const MAX_TEXT = 20_000;

/** The address part boards print after a guest's name: `(121.130)`, `(123.♡.45.67)`, `(1.2.*.*)`. */
const IP = /\(?\s*(\d{1,3}\.(?:\d{1,3}|♡|\*|x{1,3})(?:\.(?:\d{1,3}|♡|\*|x{1,3})){0,2})\s*\)?/i;
const IP_SUFFIX = /\s*\(\s*\d{1,3}\.(?:\d{1,3}|♡|\*|x{1,3})(?:\.(?:\d{1,3}|♡|\*|x{1,3})){0,2}\s*\)\s*$/i;
/** A member's id in a class (`member_1042`) or a link (`mb_id=admin`, `member_srl=5`). */
const MEMBER_CLASS = /(?:^|\s)member_(\d+)(?:\s|$)/;
const MEMBER_HREF = /[?&](?:mb_id|member_srl|user_id|userid)=([^&#]+)/i;

function memberIdOf(el: Element): string | null {
  const nodes = [el, ...el.querySelectorAll('[class*="member_"], a[href]')];
  for (const n of nodes) {
    const c = MEMBER_CLASS.exec(n.getAttribute('class') ?? '');
    if (c) return c[1]!;
    const h = MEMBER_HREF.exec(n.getAttribute('href') ?? '');
    if (h) {
      try {
        return decodeURIComponent(h[1]!);
      } catch {
        return h[1]!;
      }
    }
  }
  const data = el.getAttribute('data-member-srl') ?? el.getAttribute('data-username');
  return data?.trim() || null;
}

/** A person from their name element and the text around it (where a guest's IP is printed). */
export function personOf(nameEl: Element | null, around: string): Person {
  const raw = textOf(nameEl);
  const name = raw.replace(IP_SUFFIX, '').trim() || null;
  const memberId = nameEl ? memberIdOf(nameEl) : null;
  const ip = memberId ? null : (IP.exec(raw)?.[1] ?? IP.exec(around)?.[1] ?? null);
  return { name, memberId, ip };
}

/** The first two parts of a printed IP address (`123.♡.45.67` → `123.♡`): what boards compare. */
function ipPrefix(ip: string): string {
  return ip.split('.').slice(0, 2).join('.');
}

/**
 * Whether two people are the same by the board's rules: the member id when both have one; a
 * member is never a guest; two guests by nickname, and by IP prefix when both print one.
 */
export function samePerson(a: Person, b: Person): boolean {
  if (a.memberId || b.memberId) return a.memberId !== null && a.memberId === b.memberId;
  if (!a.name || a.name !== b.name) return false;
  return !a.ip || !b.ip || ipPrefix(a.ip) === ipPrefix(b.ip);
}

/** The first element matching one of the selectors, in selector order (not document order). */
function first(root: ParentNode, selectors: string): Element | null {
  for (const s of selectors.split(/\s*,\s*(?![^[(]*[\])])/)) {
    if (!s) continue;
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}

/** Indentation in px or % from an element's inline style (margin or padding on the start side). */
function indentOf(el: Element): number {
  const style = el.getAttribute('style') ?? '';
  const m = /(?:margin|padding)-(?:left|inline-start)\s*:\s*([\d.]+)\s*(px|%|em|rem)?/i.exec(style);
  return m ? Number(m[1]) : 0;
}

/** Depth a class states: WordPress `depth-2` (1-based), `depth_1`, `reply_depth1`... */
function classDepth(el: Element): number | null {
  const c = el.getAttribute('class') ?? '';
  const wp = /(?:^|\s)depth-(\d+)(?:\s|$)/.exec(c);
  if (wp) return Math.max(0, Number(wp[1]) - 1);
  const other = /depth_?(\d+)/i.exec(c);
  if (other) return Number(other[1]);
  return null;
}

const REPLY_CLASS = /(?:^|\s)(?:re|reply|is-reply|comment-reply|rp_reply|answer)(?:\s|$)/i;

/** The engine's id of a comment element (`comment_123`, `c_45`, `comment-12`), if it has one. */
function commentId(el: Element): string | null {
  const data = el.getAttribute('data-comment-srl') ?? el.getAttribute('data-comment-id') ?? el.getAttribute('data-uid');
  if (data && /^\w{1,40}$/.test(data)) return data;
  const m = /(\d{1,20})$/.exec(el.id);
  return m ? m[1]! : null;
}

/** Date of a comment: a `time[datetime]`, or the printed date. */
function dateOf(el: Element | null, now: Date): { dateText: string | null; date: string | null } {
  if (!el) return { dateText: null, date: null };
  const time = el.localName === 'time' ? el : el.querySelector('time[datetime]');
  const dateText = textOf(el) || null;
  const attr = time?.getAttribute('datetime');
  const fromAttr = attr ? parseKoreanDate(attr, now) : null;
  return { dateText, date: fromAttr?.iso ?? (dateText ? (parseKoreanDate(dateText, now)?.iso ?? null) : null) };
}

/** A copy of a comment element without the comments nested in it (and reply forms). */
function ownPart(el: Element, isItem: (e: Element) => boolean): Element {
  const copy = el.cloneNode(true) as Element;
  const nested: Element[] = [];
  for (const d of copy.querySelectorAll('*')) if (isItem(d)) nested.push(d);
  for (const d of nested) d.remove();
  for (const f of copy.querySelectorAll('form, textarea, script, style, button')) f.remove();
  return copy;
}

/** Text of a comment's content element, paragraphs on their own lines, capped. */
function contentText(el: Element | null, strip: readonly string[]): string {
  if (!el) return '';
  const copy = el.cloneNode(true) as Element;
  for (const s of strip) for (const x of copy.querySelectorAll(s)) x.remove();
  const t = blockText(copy);
  return t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) : t;
}

/** What the reader needs of one comment element. */
interface ItemReading {
  author: Element | null;
  date: Element | null;
  content: Element | null;
  strip: readonly string[];
}

/**
 * Comments from their elements (document order): depth from nesting (a reply inside what it
 * answers), else from the class, else from the indent relative to the page's smallest one, else
 * 1 for a reply class.
 */
function readItems(
  items: Element[],
  read: (own: Element) => ItemReading,
  isItem: (e: Element) => boolean,
  page: number,
  now: Date,
): Raw[] {
  const set = new Set(items);
  const indents = items.map(indentOf);
  const unit = Math.min(...indents.filter((n) => n > 0));
  const out: Raw[] = [];
  items.forEach((el, i) => {
    const own = ownPart(el, isItem);
    const r = read(own);
    const text = contentText(r.content, r.strip);
    if (!text) return;
    let nest = 0;
    for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) nest++;
    const stated = nest || classDepth(el);
    const indent = stated ? null : indents[i]!;
    const depth =
      stated ??
      (indent! > 0 && Number.isFinite(unit)
        ? Math.round(indent! / unit)
        : REPLY_CLASS.test(el.getAttribute('class') ?? '')
          ? 1
          : 0);
    const person = personOf(r.author, textOf(own).slice(0, 300));
    out.push({
      id: commentId(el) ?? `p${page}-${i + 1}`,
      depth: Math.min(depth, 20),
      author: person.name,
      memberId: person.memberId,
      ip: person.ip,
      ...dateOf(r.date, now),
      text,
      indent,
    });
  });
  return out;
}

/** Links to other comment pages in a block, and this page's number. */
function commentPages(block: Element | null, url: URL, pageParam: string | null): { pages: string[]; page: number } {
  const fromUrl = pageNumberOf(url.href, pageParam);
  const pages: string[] = [];
  let current: number | null = null;
  if (block) {
    for (const a of block.querySelectorAll('a[href]')) {
      const href = absUrl(a.getAttribute('href'), url.href);
      if (!href) continue;
      const n = pageNumberOf(href, pageParam);
      if (n === null) continue;
      const clean = href.replace(/#.*$/, '');
      if (clean !== url.href.replace(/#.*$/, '') && !pages.includes(clean)) pages.push(clean);
    }
    const here = block.querySelector('strong, .current, .on, .cur, [aria-current]');
    const n = here ? Number(textOf(here)) : Number.NaN;
    if (Number.isInteger(n) && n > 0) current = n;
  }
  return { pages, page: fromUrl ?? current ?? 1 };
}

/** The comment page a URL names (`cpage=2`, `comment-page-2`, `comment_page=2`), or null. */
export function pageNumberOf(href: string, pageParam: string | null = null): number | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  const params = pageParam ? [pageParam] : ['cpage', 'comment_page', 'cmt_page', 'comment-page', 'c_page'];
  for (const p of params) {
    const v = u.searchParams.get(p);
    if (v && /^\d{1,5}$/.test(v)) return Number(v);
  }
  if (!pageParam) {
    const m = /\/comment-page-(\d{1,5})\/?$/.exec(u.pathname);
    if (m) return Number(m[1]);
  }
  return null;
}

/** The comments of a known engine, by its profile's selectors. */
function bySpec(doc: Document, url: URL, now: Date, spec: CommentSpec): PageComments | null {
  const list = first(doc, spec.list);
  if (!list) return null;
  const items = [...list.querySelectorAll(spec.item)];
  const isItem = (e: Element) => e.matches(spec.item);
  const comments = readItems(
    items,
    (own) => ({
      author: first(own, spec.author),
      date: first(own, spec.date),
      content: first(own, spec.content),
      strip: spec.strip ?? [],
    }),
    isItem,
    0,
    now,
  );
  const pager = spec.pager ? (first(list, spec.pager) ?? nextPager(list, spec.pager)) : null;
  const { pages, page } = commentPages(pager, url, spec.pageParam ?? null);
  const posterEl = spec.poster ? first(doc, spec.poster) : null;
  const poster = posterEl ? personOf(posterEl, textOf(posterEl.parentElement)) : null;
  return finish(comments, pages, page, poster);
}

/** A pager right after the comment list (some skins close the list before the pagination). */
function nextPager(list: Element, selector: string): Element | null {
  const next = list.nextElementSibling;
  return next?.matches(selector) ? next : null;
}

function finish(raw: Raw[], pages: string[], page: number, poster: Person | null): PageComments | null {
  if (!raw.length && !pages.length) return null;
  // Ids by position become page-qualified, so the same position on two pages stays two comments.
  const indents: Record<string, number> = {};
  const comments = raw.map(({ indent, ...c }) => {
    const id = c.id.startsWith('p0-') ? `p${page}-${c.id.slice(3)}` : c.id;
    if (indent !== null) indents[id] = indent;
    return { ...c, id, parent: null, byPoster: false };
  });
  const out: PageComments = { comments: thread(comments, poster, { clamp: false }), pages, page, poster };
  if (Object.keys(indents).length) out.indents = indents;
  return out;
}

// ---- generic comment lists ------------------------------------------------------------------

/** Most elements a comment area may hold (200 comments of 50 elements each). */
const MAX_AREA_ELEMENTS = 10_000;

/** Ids and classes of comment areas on engines no profile knows. */
const AREA = /comment|reply|replies|cmt|feedback|fdb|댓글/i;
const AUTHOR =
  '.fn, [itemprop="author"], [class*="nick"], [class*="user"], [class*="writer"], [class*="name"], [class*="author"], cite';
const DATE = 'time, [itemprop="dateCreated"], [class*="date"], [class*="time"], [class*="regdate"], [class*="created"]';
const CONTENT =
  '[itemprop="text"], [itemprop="description"], [class*="content"], [class*="desc"], [class*="txt"], [class*="text"], [class*="body"], [class*="message"], [class*="memo"]';
const ITEM_TAGS = new Set(['LI', 'ARTICLE', 'DIV', 'DL', 'UL', 'OL', 'SECTION', 'TR']);

function classAndId(el: Element): string {
  return `${el.id} ${el.getAttribute('class') ?? ''}`;
}

/** Whether an element's text looks like a comment's date. */
function dateElementIn(el: Element, now: Date): Element | null {
  for (const s of DATE.split(', ')) {
    for (const d of el.querySelectorAll(s)) {
      const t = textOf(d);
      if ((d.localName === 'time' && d.hasAttribute('datetime')) || (t.length <= 40 && parseKoreanDate(t, now)))
        return d;
    }
  }
  // A date in an element no class names as one (Tistory's `.tt-txt-mute`): a leaf that is only a
  // date, among the first few (a comment's date is in its header).
  const leaves = el.querySelectorAll('span, em, p, div, small, i');
  for (let i = 0; i < leaves.length && i < 40; i++) {
    const d = leaves[i]!;
    if (d.childElementCount === 0 && looksLikeDate(textOf(d))) return d;
  }
  return null;
}

/** The outermost comment areas of the page (outside the post's body). */
function commentAreas(doc: Document, body: Element | null): Element[] {
  const out: Element[] = [];
  // Depth first, not into an area once found: its inner comment classes are its own.
  const walk = (el: Element) => {
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if ((c.id || c.hasAttribute('class')) && AREA.test(classAndId(c)) && !(body && c.contains(body))) {
        if (!body?.contains(c)) out.push(c);
      } else walk(c);
    }
  };
  if (doc.body) walk(doc.body);
  return out;
}

/**
 * The comment elements of an area: the largest group of elements of the same tag and first
 * class that each carry a date and an author; on a tie, the outer group (which holds the header
 * row and the replies), then list items and articles over other tags.
 */
function itemsOf(area: Element, now: Date): Element[] | null {
  const all = area.querySelectorAll('*');
  // A comment area is not the whole page: a huge one is some wrapper whose class says "reply".
  if (all.length > MAX_AREA_ELEMENTS) return null;
  const groups = new Map<string, Element[]>();
  for (const el of all) {
    if (!ITEM_TAGS.has(el.tagName)) continue;
    const cls = (el.getAttribute('class') ?? '').trim().split(/\s+/)[0] ?? '';
    const key = `${el.tagName}.${cls}`;
    const g = groups.get(key);
    if (g) g.push(el);
    else groups.set(key, [el]);
  }
  let best: { items: Element[]; score: number; tag: number } | null = null;
  for (const [key, members] of groups) {
    const head = members[0]!;
    if (key.endsWith('.') && head.tagName !== 'LI' && head.tagName !== 'ARTICLE') continue;
    // A lone element is a comment only when it says so (li.comment, li.tt-item-reply).
    if (members.length === 1 && !AREA.test(classAndId(head))) continue;
    if (members.length > MAX_COMMENTS) continue;
    let score = 0;
    for (const m of members) {
      if (!m.textContent?.trim()) continue;
      if (dateElementIn(m, now) && m.querySelector(AUTHOR)) score++;
    }
    // Most of the group must look like comments: a date and an author each.
    if (score === 0 || score < members.length / 2) continue;
    const tag = head.tagName === 'LI' || head.tagName === 'ARTICLE' ? 1 : 0;
    // On a tie the outer group wins (a comment holds its header row and its replies), then list
    // items and articles over other tags.
    const outer = best ? head.contains(best.items[0]!) : false;
    const inner = best ? best.items[0]!.contains(head) : false;
    const better = !best || score > best.score || (score === best.score && (outer || (!inner && tag > best.tag)));
    if (better) best = { items: members, score, tag };
  }
  return best?.items ?? null;
}

/** A comment element's parts on an engine no profile knows. */
function readGeneric(own: Element, now: Date): ItemReading {
  const date = dateElementIn(own, now);
  let author: Element | null = null;
  for (const s of AUTHOR.split(', ')) {
    for (const el of own.querySelectorAll(s)) {
      const t = textOf(el);
      if (!t || t.length > 60 || el.contains(date) || date?.contains(el)) continue;
      author = el;
      break;
    }
    if (author) break;
  }
  let content: Element | null = null;
  for (const s of CONTENT.split(', ')) {
    for (const el of own.querySelectorAll(s)) {
      if (el === author || el === date || el.contains(date) || (author && el.contains(author))) continue;
      if (/context|count|btn|button|control|action/i.test(el.getAttribute('class') ?? '')) continue;
      if (!textOf(el)) continue;
      content = el;
      break;
    }
    if (content) break;
  }
  if (!content) {
    // No content element: the comment's own text without its author, date and links.
    const rest = own.cloneNode(true) as Element;
    for (const x of rest.querySelectorAll(`${AUTHOR}, ${DATE}, a, img`)) x.remove();
    content = rest;
  }
  return { author, date, content, strip: ['a.comment-reply-link', '.reply', '.edit-link'] };
}

/** Comments of an engine no profile knows, or null when the page shows no comment list. */
export function genericComments(doc: Document, url: URL, now: Date, body: Element | null = null): PageComments | null {
  for (const area of commentAreas(doc, body)) {
    const items = itemsOf(area, now);
    if (!items) continue;
    const set = new Set(items);
    const isItem = (e: Element) => set.has(e);
    // Without a profile, a comment names who wrote it: what does not is some other dated block.
    const raw = readItems(items, (own) => readGeneric(own, now), isItem, 0, now).filter((c) => c.author);
    if (!raw.length) continue;
    const { pages, page } = commentPages(area, url, null);
    const marked = items.filter((el) => /(?:^|\s)bypostauthor(?:\s|$)/.test(el.getAttribute('class') ?? ''));
    const out = finish(raw, pages, page, null);
    if (out && marked.length) {
      // WordPress marks the post author's comments itself.
      const ids = new Set(marked.map((el) => commentId(el)).filter(Boolean));
      for (const c of out.comments) if (ids.has(c.id)) c.byPoster = true;
    }
    return out;
  }
  return null;
}

/**
 * The comments of a post page: by its engine's profile where one knows the site, else the
 * generic reader. `poster` names the post's author when the profile could not (its name as the
 * article gave it). Null when the page shows none. Never throws.
 */
export function readComments(
  doc: Document,
  url: string,
  now: Date,
  opts: { rec?: Recognition; poster?: string | null; body?: Element | null } = {},
): PageComments | null {
  try {
    const u = new URL(url);
    const rec = opts.rec ?? recognize(doc, u);
    // A profile that knows the site but deferred to generic (no article found its way) still knows its comments.
    const spec = rec.profile.comments ?? PROFILES.find((p) => p.id === rec.engine)?.comments;
    let out = spec ? bySpec(doc, u, now, spec) : null;
    if (!out?.comments.length) out = genericComments(doc, u, now, opts.body ?? null) ?? out;
    if (out && !out.poster && opts.poster) {
      out.poster = { name: opts.poster, memberId: null, ip: null };
      out.comments = thread(out.comments, out.poster, { clamp: false });
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * Parents and the poster's mark: a comment at depth d answers the last comment before it at
 * depth d - 1 (the order every engine prints threads in).
 */
export function thread(comments: SavedComment[], poster: Person | null, { clamp = true } = {}): SavedComment[] {
  const last: (string | undefined)[] = [];
  return comments.map((c) => {
    // Unclamped (one page of several), a reply at the top of a page keeps its depth: its parent
    // is on the page before, found when the pages are merged.
    const depth = clamp ? Math.min(c.depth, last.length) : c.depth;
    last.length = depth;
    const parent = depth > 0 ? (last[depth - 1] ?? null) : null;
    last.push(c.id);
    const byPoster =
      c.byPoster || (poster !== null && samePerson(poster, { name: c.author, memberId: c.memberId, ip: c.ip }));
    return { ...c, depth, parent, byPoster };
  });
}

/** Every comment of a post's pages, in page order, each once (by id), threaded. */
export function mergeCommentPages(pages: readonly PageComments[]): SavedComment[] {
  const sorted = [...pages].sort((a, b) => a.page - b.page);
  const poster = sorted.find((p) => p.poster)?.poster ?? null;
  // A page's own indent unit may be a deeper level's (a page holding only replies of depth 2):
  // depths read from indents are measured against the smallest indent of every page.
  const indents: Record<string, number> = Object.assign({}, ...sorted.map((p) => p.indents ?? {}));
  const unit = Math.min(...Object.values(indents).filter((n) => n > 0));
  const seen = new Set<string>();
  const all: SavedComment[] = [];
  for (const p of sorted) {
    for (const c of p.comments) {
      if (seen.has(c.id) || all.length >= MAX_COMMENTS) continue;
      seen.add(c.id);
      const indent = indents[c.id];
      all.push(
        indent !== undefined && Number.isFinite(unit) ? { ...c, depth: Math.min(Math.round(indent / unit), 20) } : c,
      );
    }
  }
  return thread(all, poster);
}

/**
 * Follow a post's comment pages from the one read (each page's pagination may show only some
 * page links, so every page read adds the links it shows), at most MAX_COMMENT_PAGES, and merge
 * them. `load` fetches and reads one page (null when it cannot); pages are loaded `concurrency`
 * at a time. The merged comments replace `start.comments`; `pages` lists the pages read.
 */
export async function collectCommentPages(
  start: PageComments,
  load: (url: string) => Promise<PageComments | null>,
  { concurrency = 2, maxPages = MAX_COMMENT_PAGES }: { concurrency?: number; maxPages?: number } = {},
): Promise<PageComments> {
  const read: PageComments[] = [start];
  const seenPages = new Set<number>([start.page]);
  const queued = new Set<string>();
  const queue: string[] = [];
  const add = (urls: readonly string[]) => {
    for (const u of urls) {
      if (queued.has(u)) continue;
      queued.add(u);
      queue.push(u);
    }
  };
  add(start.pages);
  let loaded = 0;
  const worker = async () => {
    while (queue.length && loaded < maxPages) {
      const url = queue.shift()!;
      const n = pageNumberOf(url);
      if (n !== null && seenPages.has(n)) continue;
      loaded++;
      const page = await load(url).catch(() => null);
      if (!page || seenPages.has(page.page)) continue;
      seenPages.add(page.page);
      read.push(page);
      add(page.pages);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  // The merged depths are final: no indents are left to measure.
  const { indents: _measured, ...rest } = start;
  return { ...rest, comments: mergeCommentPages(read), pages: [...queued] };
}
