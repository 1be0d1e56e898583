/**
 * classifyPage: what a page is (article, board list, both, other), which profile decided and how
 * sure it is. Cheap enough for the always-on content script: selectors, the URL and Readability's
 * isProbablyReaderable pre-check only. Keep this module's imports free of Readability and DOMPurify,
 * and of the profiles' readers: it uses their detectors only (lib/sites/detect.ts), which is
 * what keeps the content script small.
 */
import type { PageKind } from '../model';
import { detectPage } from '../sites/detect';
import { articleSignals, articleVerdict } from '../sites/generic';
import { labelledHeader, readHeader } from '../sites/generic-board';
import type { ProfileMatch } from '../sites/types';

/** A page's classification. */
export interface Classification {
  kind: PageKind;
  /** The profile that decided: `xe`, `gnuboard`, `naver`, `daum`, `generic`. */
  profile: string;
  /** A specific profile that recognized the site's engine, even if generic decided; else null. */
  engine: string | null;
  /** 0..1 */
  confidence: number;
}

const OTHER: Classification = { kind: 'other', profile: 'generic', engine: null, confidence: 0.9 };

/**
 * Browsers' HTML parsers stop nesting at 512 levels; a deeper tree (built by other parsers from
 * unclosed tables or divs) is pathological and would make every tree walk quadratic.
 */
const MAX_DEPTH = 512;

function tooDeep(body: Element): boolean {
  let depth = 0;
  for (let el = body.lastElementChild; el; el = el.lastElementChild) if (++depth > MAX_DEPTH) return true;
  return false;
}

/** Whether the document has nothing to classify (no body, a frameset, no text, pathological nesting). */
export function unreadable(doc: Document): boolean {
  const body = doc.body;
  if (!body || body.tagName === 'FRAMESET' || doc.getElementsByTagName('frameset').length) return true;
  if (!body.firstElementChild && !(body.textContent ?? '').trim()) return true;
  return tooDeep(body);
}

/** Kind from what a profile recognized. */
export function kindOf(article: boolean, board: boolean): PageKind {
  if (article && board) return 'article+board';
  if (article) return 'article';
  if (board) return 'board';
  return 'other';
}

/** Classify a document and its URL; answers `other` for pages it cannot read, never throws. */
export function classifyPage(doc: Document, url: string): Classification {
  return classifyWith(doc, url, undefined);
}

/** classifyPage's body, with the generic detector to use when no specific profile decides. */
function classifyWith(
  doc: Document,
  url: string,
  generic: ((doc: Document) => ProfileMatch) | undefined,
): Classification {
  try {
    if (unreadable(doc)) return OTHER;
    const u = new URL(url);
    const d = detectPage(doc, u, generic);
    return {
      kind: kindOf(d.match.article, d.match.board),
      profile: d.id,
      engine: d.engine,
      confidence: Math.round(d.match.confidence * 100) / 100,
    };
  } catch {
    return { ...OTHER, confidence: 0.3 };
  }
}

/** Most header rows (rows with a th) the fingerprint reads. */
const MAX_HEADER_ROWS = 40;

/**
 * A board by its table header alone: a row of th cells naming a title and two other columns
 * (번호/제목/글쓴이/날짜/조회, No/Title/Author/Date/Views, not a cart's or a calendar's), in a
 * table with at least three linked rows. Lists and div grids, and tables without such a header,
 * are left to the full search (findGenericBoard).
 */
function labelledTable(doc: Document): boolean {
  const ths = doc.getElementsByTagName('th');
  const seen = new Set<Element>();
  for (let i = 0; i < ths.length && seen.size < MAX_HEADER_ROWS; i++) {
    const tr = ths[i]!.parentElement;
    if (tr?.tagName !== 'TR' || seen.has(tr)) continue;
    seen.add(tr);
    const cells: Element[] = [];
    for (let c = tr.firstElementChild; c; c = c.nextElementSibling)
      if (c.tagName === 'TD' || c.tagName === 'TH') cells.push(c);
    if (!labelledHeader(readHeader(cells))) continue;
    const table = tr.closest('table');
    if (table && table.querySelectorAll('tr > td a[href]').length >= 3) return true;
  }
  return false;
}

/**
 * The cheap classification the always-on content script sends on load: the specific profiles'
 * detectors exactly as classifyPage runs them, but for unknown sites only the article signals
 * (isProbablyReaderable and metadata) and a labelled-table check instead of the full search for
 * board-shaped lists, which reads the whole DOM (costly in a content script's isolated world).
 * It feeds only the background's tabInfo; the popup and side panel run the full analysis, which
 * wins wherever a kind is shown. Never throws.
 */
export function fingerprintPage(doc: Document, url: string): Classification {
  return classifyWith(doc, url, cheapGeneric);
}

/** The fingerprint's generic detector: article signals and a labelled table, no board search. */
function cheapGeneric(doc: Document): ProfileMatch {
  const verdict = articleVerdict(articleSignals(doc));
  const board = labelledTable(doc);
  const confidence = board ? Math.max(0.7, verdict.article ? verdict.confidence : 0) : verdict.confidence;
  return { article: verdict.article, board, confidence };
}
