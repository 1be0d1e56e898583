// Versions of a saved post over time, in Debian's Firefox ESR (as versions.e2e.mjs in Chromium;
// Firefox's background page reads the fetched page in its own DOM): a post highlighted from the
// page's toolbar (which saves it), then edited at its source, is checked again from the side
// panel's reader with no tab of the site open; the reader shows what changed and keeps both
// versions, the highlight stays on the version it was made on. Then the post is deleted at its
// source (404): checked again, it is marked deleted and keeps every version and its highlight,
// and the JSON export carries `versions` and `status: 'gone'`.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactsDir, launchFirefox, readJson, waitForDownload } from './browsers.mjs';
import { dbRows, extensionPage, keyboardSelect } from './helpers.mjs';
import { startSite } from './server.mjs';
import { setPostState, VERSIONS_URLS, XE_VERSIONS } from './site/versions.mjs';

const QUOTE = '주차 공간이 없으니';

let site;
let firefox;
const downloads = artifactsDir('firefox-versions-downloads');
before(async () => {
  rmSync(downloads, { recursive: true, force: true });
  artifactsDir('firefox-versions-downloads');
  site = await startSite();
  firefox = await launchFirefox({ proxy: site.proxy, downloads });
});
after(async () => {
  await firefox?.close();
  await site?.close();
});

/** The page toolbar's mode, read in the content scripts' world (its shadow root is closed). */
function toolbarMode(extPage, tabId) {
  return extPage.evaluate(async (id) => {
    const [r] = await browser.scripting.executeScript({
      target: { tabId: id },
      func: () => globalThis.__scrapnoteHighlighter?.toolbar.currentMode ?? null,
    });
    return r.result;
  }, tabId);
}

async function until(what, fn, timeout = 20_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn().catch((e) => String(e));
    if (last && typeof last !== 'string') return last;
    if (last === true) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeout} ms (last: ${JSON.stringify(last)?.slice(0, 300)})`);
}

const itemOf = async (panel, url) => (await dbRows(panel, 'items')).find((i) => i.url === url) ?? null;

test('Firefox: a post edited and then deleted at its source keeps every version, its highlight and the diff', async () => {
  const url = VERSIONS_URLS.edited;
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  await panel.waitForSelector('main.sidepanel');

  // Highlight on the page with the keyboard: the toolbar's first button (yellow) saves the post too.
  const page = await firefox.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await panel.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id, url);
  assert.equal(typeof tabId, 'number');
  assert.equal(await keyboardSelect(page, QUOTE), QUOTE);
  await until('the toolbar for the selection', async () => (await toolbarMode(panel, tabId)) === 'selection' || null);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const saved = await until('the post saved with its highlight', async () => {
    const row = await itemOf(panel, url);
    return row?.highlights?.length === 1 ? row : null;
  });
  assert.equal(saved.highlights[0].version, saved.savedAt, 'made on the first version');
  await page.close();

  setPostState(47500, 'edited');
  await panel.bringToFront();
  await panel.click('#tab-library');
  await panel.waitForSelector(`[data-item-url="${url}"]`, { timeout: 10_000 });
  await panel.click(`[data-item-url="${url}"] .row-title`);
  await panel.waitForSelector('.reader[data-versions="1"]');
  await panel.locator('::-p-aria(Check again[role="button"])').click();
  await panel.waitForSelector('.check-result[data-outcome="changed"]', { timeout: 30_000 });
  await panel.waitForSelector('.reader[data-versions="2"]');
  const ops = await panel.$$eval('.reader-changes li[data-op]', (els) =>
    els.map((li) => [
      li.dataset.op,
      li.querySelector('ins')?.textContent ?? '',
      li.querySelector('del')?.textContent ?? '',
    ]),
  );
  assert.deepEqual(
    ops.map((o) => o[0]),
    ['edited', 'removed', 'added'],
  );
  // Only the changed word is marked inside the paragraph (Firefox's word segmenter keeps 22일 whole,
  // Chromium's splits the number from 일).
  assert.match(ops[0][1], /^22(일)?$/);
  assert.match(ops[0][2], /^15(일)?$/);
  // The highlighted paragraph is gone from the new version: the highlight stays on the first.
  await panel.waitForSelector('.reader-highlights li[data-anchored="false"]');
  await panel.locator('::-p-aria(Show version 1[role="button"])').click();
  await panel.waitForSelector('.reader-highlights li[data-anchored="true"]');
  assert.equal(await panel.$eval('#reader-title', (e) => e.textContent), XE_VERSIONS.original.title);

  // Deleted at its source: the site answers 404.
  setPostState(47500, 'deleted');
  await panel.locator('::-p-aria(Check again[role="button"])').click();
  await panel.waitForSelector('.check-result[data-outcome="gone"]', { timeout: 30_000 });
  await panel.waitForSelector('.reader[data-status="gone"] .gone-badge');
  const gone = await itemOf(panel, url);
  assert.equal(gone.status, 'gone');
  assert.equal(gone.versions.length, 1);
  assert.equal(gone.text, XE_VERSIONS.edited.paragraphs.join('\n'), 'the newest copy is kept');
  assert.equal(gone.highlights.length, 1, 'the highlight is kept');

  await panel.locator('::-p-aria(Export JSON[role="button"])').click();
  const data = readJson(await waitForDownload(downloads, (n) => /\.json$/.test(n)));
  assert.equal(data.version, 4);
  const item = data.items.find((i) => i.url === url);
  assert.equal(item.status, 'gone');
  assert.deepEqual(
    item.versions.map((v) => [typeof v.fetchedAt, v.title, v.text]),
    [
      ['string', XE_VERSIONS.original.title, XE_VERSIONS.original.paragraphs.join('\n')],
      ['string', XE_VERSIONS.edited.title, XE_VERSIONS.edited.paragraphs.join('\n')],
    ],
  );
  assert.equal(item.highlights[0].version, item.versions[0].fetchedAt);
});
