/**
 * Per-item term signatures (Bloom filters). IndexedDB makes every index entry costly (Chromium
 * writes and later version-checks each one), so instead of one entry per term and item, each
 * item stores one small bit array of its terms. A search tests the query's terms against every
 * signature in memory (10,000 items: well under a millisecond per term), which gives candidates
 * with no false negatives and a few false positives; the engine's verification pass (exact text
 * match) removes those.
 */

/** Bits set per term. */
const PROBES = 3;
/**
 * Bits per term in a signature: 14 bits and 3 probes give about 0.7% false candidates per term
 * (about 1.8 KB for a 2,000-character article, 18 MB in memory for 10,000 of them).
 */
const BITS_PER_TERM = 14;
const MIN_BITS = 1024;
const MAX_BITS = 1 << 21;

/**
 * termHash's two lanes after the characters of `s`, before they are finished: a prefix's state,
 * from which lib/db/bulk-signature.ts hashes the terms that start with it incrementally.
 */
export function termHashState(s: string): [number, number] {
  let a = 2166136261;
  let b = 0x811c9dc5 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return [a, b];
}

/** 32-bit FNV-1a of a string's UTF-16 code units, unsigned (doc numbers, highlight owner shards). */
export function fnv1a(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Two independent 32-bit hashes of a term (FNV-1a with two seeds). */
export function termHash(term: string): [number, number] {
  const [a, b] = termHashState(term);
  return [a >>> 0, (b >>> 0) | 1];
}

/** The signature of a set of terms: a bit array sized to the number of terms. */
export function buildSignature(terms: readonly string[]): Uint32Array {
  const bits = Math.min(MAX_BITS, Math.max(MIN_BITS, Math.ceil((terms.length * BITS_PER_TERM) / 32) * 32));
  const sig = new Uint32Array(bits >>> 5);
  for (const term of terms) {
    const [h1, h2] = termHash(term);
    for (let i = 0; i < PROBES; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % bits;
      sig[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
  return sig;
}

/** Whether a signature may contain the term with these hashes (false means certainly not). */
export function mayContain(sig: Uint32Array, [h1, h2]: readonly [number, number]): boolean {
  const bits = sig.length * 32;
  for (let i = 0; i < PROBES; i++) {
    const x = (h1 + Math.imul(i, h2)) >>> 0;
    // x % bits without a floating-point remainder (a slow runtime call in V8; searches test
    // 10,000 signatures): the quotient is below 2^22 and never rounds up, so `| 0` floors it.
    const bit = x - ((x / bits) | 0) * bits;
    if (!(sig[bit >>> 5]! & (1 << (bit & 31)))) return false;
  }
  return true;
}
