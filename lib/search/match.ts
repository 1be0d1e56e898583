/** Verifying candidates and marking matches: exact (normalized) substrings with word boundaries. */
import { initialRange, type QueryWord } from './query';
import { CharKind, isDigitJunction, kindAt, kindBefore, MIDDLE_DOT, type Normalized, normalize } from './text';

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

/**
 * What may follow a spacing variant's last syllable in the same word: nothing, or a particle or
 * copula ending, after the plural 들 or not (인공 지능을, 국회 의원들은). Anything else means the
 * match ended inside another word (대통령실 is not 대통령 실무진).
 */
const ENDING =
  /^들?(?:이|가|은|는|을|를|의|에|에서|에게|께|께서|한테|로|으로|와|과|도|만|까지|부터|보다|처럼|마저|조차|이나|나|이며|며|이고|고|이다|다|인|이라|라|라는|이라는|란|이란|에는|에도|에서는|에서도|으로는|로는|과의|와의|에의|으로의|로의|이었다|였다|입니다|이든|든|이야|야|이요|요)?$/u;

/**
 * The word's text as a pattern. Outside exact phrases: a space is optional where a digit meets
 * a letter or CJK character, and between two CJK characters (a capturing group: a space found
 * there is a spacing variant, checked by {@link spacingVariant}); an initial consonant stands
 * for the syllables it begins.
 */
const patterns = new WeakMap<QueryWord, RegExp>();
export function pattern(word: QueryWord): RegExp {
  let re = patterns.get(word);
  if (!re) {
    const { norm } = word;
    let src = '';
    for (let i = 0; i < norm.length; i++) {
      const ch = norm[i]!;
      if (ch === ' ' || ch === MIDDLE_DOT) {
        // A space or middle dot the query has between CJK characters: either one in the text, and
        // outside exact phrases also none (한-일 and 한·일 find 한일); elsewhere a space.
        const between = kindBefore(norm, i) === CharKind.Cjk && kindAt(norm, i + 1) === CharKind.Cjk;
        src += between ? (word.exact ? '[ ·]' : '[ ·]?') : ' ';
        continue;
      }
      if (!word.exact && i > 0 && norm[i - 1] !== ' ' && norm[i - 1] !== MIDDLE_DOT) {
        if (isDigitJunction(norm, i)) src += ' ?';
        else if (word.spaced && kindBefore(norm, i) === CharKind.Cjk && kindAt(norm, i) === CharKind.Cjk) {
          src += '([ ·]?)';
        }
      }
      const open = word.openLast && i === norm.length - 1;
      const range: [number, number] | undefined = open
        ? [norm.charCodeAt(i), norm.charCodeAt(i) + 27]
        : word.initials
          ? initialRange(ch)
          : undefined;
      src += range
        ? `[\\u{${range[0].toString(16)}}-\\u{${range[1].toString(16)}}]`
        : ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    }
    re = new RegExp(src, 'gdu');
    patterns.set(word, re);
  }
  return re;
}

/**
 * Whether a match that left out or added a space between two CJK characters (`spaces`: the text's
 * spaces there, as offsets) reads as the query's word written apart rather than as the end of one
 * word and the start of another: it starts a word, every piece before such a space has two
 * characters or a digit (인공 지능, 3조 원, not 대 통 령), and unless the word is being typed the
 * last piece ends its word, or only a particle follows (국회 의원들은, not 대통령 실무진).
 */
function spacingVariant(norm: string, at: number, end: number, spaces: number[], word: QueryWord): boolean {
  if (kindBefore(norm, at) === CharKind.Cjk) return false;
  let from = at;
  for (const sp of spaces) {
    const piece = norm.slice(from, sp);
    if (piece.length < 2 && !/[0-9]/.test(piece)) return false;
    from = sp + 1;
  }
  if (word.prefix) return true;
  let stop = end;
  while (stop < norm.length && kindAt(norm, stop) === CharKind.Cjk) stop++;
  return ENDING.test(norm.slice(end, stop));
}

/** Ranges `[start, end)` (in a normalized text, `norm`) of the word's matches. */
export function findSpans(norm: string, word: QueryWord): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re =
    word.junctions ||
    word.spaced ||
    word.initials ||
    word.openLast ||
    word.norm.includes(' ') ||
    word.norm.includes(MIDDLE_DOT)
      ? pattern(word)
      : null;
  let at: number;
  let len = word.norm.length;
  for (let from = 0; ; from = at + 1) {
    if (re) {
      re.lastIndex = from;
      const m = re.exec(norm) as (RegExpExecArray & { indices?: Array<[number, number] | undefined> }) | null;
      if (!m) break;
      at = m.index;
      len = m[0].length;
      const spaces: number[] = [];
      // Spaces the query has not (a middle dot the text has instead of none needs no check).
      for (let g = 1; g < m.length; g++) if (m[g] === ' ') spaces.push(m.indices![g]![0]);
      if (spaces.length && !spacingVariant(norm, at, at + len, spaces, word)) continue;
      // Initial consonants begin words: ㅅㅈ is not the middle of 삼성전자.
      if (word.initials && kindBefore(norm, at) === CharKind.Cjk) continue;
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

/**
 * Whether the word occurs in the field. A word of CJK characters only is first looked for in the
 * text as stored (no normalizing); its spacing variants need the normalized text.
 */
export function matches(field: FieldText, word: QueryWord): boolean {
  if (word.plain) {
    const { text } = field;
    const { norm } = word;
    if (text.includes(norm)) return true;
    if (!word.spaced) return false;
    // A spacing variant has the word's characters in order with only separators between them:
    // without that, no need to normalize the text (most candidates that fail, fail here).
    if (!loosePattern(word).test(text)) return false;
  }
  return findMatches(field.normalized.norm, word).length > 0;
}

/**
 * A test on stored (NFC) text that every spacing variant of a CJK-only word passes: its
 * characters in order with only separators between them (text.ts charKind: neither letters,
 * digits nor marks; or a middle dot, ㆍ among them). Normalizing turns separators into spaces or
 * drops them; it never adds or removes a CJK character.
 */
const loosePatterns = new WeakMap<QueryWord, RegExp>();
function loosePattern(word: QueryWord): RegExp {
  let re = loosePatterns.get(word);
  if (!re) {
    re = new RegExp([...word.norm].join('(?:[^\\p{L}\\p{N}\\p{M}]|\\u318d)*'), 'u');
    loosePatterns.set(word, re);
  }
  return re;
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
    if (word.plain && field.text.includes(word.norm)) {
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
