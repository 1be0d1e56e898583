/**
 * Board lists in layouts no profile knows: a table, list or grid of repeated rows, each with one
 * title link, whose header or cells look like 번호/제목/글쓴이/날짜/조회 (No/Title/Author/Date/Views).
 * Order tables, carts, calendars, menus and "popular news" boxes are rejected.
 * Work is bounded (candidate and row caps) so 1 MB pages stay cheap.
 */
import { intOf, textOf } from './dom';
import { type ColumnKind, looksLikeDate, rowCells, titleLinkOf } from './rows';

const LABELS: [ColumnKind, RegExp][] = [
  ['number', /^(번호|no\.?|num|number|#)$/i],
  ['title', /^(제목|글제목|title|subject|topic)$/i],
  ['author', /^(글쓴이|작성자|글쓴 이|이름|닉네임|글쓴사람|author|writer|name|posted by|by)$/i],
  ['date', /^(날짜|등록일|작성일|일자|작성일자|등록일자|date|posted|created|written)$/i],
  ['views', /^(조회|조회수|조회 수|hit|hits|views|read)$/i],
  ['votes', /^(추천|추천수|추천 수|공감|좋아요|likes?|votes?|recommend)$/i],
  ['comments', /^(댓글|답글|replies|comments)$/i],
];
const NOT_BOARD_LABEL =
  /^(상품|상품명|상품정보|수량|가격|판매가|금액|합계|소계|주문|주문번호|주문일|배송|배송비|결제|결제금액|할인|적립금|옵션|qty|quantity|price|unit price|total|subtotal|amount|sku|product|item|일|월|화|수|목|금|토|sun|mon|tue|wed|thu|fri|sat|순위|rank|파일명|파일 크기|파일크기|용량|크기|버전|filename|file name|size|version)$/i;
const RANKING = /rank|popular|best|hot|most|top\d|ranking|인기|많이/i;
/** A search result list's id or class (`#search_result`, `.search_wrap`, `.result_list`). */
const SEARCH = /search|srch|(?:^|[\s_-])results?(?:$|[\s_-])|검색/i;
const PRICE = /(?:[\d,]+\s*원|₩\s*[\d,]+|\$\s*[\d,.]+|€\s*[\d,.]+)/;

/** Kind of a header cell's text, 'other' for unknown labels, null when not a label at all. */
export function labelKind(text: string): ColumnKind | null {
  const t = text.replace(/[\s▲▼↑↓⇅:]+$/g, '').trim();
  if (!t || t.length > 12) return null;
  for (const [k, re] of LABELS) if (re.test(t)) return k;
  return null;
}

/** A board found on the page: its row elements and, when a header named them, its columns. */
export interface BoardCandidate {
  container: Element;
  rows: Element[];
  columns: ColumnKind[] | null;
  /** 0..1 */
  score: number;
  /** A header named its columns. */
  labelled: boolean;
}

/**
 * The filtered, sorted class list of each class attribute seen (a pure function of the string):
 * siblings mostly share theirs, so each is split and filtered once. Bounded for long-lived pages.
 */
const classKeys = new Map<string, string>();

function signature(el: Element): string {
  const cls = el.getAttribute('class');
  if (!cls) return `${el.tagName}.`; // most elements: no class to split and filter
  let key = classKeys.get(cls);
  if (key === undefined) {
    key = cls
      .split(/\s+/)
      .filter((c) => !/notice|odd|even|first|last|on|active|current|select|new|hot|bg\d*/i.test(c))
      .sort()
      .join('.');
    if (classKeys.size >= 5000) classKeys.clear();
    classKeys.set(cls, key);
  }
  return `${el.tagName}.${key}`;
}

export interface Header {
  kinds: (ColumnKind | null)[];
  notBoard: boolean;
}

/** A header has at most this many cells. */
const MAX_HEADER_CELLS = 14;

/** A header row's column kinds and whether a label says it is not a board (cart, calendar...). */
function readHeader(cells: Element[]): Header | null {
  if (cells.length < 2 || cells.length > MAX_HEADER_CELLS) return null;
  const texts = cells.map(textOf);
  if (texts.some((t) => t.length > 20)) return null;
  const notBoard = texts.some((t) => NOT_BOARD_LABEL.test(t));
  const kinds = texts.map(labelKind);
  return { kinds, notBoard };
}

/**
 * Whether a table's first row could be a header of plain cells: a few cells, no link, no block
 * content. Checked before any text is read: a layout table's first cell can hold the whole page.
 */
function plainHeaderShape(tr: Element): boolean {
  const n = tr.childElementCount;
  return n >= 2 && n <= MAX_HEADER_CELLS && !tr.querySelector('a[href], div, p, ul, ol, li, table, form');
}

/** Rows and header of a candidate container (a table, or an element with repeated children). */
function candidateRows(el: Element): { rows: Element[]; header: Header | null } | null {
  if (el.tagName === 'TABLE') {
    // A table holding tables of several rows is layout; the inner tables are candidates of their
    // own. A one-row table in a cell (a poster's name box) is part of its row.
    const inner = el.getElementsByTagName('table');
    for (let i = 0; i < inner.length; i++) if (inner[i]!.getElementsByTagName('tr').length > 2) return null;
    const trs = [...el.querySelectorAll('tr')].filter((tr) => tr.closest('table') === el);
    if (trs.length < 3) return null;
    let headTr = el.querySelector('thead tr') ?? trs.find((tr) => tr.querySelector('th')) ?? null;
    let header = headTr ? readHeader([...headTr.children]) : null;
    if (!headTr && plainHeaderShape(trs[0]!)) {
      // A header of plain cells (<tr class="title_bg"><td>번호</td>...): the first row, when its
      // cells are labels and it links nowhere.
      const first = readHeader([...trs[0]!.children]);
      if (first?.kinds.some(Boolean)) {
        headTr = trs[0]!;
        header = first;
      }
    }
    // Spacer rows (`<tr><td colspan="5" class="line"></td></tr>` between posts) are no rows.
    const rows = trs.filter(
      (tr) =>
        tr !== headTr && tr.querySelector('td') && (tr.querySelector('a[href]') || /\S/.test(tr.textContent ?? '')),
    );
    if (rows.filter((r) => r.querySelector('a[href]')).length < 3) return null;
    return { rows, header };
  }
  // Sibling pointers, not [...el.children]: spreading a live collection is slow, and this runs
  // on thousands of elements of every page.
  const kids: Element[] = [];
  for (let k = el.firstElementChild; k; k = k.nextElementSibling) kids.push(k);
  if (kids.length < 3) return null;
  // One signature per child (computed once: this runs on thousands of elements of every page).
  const sigs = kids.map(signature);
  const count = new Map<string, number>();
  for (const s of sigs) count.set(s, (count.get(s) ?? 0) + 1);
  let sig = '';
  let n = 0;
  for (const [s, c] of count) if (c > n) [sig, n] = [s, c];
  if (n < 3) return null;
  const rows = kids.filter((_, i) => sigs[i] === sig);
  let withLink = 0;
  for (let i = 0; i < rows.length && withLink < 3; i++) if (rows[i]!.querySelector('a[href]')) withLink++;
  if (withLink < 3) return null;
  // A header is a differently shaped first child, or the element just before the container.
  const first = kids[0]!;
  const headEl = sigs[0] !== sig ? first : el.previousElementSibling;
  let header: Header | null = null;
  if (headEl && !headEl.querySelector('a[href]:not([href^="#"]):not([href^="javascript"])')) {
    header = readHeader(rowCells(headEl, MAX_HEADER_CELLS + 1));
  }
  // The first row itself may be the header (a list whose first item holds the labels).
  if (!header?.kinds.some((k) => k) && !titleLinkOf(rows[0]!)) {
    header = readHeader(rowCells(rows[0]!, MAX_HEADER_CELLS + 1));
    if (header?.kinds.some((k) => k)) rows.shift();
  }
  return { rows, header };
}

/**
 * Whether the list sits in a "popular / ranking" box or a search result list (its own or a near
 * ancestor's id or class).
 */
function inRankingBox(el: Element): boolean {
  for (let a: Element | null = el, i = 0; a && i < 4; a = a.parentElement, i++) {
    const name = `${a.id} ${a.getAttribute('class') ?? ''}`;
    if (RANKING.test(name) || SEARCH.test(name)) return true;
  }
  return false;
}

/** A row's title link (as titleLinkOf) and how many distinct targets its long-text links have. */
function rowLinks(row: Element): { link: HTMLAnchorElement | null; distinctLong: number } {
  let best: HTMLAnchorElement | null = null;
  let bestLen = 0;
  const long = new Set<string>();
  for (const a of row.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    const href = a.getAttribute('href') ?? '';
    const len = textOf(a).length;
    if (len >= 8) long.add(href.replace(/#.*$/, ''));
    if (!href || href.startsWith('#') || /^javascript:/i.test(href)) continue;
    if (len > bestLen) {
      best = a;
      bestLen = len;
    }
  }
  return { link: bestLen >= 2 ? best : null, distinctLong: long.size };
}

/** Whether a header names a board's columns: a title and at least two other known kinds. */
function labelledHeader(header: Header | null): boolean {
  if (!header || header.notBoard) return false;
  const kinds = new Set(header.kinds.filter((k): k is ColumnKind => k !== null));
  return kinds.has('title') && kinds.size >= 3;
}

function score(el: Element, rows: Element[], header: Header | null): BoardCandidate | null {
  if (header?.notBoard) return null;
  const kinds = new Set((header?.kinds ?? []).filter((k): k is ColumnKind => k !== null));
  const labelled = labelledHeader(header);
  // Without a header, a list in a ranking box is never a board: no need to read its rows.
  if (!labelled && inRankingBox(el)) return null;
  const sample = rows.slice(0, 60);
  let linked = 0;
  let dated = 0;
  let numbered = 0;
  let authored = 0;
  let priced = 0;
  let inputs = 0;
  let multiLink = 0;
  const numbers: number[] = [];
  // Exact early exits, so most candidates of an article page stop after a few rows: each bound
  // below is one the verdicts after the loop would reject anyway (linked ≥ 60% of the sample;
  // priced, inputs, multi-link ≤ 30% of linked rows; without a header dated ≥ 80% and authored or
  // numbered ≥ 60% of linked rows). linked ≤ sample.length, so a count above a share of the
  // sample is above that share of the linked rows.
  const maxUnlinked = sample.length * 0.4;
  const maxOdd = sample.length * 0.3;
  const maxUndated = labelled ? Number.POSITIVE_INFINITY : sample.length * 0.2;
  let unlinked = 0;
  let undated = 0;
  for (let i = 0; i < sample.length; i++) {
    const r = sample[i]!;
    const { link, distinctLong } = rowLinks(r);
    if (!link) {
      if (++unlinked > maxUnlinked) return null;
      continue;
    }
    linked++;
    const cells = rowCells(r);
    const texts = cells.filter((c) => !c.contains(link) && c !== link).map(textOf);
    if (texts.some(looksLikeDate)) dated++;
    else if (++undated > maxUndated) return null;
    const lead = cells[0] && !cells[0].contains(link) ? textOf(cells[0]) : '';
    const num = intOf(lead);
    if (num !== null || /^(공지|notice|📢)$/i.test(lead)) numbered++;
    if (num !== null) numbers.push(num);
    if (texts.some((t) => t.length >= 2 && t.length <= 20 && !looksLikeDate(t) && intOf(t) === null)) authored++;
    // Raw text: PRICE's \s* matches a run of whitespace as well as the collapsed one.
    if (PRICE.test(r.textContent ?? '') && ++priced > maxOdd) return null;
    if (r.querySelector('input[type="number"], input[type="text"], select') && ++inputs > maxOdd) return null;
    if (distinctLong > 2 && ++multiLink > maxOdd) return null;
    if (!labelled) {
      // The best share of authored (or numbered) rows still reachable: every remaining row linked and counted.
      const rest = sample.length - 1 - i;
      const reach = (x: number) => (x + rest) / (linked + rest);
      if (reach(authored) < 0.6 && reach(numbered) < 0.6) return null;
    }
  }
  if (linked < 3 || linked / sample.length < 0.6) return null;
  const frac = (x: number) => x / linked;
  if (frac(priced) > 0.3 || frac(inputs) > 0.3 || frac(multiLink) > 0.3) return null;
  let desc = 0;
  let asc = 0;
  for (let i = 1; i < numbers.length; i++) {
    if (numbers[i]! < numbers[i - 1]!) desc++;
    else if (numbers[i]! > numbers[i - 1]!) asc++;
  }
  const descending = numbers.length >= 3 && desc >= (numbers.length - 1) * 0.7;
  const ranked = numbers.length >= 3 && asc >= (numbers.length - 1) * 0.7 && (numbers[0] ?? 0) <= 1;
  let s = 0;
  if (labelled) {
    s = 0.6 + 0.05 * Math.min(kinds.size, 5);
    if (frac(dated) >= 0.5) s += 0.1;
    if (descending) s += 0.05;
    if (frac(dated) < 0.3 && frac(numbered) < 0.3 && frac(authored) < 0.3) return null;
  } else {
    if (ranked) return null;
    if (frac(dated) < 0.8 || linked < 5) return null;
    if (!(frac(authored) >= 0.6 || (frac(numbered) >= 0.6 && descending))) return null;
    s = 0.5 + (descending ? 0.1 : 0) + (frac(authored) >= 0.8 ? 0.1 : 0);
  }
  const columns = header?.kinds.some(Boolean) ? header.kinds.map((k) => k ?? 'other') : null;
  return { container: el, rows, columns, score: Math.min(s, 0.95), labelled };
}

/**
 * How many `a[href]` each element holds, counted up to 3 (elements with none are absent). One
 * climb per link, which stops at an ancestor already at 3: its own ancestors are at 3 as well.
 */
function linkCounts(body: Element): Map<Element, number> {
  const counts = new Map<Element, number>();
  const links = body.querySelectorAll('a[href]');
  for (let i = 0; i < links.length; i++) {
    for (let p = links[i]!.parentElement; p; p = p.parentElement) {
      const n = counts.get(p) ?? 0;
      if (n >= 3) break;
      counts.set(p, n + 1);
    }
  }
  return counts;
}

/** Most list and grid elements read on one page (bounded work on 1 MB pages). */
const MAX_CONTAINERS = 6000;

/** The most board-like list on the page, or null. Bounded work; never throws on odd markup. */
export function findGenericBoard(doc: Document): BoardCandidate | null {
  const body = doc.body;
  if (!body) return null;
  let best: BoardCandidate | null = null;
  /** Lists found without a header, to tell one board from a front page of many headline boxes. */
  const headerless: BoardCandidate[] = [];
  const linked = linkCounts(body);
  const consider = (el: Element) => {
    // A board has at least three rows with a link, so at least three links: most containers of
    // an article page have fewer and are passed over before their children are read.
    if ((linked.get(el) ?? 0) < 3) return;
    const c = candidateRows(el);
    if (!c) return;
    const s = score(el, c.rows, c.header);
    if (!s) return;
    if (!s.labelled) headerless.push(s);
    // Ties go to the table, then to the list that comes first in the page.
    const b = best as BoardCandidate | null;
    if (
      !b ||
      s.score > b.score ||
      (s.score === b.score &&
        (s.rows.length > b.rows.length ||
          (s.rows.length === b.rows.length &&
            b.container.tagName !== 'TABLE' &&
            b.container.compareDocumentPosition(s.container) & 2))) // 2: s precedes b
    )
      best = s;
  };
  const tables = body.getElementsByTagName('table');
  for (let i = 0; i < tables.length && i < 300; i++) consider(tables[i]!);
  // Lists and div grids: elements with several same-shaped children. One tag-name collection per
  // tag (the browser walks those natively) rather than one selector list, which is matched
  // element by element; past the cap, document order decides which are read, as before.
  const byTag = ['div', 'ul', 'ol', 'section'].map((t) => body.getElementsByTagName(t));
  const total = byTag.reduce((n, c) => n + c.length, 0);
  const lists: ArrayLike<Element>[] = total <= MAX_CONTAINERS ? byTag : [body.querySelectorAll('ul, ol, div, section')];
  let read = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length && read < MAX_CONTAINERS; i++, read++) {
      const el = list[i]!;
      if (el.childElementCount < 3 || el.childElementCount > 400) continue;
      consider(el);
    }
  }
  return best && !frontPage(best, headerless) ? best : null;
}

/**
 * Whether a headerless best list is one of several alike (a portal's front page: headline boxes
 * in sections, each with a source and a time), with no list standing out as the page's board.
 */
function frontPage(best: BoardCandidate, headerless: BoardCandidate[]): boolean {
  if (best.labelled) return false;
  const apart = headerless.filter((c) => !headerless.some((o) => o !== c && c.container.contains(o.container)));
  if (apart.length < 3) return false;
  const others = apart.filter((c) => c !== best && !c.container.contains(best.container));
  return others.length >= 2 && others.some((c) => c.rows.length * 2 > best.rows.length);
}
