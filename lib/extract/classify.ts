/**
 * classifyPage: what a page is (article, board list, both, other), which profile decided and how
 * sure it is. Cheap: selectors, the URL and Readability's isProbablyReaderable pre-check only.
 * Keep this module's imports free of Readability and DOMPurify, and of the profiles' readers: it
 * uses their detectors only (lib/sites/detect.ts), so it can run wherever a page is open.
 */
import type { PageKind } from '../model';
import { detectPage } from '../sites/detect';

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
  try {
    if (unreadable(doc)) return OTHER;
    const d = detectPage(doc, new URL(url));
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
