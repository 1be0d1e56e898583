/**
 * Ranked search over an index source (IndexedDB in lib/db/search.ts, memory in tests and
 * benchmarks). Candidates come from the index terms; each is then verified on its text, so
 * results are exact. Rank: per query word, 3 when it matches in the title, 2 in notes,
 * highlights or tags, 1 in the body, summed; more recent saves first among equals. Only as many
 * candidates are read as the top `limit` needs: candidates are verified in order of their
 * best possible rank (known from field-marked terms), and a result is final once no unread
 * candidate could outrank it.
 */
import { FieldText, matches, matchRanges, type Segment, segments } from './match';
import { parseQuery, type QueryWord } from './query';
import { META_MARK, type MetaKind, type SearchFields, TITLE_MARK } from './terms';

/** An indexed item's stored text, under its document number. */
export interface SearchDoc extends SearchFields {
  /** Document number: larger is more recently saved (lib/search/engine.ts docNumber). */
  doc: number;
  itemId: string;
}

/** Where an index lives. */
export interface SearchSource {
  /** For each term, the numbers of the documents containing it, in any order. */
  postings(terms: string[]): Promise<number[][]>;
  /** The stored text of documents, in the order asked. */
  docs(docs: number[]): Promise<Array<SearchDoc | undefined>>;
}

export type MatchField = 'title' | MetaKind | 'body';

export interface SearchHit {
  itemId: string;
  doc: number;
  score: number;
  /** The field the snippet shows. */
  field: MatchField;
  /** The whole title, matches marked. */
  title: Segment[];
  /** A short passage of `field` around its first match, matches marked. */
  snippet: Segment[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Items containing every term (an upper bound of the number of matches). */
  candidates: number;
  /** Every candidate was verified: `hits` holds all matches (up to `limit`) and the count is exact. */
  complete: boolean;
}

export interface SearchOptions {
  /** Most hits to return (default 50). */
  limit?: number;
  /** Treat the last word as a prefix (search while typing; default true). */
  prefixLast?: boolean;
  /** Characters of snippet (default 160). */
  snippetLength?: number;
}

/**
 * A document number for an item: its save time in milliseconds times 1000 plus a hash of its id,
 * so numbers sort by save time and rarely collide (callers bump on collision).
 */
export function docNumber(savedAt: string, itemId: string): number {
  const ms = Date.parse(savedAt);
  let h = 2166136261;
  for (let i = 0; i < itemId.length; i++) h = Math.imul(h ^ itemId.charCodeAt(i), 16777619);
  return (Number.isNaN(ms) ? 0 : Math.max(0, ms)) * 1000 + ((h >>> 0) % 1000);
}

const TITLE = 3;
const META = 2;
const BODY = 1;

function intersect(lists: number[][]): Set<number> {
  if (!lists.length) return new Set();
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc = new Set(sorted[0]);
  for (const list of sorted.slice(1)) {
    const next = new Set(list);
    acc = new Set([...acc].filter((d) => next.has(d)));
    if (!acc.size) break;
  }
  return acc;
}

interface Scored {
  doc: number;
  score: number;
  source: SearchDoc;
  title: FieldText;
  meta: Array<{ kind: MetaKind; field: FieldText }>;
  body: FieldText;
}

/** The score of one document, or null when a word does not really occur (a false candidate). */
function score(doc: SearchDoc, words: readonly QueryWord[]): Scored | null {
  const title = new FieldText(doc.title);
  const meta = doc.meta.map((m) => ({ kind: m.kind, field: new FieldText(m.text) }));
  const body = new FieldText(doc.body);
  let total = 0;
  for (const word of words) {
    if (matches(title, word)) total += TITLE;
    else if (meta.some((m) => matches(m.field, word))) total += META;
    else if (matches(body, word)) total += BODY;
    else return null;
  }
  return { doc: doc.doc, score: total, source: doc, title, meta, body };
}

/** Title and snippet of a scored document: the first notes/highlights/tags entry with a match, else the body. */
function toHit(s: Scored, words: readonly QueryWord[], snippetLength: number): SearchHit {
  let field: MatchField = 'body';
  let text = s.body;
  let ranges: Array<[number, number]> = [];
  for (const m of s.meta) {
    const r = matchRanges(m.field, words);
    if (r.length) {
      field = m.kind;
      text = m.field;
      ranges = r;
      break;
    }
  }
  if (!ranges.length) ranges = matchRanges(s.body, words);
  const titleRanges = matchRanges(s.title, words);
  if (!ranges.length && titleRanges.length) field = 'title';
  return {
    itemId: s.source.itemId,
    doc: s.doc,
    score: s.score,
    field,
    title: segments(s.title.text, titleRanges),
    snippet: segments(text.text, ranges, snippetLength),
  };
}

/** (score, doc) ordering, best first. */
function before(a: { score: number; doc: number }, b: { score: number; doc: number }): boolean {
  return a.score > b.score || (a.score === b.score && a.doc > b.doc);
}

/** Search `source` for `query`. An empty query finds nothing. */
export async function search(source: SearchSource, query: string, options: SearchOptions = {}): Promise<SearchResult> {
  const limit = options.limit ?? 50;
  const snippetLength = options.snippetLength ?? 160;
  const words = parseQuery(query, { prefixLast: options.prefixLast ?? true });
  if (!words.length || limit <= 0) return { hits: [], candidates: 0, complete: true };

  const terms = [...new Set(words.flatMap((w) => w.terms))];
  const lookups = terms.flatMap((t) => [t, TITLE_MARK + t, META_MARK + t]);
  const lists = await source.postings(lookups);
  const byTerm = new Map(lookups.map((t, i) => [t, lists[i] ?? []]));
  const perWord = words.map((w) => ({
    all: intersect(w.terms.map((t) => byTerm.get(t) ?? [])),
    title: intersect(w.terms.map((t) => byTerm.get(TITLE_MARK + t) ?? [])),
    meta: intersect(w.terms.map((t) => byTerm.get(META_MARK + t) ?? [])),
  }));
  const candidates = [...intersect(perWord.map((w) => [...w.all]))].map((doc) => ({
    doc,
    score: perWord.reduce((s, w) => s + (w.title.has(doc) ? TITLE : w.meta.has(doc) ? META : BODY), 0),
  }));
  candidates.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));

  const final: Scored[] = [];
  let pending: Scored[] = [];
  let next = 0;
  while (final.length < limit && next < candidates.length) {
    // Read about as many as are still needed; false candidates and lower ranks cost more rounds.
    const size = Math.min(128, Math.max(16, limit - final.length));
    const chunk = candidates.slice(next, next + size);
    const docs = await source.docs(chunk.map((c) => c.doc));
    for (const doc of docs) {
      next += 1;
      const scored = doc && score(doc, words);
      if (scored) {
        let at = pending.findIndex((p) => before(scored, p));
        if (at === -1) at = pending.length;
        pending.splice(at, 0, scored);
      }
      // A verified hit is final when it beats the best possible rank of every unread candidate.
      const threshold = candidates[next];
      let k = 0;
      while (k < pending.length && (!threshold || before(pending[k]!, threshold))) k++;
      if (k) {
        final.push(...pending.slice(0, k));
        pending = pending.slice(k);
      }
      if (final.length >= limit) break;
    }
  }
  const complete = next >= candidates.length;
  if (complete) final.push(...pending);
  return {
    hits: final.slice(0, limit).map((s) => toHit(s, words, snippetLength)),
    candidates: candidates.length,
    complete: complete && final.length <= limit,
  };
}
