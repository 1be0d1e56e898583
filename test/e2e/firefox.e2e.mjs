// End to end in Debian's Firefox ESR: the add-on installs, its content script runs on a fixture
// article, the popup page recognizes the page and saves it, and the save lands in the export.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactsDir, launchFirefox, readJson, waitForDownload } from './browsers.mjs';
import { extensionPage } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

let site;
let firefox;
const downloads = artifactsDir('firefox-downloads');

before(async () => {
  rmSync(downloads, { recursive: true, force: true });
  artifactsDir('firefox-downloads');
  site = await startSite();
  firefox = await launchFirefox({ proxy: site.proxy, downloads });
});

after(async () => {
  await firefox?.close();
  await site?.close();
});

/** The id of the tab showing `url`, asked from an extension page. */
async function tabIdOf(extPage, url) {
  return extPage.evaluate(async (u) => {
    const tabs = await browser.tabs.query({});
    return tabs.find((t) => t.url === u)?.id ?? null;
  }, url);
}

test('Firefox: content script runs, popup page recognizes and saves, export has the article', async () => {
  const article = await firefox.browser.newPage();
  await article.goto(START_URLS.naver, { waitUntil: 'load' });

  // The welcome page the extension opens on install is its library (side panel page).
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  await panel.waitForSelector('main.sidepanel');

  // The always-on content script has reported the page to the background.
  const tabId = await tabIdOf(panel, START_URLS.naver);
  assert.equal(typeof tabId, 'number', 'the article tab is visible to the extension');
  const seen = await panel.evaluate(async (id) => {
    for (let i = 0; i < 50; i++) {
      const res = await browser.runtime.sendMessage({
        type: 'tabInfo',
        data: { tabId: id },
        id: 1,
        timestamp: Date.now(),
      });
      if (res?.res?.ok && res.res.value.contentScript) return res.res.value;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }, tabId);
  assert.ok(seen, 'the content script reported the page');
  assert.equal(seen.kind, 'article');

  await panel.evaluate((id) => browser.tabs.create({ url: `/popup.html?tab=${id}` }), tabId);
  const popup = await extensionPage(firefox.browser, '/popup.html');
  await popup.waitForSelector('main:not([data-page-kind="loading"])', { timeout: 20_000 });
  const popupState = await popup.$eval('main', (m) => m.outerHTML);
  assert.match(popupState, /data-page-kind="article"/, popupState);
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 20_000 });

  await panel.bringToFront();
  await panel.waitForSelector(`[data-item-url="${START_URLS.naver}"]`, { timeout: 10_000 });
  await panel.locator('::-p-aria(Export JSON[role="button"])').click();
  const file = await waitForDownload(downloads, (n) => /\.json$/.test(n));
  const data = readJson(file);
  assert.equal(data.format, 'scrapnote-export');
  assert.equal(data.items.length, 1);
  assert.equal(data.items[0].url, START_URLS.naver);
  assert.equal(data.items[0].title, '한·일 정상, 생성형 인공지능 공동 연구 합의할 듯');
  assert.match(data.items[0].text, /생성형 인공지능\(AI\) 공동 연구개발/);
});
