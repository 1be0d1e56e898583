// The extension's cost on every page load: the same pages (shared corpus + Korean
// fixtures, served from loopback) in two fresh headless Chromiums, one with the built extension
// and one without, loads interleaved (alternating which browser goes first). Main-thread time of
// the page's renderer from CDP Performance.getMetrics (TaskDuration, ScriptDuration), measured
// from before navigation to a settle time after `load` (the always-on content script runs at
// document_idle and talks to the background). Target: with/without ≤ 1.05. Also the size of the
// always-on content script (target ≤ 30 KB minified).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ratios, sum, summarize } from '../lib/stats.mjs';

export const node = true;
export const name = 'page-load';
export const description =
  'Main-thread time of page loads with the built extension against without (two fresh Chromiums, same loopback pages, interleaved), from CDP Performance metrics; and the size of .output-bench/chrome-mv3/content-scripts/content.js. On every second page also a third Chromium with an extension whose content script is empty (the floor any content script costs). Targets: ratio ≤ 1.05; content script ≤ 30 KB minified (1 KB = 1,024 bytes).';

/**
 * The floor: an extension whose content script (same matches, same run_at) does nothing, with an
 * empty service worker. What Chromium itself charges a page for any content script (an isolated
 * world, script injection) is in it; the ratio against it is the part our code can change.
 */
function emptyExtension() {
  const dir = mkdtempSync(join(os.tmpdir(), 'scrapnote-bench-empty-ext-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'empty content script (bench floor)',
      version: '1.0',
      background: { service_worker: 'background.js' },
      content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_idle' }],
    }),
  );
  writeFileSync(join(dir, 'background.js'), '');
  writeFileSync(join(dir, 'content.js'), 'void 0;\n');
  return dir;
}

export async function loadOnce(ctx, browser, url, settleMs) {
  const page = await ctx.loopbackPage(browser);
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    const before = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 10_000 });
    } catch (e) {
      // A page that never fires load (in either browser) is left out of both sides, and listed.
      if (e?.name === 'TimeoutError') return null;
      throw e;
    }
    await new Promise((r) => setTimeout(r, settleMs));
    const after = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const d = (k) => ((after[k] ?? 0) - (before[k] ?? 0)) * 1000;
    return { task: d('TaskDuration'), script: d('ScriptDuration') };
  } finally {
    await page.close().catch(() => {});
  }
}

export async function run(ctx) {
  const { corpus, fixtures, base } = ctx.server;
  const picked = ctx.quick ? corpus.filter((_, i) => i % 26 === 0) : corpus;
  const korean = ctx.quick ? fixtures.filter((f) => f.startsWith('sites/')).slice(0, 3) : fixtures;
  const urls = [...picked.map((d) => `${base}/corpus/${d}/source.html`), ...korean.map((f) => `${base}/fixtures/${f}`)];
  const settle = 150;
  const reps = 1;
  if (!corpus.length)
    ctx.log('NOTE: ../shared/corpus/readability is missing: the corpus pages did not run (fixtures only)');

  const withExt = await ctx.launch({ extension: true });
  const without = await ctx.launch();
  // The floor runs on every second page only, to keep the full run under fifteen minutes.
  const floorDir = emptyExtension();
  const floor = await ctx.launch({ extension: true, extensionDir: floorDir });
  const onFloor = (i) => i % 2 === 0;
  ctx.chromiumVersion.value ??= await without.browser.version();
  const cases = [];
  try {
    // Warm both (first navigation starts renderer processes, loads fonts).
    for (const b of [withExt, without, floor]) await loadOnce(ctx, b.browser, urls[0], settle);
    const browsers = { with: withExt.browser, without: without.browser, floor: floor.browser };
    const sides = { with: urls.map(() => []), without: urls.map(() => []), floor: urls.map(() => []) };
    for (let rep = 0; rep < reps; rep++) {
      for (const [i, url] of urls.entries()) {
        const names = onFloor(i) ? ['without', 'with', 'floor'] : ['without', 'with'];
        // Rotate which browser goes first.
        const k = (i + rep) % names.length;
        for (const side of [...names.slice(k), ...names.slice(0, k)]) {
          sides[side][i].push(await loadOnce(ctx, browsers[side], url, settle));
        }
      }
      ctx.log(`rep ${rep + 1}/${reps}: ${urls.length} pages × 2 browsers (+ the floor on every second page)`);
    }
    // Pages that timed out in any browser are left out of every side.
    const timedOut = urls.filter((_, i) =>
      [...sides.with[i], ...sides.without[i], ...sides.floor[i]].some((r) => r === null),
    );
    const keep = urls.map((u) => !timedOut.includes(u));
    const floorKeep = urls.map((_, i) => keep[i] && onFloor(i));
    const floorSides = {
      with: sides.with.filter((_, i) => floorKeep[i]),
      floor: sides.floor.filter((_, i) => floorKeep[i]),
    };
    for (const side of ['with', 'without']) sides[side] = sides[side].filter((_, i) => keep[i]);
    const measured = keep.filter(Boolean).length;
    const floorMeasured = floorKeep.filter(Boolean).length;
    if (timedOut.length) ctx.log(`left out (no load event within 10 s): ${timedOut.join(' ')}`);
    for (const [metric, label] of [
      ['task', 'TaskDuration'],
      ['script', 'ScriptDuration'],
    ]) {
      const perOf = (list) => list.map((runs) => runs.reduce((a, r) => a + r[metric], 0) / runs.length);
      const per = (side) => perOf(sides[side]);
      const a = per('with');
      const b = per('without');
      const product = summarize(a, [], { name: 'with the extension' });
      const peer = summarize(b, [], { name: 'without' });
      const c = {
        name: `page load main-thread ${label} (${measured} pages × ${reps})`,
        unit: 'ms',
        inputs: measured,
        reps,
        product,
        peers: [{ ...peer, ratio: ratios(product, peer, a, b) }],
        info: {
          'sum with / sum without': +(sum(a) / sum(b)).toFixed(3),
          target: '≤ 1.05',
          ...(timedOut.length ? { 'left out (no load event)': timedOut.map((u) => new URL(u).pathname) } : {}),
        },
        note: `per page, ${label} of the page's renderer main thread from before navigation to ${settle} ms after load; the content script's work (its start, its listeners, what the background tells it) is in it, the background's is not.`,
      };
      ctx.printCase(c);
      cases.push(c);
      const fa = perOf(floorSides.with);
      const ff = perOf(floorSides.floor);
      const fp = summarize(fa, [], { name: 'with the extension' });
      const fl = summarize(ff, [], { name: 'an empty content script (floor)' });
      const fc = {
        name: `page load main-thread ${label} above an empty content script (${floorMeasured} pages × ${reps})`,
        unit: 'ms',
        inputs: floorMeasured,
        reps,
        product: fp,
        peers: [{ ...fl, ratio: ratios(fp, fl, fa, ff) }],
        info: { 'sum with / sum floor': +(sum(fa) / sum(ff)).toFixed(3) },
        note: `every second page of the case above, also loaded in a third Chromium whose only extension has an empty content script (same matches, document_idle) and an empty service worker: what any content script costs a page. The ratio is the part of the cost our code decides.`,
      };
      ctx.printCase(fc);
      cases.push(fc);
    }
  } finally {
    await withExt.close();
    await without.close();
    await floor.close();
    rmSync(floorDir, { recursive: true, force: true });
  }

  const file = join(ctx.buildDir, 'content-scripts/content.js');
  const bytes = statSync(file).size;
  const gz = gzipSync(readFileSync(file)).length;
  const size = {
    name: 'always-on content script size (content-scripts/content.js)',
    unit: 'KB',
    inputs: 1,
    reps: 1,
    product: summarize([bytes / 1024], [{ gzipKB: gz / 1024 }], { name: 'content.js (minified)' }),
    peers: [],
    info: { bytes, gzipBytes: gz, target: '≤ 30 KB (30,720 bytes) minified' },
  };
  ctx.printCase(size);
  cases.push(size);
  return cases;
}
