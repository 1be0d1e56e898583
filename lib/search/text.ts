/**
 * Text normalization for search: NFC, lower case, full-width ASCII folded, punctuation and
 * spaces collapsed to one space, with a map back to the original offsets (for marked snippets).
 * Two separators are special: a middle dot between Korean or Han characters (한·일, 한ㆍ미ㆍ일)
 * is kept as · (one word to matching, as the outlets that drop the dot write it: 한일), and a
 * thousands comma joins (1,234 is 1234). A date written with dots, dashes or slashes reads as
 * Korean writes it: 2025.2.14 is 2025년 2월 14일.
 */

/** What a character is to the index: a separator, a CJK character (n-gram indexed) or a word character. */
export const CharKind = { Sep: 0, Cjk: 1, Word: 2 } as const;
export type CharKind = (typeof CharKind)[keyof typeof CharKind];

/** Hangul (syllables and jamo), Han and kana: scripts written without spaces between morphemes. */
function isCjk(cp: number): boolean {
  return (
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x3131 && cp <= 0x318c) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff)
  );
}

const wordChar = /[\p{L}\p{N}\p{M}]/u;

/** The kind of one (already lower-cased) code point. */
export function charKind(cp: number): CharKind {
  if (cp < 0x80) {
    if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return CharKind.Word;
    return CharKind.Sep;
  }
  if (isMiddleDot(cp)) return CharKind.Sep;
  if (isCjk(cp)) return CharKind.Cjk;
  return wordChar.test(String.fromCodePoint(cp)) ? CharKind.Word : CharKind.Sep;
}

/** The kind of the code point that ends just before `i` in `s` (surrogate-aware). */
export function kindBefore(s: string, i: number): CharKind {
  if (i <= 0) return CharKind.Sep;
  const lo = s.charCodeAt(i - 1);
  const cp = lo >= 0xdc00 && lo <= 0xdfff && i >= 2 ? (s.codePointAt(i - 2) ?? lo) : lo;
  return charKind(cp);
}

/** The kind of the code point starting at `i` in `s`. */
export function kindAt(s: string, i: number): CharKind {
  if (i >= s.length) return CharKind.Sep;
  return charKind(s.codePointAt(i) ?? 0);
}

/** The middle dot normalized text keeps between two CJK characters (한·일). */
export const MIDDLE_DOT = '\u00b7';

/**
 * Middle dots as Korean writes them between nouns: · (U+00B7), ㆍ (U+318D, the arae-a jamo used as
 * a dot), ‧ (U+2027), ・ and ･ (U+30FB, U+FF65), ∙ (U+2219), ⋅ (U+22C5).
 */
function isMiddleDot(c: number): boolean {
  return c === 0xb7 || c === 0x318d || c === 0x2027 || c === 0x30fb || c === 0xff65 || c === 0x2219 || c === 0x22c5;
}

/** A Hangul syllable, jamo or Han character: what a middle dot joins. */
function isCjkUnit(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3 ? true : c >= 0x80 && isCjk(c);
}

/** A comma after a digit that groups thousands: exactly three digits follow it (1,234 and 12,345,678). */
function isThousandsComma(text: string, i: number): boolean {
  for (let k = 1; k <= 3; k++) if (!isDigitUnit(text.charCodeAt(i + k))) return false;
  const after = text.charCodeAt(i + 4);
  return !isDigitUnit(after);
}

/**
 * A date with dots, dashes or slashes at `lastIndex`: a year 1900-2099, a month and perhaps a day,
 * not followed by another digit (2025-2030 is no date). Groups: year, month, day.
 */
const DATE = /(19\d\d|20\d\d) ?[./-] ?(0?[1-9]|1[0-2])(?: ?[./-] ?(0?[1-9]|[12]\d|3[01]))?\.?(?![\d.])/y;

export interface Normalized {
  /** Lower case, separators collapsed to single spaces (or a middle dot between CJK characters), no leading or trailing space. */
  norm: string;
  /** For each UTF-16 unit of `norm`, the start offset in the source of the character it came from. */
  starts: number[];
  /** For each UTF-16 unit of `norm`, the end offset in the source of the character it came from. */
  ends: number[];
}

/**
 * Normalize `text` (which should already be NFC: see {@link nfc}) for matching, keeping a map back
 * to `text`'s offsets. Searching the normalized form is what makes `딥시크` match `딥시크가` and
 * `GPT` match `gpt-4` regardless of case and punctuation. Without `offsets`, `starts` and `ends`
 * are left empty (index terms need the text only).
 */
export function normalize(text: string, offsets = true): Normalized {
  let norm = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSep = false;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    let lower: string;
    let width = 1;
    let kind: CharKind;
    // A date written with dots, dashes or slashes (2025.2, 2025. 2. 14., 2025-02-14) reads as
    // 2025년 2월 14일, the way Korean text writes it, so either form finds the other.
    if ((c === 0x31 || c === 0x32) && !isDigitUnit(text.charCodeAt(i - 1))) {
      DATE.lastIndex = i;
      const m = DATE.exec(text);
      if (m) {
        if (pendingSep) {
          norm += ' ';
          if (offsets) {
            starts.push(i);
            ends.push(i);
          }
          pendingSep = false;
        }
        const parts: Array<[string, number, number]> = [[m[1]!, i, i + 4]];
        const monthAt = i + m[0].indexOf(m[2]!, 5);
        parts.push(['년', i + 4, monthAt], [' ', monthAt, monthAt]);
        const dayAt = m[3] ? i + m[0].lastIndexOf(m[3]) : i + m[0].length;
        parts.push([String(Number(m[2])), monthAt, monthAt + m[2]!.length], ['월', monthAt + m[2]!.length, dayAt]);
        if (m[3]) {
          parts.push([' ', dayAt, dayAt], [String(Number(m[3])), dayAt, dayAt + m[3].length]);
          parts.push(['일', dayAt + m[3].length, i + m[0].length]);
        }
        for (const [piece, from, to] of parts) {
          norm += piece;
          for (let k = 0; offsets && k < piece.length; k++) {
            starts.push(piece.length > 1 ? from + k : from);
            ends.push(piece.length > 1 ? from + k + 1 : to);
          }
        }
        i += m[0].length;
        continue;
      }
    }
    // Fast paths for what Korean news is made of: Hangul syllables and ASCII.
    if (c >= 0xac00 && c <= 0xd7a3) {
      lower = text.charAt(i);
      kind = CharKind.Cjk;
    } else if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
        lower = text.charAt(i);
        kind = CharKind.Word;
      } else if (c >= 0x41 && c <= 0x5a) {
        lower = String.fromCharCode(c + 32);
        kind = CharKind.Word;
      } else {
        // A thousands comma right after a digit joins: 1,234 is 1234.
        if (c === 0x2c && !pendingSep && isDigitUnit(norm.charCodeAt(norm.length - 1)) && isThousandsComma(text, i)) {
          i += 1;
          continue;
        }
        lower = '';
        kind = CharKind.Sep;
      }
    } else if (
      isMiddleDot(c) &&
      !pendingSep &&
      isCjkUnit(norm.charCodeAt(norm.length - 1)) &&
      isCjkUnit(text.charCodeAt(i + 1))
    ) {
      // A middle dot between Korean or Han characters stays, as ·: a separator to the index, but
      // one that matching may leave out (한·일 is 한일) without the checks a space needs.
      norm += MIDDLE_DOT;
      if (offsets) {
        starts.push(i);
        ends.push(i + 1);
      }
      i += 1;
      continue;
    } else {
      let cp = text.codePointAt(i) ?? c;
      width = cp > 0xffff ? 2 : 1;
      // Full-width ASCII (ＡＢＣ１２３) to ASCII.
      if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
      lower = String.fromCodePoint(cp).toLowerCase().normalize('NFC');
      kind = charKind(lower.codePointAt(0) ?? 0);
    }
    if (kind === CharKind.Sep) {
      pendingSep = norm.length > 0;
    } else {
      if (pendingSep) {
        norm += ' ';
        if (offsets) {
          starts.push(i);
          ends.push(i);
        }
        pendingSep = false;
      }
      norm += lower;
      for (let k = 0; offsets && k < lower.length; k++) {
        starts.push(i);
        ends.push(i + width);
      }
    }
    i += width;
  }
  return { norm, starts, ends };
}

/** NFC, the form every stored and queried text is compared in. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/** A maximal run of one kind of character in a normalized string. */
export interface Run {
  kind: typeof CharKind.Cjk | typeof CharKind.Word;
  /** The run's code points. */
  chars: string[];
  /** What separates it from the run before: nothing (`3조`: a digit run then a CJK run), a space, or a middle dot. */
  gap: Gap;
}

/** The separator before a run: none (0), a space (0x20) or a middle dot (0xb7, {@link MIDDLE_DOT}). */
export type Gap = number;

/** The CJK and word runs of a normalized string, in order. */
export function runs(norm: string): Run[] {
  const out: Run[] = [];
  forEachRunChar(norm, (cp, kind, startsRun, gap) => {
    const ch = String.fromCodePoint(cp);
    if (startsRun) out.push({ kind, chars: [ch], gap });
    else out[out.length - 1]!.chars.push(ch);
  });
  return out;
}

/**
 * The code points of {@link runs}, without building them: `visit` gets every code point of a
 * normalized string that is in a run (all but the separators), in order, with its run's kind,
 * whether it starts a new run and, if so, the separator before it (0 when none). lib/search/sign.ts
 * reads an item's text this way.
 */
export function forEachRunChar(
  norm: string,
  visit: (cp: number, kind: Run['kind'], startsRun: boolean, gap: Gap) => void,
): void {
  let cur: CharKind = CharKind.Sep; // the kind of the run at hand; Sep between runs
  let gap: Gap = 0; // the separator seen since the last run character
  for (let i = 0; i < norm.length; ) {
    const c = norm.charCodeAt(i);
    let cp = c;
    let kind: CharKind;
    // Hangul and ASCII (with the space, normalized text's only separator) decided without lookups.
    if (c >= 0xac00 && c <= 0xd7a3) {
      kind = CharKind.Cjk;
    } else if (c < 0x80) {
      kind = charKind(c);
    } else {
      cp = norm.codePointAt(i) ?? c;
      kind = charKind(cp);
      // Combining marks stay with the run they follow.
      if (cur !== CharKind.Sep && /\p{M}/u.test(String.fromCodePoint(cp))) kind = cur;
    }
    i += cp > 0xffff ? 2 : 1;
    if (kind === CharKind.Sep) {
      cur = kind;
      gap = c;
    } else {
      const starts = kind !== cur;
      visit(cp, kind, starts, starts ? gap : 0);
      cur = kind;
      gap = 0;
    }
  }
}

/** An ASCII digit (full-width digits are folded to these by {@link normalize}). */
function isDigitUnit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * {@link Normalized} without the spaces between a digit and a letter or CJK character. News
 * writes `코로나19` and `코로나 19`, `G20` and `G-20`, `5G` and `5 G` for the same thing: a query
 * word is kept in this joined form and matches with those spaces optional (lib/search/match.ts).
 */
export function joinDigits(n: Normalized): Normalized {
  const { norm } = n;
  let cut = -1;
  for (let i = norm.indexOf(' '); i !== -1; i = norm.indexOf(' ', i + 1)) {
    if (isDigitUnit(norm.charCodeAt(i - 1)) !== isDigitUnit(norm.charCodeAt(i + 1))) {
      cut = i;
      break;
    }
  }
  if (cut === -1) return n;
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let from = 0;
  for (let i = cut; i !== -1; i = norm.indexOf(' ', i + 1)) {
    if (isDigitUnit(norm.charCodeAt(i - 1)) === isDigitUnit(norm.charCodeAt(i + 1))) continue;
    out += norm.slice(from, i);
    for (let k = from; k < i; k++) {
      starts.push(n.starts[k]!);
      ends.push(n.ends[k]!);
    }
    from = i + 1;
  }
  out += norm.slice(from);
  for (let k = from; k < norm.length; k++) {
    starts.push(n.starts[k]!);
    ends.push(n.ends[k]!);
  }
  return { norm: out, starts, ends };
}

/** Whether a digit meets a letter or CJK character at `i` of a normalized string (`g|20`, `코로나|19`). */
export function isDigitJunction(s: string, i: number): boolean {
  const a = s.charCodeAt(i - 1);
  const b = s.charCodeAt(i);
  return i > 0 && i < s.length && a !== 0x20 && b !== 0x20 && isDigitUnit(a) !== isDigitUnit(b);
}
