/** An in-memory index with the same terms and ranking as the IndexedDB one (tests, benchmarks). */
import { docNumber, type SearchDoc, type SearchOptions, type SearchResult, type SearchSource, search } from './engine';
import { headOf, indexTerms, type SearchFields } from './terms';
import { nfc } from './text';

export class MemoryIndex implements SearchSource {
  private readonly postingsByTerm = new Map<string, Set<number>>();
  private readonly docsByNumber = new Map<number, SearchDoc & { terms: string[] }>();
  private readonly numberById = new Map<string, number>();

  /** Index (or re-index) an item's fields. */
  add(itemId: string, savedAt: string, raw: SearchFields): void {
    this.remove(itemId);
    const fields: SearchFields = {
      title: nfc(raw.title),
      meta: raw.meta.map((m) => ({ kind: m.kind, text: nfc(m.text) })),
      body: nfc(raw.body),
    };
    let doc = docNumber(savedAt, itemId);
    while (this.docsByNumber.has(doc)) doc += 1;
    const terms = indexTerms(fields);
    for (const term of terms) {
      let set = this.postingsByTerm.get(term);
      if (!set) {
        set = new Set();
        this.postingsByTerm.set(term, set);
      }
      set.add(doc);
    }
    this.docsByNumber.set(doc, { ...fields, doc, itemId, terms });
    this.numberById.set(itemId, doc);
  }

  remove(itemId: string): void {
    const doc = this.numberById.get(itemId);
    if (doc === undefined) return;
    for (const term of this.docsByNumber.get(doc)?.terms ?? []) this.postingsByTerm.get(term)?.delete(doc);
    this.docsByNumber.delete(doc);
    this.numberById.delete(itemId);
  }

  get size(): number {
    return this.docsByNumber.size;
  }

  async candidates(terms: readonly string[], among?: readonly number[]): Promise<number[]> {
    const sets = terms.map((t) => this.postingsByTerm.get(t) ?? new Set<number>());
    if (among) return among.filter((d) => sets.every((set) => set.has(d)));
    const [smallest, ...rest] = [...sets].sort((x, y) => x.size - y.size);
    if (!smallest) return [];
    return [...smallest].filter((d) => rest.every((set) => set.has(d))).sort((x, y) => y - x);
  }

  async candidatesAny(alternatives: ReadonlyArray<readonly string[]>, among: readonly number[]): Promise<number[]> {
    const sets = alternatives.map((terms) => terms.map((t) => this.postingsByTerm.get(t) ?? new Set<number>()));
    return among.filter((d) => sets.some((all) => all.every((set) => set.has(d))));
  }

  async docs(docs: number[]): Promise<Array<SearchDoc | undefined>> {
    return docs.map((d) => this.docsByNumber.get(d));
  }

  async heads(among?: readonly number[]): Promise<Array<[number, string]>> {
    const docs = among ?? [...this.docsByNumber.keys()].sort((x, y) => y - x);
    const out: Array<[number, string]> = [];
    for (const d of docs) {
      const doc = this.docsByNumber.get(d);
      if (doc) {
        const tags = doc.meta.filter((m) => m.kind === 'tag').map((m) => m.text);
        out.push([d, headOf(doc.title, tags)]);
      }
    }
    return out;
  }

  search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return search(this, query, options);
  }
}
