/** Parsing a search box's text into words to match. */
import { confirmTerms, digitSegments, lookupTerms, wordRunLookups } from './terms';
import { CharKind, isDigitJunction, joinDigits, kindAt, kindBefore, nfc, normalize, type Run, runs } from './text';

/** One word of a query (or one quoted phrase): every word must match somewhere in an item. */
export interface QueryWord {
  /** Normalized text to find (lower case, separators as single spaces). */
  norm: string;
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
  /** Groups of index terms: every candidate contains at least one of each. */
  anyOf: string[][];
  /** Further terms every candidate contains (implied by `terms`: they only remove false candidates). */
  confirm: string[];
  /**
   * Only CJK characters: normalizing leaves them as they are, so the word can be searched for
   * in the (NFC) text directly, without normalizing it first.
   */
  plain: boolean;
}

const isDigitChar = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/** A Hangul compatibility jamo (ㄱ..ㅣ): an unfinished syllable while typing. */
const loneJamo = /[\u3131-\u318e]+$/u;

/**
 * Split a query into words. Whitespace separates words (all must match, in any field); "double
 * quotes" keep a phrase together. With `prefixLast`, the last word matches as a prefix and a
 * trailing unfinished jamo (`대통ㄹ` while typing 대통령) is ignored.
 */
export function parseQuery(query: string, { prefixLast = true }: { prefixLast?: boolean } = {}): QueryWord[] {
  const pieces: string[] = [];
  for (const m of nfc(query).matchAll(/"([^"]*)"?|(\S+)/g)) pieces.push(m[1] ?? m[2] ?? '');
  const words: QueryWord[] = [];
  let previous: Run | undefined;
  pieces.forEach((piece, i) => {
    const last = prefixLast && i === pieces.length - 1;
    let norm = joinDigits(normalize(piece)).norm;
    if (last && loneJamo.test(norm) && norm.replace(loneJamo, '').trim()) norm = norm.replace(loneJamo, '').trim();
    if (!norm) return;
    const wordRuns = runs(norm);
    const terms: string[] = [];
    const anyOf: string[][] = [];
    let gluedBefore = false;
    wordRuns.forEach((run, k) => {
      if (run.kind === CharKind.Cjk) {
        terms.push(...lookupTerms(run));
        return;
      }
      // `G 20`: the text may write the previous word's last digits or letters together with these.
      const before = k === 0 && previous?.kind === CharKind.Word ? digitSegments(previous.chars).at(-1) : undefined;
      const glued = before && isDigitChar(before[0]) !== isDigitChar(run.chars[0]) ? before : undefined;
      if (glued) gluedBefore = true;
      const lookups = wordRunLookups(run.chars, glued);
      terms.push(...lookups.terms);
      anyOf.push(...lookups.anyOf);
    });
    previous = wordRuns.at(-1);
    if (!terms.length && !anyOf.length) return;
    const prev = words.at(-1);
    if (gluedBefore && prev) prev.gluedAfter = true;
    let junctions = false;
    for (let k = 1; k < norm.length && !junctions; k++) junctions = isDigitJunction(norm, k);
    words.push({
      norm,
      junctions,
      gluedBefore,
      gluedAfter: false,
      startsWord: kindAt(norm, 0) === CharKind.Word,
      endsWord: kindBefore(norm, norm.length) === CharKind.Word,
      prefix: last,
      terms,
      anyOf,
      confirm: wordRuns.flatMap(confirmTerms),
      plain: wordRuns.length === 1 && wordRuns[0]?.kind === CharKind.Cjk && !norm.includes(' '),
    });
  });
  // The same word twice adds nothing.
  return words.filter((w, i) => words.findIndex((o) => o.norm === w.norm && o.prefix === w.prefix) === i);
}
