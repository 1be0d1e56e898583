/** Parsing a search box's text into words to match. */
import { BI, cjkRunLookups, confirmTerms, digitSegments, joinLookups, SPACE_BI, UNI, wordRunLookups } from './terms';
import { CharKind, isDigitJunction, joinDigits, kindAt, kindBefore, nfc, normalize, type Run, runs } from './text';

/** One word of a query (or one quoted phrase): every word must match somewhere in an item. */
export interface QueryWord {
  /** Normalized text to find (lower case, separators as single spaces). */
  norm: string;
  /**
   * A "quoted phrase": matched as written (apart from case and punctuation), without the spacing,
   * digit-joining and initial-consonant variants of other words.
   */
  exact: boolean;
  /**
   * Not exact and two CJK characters meet in it: the text may have a space between them
   * (인공지능 finds 인공 지능, 3조원 finds 3조 원); lib/search/match.ts decides where that is a
   * spacing variant and where two unrelated words.
   */
  spaced: boolean;
  /** Holds initial consonants (ㄱ..ㅎ) that stand for any syllable they begin (ㅅㅅㅈㅈ, 삼ㅅ). */
  initials: boolean;
  /**
   * Initial consonants alone (ㅅㅅㅈㅈ) or after a single syllable (삼ㅅ): matched at word starts
   * in titles and tags only, from the heads every search holds in memory. In the text they would
   * begin a third of all words (the index has no term for them, and a lone syllable's is in
   * almost every item), so every item would have to be read.
   */
  inHeads: boolean;
  /**
   * While an input method still composes the last syllable of a word of three characters or
   * more, and that syllable has no final consonant yet: it stands for itself or any syllable that
   * adds one (엔비디아치 finds 엔비디아칩, 삼성저 finds 삼성전자). Once the syllable is finished
   * the word means what it says (철도와 does not find 철도완공).
   */
  openLast: boolean;
  /** Starts with a word character: a match must start at a word boundary (no `seek` in `deepseek`). */
  startsWord: boolean;
  /** Ends with a word character: a match must end at a word boundary unless `prefix`. */
  endsWord: boolean;
  /** A digit meets a letter or CJK character inside the word: the text may have a space there (`G20`, `G 20`). */
  junctions: boolean;
  /**
   * The previous / next query word is digits and this one letters, or the reverse (`G 20`, `5 G`):
   * the text may write them together, so a digit/letter change is a word boundary here.
   */
  gluedBefore: boolean;
  gluedAfter: boolean;
  /** The last word while typing: its final word run may be a prefix (`deeps` finds `deepseek`). */
  prefix: boolean;
  /** Index terms every candidate contains. */
  terms: string[];
  /**
   * Groups of alternatives: every candidate contains at least one alternative of each group, an
   * alternative being one index term or several (all of them).
   */
  anyOf: Array<Array<string | string[]>>;
  /** Further terms every candidate contains (implied by `terms`: they only remove false candidates). */
  confirm: string[];
  /**
   * Only CJK characters: normalizing leaves them as they are, so the word can be searched for
   * in the (NFC) text directly, without normalizing it first.
   */
  plain: boolean;
}

const isDigitChar = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/** The compatibility jamo that begin syllables (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ), in syllable order. */
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';

/** The Hangul syllables an initial consonant begins, as [first, last] code points; undefined for other characters. */
export function initialRange(ch: string): [number, number] | undefined {
  const i = INITIALS.indexOf(ch);
  if (i === -1) return undefined;
  const first = 0xac00 + i * 21 * 28;
  return [first, first + 21 * 28 - 1];
}

/** The initial consonant of a Hangul syllable (삼 → ㅅ), or the character itself. */
export function initialOf(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0xac00 || c > 0xd7a3) return ch;
  return INITIALS[Math.floor((c - 0xac00) / (21 * 28))]!;
}

/** A Hangul compatibility jamo (ㄱ..ㅣ). */
const isJamo = (ch: string) => ch >= '\u3131' && ch <= '\u3163';
/** Trailing jamo that begin no syllable (vowels, ㄳ...): an unfinished syllable while typing. */
const loneJamo = /[\u3131-\u3163]+$/u;

/** The Hangul syllables (not jamo) of a normalized word. */
const syllableCount = (norm: string) => [...norm].filter((ch) => ch >= '\uac00' && ch <= '\ud7a3').length;

/** The CJK runs' stretches without jamo: the parts of a word with initials that index terms can find. */
function syllableStretches(run: Run): Run[] {
  if (run.kind !== CharKind.Cjk) return [run];
  const out: Run[] = [];
  let cur: string[] = [];
  for (const ch of run.chars) {
    if (isJamo(ch)) {
      if (cur.length) out.push({ kind: CharKind.Cjk, chars: cur, gap: 0 });
      cur = [];
    } else cur.push(ch);
  }
  if (cur.length) out.push({ kind: CharKind.Cjk, chars: cur, gap: 0 });
  return out;
}

/**
 * Split a query into words. Whitespace separates words (all must match, in any field); "double
 * quotes" keep a phrase together and match it as written. With `prefixLast`, the last word
 * matches as a prefix and a trailing jamo that begins no syllable (`대통려ㅇ`... `ㅏ`) is
 * ignored, while an initial consonant (`대통ㄹ`, `삼ㅅ`) stands for the syllables it begins.
 * With `composing` as well (an input method is still composing the last syllable), that
 * syllable may yet gain a final consonant (QueryWord.openLast).
 */
export function parseQuery(
  query: string,
  { prefixLast = true, composing = false }: { prefixLast?: boolean; composing?: boolean } = {},
): QueryWord[] {
  const pieces: Array<{ text: string; exact: boolean }> = [];
  for (const m of nfc(query).matchAll(/"([^"]*)"?|(\S+)/g)) {
    pieces.push(m[1] !== undefined ? { text: m[1], exact: true } : { text: m[2] ?? '', exact: false });
  }
  const words: QueryWord[] = [];
  let previous: Run | undefined;
  pieces.forEach(({ text, exact }, i) => {
    const last = prefixLast && i === pieces.length - 1;
    const normalized = normalize(text);
    let norm = exact ? normalized.norm : joinDigits(normalized).norm;
    // While typing, trailing jamo that begin no syllable (vowels, ㄳ) are an unfinished syllable.
    const tail = last && !exact ? (norm.match(loneJamo)?.[0] ?? '') : '';
    if (tail && norm.length > tail.length) {
      let keep = tail.length;
      while (keep > 0 && !initialRange(tail[keep - 1]!)) keep--;
      norm = norm.slice(0, norm.length - tail.length + keep).trim();
    }
    if (!norm) return;
    const wordRuns = runs(norm);
    const initials = !exact && [...norm].some((ch) => initialRange(ch) !== undefined);
    const lastCode = norm.charCodeAt(norm.length - 1);
    // From the third character on: a two-syllable word (정부) would make the 28 forms' lookups
    // test nearly every item, for a state the next keystroke usually ends.
    const openLast =
      last &&
      composing &&
      !exact &&
      norm.length > 2 &&
      lastCode >= 0xac00 &&
      lastCode <= 0xd7a3 &&
      (lastCode - 0xac00) % 28 === 0;
    // The runs the index terms come from: without that open syllable, which may still change.
    const lookupRuns = openLast ? runs(norm.slice(0, -1)) : wordRuns;
    const onlyInitials = initials && [...norm].every((ch) => ch === ' ' || initialRange(ch) !== undefined);
    // One initial alone begins a third of all words: wait for the second.
    if (onlyInitials && norm.replace(/ /g, '').length < 2) return;
    // Initials with at most one syllable: no bigram to find candidates with.
    const inHeads =
      onlyInitials || (initials && !wordRuns.some((r) => r.kind === CharKind.Word) && syllableCount(norm) === 1);
    const terms: string[] = [];
    const anyOf: Array<Array<string | string[]>> = [];
    const confirm: string[] = [];
    let gluedBefore = false;
    lookupRuns.forEach((run, k) => {
      if (run.kind === CharKind.Cjk) {
        const stretches = initials ? syllableStretches(run) : [run];
        stretches.forEach((stretch, j) => {
          // Only the word's very first characters are sure to be written together.
          const startsWord = k === 0 && j === 0 && stretch.chars[0] === run.chars[0];
          const lookups = cjkRunLookups(stretch.chars, { exact, startsWord });
          terms.push(...lookups.terms);
          anyOf.push(...lookups.anyOf);
          confirm.push(...confirmTerms(stretch));
        });
        return;
      }
      // `G 20`: the text may write the previous word's last digits or letters together with these.
      const before =
        !exact && k === 0 && previous?.kind === CharKind.Word ? digitSegments(previous.chars).at(-1) : undefined;
      const glued = before && isDigitChar(before[0]) !== isDigitChar(run.chars[0]) ? before : undefined;
      if (glued) gluedBefore = true;
      const lookups = wordRunLookups(run.chars, glued);
      terms.push(...lookups.terms);
      anyOf.push(...lookups.anyOf);
    });
    // Bigrams across the word's own spaces and digit/CJK junctions (the text may join or split them).
    if (!inHeads) {
      const joins = joinLookups(norm, { openLast, exact });
      terms.push(...joins.terms);
      anyOf.push(...joins.anyOf);
    }
    // The open syllable with the character before it: one of its 28 forms (치, 칙, 친... 칳) follows,
    // written together or apart, as a bigram and a unigram together (one term of 28 alone would let a fifth of all items
    // through as the signatures' false positives).
    const before = norm[norm.length - 2]!;
    const beforeKind = kindBefore(norm, norm.length - 1);
    if (openLast && !isJamo(before) && (beforeKind === CharKind.Cjk || isDigitChar(before))) {
      const group: string[][] = [];
      for (let k = 0; k < 28; k++) {
        const v = String.fromCharCode(lastCode + k);
        group.push([BI + before + v, UNI + v], [SPACE_BI + before + v, UNI + v]);
      }
      anyOf.push(group);
    }
    previous = wordRuns.at(-1);
    if (!terms.length && !anyOf.length && !inHeads) return;
    const prev = words.at(-1);
    if (gluedBefore && prev) prev.gluedAfter = true;
    let junctions = false;
    for (let k = 1; k < norm.length && !junctions && !exact; k++) junctions = isDigitJunction(norm, k);
    let spaced = false;
    for (let k = 1; k < norm.length && !spaced && !exact; k++) {
      spaced = kindBefore(norm, k) === CharKind.Cjk && kindAt(norm, k) === CharKind.Cjk;
    }
    words.push({
      norm,
      exact,
      spaced,
      initials,
      inHeads,
      openLast,
      junctions,
      gluedBefore,
      gluedAfter: false,
      startsWord: kindAt(norm, 0) === CharKind.Word,
      endsWord: kindBefore(norm, norm.length) === CharKind.Word,
      prefix: last,
      terms,
      anyOf,
      confirm,
      plain:
        !initials && !openLast && wordRuns.length === 1 && wordRuns[0]?.kind === CharKind.Cjk && !/[ ·]/u.test(norm),
    });
  });
  // The same word twice adds nothing.
  return words.filter(
    (w, i) => words.findIndex((o) => o.norm === w.norm && o.prefix === w.prefix && o.exact === w.exact) === i,
  );
}
