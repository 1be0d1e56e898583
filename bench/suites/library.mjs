// The library's first paint (at most 300 ms at 10,000 items): the built extension's side
// panel page (sidepanel.html, opened in a tab of headless Chromium) from navigation start until
// the first library rows show their titles, with 10,000 saved Korean articles (five highlights
// each) in the extension's IndexedDB. Peer: the same page and build with a 30-item library in a
// second Chromium (what the page costs without a large library), loads interleaved.
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { LIBRARY_SEED, librarySize } from '../lib/library.mjs';
import { ratios, summarize } from '../lib/stats.mjs';

export const node = true;
export const name = 'library';
export const description =
  "The side panel page of the built extension (.output-bench) opened in a tab, timed from navigation start to the first frame showing library rows with titles (in-page performance.now() in a requestAnimationFrame after the rows appear). 10,000 generated Korean articles with five highlights each in the extension's IndexedDB (items and highlights only: the first paint reads no search index), against a 30-item library in a second Chromium. Target: library first paint ≤ 300 ms.";

/** A page script that writes a generated library into the extension's database. */
async function fillerScript(root) {
  const r = await esbuild.build({
    stdin: {
      contents: `
        import { ScrapnoteDB, toRow } from ${JSON.stringify(join(root, 'lib/db/index'))};
        import { koreanItems } from ${JSON.stringify(join(root, 'bench/lib/korean.mjs'))};
        window.__fillLibrary = async (n, seed) => {
          const db = new ScrapnoteDB();
          await db.open();
          await db.items.clear();
          const items = koreanItems(n, { seed });
          for (let i = 0; i < n; i += 500) {
            const chunk = items.slice(i, i + 500);
            const rows = chunk.map((it) => toRow(it,
              [0, 1, 2, 3, 4].map((k) => {
                const start = (k * 331) % Math.max(1, it.text.length - 40);
                const exact = it.text.slice(start, start + 30);
                return {
                  id: it.id + '-h' + k, itemId: it.id, color: 'yellow', note: k === 0 ? '다시 읽을 부분' : '',
                  createdAt: it.savedAt, updatedAt: it.savedAt,
                  target: { source: it.url, selector: [
                    { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
                    { type: 'TextPositionSelector', start, end: start + exact.length },
                  ] },
                };
              })),
            );
            await db.items.bulkPut(rows);
          }
          const count = await db.items.count();
          db.close();
          return count;
        };`,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

/** Runs before any page script: the time of the first frame with titled library rows. */
function watchFirstRows() {
  const titled = () =>
    [...document.querySelectorAll('.library .vrow .row-title')].some((b) => b.textContent && b.textContent !== '…');
  const all = () => /\d/.test(document.querySelector('.library .count')?.textContent ?? '');
  const mo = new MutationObserver(() => {
    if (window.__firstRowsDom === undefined && titled()) {
      window.__firstRowsDom = performance.now();
      requestAnimationFrame(() => {
        window.__firstRows = performance.now();
      });
    }
    if (window.__allIds === undefined && all()) window.__allIds = performance.now();
    if (window.__firstRows !== undefined && window.__allIds !== undefined) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true, characterData: true });
}

async function openOnce(browser, url) {
  const page = await browser.newPage();
  try {
    await page.evaluateOnNewDocument(watchFirstRows);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.__firstRows !== undefined && window.__allIds !== undefined, {
      timeout: 30_000,
      polling: 50,
    });
    return page.evaluate(() => ({ firstRows: window.__firstRows, dom: window.__firstRowsDom, all: window.__allIds }));
  } finally {
    await page.close().catch(() => {});
  }
}

export async function run(ctx) {
  const n = librarySize(ctx.quick);
  const small = 30;
  const reps = ctx.quick ? 5 : 15;
  const filler = await fillerScript(ctx.root);
  const big = await ctx.launch({ extension: true });
  const peer = await ctx.launch({ extension: true });
  try {
    for (const [b, count] of [
      [big, n],
      [peer, small],
    ]) {
      const page = await b.browser.newPage();
      await page.goto(`chrome-extension://${b.extensionId}/popup.html`, { waitUntil: 'domcontentloaded' });
      await page.evaluate(filler);
      const t0 = Date.now();
      const stored = await page.evaluate((k, seed) => window.__fillLibrary(k, seed), count, LIBRARY_SEED);
      ctx.log(`library of ${stored} items (${count * 5} highlights) written in ${Date.now() - t0} ms`);
      await page.close();
    }
    const url = (b) => `chrome-extension://${b.extensionId}/sidepanel.html`;
    // Warm-up: the first load of each starts the renderer and reads the page from disk.
    for (const b of [big, peer]) await openOnce(b.browser, url(b));
    const samples = { big: [], peer: [] };
    for (let i = 0; i < reps; i++) {
      for (const side of i % 2 ? ['big', 'peer'] : ['peer', 'big']) {
        const b = side === 'big' ? big : peer;
        samples[side].push(await openOnce(b.browser, url(b)));
      }
    }
    const pick = (list, k) => list.map((s) => s[k]);
    const metrics = (list) => list.map((s) => ({ rowsInDomMs: s.dom, allIdsMs: s.all }));
    const product = summarize(pick(samples.big, 'firstRows'), metrics(samples.big), {
      name: `side panel, ${n} items`,
    });
    const other = summarize(pick(samples.peer, 'firstRows'), metrics(samples.peer), {
      name: `side panel, ${small} items`,
    });
    const c = {
      name: `library first paint (${n} items)`,
      unit: 'ms',
      inputs: 1,
      reps,
      product,
      peers: [{ ...other, ratio: ratios(product, other) }],
      info: { target: '≤ 300 ms', items: n, peerItems: small },
      note: 'per page load, navigation start to the first frame with titled rows; metrics: rowsInDomMs (the rows entered the DOM), allIdsMs (the whole sorted id list read, the item count shown).',
    };
    ctx.printCase(c);
    return [c];
  } finally {
    await big.close();
    await peer.close();
  }
}
