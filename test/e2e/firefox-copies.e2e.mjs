// Saved copies that last, in Debian's Firefox ESR (as copies.e2e.mjs in Chromium): a post whose
// comments run over three comment pages is saved from the popup page with every comment, nested,
// and they are in the JSON export; posts of a board served in EUC-KR (windows-949) are saved from
// the popup's board list with no U+FFFD.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactsDir, launchFirefox, readJson, waitForDownload } from './browsers.mjs';
import { dbRows, extensionPage } from './helpers.mjs';
import { startSite } from './server.mjs';
import { byPoster, COMMENT_POSTS, COPIES_URLS, commentDepth, commentText, EUCKR_POSTS } from './site/copies.mjs';

let site;
let firefox;
const downloads = artifactsDir('firefox-copies-downloads');
before(async () => {
  rmSync(downloads, { recursive: true, force: true });
  artifactsDir('firefox-copies-downloads');
  site = await startSite();
  firefox = await launchFirefox({ proxy: site.proxy, downloads });
});
after(async () => {
  await firefox?.close();
  await site?.close();
});

/** Open `url` in a tab and the popup page for that tab (Firefox cannot open the real popup headless). */
async function popupFor(panel, url) {
  const tab = await firefox.browser.newPage();
  await tab.goto(url, { waitUntil: 'load' });
  await panel.bringToFront();
  const tabId = await panel.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id, url);
  assert.equal(typeof tabId, 'number', 'the tab is visible to the extension');
  await panel.evaluate((id) => browser.tabs.create({ url: `/popup.html?tab=${id}` }), tabId);
  const popup = await extensionPage(firefox.browser, '/popup.html');
  await popup.waitForSelector('main:not([data-page-kind="loading"])', { timeout: 20_000 });
  return popup;
}

async function storedItem(extPage, url, timeout = 20_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const item = (await dbRows(extPage, 'items')).find((i) => i.url === url);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not saved within ${timeout} ms`);
}

test('Firefox: a post with three comment pages is saved with every comment and exported with them', async () => {
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  await panel.waitForSelector('main.sidepanel');
  const popup = await popupFor(panel, COPIES_URLS.commentPost);
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 20_000 });
  const item = await storedItem(popup, COPIES_URLS.commentPost);
  await popup.close();
  const { total } = COMMENT_POSTS[47400];
  assert.deepEqual(
    item.comments.map((c) => [c.text, c.depth, c.byPoster]),
    Array.from({ length: total }, (_, i) => [commentText(i + 1), commentDepth(i + 1), byPoster(i + 1)]),
  );
  assert.equal(item.comments[5].parent, item.comments[4].id, 'a reply at the top of page 2 answers page 1');

  await panel.bringToFront();
  await panel.waitForSelector(`[data-item-url="${COPIES_URLS.commentPost}"]`, { timeout: 10_000 });
  await panel.locator('::-p-aria(Export JSON[role="button"])').click();
  const data = readJson(await waitForDownload(downloads, (n) => /\.json$/.test(n)));
  assert.equal(data.version, 4);
  const exported = data.items.find((i) => i.url === COPIES_URLS.commentPost);
  assert.equal(exported.comments.length, total);
  assert.deepEqual(exported.comments[2], {
    id: String(47400 * 1000 + 3),
    parent: String(47400 * 1000 + 2),
    depth: 2,
    author: '손님3',
    memberId: null,
    ip: '121.103',
    dateText: '2025.02.05 16:03',
    date: '2025-02-05T16:03:00+09:00',
    text: commentText(3),
    byPoster: false,
  });

  // The reader shows them, collapsed under their count.
  await panel.click(`[data-item-url="${COPIES_URLS.commentPost}"] .row-title`);
  await panel.waitForSelector('.reader-comments');
  assert.equal(await panel.$eval('.reader-comments summary', (s) => s.textContent), `Comments (${total})`);
});

test('Firefox: posts of an EUC-KR board are saved from its list with no U+FFFD', async () => {
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  const popup = await popupFor(panel, COPIES_URLS.euckrBoard);
  await popup.waitForSelector('main[data-page-kind="board"]', { timeout: 20_000 });
  const urls = await popup.$$eval('[data-post-url]', (els) => els.map((e) => e.dataset.postUrl));
  assert.equal(urls.length, 3, `the board's three posts are listed: ${urls}`);
  for (const u of urls) await popup.click(`[data-post-url="${u}"] input[type="checkbox"]`);
  await popup.locator('::-p-aria(Save selected (3)[role="button"])').click();
  await popup
    .waitForFunction(() => document.querySelectorAll('[data-post-url][data-saved="true"]').length === 3, {
      timeout: 30_000,
    })
    .catch(async (e) => {
      const rows = await popup.$$eval('[data-post-url]', (els) => els.map((el) => el.textContent));
      throw new Error(`${e.message}: ${rows.join(' | ')}`);
    });
  for (const [id, post] of Object.entries(EUCKR_POSTS)) {
    const item = await storedItem(popup, `${COPIES_URLS.euckrBoard}&wr_id=${id}`);
    assert.ok(!JSON.stringify(item).includes('\uFFFD'), `no U+FFFD in post ${id} (charset named by ${post.charset})`);
    assert.equal(item.title, post.title);
    assert.equal(item.text, post.paragraphs.join('\n'));
    assert.equal(item.comments[0]?.text, `똠방각하 최고! 뷁뷁 ${id}`);
  }
  await popup.close();
});
