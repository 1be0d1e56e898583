// The in-page side of the harness: bundled with one suite (see bench/run.mjs) and loaded into a
// loopback page of headless Chromium. Node drives it through window.__bench.
//
// A suite module exports `name`, optionally `setup(ctx)` (returns a state object) and
// `cases(state, ctx)`: a list of
//   { name, inputs?: any[], reps?, budgetMs?, unit?, note?,
//     product: { name, fn }, peers?: [{ name, fn }] }
// `fn(input, index)` may be async; it may return { ms } to replace the measured time (a run that
// timed itself or was extrapolated) and { metrics } (numbers: recall, longestTaskMs, peakHeapMB...).
import { median, ratios, summarize } from './stats.mjs';

const now = () => performance.now();

/** Everything a suite gets: sizes, loopback fetch helpers and a log line to Node. */
function makeContext(options) {
  return {
    quick: options.quick,
    log: (...a) => console.log('[bench]', ...a),
    async text(path) {
      const r = await fetch(path);
      if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
      return r.text();
    },
    async json(path) {
      const r = await fetch(path);
      if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
      return r.json();
    },
    /** Yield to the event loop (a macrotask), so long work does not starve the page. */
    idle: () => new Promise((r) => setTimeout(r, 0)),
    /** JS heap in use, in bytes (needs --enable-precise-memory-info for exact numbers). */
    heap: () => performance.memory?.usedJSHeapSize ?? null,
    gc: () => globalThis.gc?.(),
  };
}

async function call(fn, input, i) {
  const t0 = now();
  let r = fn(input, i);
  if (r && typeof r.then === 'function') r = await r;
  const t = now() - t0;
  return { ms: typeof r?.ms === 'number' ? r.ms : t, metrics: r?.metrics ?? null };
}

async function runCase(c, ctx) {
  const inputs = c.inputs ?? [undefined];
  const reps = Math.max(1, c.reps ?? 1);
  const budget = c.budgetMs ?? (ctx.quick ? 8_000 : 60_000);
  const sides = [c.product, ...(c.peers ?? [])];
  const state = sides.map(() => ({ samples: [], metrics: [], perInput: inputs.map(() => []), spent: 0, cut: false }));
  // Warm-up: a few inputs through every implementation (JIT, lazy module state), not measured.
  if (c.warmup !== false) {
    for (const [s, side] of sides.entries()) {
      for (let i = 0; i < Math.min(inputs.length, c.warmup ?? 3); i++) {
        const t0 = now();
        await call(side.fn, inputs[i], i);
        state[s].spent += now() - t0;
        if (state[s].spent > budget / 4) break;
      }
      state[s].spent = 0;
    }
  }
  for (let rep = 0; rep < reps; rep++) {
    for (let i = 0; i < inputs.length; i++) {
      // Interleave implementations and rotate their order, so drift hits them all alike.
      for (let k = 0; k < sides.length; k++) {
        const s = (k + rep + i) % sides.length;
        const st = state[s];
        if (st.cut) continue;
        const { ms, metrics } = await call(sides[s].fn, inputs[i], i);
        st.samples.push(ms);
        st.perInput[i].push(ms);
        if (metrics) st.metrics.push(metrics);
        st.spent += ms;
        // Over budget: stop this implementation once it has measured every input at least once.
        if (st.spent > budget && (rep > 0 || i === inputs.length - 1)) st.cut = true;
      }
      if (i % 20 === 19) await ctx.idle();
    }
  }
  const perInput = state.map((st) => st.perInput.map((v) => (v.length ? median(v) : null)));
  const results = sides.map((side, s) =>
    summarize(state[s].samples, state[s].metrics, { name: side.name, truncated: state[s].cut || undefined }),
  );
  const product = results[0];
  const peers = results.slice(1).map((r, j) => ({
    ...r,
    ratio: ratios(product, r, inputs.length > 1 ? perInput[0] : null, inputs.length > 1 ? perInput[j + 1] : null),
  }));
  return {
    name: c.name,
    unit: c.unit ?? 'ms',
    note: c.note,
    inputs: inputs.length,
    reps,
    product,
    peers,
    ...(c.info ? { info: typeof c.info === 'function' ? await c.info() : c.info } : {}),
  };
}

/** Install the driver: Node calls prepare() once, then runCase(i) for each case. */
export function install(suite) {
  let ctx;
  let list;
  window.__bench = {
    name: suite.name,
    async prepare(options) {
      ctx = makeContext(options);
      const state = suite.setup ? await suite.setup(ctx) : undefined;
      list = await suite.cases(state, ctx);
      return list.map((c) => c.name);
    },
    async runCase(i) {
      return runCase(list[i], ctx);
    },
  };
  window.__benchReady = true;
}
