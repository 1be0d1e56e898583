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
 * Bits per term in a signature: 12 bits and 3 probes give about 1.1% false candidates per term
 * (about 3 KB for a 2,000-character article with five highlights, whose terms include the
 * bigrams joining words; 30 MB in memory for 10,000 of them, under 300 MB for 100,000).
 */
const BITS_PER_TERM = 12;
const MIN_BITS = 1024;
const MAX_BITS = 1 << 21;

/** termHash's seeds: the state of the empty string. */
const EMPTY_STATE: readonly [number, number] = [2166136261, 0x811c9dc5 ^ 0x5bd1e995];

/** termHash's two lanes, each one step further with a UTF-16 code unit (FNV-1a, the second one also shifted). */
export const stepA = (a: number, unit: number): number => Math.imul(a ^ unit, 16777619);
export const stepB = (b: number, unit: number): number => Math.imul(b ^ unit, 0x01000193) ^ (b >>> 13);

/**
 * termHash's two lanes after the characters of `s`, before they are finished. From `state`
 * (the state of some prefix) instead of the empty string, it continues that prefix's hash:
 * termHashState(x + s) equals termHashState(s, termHashState(x)).
 */
export function termHashState(s: string, state: readonly [number, number] = EMPTY_STATE): [number, number] {
  let [a, b] = state;
  for (let i = 0; i < s.length; i++) {
    a = stepA(a, s.charCodeAt(i));
    b = stepB(b, s.charCodeAt(i));
  }
  return [a, b];
}

/**
 * A prefix's state continued with one code point: `termHashState(String.fromCodePoint(cp),
 * state)` without building the string (lib/search/sign.ts hashes every term this way).
 */
export function continueHash(state: readonly [number, number], cp: number): [number, number] {
  if (cp > 0xffff) return termHashState(String.fromCodePoint(cp), state);
  return [stepA(state[0], cp), stepB(state[1], cp)];
}

/** 32-bit FNV-1a of a string's UTF-16 code units, unsigned (doc numbers, highlight owner shards). */
export function fnv1a(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Two independent 32-bit hashes of a term (FNV-1a with two seeds). */
export function termHash(term: string): [number, number] {
  return finishHash(termHashState(term));
}

/** A term's hashes from its lanes (termHashState): unsigned, and the second one odd. */
export function finishHash([a, b]: readonly [number, number]): [number, number] {
  return [a >>> 0, (b >>> 0) | 1];
}

/**
 * The signature of a set of distinct terms: a bit array sized to the number of terms. An item's
 * signature is `buildSignature(indexTerms(fields))`, which lib/search/sign.ts signFields computes
 * without building the term strings.
 */
export function buildSignature(terms: readonly string[]): Uint32Array {
  const sig = emptySignature(terms.length);
  for (const term of terms) {
    const [h1, h2] = termHash(term);
    addHash(sig, h1, h2);
  }
  return sig;
}

/** An empty signature for `termCount` distinct terms (its size depends on nothing else). */
export function emptySignature(termCount: number): Uint32Array {
  const bits = Math.min(MAX_BITS, Math.max(MIN_BITS, Math.ceil((termCount * BITS_PER_TERM) / 32) * 32));
  return new Uint32Array(bits >>> 5);
}

/** Set the bits of the term with these hashes (the bits mayContain tests). */
export function addHash(sig: Uint32Array, h1: number, h2: number): void {
  const bits = sig.length * 32;
  for (let i = 0; i < PROBES; i++) {
    const x = (h1 + Math.imul(i, h2)) >>> 0;
    const bit = x - ((x / bits) | 0) * bits; // x % bits, as in mayContain
    sig[bit >>> 5]! |= 1 << (bit & 31);
  }
}

/** Whether a signature may contain the term with these hashes (false means certainly not). */
export function mayContain(sig: Uint32Array, hashes: readonly [number, number]): boolean {
  return mayContainAt(sig, 0, sig.length, hashes);
}

/**
 * mayContain for the signature of `words` words at offset `base` of `data` (signatures kept back
 * to back in one buffer, lib/search/order.ts).
 */
export function mayContainAt(
  data: Uint32Array,
  base: number,
  words: number,
  [h1, h2]: readonly [number, number],
): boolean {
  const bits = words * 32;
  for (let i = 0; i < PROBES; i++) {
    const x = (h1 + Math.imul(i, h2)) >>> 0;
    // x % bits without a floating-point remainder (a slow runtime call in V8; searches test
    // 10,000 signatures): the quotient is below 2^22 and never rounds up, so `| 0` floors it.
    const bit = x - ((x / bits) | 0) * bits;
    if (!(data[base + (bit >>> 5)]! & (1 << (bit & 31)))) return false;
  }
  return true;
}
