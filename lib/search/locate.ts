/**
 * Where a search's words first occur in a text: the reader opens a hit scrolled there. Pure: the
 * side panel's reader hands in its article's text and maps the offsets back to its DOM.
 */
import { parseFacets } from './facets';
import { FieldText, matchRanges } from './match';
import { parseQuery } from './query';

/**
 * The first `[start, end)` range (UTF-16 offsets into `text`) where a word of `query` matches,
 * or null. Facets and initial-consonant words (matched in titles and tags only) are left out.
 */
export function firstMatch(text: string, query: string): [number, number] | null {
  const words = parseQuery(parseFacets(query).text).filter((w) => !w.inHeads);
  if (!words.length) return null;
  return matchRanges(new FieldText(text), words)[0] ?? null;
}
