// npm run bench [-- --quick] [-- --only=classify,extract] [-- --no-build]
//
// Builds the extension into .output-bench, bundles every suite of bench/suites/ with esbuild,
// serves them (and the shared corpus and Korean fixtures) from loopback, runs each suite in a
// fresh headless Chromium, prints one table and writes bench/results.json and
// docs/benchmarks.md. A number never fails the run; a suite that crashes does (exit code 1).
//
// The browser part holds the machine-wide lock /tmp/scrapnote-browser.lock. If you already run
// the whole command under `flock /tmp/scrapnote-browser.lock`, set SCRAPNOTE_BROWSER_LOCK=held so
// it does not wait for itself.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';
import puppeteer from 'puppeteer-core';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH = join(ROOT, 'bench');
const SHARED = resolve(ROOT, '../shared');
const CORPUS = join(SHARED, 'corpus/readability');
const FIXTURES = join(ROOT, 'test/fixtures');
const OUT_DIR = join(ROOT, '.output-bench');
const CHROME_BUILD = join(OUT_DIR, 'chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOCK = '/tmp/scrapnote-browser.lock';
/** Held for a whole bench run: two runs at once would rebuild .output-bench under each other. */
const BENCH_LOCK = '/tmp/scrapnote-bench-run.lock';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noBuild = args.includes('--no-build');
const docsOnly = args.includes('--docs-only');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const started = Date.now();
const loadAtStart = os.loadavg().map((v) => +v.toFixed(2));
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[${elapsed()}]`, ...a);

// ---------------------------------------------------------------- build

/** Newest modification time of the files a build depends on. */
function newestSource() {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) walk(join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of [
    'lib',
    'entrypoints',
    'components',
    'public',
    'assets',
    'wxt.config.ts',
    'package-lock.json',
    'tsconfig.json',
  ])
    walk(join(ROOT, p));
  return newest;
}

function buildExtension() {
  const manifest = join(CHROME_BUILD, 'manifest.json');
  if (noBuild && existsSync(manifest)) {
    log('--no-build: using the existing .output-bench build');
    return;
  }
  // The build is a third of a quick run: skip it when no source changed since the last one.
  if (existsSync(manifest) && statSync(manifest).mtimeMs > newestSource()) {
    log('.output-bench is newer than every source file: not rebuilding');
    return;
  }
  log('building the extension (wxt build → .output-bench)');
  const r = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    env: { ...process.env, SCRAPNOTE_OUT_DIR: '.output-bench' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    throw new Error('wxt build failed');
  }
}

function suiteFiles() {
  return readdirSync(join(BENCH, 'suites'))
    .filter((f) => f.endsWith('.mjs'))
    .sort()
    .map((f) => ({ id: f.replace(/\.mjs$/, ''), file: join(BENCH, 'suites', f) }))
    .filter((s) => !only || only.includes(s.id));
}

/** One browser bundle per in-page suite: the suite plus the page runtime. */
async function bundle(suite) {
  const r = await esbuild.build({
    stdin: {
      contents: `import * as suite from ${JSON.stringify(suite.file)};\nimport { install } from ${JSON.stringify(join(BENCH, 'lib/page.mjs'))};\ninstall(suite);\n`,
      resolveDir: BENCH,
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    tsconfig: join(ROOT, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.DEV': 'false' },
    logLevel: 'silent',
    legalComments: 'none',
  });
  return r.outputFiles[0].text;
}

// ---------------------------------------------------------------- loopback server

function listCorpus() {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS)
    .filter((d) => existsSync(join(CORPUS, d, 'source.html')))
    .sort();
}

function listFixtures(dir = FIXTURES, prefix = '') {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...listFixtures(join(dir, e.name), `${prefix}${e.name}/`));
    // Templates (the seed page's markup without its text) are not pages.
    else if (e.name.endsWith('.html') && !e.name.endsWith('.tmpl.html')) out.push(prefix + e.name);
  }
  return out.sort();
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json' };

const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

function startServer(bundles) {
  const corpus = listCorpus();
  const fixtures = listFixtures();
  const sendFile = (res, base, rel) => {
    const p = resolve(base, rel);
    if (!p.startsWith(base + sep) || !existsSync(p) || !statSync(p).isFile()) return false;
    res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' });
    res.end(readFileSync(p));
    return true;
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const html = /^\/bench\/([\w-]+)\.html$/.exec(path);
    const js = /^\/bench\/([\w-]+)\.js$/.exec(path);
    if (html && bundles.has(html[1])) {
      // Cross-origin isolated, so performance.now() has 5 µs resolution instead of 100 µs.
      res.writeHead(200, { 'content-type': TYPES['.html'], ...ISOLATED });
      res.end(
        `<!doctype html><html lang="ko"><meta charset="utf-8"><title>bench ${html[1]}</title><body><script type="module" src="/bench/${html[1]}.js"></script></body></html>`,
      );
      return;
    }
    if (js && bundles.has(js[1])) {
      res.writeHead(200, { 'content-type': TYPES['.js'], ...ISOLATED });
      res.end(bundles.get(js[1]));
      return;
    }
    if (path === '/corpus/index.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'] });
      res.end(JSON.stringify(corpus));
      return;
    }
    if (path === '/fixtures/index.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'] });
      res.end(JSON.stringify(fixtures));
      return;
    }
    if (path.startsWith('/corpus/') && sendFile(res, CORPUS, path.slice(8))) return;
    if (path.startsWith('/fixtures/') && sendFile(res, FIXTURES, path.slice(10))) return;
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({ base: `http://127.0.0.1:${port}`, corpus, fixtures, close: () => server.close() });
    }),
  );
}

// ---------------------------------------------------------------- browsers

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
  '--window-size=1280,900',
];

/** A fresh headless Chromium (its own user-data-dir), optionally with the built extension. */
const profiles = new Map();

/**
 * A fresh headless Chromium (its own user-data-dir), optionally with the built extension. Suites
 * that name the same `profile` share one user-data-dir within a run (the search suite reuses the
 * library the export suite imported, instead of building 10,000 articles again).
 */
async function launch({ extension = false, extensionDir, jsFlags, profile } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  let userDataDir = profile && profiles.get(profile);
  if (!userDataDir) {
    userDataDir = mkdtempSync(join(os.tmpdir(), 'scrapnote-bench-'));
    if (profile) profiles.set(profile, userDataDir);
  }
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir,
    protocolTimeout: 30 * 60_000,
    ...(extension ? { enableExtensions: [extensionDir ?? CHROME_BUILD] } : {}),
    args: [...FLAGS, ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])],
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  let extensionId = null;
  if (extension) {
    const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'), {
      timeout: 20_000,
    });
    extensionId = new URL(sw.url()).host;
  }
  return {
    browser,
    extensionId,
    async close() {
      await browser.close().catch(() => {});
      if (!profile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A tab whose requests may only go to loopback: everything else is aborted before it leaves. */
async function loopbackPage(browser) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const u = req.url();
    if (/^(data|blob|about|chrome-extension):/.test(u)) return void req.continue();
    let host = '';
    try {
      host = new URL(u).hostname;
    } catch {}
    if (host === '127.0.0.1') req.continue();
    else req.abort('blockedbyclient');
  });
  return page;
}

/** Hold a lock file until release() (a `flock` child waiting on its stdin). */
async function takeLock(file, what) {
  const child = spawn('flock', [file, 'sh', '-c', 'echo locked; cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise((ok, fail) => {
    let waiting = setTimeout(() => log(`waiting for ${file} (${what})`), 2000);
    child.stdout.on('data', (d) => {
      if (String(d).includes('locked')) {
        clearTimeout(waiting);
        waiting = null;
        ok();
      }
    });
    child.on('error', fail);
    child.on('exit', (code) => waiting !== null && fail(new Error(`flock exited with ${code}`)));
  });
  return { release: () => child.stdin.end() };
}

/** The machine-wide browser lock, unless the caller already holds it (SCRAPNOTE_BROWSER_LOCK=held). */
function takeBrowserLock() {
  if (process.env.SCRAPNOTE_BROWSER_LOCK === 'held') return { release() {} };
  return takeLock(LOCK, 'another browser test is running');
}

// ---------------------------------------------------------------- running suites

async function runPageSuite(suite, mod, server, chromiumVersion) {
  const { browser, close } = await launch({ jsFlags: '--expose-gc', profile: mod.profile });
  chromiumVersion.value ??= await browser.version();
  const page = await loopbackPage(browser);
  page.setDefaultTimeout(0);
  const errors = [];
  page.on('console', (m) => {
    const t = m.text();
    if (t.startsWith('[bench]')) log(`  ${suite.id}:`, t.slice(8));
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${server.base}/bench/${suite.id}.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__benchReady === true, { timeout: 30_000 });
    const names = await page.evaluate((quick) => window.__bench.prepare({ quick }), quick);
    const cases = [];
    for (const [i, name] of names.entries()) {
      log(`  ${suite.id} › ${name}`);
      const c = await page.evaluate((k) => window.__bench.runCase(k), i);
      cases.push(c);
      printCase(suite.id, c);
    }
    if (errors.length) log(`  ${suite.id}: page errors: ${errors.join(' | ')}`);
    return cases;
  } finally {
    await close();
  }
}

async function runNodeSuite(suite, mod, server, chromiumVersion) {
  return mod.run({
    quick,
    log: (...a) => log(`  ${suite.id}:`, ...a),
    server,
    root: ROOT,
    buildDir: CHROME_BUILD,
    launch,
    loopbackPage,
    chromiumVersion,
    printCase: (c) => printCase(suite.id, c),
  });
}

// ---------------------------------------------------------------- output

const fmt = (v, unit = 'ms') => {
  if (v == null || Number.isNaN(v)) return '–';
  if (unit !== 'ms') return `${+v.toFixed(3)} ${unit}`;
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 1) return `${v.toFixed(2)} ms`;
  return `${(v * 1000).toFixed(0)} µs`;
};
const fmtRatio = (r) => (r == null ? '–' : r >= 0.1 ? `${r.toFixed(2)}x` : `${r.toPrecision(2)}x`);
const fmtMetric = (k, v) => {
  if (typeof v !== 'number') return `${k}=${v}`;
  const n = Number.isInteger(v) || Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
  return `${k}=${n}`;
};

/** Rows of the table: the product, then each peer with the product's ratio against it. */
function rows(suiteId, c) {
  const metrics = (m) =>
    Object.entries(m ?? {})
      .map(([k, v]) => fmtMetric(k, v))
      .join(' ');
  const out = [
    {
      suite: suiteId,
      case: c.name,
      impl: c.product.name,
      median: fmt(c.product.median, c.unit),
      p95: fmt(c.product.p95, c.unit),
      n: String(c.product.n),
      ratio: '',
      extra: metrics(c.product.metrics),
    },
  ];
  for (const p of c.peers ?? []) {
    const per = p.ratio.perInputMedian != null ? ` (per-input ${fmtRatio(p.ratio.perInputMedian)})` : '';
    out.push({
      suite: '',
      case: '',
      impl: `  vs ${p.name}`,
      median: fmt(p.median, c.unit),
      p95: fmt(p.p95, c.unit),
      n: `${p.n}${p.truncated ? '*' : ''}`,
      ratio: `${fmtRatio(p.ratio.median)}${per}`,
      extra: metrics(p.metrics),
    });
  }
  return out;
}

const COLS = [
  ['suite', 'suite'],
  ['case', 'case'],
  ['impl', 'implementation'],
  ['median', 'median'],
  ['p95', 'p95'],
  ['n', 'n'],
  ['ratio', 'product/peer'],
  ['extra', 'other numbers'],
];

function table(allRows) {
  const w = COLS.map(([k, h]) => Math.max(h.length, ...allRows.map((r) => r[k].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(w[i]))
      .join('  ')
      .trimEnd();
  return [
    line(COLS.map(([, h]) => h)),
    line(w.map((n) => '-'.repeat(n))),
    ...allRows.map((r) => line(COLS.map(([k]) => r[k]))),
  ].join('\n');
}

function printCase(suiteId, c) {
  for (const r of rows(suiteId, c))
    log(
      `    ${r.impl.trim()}: median ${r.median}, p95 ${r.p95}, n ${r.n}${r.ratio ? `, ratio ${r.ratio}` : ''} ${r.extra}`,
    );
}

function markdown(results) {
  const esc = (s) => s.replaceAll('|', '\\|');
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.mjs); do not edit by hand. Numbers are from one run on the',
    'machine below; the peers ran in the same browser, on the same inputs, interleaved with the product.',
    '`product/peer` is the ratio of medians (below 1 means the product is faster); "per-input" is the',
    'median of the per-input ratios where both measured the same inputs. `n*`: the peer ran out of its',
    "time budget and measured fewer samples. Targets are the issues' (3, 5, 6, 7, 9); a benchmark never",
    'fails on a number.',
    '',
    '## Running',
    '',
    "- `npm run bench`: the full run (the issues' sizes); `npm run bench -- --quick`: smaller sizes and",
    '  fewer repetitions for development (under two minutes on an idle 2-core machine, build included).',
    '- `-- --only=anchor,search`: some suites; writes bench/results.partial.json only (git-ignored).',
    '- Only a full run writes bench/results.json and this file; `--quick` writes bench/results.quick.json',
    '  (git-ignored).',
    '- `-- --no-build`: reuse .output-bench (the build is also skipped when no source file is newer).',
    '- `-- --docs-only`: rewrite this file from bench/results.json.',
    '- The browser part holds /tmp/scrapnote-browser.lock (other browser tests wait for it); under an',
    '  outer `flock /tmp/scrapnote-browser.lock`, set `SCRAPNOTE_BROWSER_LOCK=held`.',
    '- Suites live in bench/suites/, one file per concern. A page suite exports `setup(ctx)` and',
    "  `cases(state, ctx)`: each case names the product's function and the peers' functions, which the",
    '  page runtime (bench/lib/page.mjs) runs interleaved, rotating their order, after a warm-up. A suite',
    '  marked `export const node = true` drives browsers from Node (page-load).',
    '- Pages, bundles and data are served from 127.0.0.1; every other request is aborted.',
    '',
    'Caveats: classification and extraction run on DOMParser documents (no layout, no scripts), the same',
    'for every implementation; the page-load suite measures live pages. The search peers are in-memory',
    "indexes while the product's first row reads IndexedDB (its in-memory row is the like-for-like one).",
    'A peer whose loop ran out of time is extrapolated from the work it finished (`extrapolated=1`).',
    'The machine is shared: the load average below, and the CPU and storage waits under each suite,',
    'say how busy it was; every implementation in a case suffered it alike, so ratios are steadier',
    'than absolute times. The IndexedDB cases write hundreds of megabytes: a slow or throttled disk',
    'shows as storage waits.',
    '',
    '## Machine',
    '',
    `- Date: ${results.date}`,
    `- Mode: ${results.quick ? 'quick (`npm run bench -- --quick`: smaller sizes, fewer repetitions)' : 'full (`npm run bench`)'}; wall time ${results.durationS.toFixed(0)} s (including any wait for the browser lock)`,
    `- CPU: ${results.machine.cpu}, ${results.machine.cores} cores`,
    `- Memory: ${results.machine.memoryGB} GB`,
    `- OS: ${results.machine.os}; Node ${results.machine.node}`,
    `- Load average at the start / end of the run (1, 5, 15 min): ${results.loadAtStart.join(' ')} / ${results.machine.loadAverage.join(' ')}`,
    `- Browser: Debian Chromium ${results.machine.chromium.replace(/^\w+\//, '')} (headless, --no-sandbox --disable-gpu)`,
    `- Git commit: ${results.commit}`,
    '',
    '## Results',
    '',
  ];
  for (const s of results.suites) {
    lines.push(`### ${s.id}`, '');
    if (s.description) lines.push(s.description, '');
    if (s.error) {
      lines.push(`**Crashed:** \`${s.error}\``, '');
      continue;
    }
    lines.push(
      '| case | implementation | median | p95 | n | product/peer | other numbers |',
      '|---|---|---|---|---|---|---|',
    );
    for (const c of s.cases) {
      for (const r of rows(s.id, c))
        lines.push(
          `| ${esc(r.case)} | ${esc(r.impl.trim())} | ${r.median} | ${r.p95} | ${r.n} | ${r.ratio} | ${esc(r.extra)} |`,
        );
    }
    lines.push('');
    if (s.waits)
      lines.push(
        `- The machine during this suite (${Math.round(s.seconds)} s; Linux pressure stall information): some task waited for a CPU ${s.waits.cpuWaitS} s and for storage ${s.waits.ioWaitS} s; all tasks were stalled on storage ${s.waits.ioStallS} s.`,
      );
    for (const c of s.cases) {
      if (c.note) lines.push(`- **${c.name}**: ${c.note}`);
      if (c.info)
        lines.push(
          `  - ${Object.entries(c.info)
            .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
            .join('; ')}`,
        );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Linux pressure stall totals (/proc/pressure, in seconds since boot): how long some task waited
 * for a CPU, and how long some or all tasks stalled on storage. Null where the kernel has no PSI.
 */
function pressure() {
  const total = (file, kind) => {
    try {
      const line = readFileSync(`/proc/pressure/${file}`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(kind));
      const us = Number(/total=(\d+)/.exec(line ?? '')?.[1]);
      return Number.isFinite(us) ? us / 1e6 : null;
    } catch {
      return null;
    }
  };
  const p = { cpuSome: total('cpu', 'some'), ioSome: total('io', 'some'), ioFull: total('io', 'full') };
  return Object.values(p).some((v) => v === null) ? null : p;
}

/** What the machine made a suite wait (PSI deltas in seconds), or undefined without PSI. */
function stalls(before, after) {
  if (!before || !after) return undefined;
  const d = (k) => +(after[k] - before[k]).toFixed(1);
  return { cpuWaitS: d('cpuSome'), ioWaitS: d('ioSome'), ioStallS: d('ioFull') };
}

function machine(chromium) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    // Other work on the machine inflates every number alike; the load average says how busy it was.
    loadAverage: os.loadavg().map((v) => +v.toFixed(2)),
  };
}

// ---------------------------------------------------------------- main

async function main() {
  if (docsOnly) {
    const saved = JSON.parse(readFileSync(join(BENCH, 'results.json'), 'utf8'));
    writeFileSync(join(ROOT, 'docs/benchmarks.md'), `${markdown(saved)}\n`);
    log('rewrote docs/benchmarks.md from bench/results.json');
    return;
  }
  const suites = suiteFiles();
  if (!suites.length) throw new Error(`no suites matched ${only}`);
  const benchLock = await takeLock(BENCH_LOCK, 'another npm run bench is running');
  try {
    await runAll(suites);
  } finally {
    benchLock.release();
  }
}

async function runAll(suites) {
  if (!existsSync(CORPUS))
    log(`NOTE: ${CORPUS} is missing: the corpus-based cases did not run on the shared corpus (fixtures only)`);
  buildExtension();
  const mods = new Map();
  const bundles = new Map();
  for (const s of suites) {
    // Page suites import browser code (lib/*.ts) that Node cannot load: only Node-driven suites
    // (marked `export const node = true`) are imported here.
    const src = readFileSync(s.file, 'utf8');
    const description = /export const description =\s*'((?:[^'\\]|\\.)*)'/.exec(src)?.[1];
    const profile = /^export const profile = '([\w-]+)'/m.exec(src)?.[1];
    if (/^export const node = true/m.test(src)) mods.set(s.id, await import(s.file));
    else {
      mods.set(s.id, { description, profile });
      bundles.set(s.id, await bundle(s));
    }
  }
  log(`bundled ${bundles.size} page suites; ${suites.length - bundles.size} Node-driven`);
  const server = await startServer(bundles);
  const chromiumVersion = { value: null };
  const results = [];
  let failed = false;
  const lock = await takeBrowserLock();
  try {
    for (const s of suites) {
      const mod = mods.get(s.id);
      log(`suite ${s.id}${quick ? ' (quick)' : ''}`);
      const t0 = Date.now();
      const p0 = pressure();
      try {
        const cases = mod.node
          ? await runNodeSuite(s, mod, server, chromiumVersion)
          : await runPageSuite(s, mod, server, chromiumVersion);
        const waits = stalls(p0, pressure());
        if (waits)
          log(
            `  ${s.id}: waited for a CPU ${waits.cpuWaitS} s, for storage ${waits.ioWaitS} s (all stalled ${waits.ioStallS} s)`,
          );
        results.push({ id: s.id, description: mod.description, seconds: (Date.now() - t0) / 1000, waits, cases });
      } catch (e) {
        failed = true;
        log(`suite ${s.id} CRASHED: ${e.stack ?? e}`);
        results.push({
          id: s.id,
          description: mod.description,
          seconds: (Date.now() - t0) / 1000,
          error: String(e.message ?? e),
        });
      }
    }
  } finally {
    lock.release();
    server.close();
    for (const dir of profiles.values()) rmSync(dir, { recursive: true, force: true });
  }
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const out = {
    date: new Date().toISOString(),
    quick,
    loadAtStart,
    durationS: (Date.now() - started) / 1000,
    commit,
    machine: machine(chromiumVersion.value ?? 'not started'),
    suites: results,
  };
  const allRows = results.flatMap((s) =>
    s.error
      ? [{ suite: s.id, case: 'CRASHED', impl: s.error.slice(0, 60), median: '', p95: '', n: '', ratio: '', extra: '' }]
      : s.cases.flatMap((c) => rows(s.id, c)),
  );
  console.log(`\n${table(allRows)}\n`);
  // A run limited with --only writes its results beside the full ones (git-ignored), never over them.
  if (quick && !only) {
    // Quick numbers are for development: they never replace the full run's committed results.
    writeFileSync(join(BENCH, 'results.quick.json'), `${JSON.stringify(out, null, 2)}\n`);
    log("wrote bench/results.quick.json (--quick: results.json and docs/benchmarks.md are the full run's)");
  } else if (only) {
    writeFileSync(join(BENCH, 'results.partial.json'), `${JSON.stringify(out, null, 2)}\n`);
    log('wrote bench/results.partial.json (--only: results.json and docs/benchmarks.md left as they were)');
  } else {
    writeFileSync(join(BENCH, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
    writeFileSync(join(ROOT, 'docs/benchmarks.md'), `${markdown(out)}\n`);
    log('wrote bench/results.json and docs/benchmarks.md');
  }
  if (failed) {
    console.error('at least one suite crashed: exit 1');
    process.exitCode = 1;
  }
}

// Puppeteer can reject a second promise when a launch fails; the suite's own catch reports it.
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e?.message ?? e}`));

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
