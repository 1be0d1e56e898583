/**
 * Detection only: which profile knows the page and what it recognized, without any profile's
 * board or article reader. classifyPage imports this module, not the profiles' objects, so the
 * readers, the row parser and the Korean date parser stay out of whatever bundle classifies.
 * lib/sites/index.ts recognize() maps the answer back to the profile object for extraction, so
 * both always agree.
 */
import { detectDaum } from './daum';
import { detectGeneric } from './generic';
import { detectGnuboard } from './gnuboard';
import { detectNaver } from './naver';
import type { ProfileMatch } from './types';
import { detectXe } from './xe';

/** A profile's detector. */
export interface Detector {
  id: string;
  detect(doc: Document, url: URL): ProfileMatch | null;
}

/** The specific profiles' detectors, most specific first (the order of PROFILES in index.ts). */
export const DETECTORS: readonly Detector[] = [
  { id: 'naver', detect: detectNaver },
  { id: 'daum', detect: detectDaum },
  { id: 'gnuboard', detect: detectGnuboard },
  { id: 'xe', detect: detectXe },
];

/** The deciding profile's id and what it recognized; `engine` names a specific profile that knew the site. */
export interface Detection {
  id: string;
  match: ProfileMatch;
  /** The specific profile that fingerprinted the site, even when generic had to decide. */
  engine: string | null;
}

/**
 * Try the detectors in order; generic decides when none finds an article or a list. A profile
 * that knows the site but finds neither defers to generic (and is still named as the engine).
 */
export function detectPage(doc: Document, url: URL): Detection {
  let engine: string | null = null;
  for (const d of DETECTORS) {
    let m: ProfileMatch | null = null;
    try {
      m = d.detect(doc, url);
    } catch {
      m = null; // A profile must fail soft: the next one, then generic, decides.
    }
    if (!m) continue;
    engine ??= d.id;
    if (m.article || m.board) return { id: d.id, match: m, engine: d.id };
  }
  return { id: 'generic', match: detectGeneric(doc), engine };
}
