/**
 * The library's signatures in scanning order: documents most recent first, each with its
 * signature and head. A search tests every signature (or those of a list of documents), so the
 * signatures lie back to back in one buffer: ten thousand separate typed arrays cost a cache
 * and TLB miss or two more per item than one buffer read in order (a scan of 10,000 items took
 * about three times as long).
 *
 * A save is one removal and one insertion; a removed signature's words stay in the buffer until
 * it runs out of room, when `insert` says to build the order afresh if most of it is garbage.
 */
import { mayContainAt } from './signature';

export interface OrderEntry {
  doc: number;
  sig: Uint32Array;
  head: string;
}

export class SignatureOrder {
  /** Document numbers, most recent (largest) first. */
  readonly docs: number[] = [];
  /** Per position: its head (title and tags), its signature's offset and length in `data`. */
  readonly heads: string[] = [];
  private readonly at: number[] = [];
  private readonly words: number[] = [];
  private data: Uint32Array;
  /** Words of `data` in use, and those of them that belong to a listed document. */
  private used = 0;
  private live = 0;

  /** An empty order (room for a few dozen signatures until it grows or is told how many follow). */
  constructor() {
    this.data = new Uint32Array(65536);
  }

  /**
   * Add entries in any order while loading, then call {@link sort} once; `insert` keeps a sorted
   * order sorted.
   */
  append(entry: OrderEntry): void {
    this.room(entry.sig.length);
    this.docs.push(entry.doc);
    this.heads.push(entry.head);
    this.at.push(this.place(entry.sig));
    this.words.push(entry.sig.length);
  }

  /** Sort what {@link append} added, most recent first. */
  sort(): void {
    const by = Array.from(this.docs.keys()).sort((a, b) => this.docs[b]! - this.docs[a]!);
    for (const list of [this.docs, this.heads, this.at, this.words] as unknown[][]) {
      const copy = by.map((i) => list[i]);
      for (let k = 0; k < copy.length; k++) list[k] = copy[k];
    }
  }

  /** Make room for `words` more words: grow the buffer by a quarter (and a few saves) when full. */
  private room(words: number): void {
    const need = this.used + words;
    if (need > this.data.length) this.reserve(Math.max(need, this.data.length + (this.data.length >> 2) + 65536));
  }

  /**
   * Make the buffer hold at least `words` words in all: a loader that knows about how many
   * signatures follow says so once instead of growing step by step (each step a copy; at 100,000
   * items the signatures take about 220 MB).
   */
  reserve(words: number): void {
    if (words <= this.data.length) return;
    const grown = new Uint32Array(words);
    grown.set(this.data.subarray(0, this.used));
    this.data = grown;
  }

  /** Where `doc` is or would go (most recent first). */
  private index(doc: number): number {
    let lo = 0;
    let hi = this.docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.docs[mid]! > doc) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Copy a signature to the end of the buffer (there is room); its offset. */
  private place(sig: Uint32Array): number {
    const at = this.used;
    this.data.set(sig, at);
    this.used += sig.length;
    this.live += sig.length;
    return at;
  }

  remove(doc: number): void {
    const i = this.index(doc);
    if (this.docs[i] !== doc) return;
    this.live -= this.words[i]!;
    this.docs.splice(i, 1);
    this.heads.splice(i, 1);
    this.at.splice(i, 1);
    this.words.splice(i, 1);
  }

  /**
   * Add a document. False when the buffer is full and mostly removed signatures: the caller
   * builds a new order instead (this one is then incomplete).
   */
  insert(entry: OrderEntry): boolean {
    if (this.used + entry.sig.length > this.data.length && this.used - this.live > this.live) return false;
    this.room(entry.sig.length);
    const i = this.index(entry.doc);
    this.docs.splice(i, 0, entry.doc);
    this.heads.splice(i, 0, entry.head);
    this.at.splice(i, 0, this.place(entry.sig));
    this.words.splice(i, 0, entry.sig.length);
    return true;
  }

  /** Whether the signature at position `i` may contain every term (hashes from termHash). */
  mayContainAll(i: number, hashes: ReadonlyArray<readonly [number, number]>): boolean {
    const base = this.at[i]!;
    const words = this.words[i]!;
    for (const h of hashes) if (!mayContainAt(this.data, base, words, h)) return false;
    return true;
  }

  /**
   * Call `fn` with the position and number of every document, most recent first; with `among`
   * (most recent first too), of those documents only.
   */
  each(among: readonly number[] | undefined, fn: (i: number, doc: number) => void): void {
    const { docs } = this;
    if (!among) {
      for (let i = 0; i < docs.length; i++) fn(i, docs[i]!);
      return;
    }
    let j = 0;
    for (const doc of among) {
      while (j < docs.length && docs[j]! > doc) j++;
      if (docs[j] === doc) fn(j, doc);
    }
  }
}
