/**
 * Platform adapter (DOM): the marks on a board list's rows. Each listed post's row element gets
 * `data-scrapnote-marks` (tokens out of `saved read muted duplicate`) and, when new comments came,
 * `data-scrapnote-new-comments="N"`; the block holding its link (a table cell, a list item) gets a
 * small badge drawn by MARKS_CSS from `data-scrapnote-badge` (generated content, read out after
 * the title). The page's text and layout stay as they were: nothing is inserted into the page's
 * DOM but attributes, and the badge sits out of the flow at the block's right edge.
 *
 * Same story: a later row of a story gets `data-scrapnote-duplicate-of="<first row's URL>"`; when
 * the reader collapses same stories (the popup's board panel), the list's container (its table,
 * ul/ol/dl, else the rows' parent) gets `data-scrapnote-collapsed` and MARKS_CSS hides those
 * rows, while the first row's badge says "+N same story".
 *
 * Muted rows (`muted`) are hidden; before each list holding some, a small bar (its own shadow
 * root, so the page's text and styles stay apart) says how many and toggles showing them dimmed.
 * A note on a row's author is drawn after the author's name (`data-scrapnote-author-note`), and
 * after a noted member's name wherever else the page names them by their member id (a post's header).
 */
import { memberNameElements } from '../sites/authors';

/** What the background decided for one listed post. */
export interface RowMark {
  /** The post's URL as the list links it. */
  url: string;
  /** The post's canonical key (lib/sites/identity), to find links written in another form. */
  key: string;
  tokens: Array<'saved' | 'read' | 'muted' | 'duplicate'>;
  newComments: number;
  /** The badge's text in the reader's language ("저장됨 · 형광펜 2", "+3"), empty for none. */
  label: string;
  /** For a later row of a story the list tells more than once: the URL of its first row. */
  duplicateOf?: string;
  /** The author's name as the list shows it, when the reader keeps a note on them, and the note. */
  author?: string;
  authorNote?: string;
}

/** A note on a member of the site, to show wherever the page names them (a post's header too). */
export interface MemberNote {
  /** The member id (lib/sites/authors.ts `m:` identities, without the prefix). */
  memberId: string;
  name: string;
  note: string;
}

/** The muted rows' bar, in the reader's language: `hidden` holds `{n}`. */
export interface MutedWords {
  hidden: string;
  show: string;
  hide: string;
}

const MARKS = 'data-scrapnote-marks';
const NEW = 'data-scrapnote-new-comments';
const BADGE = 'data-scrapnote-badge';
const TITLE = 'data-scrapnote-title';
const DUPLICATE_OF = 'data-scrapnote-duplicate-of';
const COLLAPSED = 'data-scrapnote-collapsed';
const AUTHOR_NOTE = 'data-scrapnote-author-note';
const MUTED_BAR = 'data-scrapnote-muted-bar';
/** On the root element while the reader shows muted rows (kept across repaints). */
const SHOW_MUTED = 'data-scrapnote-show-muted';
/** Characters of an author's note shown beside their name. */
const NOTE_SHOWN = 40;

/** Document-level rules for the marks (the background inserts them with scripting.insertCSS). */
export const MARKS_CSS = `
[${MARKS}~="read"] a[${TITLE}] { opacity: 0.7; }
[${COLLAPSED}] [${DUPLICATE_OF}] { display: none !important; }
[${BADGE}] { position: relative; }
[${BADGE}]::after {
  content: attr(${BADGE});
  position: absolute; right: 0.3em; top: 50%; transform: translateY(-50%);
  padding: 0 0.45em; border-radius: 0.6em; white-space: nowrap; pointer-events: none;
  font: 600 11px/1.5 system-ui, sans-serif; letter-spacing: 0; text-decoration: none; text-indent: 0;
  background: #1f6f4a; color: #fff; z-index: 1; opacity: 0.95;
}
[${MARKS}~="read"]:not([${MARKS}~="saved"]) [${BADGE}]::after { background: #5b6470; }
[${MARKS}][${NEW}] [${BADGE}]::after { background: #b4461b; }
html:not([${SHOW_MUTED}]) [${MARKS}~="muted"] { display: none !important; }
html[${SHOW_MUTED}] [${MARKS}~="muted"] { opacity: 0.45; }
[${AUTHOR_NOTE}]::after {
  content: " ✎ " attr(${AUTHOR_NOTE});
  display: inline-block; text-decoration: none;
  margin-left: 0.3em; padding: 0 0.35em; border-radius: 0.4em; white-space: nowrap;
  font: 500 11px/1.5 system-ui, sans-serif; background: #fff1b8; color: #4a3800;
}
@media (prefers-color-scheme: dark) {
  [${AUTHOR_NOTE}]::after { background: #5a4a10; color: #fff4c8; }
  [${BADGE}]::after { background: #8fd3ae; color: #0b1f15; }
  [${MARKS}~="read"]:not([${MARKS}~="saved"]) [${BADGE}]::after { background: #c5ccd6; color: #111; }
  [${MARKS}][${NEW}] [${BADGE}]::after { background: #ffb38f; color: #2a0f02; }
}
`;

/** The element that is the post's row in its list: a table row, a list item, else the link's block. */
function rowOf(link: Element): Element {
  return link.closest('tr, li, dl') ?? link.parentElement?.closest('div, p') ?? link;
}

/** The element holding a list's rows: its table, ul/ol/dl, else the row's parent. */
function listOf(row: Element): Element | null {
  return row.parentElement?.closest('table, ul, ol, dl') ?? row.parentElement;
}

/**
 * Show these marks on the list, replacing the marks shown before. `keysOf` gives the keys a link's
 * post may have (for links whose address differs from the list's URL form); `collapse` hides the
 * later rows of a story. Returns how many rows got marks.
 */
export function showMarks(
  doc: Document,
  marks: readonly RowMark[],
  keysOf: (href: string) => string[],
  collapse = false,
  mutedWords?: MutedWords,
  memberNotes: readonly MemberNote[] = [],
): number {
  for (const el of doc.querySelectorAll(`[${MARKS}], [${NEW}], [${DUPLICATE_OF}], [${COLLAPSED}], [${AUTHOR_NOTE}]`)) {
    el.removeAttribute(MARKS);
    el.removeAttribute(NEW);
    el.removeAttribute(DUPLICATE_OF);
    el.removeAttribute(COLLAPSED);
    el.removeAttribute(AUTHOR_NOTE);
  }
  for (const bar of doc.querySelectorAll(`[${MUTED_BAR}]`)) bar.remove();
  for (const el of doc.querySelectorAll(`[${BADGE}], [${TITLE}]`)) {
    el.removeAttribute(BADGE);
    el.removeAttribute(TITLE);
  }
  for (const m of memberNotes) {
    for (const el of memberNameElements(doc, m.memberId, m.name)) el.setAttribute(AUTHOR_NOTE, shorten(m.note));
  }
  const wanted = marks.filter((m) => m.tokens.length || m.newComments > 0 || m.label || m.authorNote);
  if (!wanted.length) return 0;
  /** Each list holding muted rows, with how many. */
  const mutedIn = new Map<Element, number>();
  const byUrl = new Map(wanted.map((m) => [m.url, m]));
  const byKey = new Map(wanted.map((m) => [m.key, m]));
  let marked = 0;
  const links = doc.body?.querySelectorAll<HTMLAnchorElement>('a[href]') ?? [];
  for (let i = 0; i < links.length && i < 5000; i++) {
    const a = links[i]!;
    const href = a.href;
    let mark = byUrl.get(href);
    if (!mark && /^https?:/.test(href)) {
      for (const key of keysOf(href)) mark ??= byKey.get(key);
    }
    // The title link: the one with text (not a thumbnail or a comment-count link after it).
    if (!mark || !a.textContent?.trim() || a.textContent.trim().length < 2) continue;
    const row = rowOf(a);
    if (row.hasAttribute(MARKS)) continue;
    row.setAttribute(MARKS, mark.tokens.join(' '));
    if (mark.newComments > 0) row.setAttribute(NEW, String(mark.newComments));
    if (mark.duplicateOf) {
      row.setAttribute(DUPLICATE_OF, mark.duplicateOf);
      if (collapse) listOf(row)?.setAttribute(COLLAPSED, '');
    }
    a.setAttribute(TITLE, '');
    const cell = a.parentElement?.closest('td, li, div, p, dd') ?? a;
    if (mark.label) (row.contains(cell) ? cell : row).setAttribute(BADGE, mark.label);
    if (mark.author && mark.authorNote)
      authorElement(row, a, mark.author)?.setAttribute(AUTHOR_NOTE, shorten(mark.authorNote));
    if (mark.tokens.includes('muted')) {
      const list = listOf(row) ?? row;
      mutedIn.set(list, (mutedIn.get(list) ?? 0) + 1);
    }
    marked++;
  }
  if (mutedWords) for (const [list, n] of mutedIn) addMutedBar(doc, list, n, mutedWords);
  return marked;
}

function shorten(note: string): string {
  const one = note.replace(/\s+/g, ' ').trim();
  return one.length > NOTE_SHOWN ? `${one.slice(0, NOTE_SHOWN - 1)}…` : one;
}

/** The innermost element of a row showing the author's name (not inside the title link). */
function authorElement(row: Element, titleLink: Element, name: string): Element | null {
  let found: Element | null = null;
  for (const el of row.querySelectorAll('*')) {
    if (titleLink.contains(el) || el.contains(titleLink)) continue;
    const text = el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    // The name, or the name followed by a guest's address: `ㅇㅇ(121.130)`.
    if (text === name || (text.startsWith(name) && /^\s*\(/.test(text.slice(name.length)))) found = el;
  }
  return found;
}

/** Before `list`: "3 hidden · Show", a button that shows the muted rows dimmed, and hides them again. */
function addMutedBar(doc: Document, list: Element, count: number, words: MutedWords): void {
  const host = doc.createElement('div');
  host.setAttribute(MUTED_BAR, String(count));
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `
    :host { all: initial; display: block; margin: 4px 0; font: 12px/1.5 system-ui, sans-serif; color: #5b6470; }
    button { font: inherit; color: inherit; background: none; border: 1px solid currentColor; border-radius: 4px;
      padding: 0 6px; margin-left: 6px; cursor: pointer; }
    button:focus-visible { outline: 2px solid #1f6f4a; outline-offset: 1px; }
    @media (prefers-color-scheme: dark) { :host { color: #c5ccd6; } }`;
  const text = doc.createElement('span');
  text.textContent = words.hidden.replace('{n}', String(count));
  const button = doc.createElement('button');
  button.type = 'button';
  const shown = () => doc.documentElement.hasAttribute(SHOW_MUTED);
  const label = () => {
    button.textContent = shown() ? words.hide : words.show;
    button.setAttribute('aria-pressed', String(shown()));
  };
  label();
  button.addEventListener('click', () => {
    doc.documentElement.toggleAttribute(SHOW_MUTED, !shown());
    for (const b of doc.querySelectorAll(`[${MUTED_BAR}]`)) b.dispatchEvent(new Event('scrapnote-muted-toggle'));
  });
  host.addEventListener('scrapnote-muted-toggle', label);
  root.append(style, text, button);
  list.parentNode?.insertBefore(host, list);
}
