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

/**
 * Term prefixes: `u` CJK unigram, `b` bigram within a run (or joining two runs written together
 * or with a middle dot: `3조`, `한·일`), `s` bigram joining two runs across a space (`인공 지능`,
 * `3조 원`), `p` word prefix.
 */
export const UNI = 'u';
export const BI = 'b';
export const SPACE_BI = 's';
export const PRE = 'p';

/** Field markers: a term prefixed with these also occurs in the title / the notes, highlights and tags. */
export const TITLE_MARK = 'T';
export const META_MARK = 'M';

const isDigit = (ch: string) => ch >= '0' && ch <= '9';

/**
 * Whether the last character of one run and the first of the next give a bigram term: two CJK
 * characters (`인공 지능` gives 공지), or a digit and a CJK character, written together or apart
 * (`3조`, `3 조`, `코로나19`, `코로나 19` give 3조 and 나1).
 */
export function joinsRuns(a: string, aKind: CharKind, b: string, bKind: CharKind): boolean {
  if (aKind === CharKind.Cjk) return bKind === CharKind.Cjk || isDigit(b);
  return bKind === CharKind.Cjk && isDigit(a);
}

/**
 * Add the terms of one normalized string to `out`. Besides the terms within runs, a bigram joins
 * two runs (see {@link joinsRuns}): a query written without the space (인공지능, 3조원) finds the
 * spaced text among its candidates, and a number's unit narrows its candidates; matching decides
 * whether a left-out space is a spacing variant (lib/search/match.ts).
 */
function addTerms(norm: string, out: Set<string>, mark = ''): void {
  let last: { ch: string; kind: CharKind } | undefined; // the previous run's last character
  for (const run of runs(norm)) {
    const c = run.chars;
    if (last && joinsRuns(last.ch, last.kind, c[0]!, run.kind)) {
      out.add(mark + (run.gap === 0x20 ? SPACE_BI : BI) + last.ch + c[0]);
    }
    if (run.kind === CharKind.Cjk) {
      for (let i = 0; i < c.length; i++) {
        out.add(mark + UNI + c[i]);
        if (i + 1 < c.length) out.add(mark + BI + c[i] + c[i + 1]);
      }
    } else {
      let prefix = '';
      for (let i = 0; i < c.length && i < MAX_PREFIX; i++) {
        prefix += c[i];
        out.add(mark + PRE + prefix);
      }
    }
    last = { ch: c[c.length - 1]!, kind: run.kind };
  }
}

/** Lookups: terms every candidate holds, and groups of which it holds one alternative each. */
export interface Lookups {
  terms: string[];
  anyOf: string[][];
}

/**
 * The lookups that join the runs of a query word (see {@link joinsRuns}). The text may write the
 * query's space or middle dot (or a digit/syllable junction) with a space (`s` term), a middle
 * dot or nothing (`b` term); an exact phrase's junction written together stays together. Pairs
 * with a jamo are left out (an initial consonant stands for a syllable), and so is the last
 * character when it may still change (`openLast`).
 */
export function joinLookups(norm: string, { openLast = false, exact = false } = {}): Lookups {
  const wordRuns = runs(openLast ? norm.slice(0, -1) : norm);
  const out: Lookups = { terms: [], anyOf: [] };
  const jamo = (ch: string) => ch >= '\u3131' && ch <= '\u318e';
  for (let k = 1; k < wordRuns.length; k++) {
    const a = wordRuns[k - 1]!;
    const b = wordRuns[k]!;
    const x = a.chars[a.chars.length - 1]!;
    const y = b.chars[0]!;
    if (jamo(x) || jamo(y) || !joinsRuns(x, a.kind, y, b.kind)) continue;
    if (exact && b.gap === 0) out.terms.push(BI + x + y);
    else out.anyOf.push([BI + x + y, SPACE_BI + x + y]);
  }
  return out;
}

/**
 * The lookups of a CJK run of a query word: its bigrams (or a lone syllable's unigram). Outside
 * exact phrases the text may split the run with a space (a spacing variant), except after its
 * first syllable when the run starts the word (a spaced variant's first piece has two syllables):
 * so the first bigram is a term, the others are a `b` or `s` term.
 */
export function cjkRunLookups(chars: readonly string[], { exact = false, startsWord = false } = {}): Lookups {
  if (chars.length === 1) return { terms: [UNI + chars[0]], anyOf: [] };
  const out: Lookups = { terms: [], anyOf: [] };
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    if (exact || (i === 0 && startsWord)) out.terms.push(BI + pair);
    else out.anyOf.push([BI + pair, SPACE_BI + pair]);
  }
  return out;
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
  item: { title: string; text: string; note: string; tags: string[]; comments?: ReadonlyArray<{ text: string }> },
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
  // The comments of a saved post, after the rest (they rank below the body).
  for (const c of item.comments ?? []) if (c.text.trim()) meta.push({ kind: 'comment', text: c.text.normalize('NFC') });
  return { title: item.title.normalize('NFC'), meta, body: item.text.normalize('NFC') };
}
