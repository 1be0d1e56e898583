// End to end in Debian's Chromium with the built extension: the real popup (chrome.action.openPopup),
// a save, the side panel page updating live, and the exported JSON file.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactsDir, launchChromium, readJson, waitForDownload } from './browsers.mjs';
import { openPopup, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

let site;
let chrome;
const downloads = artifactsDir('chromium-downloads');

before(async () => {
  rmSync(downloads, { recursive: true, force: true });
  artifactsDir('chromium-downloads');
  site = await startSite();
  chrome = await launchChromium({ proxy: site.proxy, downloads, lang: process.env.E2E_LANG ?? 'en' });
});

after(async () => {
  await chrome?.close();
  await site?.close();
});

test('popup saves a Naver article; the side panel lists it live and exports it as JSON', async () => {
  const article = await chrome.browser.newPage();
  await article.goto(START_URLS.naver, { waitUntil: 'load' });

  const panel = await chrome.browser.newPage();
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.waitForSelector('main.sidepanel');

  const popup = await openPopup(chrome, article);
  await popup.waitForSelector('[data-page-kind="article"]', { timeout: 20_000 });
  const title = await popup.$eval('h1', (el) => el.textContent);
  assert.equal(title, '한·일 정상, 생성형 인공지능 공동 연구 합의할 듯');
  await shot(popup, 'popup-article');
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 20_000 });

  // Live update in the side panel, which was open before the save.
  await panel.waitForSelector(`[data-item-url="${START_URLS.naver}"]`, { timeout: 10_000 });

  // A save from another tab shows up too.
  const post = await chrome.browser.newPage();
  await post.goto(START_URLS.xePost, { waitUntil: 'load' });
  const popup2 = await openPopup(chrome, post);
  await popup2.waitForSelector('main[data-page-kind]:not([data-page-kind="loading"])', { timeout: 20_000 });
  await popup2.locator('::-p-aria(Save[role="button"])').click();
  await popup2.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 20_000 });
  await panel.bringToFront();
  await panel.waitForSelector(`[data-item-url="${START_URLS.xePost}"]`, { timeout: 10_000 });
  await shot(panel, 'sidepanel-library');

  await panel.locator('::-p-aria(Export JSON[role="button"])').click();
  const file = await waitForDownload(downloads, (n) => /^스크랩노트-\d{4}-\d{2}-\d{2}\.json$/.test(n));
  const data = readJson(file);
  assert.equal(data.format, 'scrapnote-export');
  assert.equal(data.version, 4);
  assert.equal(data.items.length, 2);
  const naver = data.items.find((i) => i.url === START_URLS.naver);
  assert.ok(naver, 'the Naver article is in the export');
  assert.equal(naver.title, '한·일 정상, 생성형 인공지능 공동 연구 합의할 듯');
  assert.match(naver.text, /다음 주 열리는 한·일 정상회담에서 생성형 인공지능/);
  assert.match(naver.html, /<p>|<br>|<div/);
  assert.doesNotMatch(naver.html, /<script|onerror=/i);
  assert.ok(!Number.isNaN(Date.parse(naver.savedAt)));
  assert.equal(naver.site.host, 'n.news.naver.com');
  // A portal article: the press outlet is the site, the portal the way it came.
  assert.equal(naver.site.name, '한빛일보');
  assert.equal(naver.site.via, '네이버 뉴스');
  const xe = data.items.find((i) => i.url === START_URLS.xePost);
  assert.ok(xe, 'the XE post is in the export');
  assert.match(xe.text, /한·일 정상회담/);
});
