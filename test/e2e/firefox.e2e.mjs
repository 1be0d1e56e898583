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

/** Open `url`, wait for the content script's report, save it from the popup page; the report. */
async function saveFromPopup(panel, url) {
  const tab = await firefox.browser.newPage();
  await tab.goto(url, { waitUntil: 'load' });
  await panel.bringToFront();
  const tabId = await tabIdOf(panel, url);
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

  await panel.evaluate((id) => browser.tabs.create({ url: `/popup.html?tab=${id}` }), tabId);
  const popup = await extensionPage(firefox.browser, '/popup.html');
  await popup.waitForSelector('main:not([data-page-kind="loading"])', { timeout: 20_000 });
  const popupState = await popup.$eval('main', (m) => m.outerHTML);
  assert.match(popupState, /data-page-kind="article"/, popupState);
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 20_000 });
  await popup.close();
  return seen;
}

/** Export the library from the side panel; the file's items. */
async function exportedItems(panel, count) {
  await panel.bringToFront();
  rmSync(downloads, { recursive: true, force: true });
  artifactsDir('firefox-downloads');
  await panel.locator('::-p-aria(Export JSON[role="button"])').click();
  const data = readJson(await waitForDownload(downloads, (n) => /\.json$/.test(n)));
  assert.equal(data.format, 'scrapnote-export');
  assert.equal(data.items.length, count);
  return data.items;
}

test('Firefox: content script runs, popup page recognizes and saves, export has the article', async () => {
  // The welcome page the extension opens on install is its library (side panel page).
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  await panel.waitForSelector('main.sidepanel');
  const seen = await saveFromPopup(panel, START_URLS.naver);
  assert.equal(seen.kind, 'article');

  await panel.bringToFront();
  await panel.waitForSelector(`[data-item-url="${START_URLS.naver}"]`, { timeout: 10_000 });
  const [item] = await exportedItems(panel, 1);
  assert.equal(item.url, START_URLS.naver);
  assert.equal(item.title, '한·일 정상, 생성형 인공지능 공동 연구 합의할 듯');
  assert.match(item.text, /생성형 인공지능\(AI\) 공동 연구개발/);
});

test('Firefox: a newspaper brief no profile knows is read by Readability in the content script', async () => {
  // Under 500 characters: every Readability pass starts over from the original body
  // (lib/extract/readability.ts), here through Firefox's wrappers of the page's DOM.
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  const seen = await saveFromPopup(panel, START_URLS.newspaperBrief);
  assert.equal(seen.kind, 'article');
  assert.equal(seen.profile, 'generic');
  await panel.waitForSelector(`[data-item-url="${START_URLS.newspaperBrief}"]`, { timeout: 10_000 });
  const item = (await exportedItems(panel, 2)).find((i) => i.url === START_URLS.newspaperBrief);
  assert.ok(item, 'the brief is in the export');
  assert.equal(item.title, '[속보] 서울 지하철 2호선 신호 장애 복구…운행 재개');
  assert.equal(item.site.name, '한강일보');
  assert.equal(item.publishedAt, '2025-02-05T08:15:00+09:00');
  assert.deepEqual(item.authors, ['이도윤']);
  assert.match(item.text, /^5일 오전 7시 40분쯤 발생한 서울 지하철 2호선 신호 장애가/);
  assert.match(item.text, /배차 간격이 길어질 수 있다고 안내했다\./);
  assert.doesNotMatch(item.text, /많이 본 뉴스|무단전재/);
});
