// What marks on board lists cost a board page: the same board list pages (the Korean board
// fixtures, served from loopback) in two fresh headless Chromiums with the built extension, one
// with marks on every recognized board and one with marks off, loads interleaved. Main-thread
// time of the page's renderer (CDP Performance, as the page-load suite measures it) from before
// navigation to a settle time after `load` long enough for the marks to be shown (the background
// injects the extractor, reads the list, decides the marks and has them drawn).
import { ratios, sum, summarize } from '../lib/stats.mjs';
import { loadOnce } from './page-load.mjs';

export const node = true;
export const name = 'board-marks';
export const description =
  'Main-thread time of board list page loads with marks on (every recognized board) against marks off, same extension build, two fresh Chromiums, same loopback pages (the board fixtures), interleaved. Reported, no target: marks run only on boards of sites the reader uses (or on every board when chosen).';

/** Turn marks on or off in a Chromium's extension (its storage, from one of its pages). */
async function setMarks(b, mode) {
  const page = await b.browser.newPage();
  try {
    await page.goto(`chrome-extension://${b.extensionId}/popup.html?tab=0`);
    await page.evaluate((m) => chrome.storage.local.set({ 'scrapnote.marks': { mode: m, off: [], used: [] } }), mode);
  } finally {
    await page.close();
  }
}

export async function run(ctx) {
  const { fixtures, base } = ctx.server;
  const boards = fixtures.filter((f) => /^generic\/boards\/.*\.html$|^sites\/.*list.*\.html$/.test(f));
  const pages = ctx.quick ? boards.slice(0, 4) : boards;
  const urls = pages.map((f) => `${base}/fixtures/${f}`);
  const settle = 800;
  const on = await ctx.launch({ extension: true });
  const off = await ctx.launch({ extension: true });
  try {
    await setMarks(on, 'all');
    await setMarks(off, 'off');
    for (const b of [on, off]) await loadOnce(ctx, b.browser, urls[0], settle);
    const sides = { on: [], off: [] };
    for (const [i, url] of urls.entries()) {
      const order = i % 2 ? ['off', 'on'] : ['on', 'off'];
      for (const side of order) sides[side].push(await loadOnce(ctx, (side === 'on' ? on : off).browser, url, settle));
    }
    const keep = urls.map((_, i) => sides.on[i] !== null && sides.off[i] !== null);
    const cases = [];
    for (const [metric, label] of [
      ['task', 'TaskDuration'],
      ['script', 'ScriptDuration'],
    ]) {
      const a = sides.on.filter((_, i) => keep[i]).map((r) => r[metric]);
      const b = sides.off.filter((_, i) => keep[i]).map((r) => r[metric]);
      const product = summarize(a, [], { name: 'marks on' });
      const peer = summarize(b, [], { name: 'marks off' });
      const c = {
        name: `board list load main-thread ${label} (${a.length} pages)`,
        unit: 'ms',
        inputs: a.length,
        reps: 1,
        product,
        peers: [{ ...peer, ratio: ratios(product, peer, a, b) }],
        info: { 'sum on / sum off': +(sum(a) / sum(b)).toFixed(3) },
        note: `per page, ${label} of the page's renderer main thread from before navigation to ${settle} ms after load: with marks on, the extractor's injection, reading the list and drawing the marks are in it; the background's work is not.`,
      };
      ctx.printCase(c);
      cases.push(c);
    }
    return cases;
  } finally {
    await on.close();
    await off.close();
  }
}
