/**
 * Ranked search over an index source (IndexedDB in lib/db/search.ts, memory in tests and
 * benchmarks). Candidates come from the index terms; each is then verified on its text, so
 * results are exact. Rank: per query word, 3 when it matches in the title, 2 in notes,
 * highlights or tags, 1 in the body, summed; more recent saves first among equals. Only as many
 * candidates are read as the top `limit` needs: candidates are verified in order of their
 * best possible rank (known from field-marked terms), and a result is final once no unread
 * candidate could outrank it.
 */
import { matches, matchRanges, type Segment, segments } from './match';
import { parseQuery, type QueryWord } from './query';
import { META_MARK, type MetaKind, type SearchFields, TITLE_MARK } from './terms';
import { normalize } from './text';

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

/** Score and snippets of one document, or null when a word does not really occur (a false candidate). */
function evaluate(doc: SearchDoc, words: readonly QueryWord[], snippetLength: number): SearchHit | null {
  const title = normalize(doc.title);
  const meta = doc.meta.map((m) => ({ ...m, n: normalize(m.text) }));
  let body: ReturnType<typeof normalize> | undefined;
  const bodyNorm = () => {
    body ??= normalize(doc.body);
    return body;
  };
  let score = 0;
  for (const word of words) {
    if (matches(title.norm, word)) score += TITLE;
    else if (meta.some((m) => matches(m.n.norm, word))) score += META;
    else if (matches(bodyNorm().norm, word)) score += BODY;
    else return null;
  }
  // Snippet: the first notes/highlights/tags entry with a match, else the body.
  let field: MatchField = 'body';
  let text = doc.body;
  let ranges: Array<[number, number]> = [];
  for (const m of meta) {
    const r = matchRanges(m.n, words);
    if (r.length) {
      field = m.kind;
      text = m.text;
      ranges = r;
      break;
    }
  }
  if (!ranges.length) {
    ranges = matchRanges(bodyNorm(), words);
    if (!ranges.length && matchRanges(title, words).length) field = 'title';
  }
  return {
    itemId: doc.itemId,
    doc: doc.doc,
    score,
    field,
    title: segments(doc.title, matchRanges(title, words)),
    snippet: segments(text, ranges, snippetLength),
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

  const final: SearchHit[] = [];
  let pending: SearchHit[] = [];
  let next = 0;
  let batch = 16;
  while (final.length < limit && next < candidates.length) {
    const chunk = candidates.slice(next, next + batch);
    next += chunk.length;
    batch = Math.min(batch * 2, 128);
    const docs = await source.docs(chunk.map((c) => c.doc));
    for (const doc of docs) {
      const hit = doc && evaluate(doc, words, snippetLength);
      if (hit) pending.push(hit);
    }
    pending.sort((a, b) => (before(a, b) ? -1 : 1));
    // A verified hit is final when it beats the best possible rank of every unread candidate.
    const threshold = candidates[next];
    const keep: SearchHit[] = [];
    for (const hit of pending) {
      if (!threshold || before(hit, threshold)) final.push(hit);
      else keep.push(hit);
    }
    pending = keep;
  }
  if (next >= candidates.length) final.push(...pending);
  return {
    hits: final.slice(0, limit),
    candidates: candidates.length,
    complete: next >= candidates.length && final.length <= limit,
  };
}
