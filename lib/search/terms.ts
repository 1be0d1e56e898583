/**
 * Index terms. CJK runs (Hangul, Han, kana) give character unigrams and bigrams, so a query
 * matches inside Korean words whatever particle follows (`딥시크` in `딥시크가`); word runs
 * (Latin, digits, other alphabets) give their prefixes up to {@link MAX_PREFIX} characters, so
 * the last word can match while it is being typed. Terms only select candidates: the search
 * verifies the query's exact normalized text on every candidate (lib/search/match.ts), so
 * syllables that are present but not adjacent never match a longer query.
 */
import { CharKind, normalize, runs } from './text';

/** Word prefixes longer than this are not indexed; longer query words look up this prefix. */
export const MAX_PREFIX = 16;

/** Term prefixes: `u` CJK unigram, `b` CJK bigram, `p` word prefix. */
export const UNI = 'u';
export const BI = 'b';
export const PRE = 'p';

/** Field markers: a term prefixed with these also occurs in the title / the notes, highlights and tags. */
export const TITLE_MARK = 'T';
export const META_MARK = 'M';

/**
 * Add the terms of one normalized string to `out`. A CJK bigram also spans the space between two
 * CJK runs (`인공 지능` gives 공지 too), so a query written without that space (인공지능) finds
 * the spaced text among its candidates; matching decides whether the space may be left out
 * (lib/search/match.ts).
 */
function addTerms(norm: string, out: Set<string>, mark = ''): void {
  let last: string | undefined; // the last character of the previous run when it is CJK
  for (const run of runs(norm)) {
    const c = run.chars;
    if (run.kind === CharKind.Cjk) {
      if (last !== undefined) out.add(mark + BI + last + c[0]);
      for (let i = 0; i < c.length; i++) {
        out.add(mark + UNI + c[i]);
        if (i + 1 < c.length) out.add(mark + BI + c[i] + c[i + 1]);
      }
      last = c[c.length - 1];
    } else {
      last = undefined;
      let prefix = '';
      for (let i = 0; i < c.length && i < MAX_PREFIX; i++) {
        prefix += c[i];
        out.add(mark + PRE + prefix);
      }
    }
  }
}

/** The searchable fields of an item. Texts are NFC; `meta` holds notes, highlighted text and tags. */
export interface SearchFields {
  title: string;
  meta: MetaEntry[];
  body: string;
}

/** A `comment` (the reader's talk about an item) ranks below the body (lib/search/engine.ts). */
export type MetaKind = 'note' | 'tag' | 'highlight' | 'highlightNote' | 'comment';

export interface MetaEntry {
  kind: MetaKind;
  text: string;
}

/**
 * Every index term of an item: plain terms for all fields together, plus title terms marked
 * with {@link TITLE_MARK} and notes/highlights/tags terms marked with {@link META_MARK} (used as
 * upper bounds of a candidate's rank before its text is read). Sorted, without duplicates.
 * Signatures are made from the same terms by lib/search/sign.ts signFields, which reads them
 * without building these strings: a change to the terms here must be made there too.
 */
export function indexTerms(fields: SearchFields): string[] {
  const out = new Set<string>();
  const title = normalize(fields.title).norm;
  addTerms(title, out);
  addTerms(title, out, TITLE_MARK);
  for (const entry of fields.meta) {
    const norm = normalize(entry.text).norm;
    addTerms(norm, out);
    addTerms(norm, out, META_MARK);
  }
  addTerms(normalize(fields.body).norm, out);
  return [...out].sort();
}

/**
 * The terms to look up for one CJK run of a query word. Every candidate must contain all of them:
 * the run's every bigram (fewer candidates whose syllables are present but apart; the
 * verification pass checks adjacency) or a lone syllable's unigram.
 */
export function lookupTerms(run: { kind: CharKind; chars: string[] }): string[] {
  const c = run.chars;
  if (run.kind !== CharKind.Cjk) return wordRunLookups(c).terms;
  if (c.length === 1) return [UNI + c[0]];
  const out: string[] = [];
  for (let i = 0; i + 1 < c.length; i++) out.push(BI + c[i] + c[i + 1]);
  return out;
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';

/** A word run's pieces of digits and of other characters: `g20` → `g`, `20`. */
export function digitSegments(chars: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const ch of chars) {
    const last = out[out.length - 1];
    if (last && isDigit(last[0]!) === isDigit(ch)) last.push(ch);
    else out.push([ch]);
  }
  return out;
}

/**
 * The lookups of one word run of a query (Latin, digits...): `terms` every candidate contains,
 * `anyOf` groups of which a candidate contains at least one term each. The index holds the
 * (capped) prefixes of every word run of the text, so a word's own prefix finds the word and,
 * while typing, its continuations. Digits and letters may be written together or apart (`G20`,
 * `G 20`, `G-20`: matching makes that space optional, lib/search/match.ts), and the text's runs
 * start where it has a space, so a segment after a digit/letter change looks up its prefix from
 * any earlier segment of the word.
 * `glued` is the previous query word's last segment when the text may write it together with
 * this run (the query `G 20` finds `G20`).
 */
export function wordRunLookups(
  chars: readonly string[],
  glued?: readonly string[],
): { terms: string[]; anyOf: string[][] } {
  const prefix = (parts: ReadonlyArray<readonly string[]>) => PRE + parts.flat().slice(0, MAX_PREFIX).join('');
  const segs = digitSegments(chars);
  const terms: string[] = [];
  const anyOf: string[][] = [];
  for (let j = 0; j < segs.length; j++) {
    const group = new Set<string>();
    for (let i = 0; i <= j; i++) group.add(prefix(segs.slice(i, j + 1)));
    if (glued?.length) group.add(prefix([glued, ...segs.slice(0, j + 1)]));
    if (group.size === 1) terms.push(...group);
    else anyOf.push([...group]);
  }
  return { terms, anyOf };
}

/**
 * More terms every candidate contains: a CJK run's unigrams, implied by its bigrams. They only
 * remove the signatures' false positives (the search tests them on the few candidates whose
 * title or notes seem to hold the word, where a false positive would be read first).
 */
export function confirmTerms(run: { kind: CharKind; chars: string[] }): string[] {
  const c = run.chars;
  return run.kind === CharKind.Cjk && c.length > 1 ? [...new Set(c)].map((ch) => UNI + ch) : [];
}

/**
 * The short text initial-consonant words are matched on: the title (its first line) and the
 * tags, one per line. Kept in memory for every item, so it is short on purpose.
 */
export function headOf(title: string, tags: readonly string[]): string {
  return [title.replace(/\s+/g, ' '), ...tags].join('\n').normalize('NFC');
}

/** Build the searchable fields of an item and its highlights. */
export function searchFields(
  item: { title: string; text: string; note: string; tags: string[] },
  highlights: ReadonlyArray<{
    id: string;
    note: string;
    target: { selector: ReadonlyArray<{ type: string; exact?: string }> };
  }>,
): SearchFields {
  const meta: MetaEntry[] = [];
  if (item.note.trim()) meta.push({ kind: 'note', text: item.note.normalize('NFC') });
  for (const tag of item.tags) meta.push({ kind: 'tag', text: tag.normalize('NFC') });
  // Sorted by id so the same highlights always give the same record (rebuild == incremental).
  for (const h of [...highlights].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const quote = h.target.selector.find((s) => s.type === 'TextQuoteSelector')?.exact;
    if (quote?.trim()) meta.push({ kind: 'highlight', text: quote.normalize('NFC') });
    if (h.note.trim()) meta.push({ kind: 'highlightNote', text: h.note.normalize('NFC') });
  }
  // Comments, once items have them, go here as `{ kind: 'comment', text }` entries, after the rest.
  return { title: item.title.normalize('NFC'), meta, body: item.text.normalize('NFC') };
}
