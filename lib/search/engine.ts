/**
 * Ranked search over an index source (IndexedDB in lib/db/search.ts, memory in tests and
 * benchmarks). Candidates come from the index terms; each is then verified on its text, so
 * results are exact. Rank: per query word, 6 when it matches in the title, 4 in notes,
 * highlights or tags, 2 in the body, 1 in comments only, summed; more recent saves first among
 * equals. Initial-consonant words (ㅅㅅㅈㅈ, or one syllable with them: 삼ㅅ) match at word
 * starts in titles and tags, found
 * through the source's heads; among their hits the words the library uses most come first.
 * Only as many
 * candidates are read as the top `limit` needs: candidates are verified in order of their
 * best possible rank (known from field-marked terms), and a result is final once no unread
 * candidate could outrank it.
 */
import { FieldText, findSpans, matches, matchRanges, type Segment, segments } from './match';
import { initialRange, parseQuery, type QueryWord } from './query';
import { fnv1a } from './signature';
import { META_MARK, type MetaKind, type SearchFields, TITLE_MARK } from './terms';

export { headOf } from './terms';

/** An indexed item's stored text, under its document number. */
export interface SearchDoc extends SearchFields {
  /** Document number: larger is more recently saved (lib/search/engine.ts docNumber). */
  doc: number;
  itemId: string;
}

/** Where an index lives. */
export interface SearchSource {
  /**
   * The documents that may contain every one of `terms` (never a false negative; a few false
   * positives are fine, verification removes them), most recent (largest number) first. With
   * `among` (most recent first), only documents of that list are tested.
   */
  candidates(terms: readonly string[], among?: readonly number[]): Promise<number[]>;
  /**
   * The documents of `among` (most recent first) that may contain every term of at least one of
   * `alternatives`, in one pass.
   */
  candidatesAny(alternatives: ReadonlyArray<readonly string[]>, among: readonly number[]): Promise<number[]>;
  /** The stored text of documents, in the order asked. */
  docs(docs: number[]): Promise<Array<SearchDoc | undefined>>;
  /**
   * Every document's title and tags (terms.ts headOf), most recent first; with `among`, of
   * those documents only. Held in memory: initial-consonant words are matched on these.
   */
  heads(among?: readonly number[]): Promise<Array<[doc: number, head: string]>>;
}

/** Where a hit is: the title, a note, a tag, a highlight or its note, the body, or a comment. */
export type MatchField = 'title' | MetaKind | 'body';

export interface SearchHit {
  itemId: string;
  doc: number;
  score: number;
  /** The field the snippet shows. */
  field: MatchField;
  /** Every kind of place the words matched in, best ranked first (title, notes..., body, comment). */
  places: MatchField[];
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
  /**
   * An input method is still composing the query's last syllable (a Korean IME between
   * keystrokes): a last syllable without a final consonant also finds the syllables that add one
   * (삼성저 finds 삼성전자). Default false: a finished syllable means what it says.
   */
  composing?: boolean;
  /** Characters of snippet (default 160). */
  snippetLength?: number;
  /**
   * Search only these documents (most recent first): a filter applied before the limit, so the
   * limit counts hits that pass it.
   */
  within?: readonly number[];
}

/**
 * A document number for an item: its save time in milliseconds times 1000 plus a hash of its id,
 * so numbers sort by save time and rarely collide (callers bump on collision).
 */
export function docNumber(savedAt: string, itemId: string): number {
  const ms = Date.parse(savedAt);
  return (Number.isNaN(ms) ? 0 : Math.max(0, ms)) * 1000 + (fnv1a(itemId) % 1000);
}

const TITLE = 6;
const META = 4;
const BODY = 2;
/** Comments are the reader's talk about an item, not the item: below the body. */
const COMMENT = 1;
/** Documents read per round: at least this many (a round costs a transaction)... */
const MIN_CHUNK = 16;
/** ...and at most this many (more would read far past what a query with few true candidates needs). */
const MAX_CHUNK = 512;

interface Scored {
  doc: number;
  score: number;
  source: SearchDoc;
  title: FieldText;
  meta: Array<{ kind: MetaKind; field: FieldText }>;
  body: FieldText;
}

/**
 * The score of one document, or null when a word does not really occur (a false candidate).
 * `bonus` adds the initial-consonant words' preference for the library's common words.
 */
function score(doc: SearchDoc, words: readonly QueryWord[], bonus = 0): Scored | null {
  const title = new FieldText(doc.title);
  const meta = doc.meta.map((m) => ({ kind: m.kind, field: new FieldText(m.text) }));
  const body = new FieldText(doc.body);
  let total = bonus;
  for (const word of words) {
    if (matches(title, word)) total += TITLE;
    else if (word.inHeads) {
      if (meta.some((m) => m.kind === 'tag' && matches(m.field, word))) total += META;
      else return null;
    } else if (meta.some((m) => m.kind !== 'comment' && matches(m.field, word))) total += META;
    else if (matches(body, word)) total += BODY;
    else if (meta.some((m) => m.kind === 'comment' && matches(m.field, word))) total += COMMENT;
    else return null;
  }
  return { doc: doc.doc, score: total, source: doc, title, meta, body };
}

/**
 * A test on unnormalized text that every match of an initial-consonant word passes: its
 * characters (an initial as the syllables it begins) with any spaces, punctuation or letters
 * case aside between them.
 */
function rawPattern(word: QueryWord): RegExp {
  let src = '';
  for (const ch of word.norm) {
    if (ch === ' ' || ch === '\u00b7') continue;
    const range = initialRange(ch);
    if (src) src += '[\\s\\p{P}\\p{S}\\u318d]*';
    src += range
      ? `[\\u{${range[0].toString(16)}}-\\u{${range[1].toString(16)}}]`
      : ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  }
  return new RegExp(src, 'iu');
}

/**
 * The documents whose head has every initial-consonant word, most recent first, each with its
 * best possible score from those words (title or tag) plus a bonus below 1: the share of these
 * documents whose heads hold the same syllables (ㄱㅊ: 김치 in many, 기초 in few).
 */
async function initialsCandidates(
  source: SearchSource,
  words: readonly QueryWord[],
  among: readonly number[] | undefined,
): Promise<Map<number, { bound: number; bonus: number }>> {
  const heads = await source.heads(among);
  const found = new Map<number, { bound: number; bonus: number; seen: string[] }>();
  let first = true;
  for (const word of words) {
    const counts = new Map<string, number>();
    const perDoc = new Map<number, { inTitle: boolean; seen: string[] }>();
    const quick = rawPattern(word);
    for (const [doc, head] of heads) {
      if (!first && !found.has(doc)) continue;
      // Most heads have no such syllables in a row: only those that do are normalized.
      if (!quick.test(head)) continue;
      const field = new FieldText(head);
      const n = field.normalized;
      const spans = findSpans(n.norm, word);
      if (!spans.length) continue;
      const titleEnd = head.indexOf('\n');
      const seen = [...new Set(spans.map(([a, b]) => n.norm.slice(a, b).replace(/ /g, '')))];
      const inTitle = titleEnd === -1 || spans.some(([a]) => (n.starts[a] ?? 0) < titleEnd);
      for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
      perDoc.set(doc, { inTitle, seen });
    }
    const next = new Map<number, { bound: number; bonus: number; seen: string[] }>();
    for (const [doc, { inTitle, seen }] of perDoc) {
      const prior = found.get(doc) ?? { bound: 0, bonus: 0, seen: [] };
      const common = Math.max(...seen.map((s) => counts.get(s) ?? 0));
      next.set(doc, {
        bound: prior.bound + (inTitle ? TITLE : META),
        bonus: prior.bonus + common / (perDoc.size + 1) / words.length,
        seen,
      });
    }
    found.clear();
    for (const [k, v] of next) found.set(k, v);
    first = false;
  }
  return found;
}

/**
 * Title, snippet and places of a scored document. The snippet shows the first notes, highlights
 * or tags entry with a match, else the body, else a comment. Initial-consonant words are marked
 * in the title and tags only, where they were matched.
 */
function toHit(s: Scored, words: readonly QueryWord[], snippetLength: number): SearchHit {
  const textWords = words.filter((w) => !w.inHeads);
  const rangesIn = (kind: MatchField, field: FieldText) =>
    matchRanges(field, kind === 'title' || kind === 'tag' ? words : textWords);
  const found: Array<{ field: MatchField; text: FieldText; ranges: Array<[number, number]> }> = [];
  for (const m of s.meta) {
    if (m.kind === 'comment') continue;
    const r = rangesIn(m.kind, m.field);
    if (r.length) found.push({ field: m.kind, text: m.field, ranges: r });
  }
  const bodyRanges = rangesIn('body', s.body);
  if (bodyRanges.length) found.push({ field: 'body', text: s.body, ranges: bodyRanges });
  for (const m of s.meta) {
    if (m.kind !== 'comment') continue;
    const r = rangesIn(m.kind, m.field);
    if (r.length) found.push({ field: 'comment', text: m.field, ranges: r });
  }
  const titleRanges = rangesIn('title', s.title);
  const shown = found[0];
  const places = [...new Set([...(titleRanges.length ? (['title'] as const) : []), ...found.map((f) => f.field)])];
  return {
    itemId: s.source.itemId,
    doc: s.doc,
    score: s.score,
    field: shown?.field ?? 'title',
    places,
    title: segments(s.title.text, titleRanges),
    snippet: shown ? segments(shown.text.text, shown.ranges, snippetLength) : [],
  };
}

/** The documents of `docs` (in its order) with at least one alternative (a term, or all of some terms) of each group. */
async function withAnyOf(
  source: SearchSource,
  docs: number[],
  groups: ReadonlyArray<ReadonlyArray<string | readonly string[]>>,
): Promise<number[]> {
  let out = docs;
  for (const group of groups) {
    if (!out.length) break;
    out = await source.candidatesAny(
      group.map((t) => (typeof t === 'string' ? [t] : t)),
      out,
    );
  }
  return out;
}

/** (score, doc) ordering, best first. */
function before(a: { score: number; doc: number }, b: { score: number; doc: number }): boolean {
  return a.score > b.score || (a.score === b.score && a.doc > b.doc);
}

/** Search `source` for `query`. An empty query finds nothing. */
export async function search(source: SearchSource, query: string, options: SearchOptions = {}): Promise<SearchResult> {
  const limit = options.limit ?? 50;
  const snippetLength = options.snippetLength ?? 160;
  const words = parseQuery(query, { prefixLast: options.prefixLast ?? true, composing: options.composing ?? false });
  if (!words.length || limit <= 0) return { hits: [], candidates: 0, complete: true };

  // Candidates: documents that may hold every term of every word, most recent first; with
  // initial-consonant words, among the documents whose titles or tags have them.
  const textWords = words.filter((w) => !w.inHeads);
  const initialWords = words.filter((w) => w.inHeads);
  const initials = initialWords.length ? await initialsCandidates(source, initialWords, options.within) : undefined;
  const among = initials ? [...initials.keys()].sort((x, y) => y - x) : options.within;
  const all =
    initials && !textWords.length
      ? among!
      : await withAnyOf(
          source,
          await source.candidates([...new Set(textWords.flatMap((w) => w.terms))], among),
          textWords.flatMap((w) => w.anyOf),
        );
  // Each candidate's best possible rank, from the field-marked terms (title, notes/highlights/tags,
  // else body, per word); candidates with the same bound stay most recent first.
  const bound = new Float64Array(all.length);
  if (initials) {
    for (let i = 0; i < all.length; i++) {
      const { bound: b, bonus } = initials.get(all[i]!)!;
      bound[i] = b + bonus;
    }
  }
  // Titles are short: a title-marked bigram's false positive rarely also has the syllables marked.
  const marked = async (mark: string, w: QueryWord) => {
    const mk = (terms: readonly string[]) => terms.map((t) => mark + t);
    const mkGroup = (group: ReadonlyArray<string | readonly string[]>) =>
      group.map((t) => (typeof t === 'string' ? mark + t : mk(t)));
    const some = await withAnyOf(source, await source.candidates(mk(w.terms), all), w.anyOf.map(mkGroup));
    return w.confirm.length && some.length ? source.candidates(mk(w.confirm), some) : some;
  };
  for (const w of textWords) {
    const [title, meta] = await Promise.all([marked(TITLE_MARK, w), marked(META_MARK, w)]);
    // Both are sublists of `all` in its order: walk them along it.
    let ti = 0;
    let mi = 0;
    for (let i = 0; i < all.length; i++) {
      const d = all[i];
      const inTitle = title[ti] === d;
      const inMeta = meta[mi] === d;
      if (inTitle) ti++;
      if (inMeta) mi++;
      bound[i]! += inTitle ? TITLE : inMeta ? META : BODY;
    }
  }
  // The reading order: by bound, best first (flat arrays: no object per candidate). Whole bounds
  // (text words only) are few: one pass per value instead of a sort.
  const n = all.length;
  const order = new Float64Array(n);
  const orderBound = new Float64Array(n);
  if (!initials) {
    let k = 0;
    for (let b = TITLE * words.length; b >= BODY * words.length; b--) {
      for (let i = 0; i < n; i++) {
        if (bound[i] === b) {
          order[k] = all[i]!;
          orderBound[k++] = b;
        }
      }
    }
  } else {
    const idx = Array.from(all.keys()).sort((a, b) => bound[b]! - bound[a]! || a - b);
    idx.forEach((i, k) => {
      order[k] = all[i]!;
      orderBound[k] = bound[i]!;
    });
  }

  const final: Scored[] = [];
  let pending: Scored[] = [];
  let next = 0;
  let found = 0;
  while (final.length < limit && next < n) {
    // Read about as many as the results still missing need at the share of true candidates seen
    // so far: one round for most queries, few for queries whose terms are often not adjacent.
    const need = Math.max(1, limit - final.length - pending.length);
    const rate = next ? Math.max(found / next, 0.05) : 1;
    const size = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(need / rate) + 4));
    const docs = await source.docs(Array.from(order.subarray(next, next + size)));
    for (const doc of docs) {
      next += 1;
      const scored = doc && score(doc, words, initials?.get(doc.doc)?.bonus);
      if (scored) {
        found += 1;
        let at = pending.findIndex((p) => before(scored, p));
        if (at === -1) at = pending.length;
        pending.splice(at, 0, scored);
      }
      // A verified hit is final when it beats the best possible rank of every unread candidate.
      const threshold = next < n ? { doc: order[next]!, score: orderBound[next]! } : null;
      let k = 0;
      while (k < pending.length && (!threshold || before(pending[k]!, threshold))) k++;
      if (k) {
        final.push(...pending.slice(0, k));
        pending = pending.slice(k);
      }
      if (final.length >= limit) break;
    }
  }
  const complete = next >= n;
  if (complete) final.push(...pending);
  return {
    hits: final.slice(0, limit).map((s) => toHit(s, words, snippetLength)),
    candidates: n,
    complete: complete && final.length <= limit,
  };
}
