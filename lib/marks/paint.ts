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
 */

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
}

const MARKS = 'data-scrapnote-marks';
const NEW = 'data-scrapnote-new-comments';
const BADGE = 'data-scrapnote-badge';
const TITLE = 'data-scrapnote-title';
const DUPLICATE_OF = 'data-scrapnote-duplicate-of';
const COLLAPSED = 'data-scrapnote-collapsed';

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
@media (prefers-color-scheme: dark) {
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
): number {
  for (const el of doc.querySelectorAll(`[${MARKS}], [${NEW}], [${DUPLICATE_OF}], [${COLLAPSED}]`)) {
    el.removeAttribute(MARKS);
    el.removeAttribute(NEW);
    el.removeAttribute(DUPLICATE_OF);
    el.removeAttribute(COLLAPSED);
  }
  for (const el of doc.querySelectorAll(`[${BADGE}], [${TITLE}]`)) {
    el.removeAttribute(BADGE);
    el.removeAttribute(TITLE);
  }
  const wanted = marks.filter((m) => m.tokens.length || m.newComments > 0 || m.label);
  if (!wanted.length) return 0;
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
    marked++;
  }
  return marked;
}
