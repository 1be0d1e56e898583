/**
 * Board rows: turning the row elements of a board list into BoardRow records, with the cell
 * selectors a profile knows or, for unknown layouts, by reading what each cell holds.
 */
import { resolveKoreanDate } from '../dates/korean';
import type { BoardData, BoardRow } from '../model';
import { authorIdentity } from './authors';
import { absUrl, intOf, textOf } from './dom';
import { postIdentity, urlKey } from './identity';

/** Cell selectors of a known skin; any may be missing (then the row's content decides). */
export interface RowSpec {
  number?: string;
  /** The cell holding the title link. */
  title?: string;
  /** The title link inside the title cell (default: its first link that is not a comment count). */
  titleLink?: string;
  comments?: string;
  author?: string;
  date?: string;
  views?: string;
  /** Rows matching this are notices. */
  notice?: string;
  /** Elements removed from the title text (category labels, icons' text). */
  titleNoise?: string;
}

/** Field of each column, from a header; used when the header and the row have as many cells. */
export type ColumnKind = 'number' | 'title' | 'author' | 'date' | 'views' | 'votes' | 'comments' | 'other';

const PLAIN_INT = /^\d[\d,]*$/;
const ID_PARAMS = [
  'wr_id',
  'document_srl',
  'no',
  'seq',
  'idx',
  'idxno',
  'id',
  'num',
  'bno',
  'uid',
  'articleId',
  'article_id',
  'nttId',
  'post_id',
];

/** The post id of a row URL: the engine's id, else a numeric id parameter or last path segment. */
export function guessPostId(url: string): string | null {
  const id = postIdentity(url);
  if (id) return id.postId;
  try {
    const u = new URL(url);
    for (const p of ID_PARAMS) {
      const v = u.searchParams.get(p);
      if (v && /^\d+$/.test(v)) return v;
    }
    return /\/(\d+)(?:\.\w+)?\/?$/.exec(u.pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

const NOTICE_TEXT = /^(공지|공지사항|notice|필독|안내|📢)$/i;
/** A notice row's class: `notice`, `bo_notice`, `list_notice`, `is-notice`... */
const NOTICE_CLASS = /(?:^|[\s_-])notice(?:$|[\s_-])/i;
const CURRENT_TEXT = /^(»|→|▶|현재|열람중|현재글|current)$/i;
const COMMENT_SUFFIX =
  /\s*(?:\[\s*(\d[\d,]*)\s*\]|\(\s*(\d[\d,]*)\s*\)|\{\s*(\d[\d,]*)\s*\}|(?:^|\s)\+\s?(\d[\d,]*))\s*$/;
/** A comment count printed on its own: `[12]`, `(12)`, `+12`. */
const COUNT_TEXT = /^(?:\[\s*(\d[\d,]*)\s*\]|\(\s*(\d[\d,]*)\s*\)|\+\s?(\d[\d,]*))$/;
/** A labelled comment count in a cell: `댓글 9`, `댓글(9)`, `comments: 9`. */
const LABELLED_COMMENTS = /^(?:댓글|코멘트|comments?|replies)\s*:?\s*[[(]?\s*(\d[\d,]*)\s*[\])]?$/i;
/** Labelled counts that are never an author: `조회 12`, `추천 3`, `댓글 9`. */
const LABELLED_STAT = /^(?:조회|조회수|추천|추천수|공감|좋아요|비추천|댓글|hits?|views?|likes?|votes?)\s*:?\s*[\d,]+$/i;
/**
 * Text of a badge or icon that is never part of a title or a name: new/hot/best marks, notice
 * and attachment icons, screen-reader words boards print beside them.
 */
const BADGE_TEXT =
  /^[[(【]?(?:n|new|h|hot|up|best|베스트|인기|인기글|핫|새글|새 글|사진|이미지|그림|첨부|첨부파일|파일|file|image|img|photo|pic|동영상|영상|video|movie|비밀글|secret|잠금|lock)[\])】!]?$/i;
/** A notice mark: `공지`, `[공지]`, `필독`, `notice`. */
const NOTICE_MARK = /^[[(【]?(?:공지|공지사항|notice|필독)[\])】]?$/i;
/** A leading `[공지]` printed in the title text itself. */
const NOTICE_PREFIX = /^\s*[[(【](?:공지|공지사항|notice)[\])】]\s*/i;
/** A label's class: category, tag, badge, icon (`bo_cate_link`, `kboard-default-category`, `head_label`). */
const LABEL_CLASS = /cate|label|badge|icon|ico[_-]|tag(?:$|[\s_-])|head(?:$|[\s_-])|prefix|new|hot|best/i;
/** Screen-reader text: `<span class="sound_only">댓글</span>`. */
const HIDDEN = '.sound_only, .blind, .screen_out, .sr-only, .visually-hidden, .screen-reader-text';
/** A category link's address: a category filter of the list, not a post. */
const CATEGORY_HREF = /[?&](?:sca|category|cate|category1|ca_name|cat)=[^&#]*(?:&|#|$)|\/category\//i;
const CATEGORY_CLASS = /(?:^|[\s_-])(?:bo_cate_link|cate|category|cat|label|tag)(?:$|[\s_-])/i;
const DATE_LIKE =
  /^(?:\d{2,4}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}[.\-/]\d{1,2}(?:\s+\d{1,2}:\d{2})?|\d{1,2}:\d{2}(?::\d{2})?|\d+\s*(?:초|분|시간|일)\s*전|방금|어제(?:\s+\d{1,2}:\d{2})?)$/;

/** Whether a cell's text looks like a list date. */
export function looksLikeDate(s: string): boolean {
  return s.length <= 24 && DATE_LIKE.test(s.trim());
}

/** A title without its `[3]` / `(3)` comment-count suffix, and that count. */
export function splitCommentSuffix(title: string): { title: string; comments: number | null } {
  const m = COMMENT_SUFFIX.exec(title);
  if (!m || m.index === 0) return { title: title.trim(), comments: null };
  return { title: title.slice(0, m.index).trim(), comments: intOf(m[1] ?? m[2] ?? m[3] ?? m[4]) };
}

/** The number of a `[12]` / `(12)` / `+12` count, or null. */
function countOf(text: string): number | null {
  const m = COUNT_TEXT.exec(text);
  return m ? intOf(m[1] ?? m[2] ?? m[3]) : null;
}

/**
 * Whether a link is a category label rather than a post: marked so by its class
 * (`a.bo_cate_link`, `a.category`), or pointing at a category filter of the list
 * (`?sca=`, `?category=`, `/category/12`) without naming a post.
 */
export function isLabelLink(a: Element): boolean {
  if (CATEGORY_CLASS.test(a.getAttribute('class') ?? '')) return true;
  const href = a.getAttribute('href') ?? '';
  if (!CATEGORY_HREF.test(href)) return false;
  if (/\/category\//i.test(href)) return true;
  // A post's own link may carry the category being browsed (`?category=0`, `&sca=장비&wr_id=9`).
  if (/[?&](?:wr_id|document_srl|no|uid|idx|idxno|articleid|article_id|bno|seq|num|post_id|nttId)=\d/i.test(href))
    return false;
  return !/\/\d+(?:\.\w+)?\/?(?:[?#]|$)/.test(href) && textOf(a).length <= 12;
}

/** Whether there is text in `root` before (or after) `node`. */
function textBeside(root: Element, node: Element, after: boolean): boolean {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let seen = false;
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const inside = node.contains(t);
    if (inside) {
      seen = true;
      continue;
    }
    if (/\S/.test(t.textContent ?? '') && seen === after) return true;
  }
  return false;
}

/**
 * A post link's title: its text without what boards print inside it beside the title, whatever
 * element holds it: category labels, new/hot/best badges, notice and attachment icons, hidden
 * screen-reader words, a comment count (`[12]`, `(12)`, `+12`, which goes to `comments`) and a
 * leading `[공지]` (which marks the row a notice).
 */
export function cleanTitle(link: Element, spec: RowSpec): { title: string; comments: number | null; notice: boolean } {
  const clone = link.cloneNode(true) as Element;
  let comments: number | null = null;
  let notice = false;
  const noise = [spec.comments, spec.titleNoise, '.cnt_cmt', '.replyNum', '.new_icon', '.hot_icon', HIDDEN]
    .filter(Boolean)
    .join(',');
  for (const n of clone.querySelectorAll(noise)) {
    if (!clone.contains(n)) continue;
    if (spec.comments && n.matches(spec.comments)) comments ??= intOf(textOf(n)) ?? countOf(textOf(n));
    if (n.matches('.notice_icon')) notice = true;
    n.remove();
  }
  // Short elements inside the link: labels, badges, icons and counts, never the title itself.
  for (const n of [...clone.querySelectorAll('*')]) {
    if (!clone.contains(n)) continue;
    const t = textOf(n);
    if (!t || t.length > 16) continue;
    const whole = textOf(clone);
    if (t.length >= whole.length) continue; // the element holds the whole title
    const cls = n.getAttribute('class') ?? '';
    const count = countOf(t) ?? (/comment|reply|cmt/i.test(cls) ? intOf(t) : null);
    if (count !== null) {
      if (!textBeside(clone, n, true)) {
        comments ??= count;
        n.remove();
      }
      continue;
    }
    if (NOTICE_MARK.test(t)) {
      notice = true;
      n.remove();
    } else if (BADGE_TEXT.test(t)) {
      n.remove();
    } else if (LABEL_CLASS.test(cls) || (/^[[(【].*[\])】]$/.test(t) && !textBeside(clone, n, false))) {
      // A category label (`<span class="category">[질문]</span>`): a labelled element, or a
      // bracketed word before the title.
      if (t.length <= 12) n.remove();
    }
  }
  let text = textOf(clone);
  const prefix = NOTICE_PREFIX.exec(text);
  if (prefix) {
    notice = true;
    text = text.slice(prefix[0].length);
  }
  const split = splitCommentSuffix(text);
  return { title: split.title, comments: comments ?? split.comments, notice };
}

/**
 * The cells of a row: its td/th for a table row, else its text-bearing leaf blocks. `limit` stops
 * the walk after that many cells (a caller that rejects wider rows need not read the rest).
 */
export function rowCells(row: Element, limit = Number.POSITIVE_INFINITY): Element[] {
  if (row.tagName === 'TR') return [...row.children].filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
  const out: Element[] = [];
  const walk = (el: Element, depth: number) => {
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
      if (out.length >= limit) return;
      if (c.tagName === 'SCRIPT' || c.tagName === 'STYLE') continue;
      let leafish = c.tagName === 'A' || depth > 4;
      if (!leafish) {
        leafish = true;
        for (let g = c.firstElementChild; g && leafish; g = g.nextElementSibling) leafish = !BLOCKISH.has(g.tagName);
      }
      if (leafish) {
        if (/\S/.test(c.textContent ?? '') || c.querySelector('a[href]')) out.push(c);
      } else walk(c, depth + 1);
    }
  };
  walk(row, 0);
  return out;
}
const BLOCKISH = new Set(['DIV', 'SPAN', 'P', 'LI', 'UL', 'DL', 'DT', 'DD', 'STRONG', 'EM', 'A', 'TIME', 'SMALL', 'B']);

/** The row's post link: the link with the longest text that points somewhere. */
export function titleLinkOf(row: Element): HTMLAnchorElement | null {
  let best: HTMLAnchorElement | null = null;
  let bestLen = 0;
  for (const a of row.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    const href = a.getAttribute('href') ?? '';
    if (!href || href.startsWith('#') || /^javascript:/i.test(href) || isLabelLink(a)) continue;
    const len = textOf(a).length;
    if (len > bestLen) {
      best = a;
      bestLen = len;
    }
  }
  return bestLen >= 2 ? best : null;
}

export interface RowContext {
  base: string;
  now: Date;
  /** Identity key of the page being viewed, to mark its row. */
  pageKey: string | null;
  spec?: RowSpec;
  columns?: ColumnKind[] | null;
}

/** A cell's text, or the alt text of its image when it has no text (a notice cell's 공지 icon). */
function cellLabel(cell: Element): string {
  return textOf(cell) || (cell.querySelector('img[alt]')?.getAttribute('alt')?.trim() ?? '');
}

function cellText(row: Element, sel: string | undefined): string | null {
  if (!sel) return null;
  const el = row.querySelector(sel);
  return el ? textOf(el) : null;
}

const COUNT_CLASS = /comment|reply|cmt/i;
const NOTICE_ICON =
  '.notice_icon, .icon_notice, .ico_notice, img[src*="notice"], img[alt="공지"], img[alt="공지사항"], img[alt="notice" i]';

/** The element right after the title link holding only a number, when it is marked as a comment count. */
function commentCountAfter(link: Element): Element | null {
  const next = link.nextElementSibling;
  if (!next || !PLAIN_INT.test(textOf(next))) return null;
  const marked = (el: Element | null) => el !== null && COUNT_CLASS.test(el.getAttribute('class') ?? '');
  const href = next.getAttribute('href') ?? '';
  return marked(next) || marked(next.firstElementChild) || /#.*(?:comment|reply|cmt)/i.test(href) ? next : null;
}

/** A poster's name as shown, without the `(121.130)` address fragment boards print for guests. */
function authorName(text: string): string | null {
  return (
    text
      .replace(/\s+/g, ' ')
      .replace(/\s*\(\d{1,3}\.\d{1,3}(?:\.[\d*x]{1,3}){0,2}\)$/, '')
      .trim() || null
  );
}

/** One BoardRow from a row element, or null when the row has no post link. */
export function readRow(row: Element, ctx: RowContext): BoardRow | null {
  const spec = ctx.spec ?? {};
  const cells = rowCells(row);
  const cols = ctx.columns && ctx.columns.length === cells.length ? ctx.columns : null;
  const byCol = (kind: ColumnKind): string | null => {
    if (!cols) return null;
    const i = cols.indexOf(kind);
    if (i < 0) return null;
    // A notice's number cell may hold only a 공지 icon: its alt text says so.
    return kind === 'number' ? cellLabel(cells[i]!) : textOf(cells[i]);
  };
  const titleCell = spec.title ? row.querySelector(spec.title) : cols ? (cells[cols.indexOf('title')] ?? null) : null;
  let link: HTMLAnchorElement | null = null;
  if (titleCell) {
    if (spec.titleLink) {
      for (const a of titleCell.querySelectorAll<HTMLAnchorElement>(spec.titleLink)) {
        if (!isLabelLink(a) && textOf(a)) {
          link = a;
          break;
        }
      }
    } else link = titleLinkOf(titleCell);
  }
  link ??= titleLinkOf(row);
  if (!link) return null;
  const url = absUrl(link.getAttribute('href'), ctx.base);
  if (!url) return null;

  // Title: the link's text without comment counts, category labels, badges and icons.
  const split = cleanTitle(link, spec);
  let comments: number | null = split.comments;
  if (comments === null && spec.comments) {
    const t = cellText(row, spec.comments);
    comments = intOf(t) ?? countOf(t ?? '');
  }
  if (comments === null) {
    // A separate comment-count link next to the title (`<a class="replyNum">[3]</a>`).
    const sib = (titleCell ?? row).querySelectorAll('a, span, em, b');
    for (const s of sib) {
      if (s === link || link.contains(s)) continue;
      const t = textOf(s);
      const n = countOf(t);
      if (n !== null) {
        comments = n;
        break;
      }
    }
  }
  // A bare count right after the title link that says it counts comments, by its class or by a
  // link into the post's comments (`<a class="list_reply" href="#comments">15</a>`).
  const countEl = commentCountAfter(link);
  if (comments === null && countEl) comments = intOf(textOf(countEl));
  if (comments === null && link.parentElement) {
    // A bare `(3)` right after the title link, in the same cell.
    const after = textOf(link.parentElement).slice(
      textOf(link.parentElement).indexOf(textOf(link)) + textOf(link).length,
    );
    const m = /^\s*[[(]\s*(\d[\d,]*)\s*[\])]/.exec(after);
    if (m) comments = intOf(m[1]);
  }
  if (comments === null) comments = intOf(byCol('comments'));

  // Content-based reading of the other cells.
  const linkCell = cells.findIndex((c) => c === link || c.contains(link));
  let numberText = cellText(row, spec.number) ?? byCol('number');
  let dateText = cellText(row, spec.date) ?? byCol('date');
  const authorCell =
    (spec.author ? row.querySelector(spec.author) : null) ??
    (cols?.includes('author') ? (cells[cols.indexOf('author')] ?? null) : null);
  let author = authorCell ? textOf(authorCell) : null;
  let authorEl = authorCell;
  let viewsText = cellText(row, spec.views) ?? byCol('views');
  if (!cols) {
    cells.forEach((c, i) => {
      if (i === linkCell || c.contains(link) || (countEl && (c === countEl || countEl.contains(c)))) return;
      if (c.matches(HIDDEN)) return; // screen-reader words (`새글`, `댓글`)
      const t = textOf(c);
      if (!t) return;
      const count = countOf(t) ?? intOf(LABELLED_COMMENTS.exec(t)?.[1]);
      if (count !== null) {
        comments ??= count; // a comment count beside the title, or `댓글 9`
        return;
      }
      if (BADGE_TEXT.test(t) || NOTICE_MARK.test(t) || LABELLED_STAT.test(t)) return;
      if (numberText === null && i < linkCell && (PLAIN_INT.test(t) || NOTICE_TEXT.test(t) || CURRENT_TEXT.test(t))) {
        numberText = t;
      } else if (dateText === null && looksLikeDate(t)) {
        dateText = t;
      } else if (i > linkCell && PLAIN_INT.test(t)) {
        if (viewsText === null) viewsText = t;
      } else if (
        i > linkCell &&
        !spec.author &&
        author === null &&
        t.length <= 30 &&
        /[\p{L}]/u.test(t) &&
        !looksLikeDate(t)
      ) {
        author = t.replace(/^(글쓴이|작성자|by)\s*:?\s*/i, '');
        authorEl = c;
      }
    });
    // Labelled text in div layouts: `조회 12`, `조회수 1,234`.
    if (viewsText === null) {
      const m = /(?:조회|조회수|hits?|views?)\s*:?\s*([\d,]+)/i.exec(textOf(row));
      if (m) viewsText = m[1]!;
    }
  }
  const rowText = textOf(row);
  const noticeByClass = spec.notice ? row.matches(spec.notice) : NOTICE_CLASS.test(row.className);
  const notice =
    noticeByClass ||
    split.notice ||
    (numberText !== null && NOTICE_TEXT.test(numberText)) ||
    (!numberText && /^공지\s/.test(rowText)) ||
    // A notice icon in the row (`<img src="icon_notice.gif">`, `<strong class="notice_icon">`).
    row.querySelector(NOTICE_ICON) !== null;
  const key = urlKey(url);
  const current =
    (ctx.pageKey !== null && key === ctx.pageKey) ||
    (numberText !== null && CURRENT_TEXT.test(numberText)) ||
    /\b(current|select|selected|bo_current)\b/i.test(row.className);
  const name = author ? authorName(author) : null;
  const cleanDate = dateText ? dateText.replace(/^(날짜|작성일|등록일|date)\s*:?\s*/i, '') : null;
  return {
    number: notice ? null : intOf(numberText),
    notice,
    title: split.title,
    url,
    postId: guessPostId(url),
    key,
    author: name,
    authorId: authorIdentity(authorEl, row, name),
    dateText: cleanDate || null,
    date: resolveKoreanDate(cleanDate, ctx.now),
    comments,
    views: intOf(viewsText?.replace(/^(조회|조회수|hits?|views?)\s*:?\s*/i, '')),
    current,
  };
}

/** Absolute URLs of a pagination block's page links, in order, without repeats. */
export function pageLinks(block: Element | null, base: string): string[] {
  if (!block) return [];
  const out: string[] = [];
  for (const a of block.querySelectorAll('a[href]')) {
    const u = absUrl(a.getAttribute('href'), base);
    if (u && !out.includes(u)) out.push(u);
  }
  return out;
}

/** A BoardData from row elements; null when no row has a post link. */
export function boardFromRows(
  rowEls: Iterable<Element>,
  ctx: RowContext,
  name: string | null,
  pages: string[],
): BoardData | null {
  const rows: BoardRow[] = [];
  for (const el of rowEls) {
    const r = readRow(el, ctx);
    if (r) rows.push(r);
  }
  if (!rows.length) return null;
  return { name, url: ctx.base, rows, pages };
}
