/**
 * Search signatures for many items at once (imports of thousands of items), bit for bit the same
 * as `buildSignature(indexTerms(fields))` (lib/search/signature.ts, lib/search/terms.ts) but
 * about five times faster: the terms are never built as strings, sorted or hashed from scratch.
 * Each term's FNV hash is continued from the hash of its prefix (`Tb` + two syllables), and terms
 * are de-duplicated by number (code points) instead of by string.
 *
 * It reuses the index's own text rules (lib/search/text normalize and runs) and repeats only the
 * term scheme and the signature sizing; {@link checkedSigner} compares it with the reference on
 * the first item of an import and falls back to the reference if they ever disagree, and
 * test/unit/export/bulk-signature.test.ts checks the equality on random and real-looking texts.
 */
import { buildSignature, termHashState } from '../search/signature';
import { indexTerms, MAX_PREFIX, META_MARK, type SearchFields, TITLE_MARK } from '../search/terms';
import { CharKind, normalize, runs } from '../search/text';

/** Term kinds of lib/search/terms.ts: CJK unigram, CJK bigram, word prefix. */
const UNI = 'u';
const BI = 'b';
const PRE = 'p';

/** Signature sizing and probes of lib/search/signature.ts. */
const PROBES = 3;
const BITS_PER_TERM = 14;
const MIN_BITS = 1024;
const MAX_BITS = 1 << 21;

/** Field classes: plain terms, title-marked, meta-marked (terms of different classes never collide). */
const PLAIN = 0;
const TITLE = 1;
const META = 2;
const MARKS = ['', TITLE_MARK, META_MARK];

/** Start states per class: [uniA, uniB, biA, biB, preA, preB]. */
const STARTS = MARKS.map((m) => [...termHashState(m + UNI), ...termHashState(m + BI), ...termHashState(m + PRE)]);

/**
 * A set of CJK terms as number pairs (`hi`: previous code point + 1 for a bigram, 0 for a
 * unigram, shifted left by 2, with the class in the low bits; `lo`: the code point), open
 * addressing with a generation stamp per slot, so clearing it for the next item costs nothing.
 */
class PairSet {
  private hi = new Int32Array(1 << 13);
  private lo = new Int32Array(1 << 13);
  private stamp = new Uint32Array(1 << 13);
  private gen = 1;
  private size = 0;

  clear(): void {
    this.size = 0;
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
  }

  /** Add the pair; false when it was there already. */
  add(hi: number, lo: number): boolean {
    if (this.size * 2 >= this.stamp.length) this.grow();
    const mask = this.stamp.length - 1;
    let slot = (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 15) & mask;
    for (;;) {
      if (this.stamp[slot] !== this.gen) {
        this.stamp[slot] = this.gen;
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        this.size++;
        return true;
      }
      if (this.hi[slot] === hi && this.lo[slot] === lo) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo, stamp, gen } = this;
    const cap = stamp.length * 2;
    this.hi = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.stamp = new Uint32Array(cap);
    this.gen = 1;
    this.size = 0;
    for (let i = 0; i < stamp.length; i++) if (stamp[i] === gen) this.add(hi[i]!, lo[i]!);
  }
}

/** The running FNV state of the term being hashed (module-level: no allocation per term). */
let hashA = 0;
let hashB = 0;

/** Continue the hash with one code point (its UTF-16 units, as termHash reads the string). */
function feed(cp: number): void {
  if (cp > 0xffff) {
    feedUnit(0xd800 + ((cp - 0x10000) >> 10));
    feedUnit(0xdc00 + ((cp - 0x10000) & 0x3ff));
  } else feedUnit(cp);
}

function feedUnit(x: number): void {
  hashA = Math.imul(hashA ^ x, 16777619);
  hashB = Math.imul(hashB ^ x, 0x01000193) ^ (hashB >>> 13);
}

/**
 * Per BMP code point (other than Hangul syllables, ASCII and surrogates): 1 when lib/search's
 * normalize drops it as a separator, 2 when it keeps it, 0 not yet asked. A separator is one
 * whatever its neighbours, so the answer for the code point alone holds everywhere.
 */
const separatorCache = new Uint8Array(0x10000);

function isSeparator(c: number): boolean {
  let v = separatorCache[c]!;
  if (v === 0) {
    v = normalize(String.fromCharCode(c)).norm === '' ? 1 : 2;
    separatorCache[c] = v;
  }
  return v === 1;
}

/** Builds signatures one item after another, reusing its buffers. */
export class BulkSigner {
  private readonly cjkTerms = new PairSet();
  private readonly wordTerms = new Set<string>();
  private h1 = new Uint32Array(4096);
  private h2 = new Uint32Array(4096);
  private count = 0;
  /** Class of the field being read; PLAIN for the body (no marked copy). */
  private cls = PLAIN;
  /** Previous code point of the current CJK run, -1 at its start. */
  private prev = -1;
  /** Characters read of the current word run. */
  private wordLen = 0;
  /** Per pass (plain, marked): the current word prefix as a set key, and its hash state. */
  private readonly wordKey = ['', ''];
  private readonly wordA = [0, 0];
  private readonly wordB = [0, 0];

  private push(): void {
    if (this.count === this.h1.length) {
      const h1 = new Uint32Array(this.count * 2);
      const h2 = new Uint32Array(this.count * 2);
      h1.set(this.h1);
      h2.set(this.h2);
      this.h1 = h1;
      this.h2 = h2;
    }
    this.h1[this.count] = hashA >>> 0;
    this.h2[this.count] = (hashB >>> 0) | 1;
    this.count++;
  }

  /** Start a new run (CJK or word). */
  private startRun(): void {
    this.prev = -1;
    this.wordLen = 0;
  }

  /** The first character of a word run: the empty prefix's key and hash state per pass. */
  private startWord(): void {
    for (let pass = 0; pass < 2; pass++) {
      const k = pass === 0 ? PLAIN : this.cls;
      this.wordKey[pass] = String(k);
      this.wordA[pass] = STARTS[k]![4]!;
      this.wordB[pass] = STARTS[k]![5]!;
    }
  }

  /** The next character of a CJK run: its unigram and the bigram with the one before. */
  private cjk(cp: number): void {
    const passes = this.cls === PLAIN ? 1 : 2;
    const prev = this.prev;
    for (let pass = 0; pass < passes; pass++) {
      const k = pass === 0 ? PLAIN : this.cls;
      const s = STARTS[k]!;
      if (this.cjkTerms.add(k, cp)) {
        hashA = s[0]!;
        hashB = s[1]!;
        feed(cp);
        this.push();
      }
      if (prev >= 0 && this.cjkTerms.add(((prev + 1) << 2) | k, cp)) {
        hashA = s[2]!;
        hashB = s[3]!;
        feed(prev);
        feed(cp);
        this.push();
      }
    }
    this.prev = cp;
  }

  /** The next character of a word run: one more prefix, up to MAX_PREFIX characters. */
  private word(cp: number): void {
    if (this.wordLen >= MAX_PREFIX) return;
    if (this.wordLen === 0) this.startWord();
    this.wordLen++;
    const passes = this.cls === PLAIN ? 1 : 2;
    const ch = String.fromCodePoint(cp);
    for (let pass = 0; pass < passes; pass++) {
      hashA = this.wordA[pass]!;
      hashB = this.wordB[pass]!;
      feed(cp);
      this.wordA[pass] = hashA;
      this.wordB[pass] = hashB;
      const key = this.wordKey[pass] + ch;
      this.wordKey[pass] = key;
      if (!this.wordTerms.has(key)) {
        this.wordTerms.add(key);
        this.push();
      }
    }
  }

  /**
   * The terms of a field read straight from its (NFC) text, for text of Hangul syllables, ASCII
   * and separators only: what normalize + runs would give, without building either. False
   * (some terms added, all of them right) at the first other character.
   */
  private scan(text: string): boolean {
    let kind: number = CharKind.Sep;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xac00 && c <= 0xd7a3) {
        if (kind !== CharKind.Cjk) {
          this.startRun();
          kind = CharKind.Cjk;
        }
        this.cjk(c);
      } else if (c < 0x80) {
        const lower = c >= 0x41 && c <= 0x5a ? c + 32 : c;
        if ((lower >= 0x61 && lower <= 0x7a) || (lower >= 0x30 && lower <= 0x39)) {
          if (kind !== CharKind.Word) {
            this.startRun();
            kind = CharKind.Word;
          }
          this.word(lower);
        } else kind = CharKind.Sep;
      } else if (c < 0xd800 || c > 0xdfff ? isSeparator(c) : false) {
        kind = CharKind.Sep;
      } else return false;
    }
    return true;
  }

  /** Add the terms of one field's text: plain, and marked with `cls` unless PLAIN. */
  private add(text: string, cls: number): void {
    this.cls = cls;
    if (this.scan(text)) return;
    // Other scripts: lib/search's own normalize and runs (terms already added are a subset).
    for (const run of runs(normalize(text).norm)) {
      this.startRun();
      for (const ch of run.chars) {
        const cp = ch.codePointAt(0)!;
        if (run.kind === CharKind.Cjk) this.cjk(cp);
        else this.word(cp);
      }
    }
  }

  /** The signature of an item's search fields: equal to `buildSignature(indexTerms(fields))`. */
  sign(fields: SearchFields): Uint32Array {
    this.cjkTerms.clear();
    this.wordTerms.clear();
    this.count = 0;
    this.add(fields.title, TITLE);
    for (const entry of fields.meta) this.add(entry.text, META);
    this.add(fields.body, PLAIN);
    const bits = Math.min(MAX_BITS, Math.max(MIN_BITS, Math.ceil((this.count * BITS_PER_TERM) / 32) * 32));
    const sig = new Uint32Array(bits >>> 5);
    const { h1, h2 } = this;
    for (let t = 0; t < this.count; t++) {
      const a = h1[t]!;
      const b = h2[t]!;
      for (let i = 0; i < PROBES; i++) {
        // `x % bits` without a floating-point remainder: x < 2^32 and bits < 2^22, so the
        // quotient's floor is exact in doubles.
        const x = (a + Math.imul(i, b)) >>> 0;
        const bit = x - Math.floor(x / bits) * bits;
        sig[bit >>> 5]! |= 1 << (bit & 31);
      }
    }
    return sig;
  }
}

/** The reference signature of lib/search (slow: builds, sorts and hashes every term string). */
export function referenceSignature(fields: SearchFields): Uint32Array {
  return buildSignature(indexTerms(fields));
}

function sameSignature(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A signer for one batch of items: the fast {@link BulkSigner}, checked against the reference on
 * the first item. Should lib/search's term rules ever change without this file, the batch uses
 * the reference (slower, never wrong) and says so once on the console.
 */
export function checkedSigner(): (fields: SearchFields) => Uint32Array {
  const fast = new BulkSigner();
  let mode: 'unchecked' | 'fast' | 'reference' = 'unchecked';
  return (fields) => {
    if (mode === 'fast') return fast.sign(fields);
    if (mode === 'reference') return referenceSignature(fields);
    const sig = referenceSignature(fields);
    if (sameSignature(fast.sign(fields), sig)) mode = 'fast';
    else {
      mode = 'reference';
      console.warn('Scrapnote: bulk search signatures differ from lib/search; using the reference signatures.');
    }
    return sig;
  };
}
