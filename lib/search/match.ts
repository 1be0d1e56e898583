/** Verifying candidates and marking matches: exact (normalized) substrings with word boundaries. */
import type { QueryWord } from './query';
import { CharKind, isDigitJunction, kindAt, kindBefore, type Normalized, normalize } from './text';

/** A stored (NFC) text with its normalized form, computed only when a query needs it. */
export class FieldText {
  private cached: Normalized | undefined;
  constructor(readonly text: string) {}
  get normalized(): Normalized {
    this.cached ??= normalize(this.text);
    return this.cached;
  }
}

/** Where a word may start or end: a separator or another kind of character, or a digit/letter change when `loose`. */
function boundary(norm: string, i: number, loose: boolean): boolean {
  if (loose && isDigitJunction(norm, i)) return true;
  return kindBefore(norm, i) !== CharKind.Word || kindAt(norm, i) !== CharKind.Word;
}

/** The word's text as a pattern: a space is optional where a digit meets a letter or CJK character. */
const patterns = new WeakMap<QueryWord, RegExp>();
function pattern(word: QueryWord): RegExp {
  let re = patterns.get(word);
  if (!re) {
    let src = '';
    for (let i = 0; i < word.norm.length; i++) {
      if (isDigitJunction(word.norm, i)) src += ' ?';
      src += word.norm[i]!.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    }
    re = new RegExp(src, 'g');
    patterns.set(word, re);
  }
  return re;
}

/** Ranges `[start, end)` (in a normalized text, `norm`) of the word's matches. */
export function findSpans(norm: string, word: QueryWord): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = word.junctions ? pattern(word) : null;
  let at: number;
  let len = word.norm.length;
  for (let from = 0; ; from = at + 1) {
    if (re) {
      re.lastIndex = from;
      const m = re.exec(norm);
      if (!m) break;
      at = m.index;
      len = m[0].length;
    } else {
      at = norm.indexOf(word.norm, from);
      if (at === -1) break;
    }
    if (word.startsWord && !boundary(norm, at, word.gluedBefore)) continue;
    if (word.endsWord && !word.prefix && !boundary(norm, at + len, word.gluedAfter)) continue;
    out.push([at, at + len]);
  }
  return out;
}

/** Start offsets (in a normalized text, `norm`) of the word's matches. */
export function findMatches(norm: string, word: QueryWord): number[] {
  return findSpans(norm, word).map(([start]) => start);
}

/** Whether the word occurs in the field. */
export function matches(field: FieldText, word: QueryWord): boolean {
  if (word.plain) return field.text.includes(word.norm);
  return findMatches(field.normalized.norm, word).length > 0;
}

/** A piece of text to display; `match` pieces are what the query found. */
export interface Segment {
  text: string;
  match: boolean;
}

/** Ranges `[start, end)` in the source text of every word's matches, sorted and merged. */
export function matchRanges(field: FieldText, words: readonly QueryWord[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const word of words) {
    if (word.plain) {
      const { text } = field;
      for (let at = text.indexOf(word.norm); at !== -1; at = text.indexOf(word.norm, at + 1)) {
        ranges.push([at, at + word.norm.length]);
      }
      continue;
    }
    const n = field.normalized;
    for (const [at, to] of findSpans(n.norm, word)) {
      const start = n.starts[at];
      const end = n.ends[to - 1];
      if (start !== undefined && end !== undefined) ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * Cut `text` into segments with the ranges marked. With `window`, only about that many
 * characters around the first range are kept, with `…` where text was cut; whitespace runs are
 * shown as one space.
 */
export function segments(text: string, ranges: ReadonlyArray<[number, number]>, window?: number): Segment[] {
  let from = 0;
  let to = text.length;
  if (window !== undefined && text.length > window) {
    const first = ranges[0]?.[0] ?? 0;
    from = Math.max(0, first - Math.floor(window / 4));
    // Start at a word boundary when one is near.
    if (from > 0) {
      const space = text.slice(from, first).search(/\s/);
      if (space !== -1 && space < 12) from += space + 1;
    }
    to = Math.min(text.length, from + window);
    if (to < text.length) {
      const cut = text.slice(from, to).search(/\s\S*$/);
      if (cut > window / 2) to = from + cut;
    }
  }
  // Never cut a surrogate pair.
  if (from > 0 && /[\udc00-\udfff]/.test(text[from] ?? '')) from -= 1;
  if (to < text.length && /[\udc00-\udfff]/.test(text[to] ?? '')) to += 1;
  const out: Segment[] = [];
  const push = (s: string, match: boolean) => {
    const clean = s.replace(/\s+/g, ' ');
    if (!clean) return;
    const last = out[out.length - 1];
    if (last && last.match === match) last.text += clean;
    else out.push({ text: clean, match });
  };
  if (from > 0) push('…', false);
  let pos = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    if (a > pos) push(text.slice(pos, a), false);
    push(text.slice(a, b), true);
    pos = b;
  }
  if (pos < to) push(text.slice(pos, to), false);
  if (to < text.length) push('…', false);
  return out;
}
