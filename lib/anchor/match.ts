/**
 * Finding a quote in a text: exact occurrences first, then approximate ones (Myers' algorithm via
 * approx-string-match), each scored by the quote, its prefix and suffix, and the expected
 * position. A weak or ambiguous match is refused: an orphan is better than a wrong place.
 */
import search from 'approx-string-match';

export interface QuoteSpec {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface QuoteMatch {
  start: number;
  end: number;
  /** 0..1 similarity of the matched text to the quote. */
  quote: number;
  /** 0..1 similarity of the surrounding text to prefix and suffix (1 when there is none to compare). */
  context: number;
  approximate: boolean;
}

/** Edit distance of two short strings (prefix/suffix comparisons; at most a few dozen chars). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  // Two reused rows: common short quotes score hundreds of occurrences, each twice.
  if (rowA.length <= b.length) {
    rowA = new Int32Array(2 * (b.length + 1));
    rowB = new Int32Array(2 * (b.length + 1));
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = Math.min(sub, del, ins);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length]!;
}
let rowA = new Int32Array(66);
let rowB = new Int32Array(66);

/** 0..1 similarity; 1 when `expected` is empty (nothing to contradict). */
function similarity(expected: string, actual: string): number {
  if (!expected.length) return 1;
  return Math.max(0, 1 - editDistance(expected, actual) / expected.length);
}

/** How well the text around [start, end) agrees with the quote's prefix and suffix. */
export function contextScore(text: string, q: QuoteSpec, start: number, end: number): number {
  const before = text.slice(Math.max(0, start - q.prefix.length), start);
  const after = text.slice(end, end + q.suffix.length);
  const pl = q.prefix.length;
  const sl = q.suffix.length;
  if (!pl && !sl) return 1;
  // Weighted by length, so a one-character suffix (end of the text) cannot vouch for a place alone.
  return (similarity(q.prefix, before) * pl + similarity(q.suffix, after) * sl) / (pl + sl);
}

function positionScore(textLength: number, start: number, hint: number | undefined): number {
  if (hint === undefined || textLength === 0) return 0.5;
  return 1 - Math.min(1, Math.abs(start - hint) / textLength);
}

/** Weights as in Hypothesis: the quote matters most, then context, the position least. */
function total(m: QuoteMatch, textLength: number, hint: number | undefined): number {
  return 50 * m.quote + 40 * m.context + 2 * positionScore(textLength, m.start, hint);
}

/** Exact occurrences beyond this many are not scored (boilerplate); the hint decides among the first. */
const MAX_OCCURRENCES = 2000;

/**
 * Minimum context agreement for an exact match of a short quote: a few characters can occur by
 * chance anywhere, so they need their surroundings to agree.
 */
function exactAcceptable(q: QuoteSpec, m: QuoteMatch, unique: boolean): boolean {
  const n = [...q.exact].length;
  if (n >= 32) return unique || m.context >= 0.3;
  if (n >= 12) return m.context >= (unique ? 0.3 : 0.5);
  return m.context >= 0.6;
}

/** Exact occurrences scored between two pauses of matchExactSteps (scoring is the costly part). */
const OCCURRENCES_PER_STEP = 100;

/** Exact occurrences of the quote, best first; null when there is none or none is trustworthy. */
export function matchExact(text: string, q: QuoteSpec, hint?: number): QuoteMatch | null {
  return runSteps(matchExactSteps(text, q, hint));
}

/** matchExact as a step generator: pauses every OCCURRENCES_PER_STEP occurrences of a common quote. */
export function* matchExactSteps(text: string, q: QuoteSpec, hint?: number): Generator<void, QuoteMatch | null> {
  if (!q.exact) return null;
  const found: QuoteMatch[] = [];
  for (let i = text.indexOf(q.exact); i !== -1 && found.length < MAX_OCCURRENCES; i = text.indexOf(q.exact, i + 1)) {
    const end = i + q.exact.length;
    found.push({ start: i, end, quote: 1, context: contextScore(text, q, i, end), approximate: false });
    if (found.length % OCCURRENCES_PER_STEP === 0) yield;
  }
  if (!found.length) return null;
  const best = pickBest(found, text.length, hint);
  if (!best) return null;
  return exactAcceptable(q, best, found.length === 1) ? best : null;
}

/**
 * The best of several candidates, or null when the two best agree equally with the context but
 * sit far apart with no position to tell them apart.
 */
function pickBest(found: QuoteMatch[], textLength: number, hint: number | undefined): QuoteMatch | null {
  if (!found.length) return null;
  const scored = found.map((m) => ({ m, s: total(m, textLength, hint) })).sort((a, b) => b.s - a.s);
  const best = scored[0]!;
  if (hint === undefined) {
    const rival = scored.find((x) => x.m.end <= best.m.start || x.m.start >= best.m.end);
    if (rival && best.s - rival.s < 1e-9) return null;
  }
  return best.m;
}

/** Approximate search works on windows of this many characters so one step stays short. */
export const APPROX_CHUNK = 40_000;

/**
 * Approximate candidates for the quote in text[from, to), as a generator that pauses after each
 * chunk so a caller can yield to the page between steps. Returns the best acceptable match.
 */
export function* matchApproxSteps(
  text: string,
  q: QuoteSpec,
  hint: number | undefined,
  from = 0,
  to = text.length,
): Generator<void, QuoteMatch | null> {
  const n = q.exact.length;
  if (!n) return null;
  // Allow at most a quarter of the quote to differ; short quotes must match nearly exactly.
  const maxErrors = Math.min(256, Math.floor(n / 4));
  if (maxErrors === 0) return null;
  const overlap = n + maxErrors;
  const candidates: QuoteMatch[] = [];
  for (let s = from; s < to; s += APPROX_CHUNK) {
    const e = Math.min(to, s + APPROX_CHUNK + overlap);
    const hits = search(text.slice(s, e), q.exact, maxErrors);
    // Keep only the fewest-errors hits per area; Myers reports many overlapping ends.
    const minErr = hits.reduce((m, h) => Math.min(m, h.errors), Number.POSITIVE_INFINITY);
    for (const h of hits) {
      if (h.errors > minErr + 2) continue;
      const start = s + h.start;
      const end = s + h.end;
      if (candidates.length && candidates[candidates.length - 1]!.start === start) continue;
      candidates.push({
        start,
        end,
        quote: 1 - h.errors / n,
        context: contextScore(text, q, start, end),
        approximate: true,
      });
      if (candidates.length > 500) break;
    }
    if (e >= to) break;
    yield;
  }
  const acceptable = candidates.filter((m) => approxAcceptable(q, m));
  return pickBest(acceptable, text.length, hint);
}

/** An approximate match must look like the quote and sit in a place that looks like the old one. */
function approxAcceptable(q: QuoteSpec, m: QuoteMatch): boolean {
  const n = q.exact.length;
  if (n < 8) return false;
  if (m.quote >= 0.9 && m.context >= 0.5) return true;
  if (m.quote >= 0.8 && m.context >= 0.7) return true;
  return m.quote >= 0.75 && m.context >= 0.85;
}

/** Run a step generator to completion synchronously. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Find a quote: exact first, then approximately near the expected position, then anywhere.
 * Steps pause between approximate-search chunks (see matchApproxSteps).
 */
export function* matchQuoteSteps(text: string, q: QuoteSpec, hint?: number): Generator<void, QuoteMatch | null> {
  const exact = yield* matchExactSteps(text, q, hint);
  if (exact) return exact;
  if (hint !== undefined) {
    const pad = 2 * q.exact.length + 2000;
    const from = Math.max(0, hint - pad);
    const to = Math.min(text.length, hint + q.exact.length + pad);
    const near = yield* matchApproxSteps(text, q, hint, from, to);
    if (near) return near;
    if (from === 0 && to === text.length) return null;
    yield;
  }
  return yield* matchApproxSteps(text, q, hint);
}
