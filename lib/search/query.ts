/** Parsing a search box's text into words to match. */
import { lookupTerms } from './terms';
import { CharKind, kindAt, kindBefore, nfc, normalize, runs } from './text';

/** One word of a query (or one quoted phrase): every word must match somewhere in an item. */
export interface QueryWord {
  /** Normalized text to find (lower case, separators as single spaces). */
  norm: string;
  /** Starts with a word character: a match must start at a word boundary (no `seek` in `deepseek`). */
  startsWord: boolean;
  /** Ends with a word character: a match must end at a word boundary unless `prefix`. */
  endsWord: boolean;
  /** The last word while typing: its final word run may be a prefix (`deeps` finds `deepseek`). */
  prefix: boolean;
  /** Index terms every candidate contains. */
  terms: string[];
  /**
   * Only CJK characters: normalizing leaves them as they are, so the word can be searched for
   * in the (NFC) text directly, without normalizing it first.
   */
  plain: boolean;
}

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
  pieces.forEach((piece, i) => {
    const last = prefixLast && i === pieces.length - 1;
    let norm = normalize(piece).norm;
    if (last && loneJamo.test(norm) && norm.replace(loneJamo, '').trim()) norm = norm.replace(loneJamo, '').trim();
    if (!norm) return;
    const wordRuns = runs(norm);
    const terms = wordRuns.flatMap(lookupTerms);
    if (!terms.length) return;
    words.push({
      norm,
      startsWord: kindAt(norm, 0) === CharKind.Word,
      endsWord: kindBefore(norm, norm.length) === CharKind.Word,
      prefix: last,
      terms,
      plain: wordRuns.length === 1 && wordRuns[0]?.kind === CharKind.Cjk && !norm.includes(' '),
    });
  });
  // The same word twice adds nothing.
  return words.filter((w, i) => words.findIndex((o) => o.norm === w.norm && o.prefix === w.prefix) === i);
}
