// Statistics shared by the page runtime and the Node side. Plain JS so both can import it.

/** The q-quantile (0..1) of numbers, linear interpolation between closest ranks. */
export function quantile(values, q) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);
export const p95 = (values) => quantile(values, 0.95);
export const sum = (values) => values.reduce((a, b) => a + b, 0);

/** Seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Summary of one implementation's samples. `metrics` is a list of objects from its runs:
 * names starting with `peak`, `longest` or `max` keep their maximum, others their median.
 */
export function summarize(samples, metricsList = [], extra = {}) {
  const metrics = {};
  const names = new Set(metricsList.flatMap((m) => Object.keys(m ?? {})));
  for (const name of names) {
    const vals = metricsList.map((m) => m?.[name]).filter((v) => typeof v === 'number' && Number.isFinite(v));
    if (!vals.length) continue;
    metrics[name] = /^(peak|longest|max)/.test(name) ? Math.max(...vals) : median(vals);
  }
  return {
    n: samples.length,
    median: median(samples),
    p95: p95(samples),
    mean: samples.length ? sum(samples) / samples.length : null,
    min: samples.length ? Math.min(...samples) : null,
    max: samples.length ? Math.max(...samples) : null,
    metrics,
    ...extra,
  };
}

/**
 * Ratios of the product against one peer: of the medians, of the p95s, and (when both measured
 * the same inputs) the median of the per-input ratios.
 */
export function ratios(product, peer, productPerInput, peerPerInput) {
  const out = {
    median: product.median != null && peer.median ? product.median / peer.median : null,
    p95: product.p95 != null && peer.p95 ? product.p95 / peer.p95 : null,
  };
  if (productPerInput && peerPerInput) {
    const r = [];
    for (let i = 0; i < productPerInput.length; i++) {
      const a = productPerInput[i];
      const b = peerPerInput[i];
      if (a != null && b != null && b > 0) r.push(a / b);
    }
    if (r.length) out.perInputMedian = median(r);
  }
  return out;
}
