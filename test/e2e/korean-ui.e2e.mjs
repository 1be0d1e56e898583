// The Korean UI in Chromium (browser language ko): the popup on a post with its board list and the
// side panel library speak Korean, and 다시 확인 (Check again) checks a saved post. This run also takes the README's screenshots
// (SCRAPNOTE_SCREENSHOTS=1 copies them to docs/screenshots).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { openPopup, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

let site;
let chrome;

before(async () => {
  site = await startSite();
  chrome = await launchChromium({ proxy: site.proxy, lang: 'ko' });
});

after(async () => {
  await chrome?.close();
  await site?.close();
});

test('Korean UI: popup on an XE post with its list, then the side panel library', async () => {
  for (const url of [START_URLS.naver, START_URLS.daum]) {
    const p = await chrome.browser.newPage();
    await p.goto(url, { waitUntil: 'load' });
    const popup = await openPopup(chrome, p);
    await popup.locator('::-p-aria(저장[role="button"])').click();
    await popup.waitForSelector('.saved-state', { timeout: 20_000 });
    await popup.close();
  }

  const page = await chrome.browser.newPage();
  await page.goto(START_URLS.xePost, { waitUntil: 'load' });
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="article+board"]', { timeout: 20_000 });
  assert.equal(await popup.$eval('.popup-head .kind', (el) => el.textContent), '게시글과 게시판 목록');
  await popup.locator('::-p-aria(저장[role="button"])').click();
  await popup.waitForSelector('.saved-state', { timeout: 20_000 });
  await popup.type('.tag-editor input', '국제');
  await popup.keyboard.press('Enter');
  await popup.waitForSelector('.chip');
  await shot(popup, 'popup-board');

  const panel = await chrome.browser.newPage();
  await panel.setViewport({ width: 420, height: 760 });
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.waitForFunction(() => document.querySelectorAll('[data-item-id]').length === 3, { timeout: 15_000 });
  const text = await panel.$eval('main', (el) => el.textContent ?? '');
  assert.match(text, /보관함/);
  await shot(panel, 'sidepanel-library');
});

test('Korean UI: 다시 확인 fetches a saved post anew and says it is unchanged', async () => {
  const panel = await chrome.browser.newPage();
  await panel.setViewport({ width: 420, height: 760 });
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.waitForSelector('main.sidepanel');
  await panel.click('#tab-library');
  await panel.waitForSelector(`.library [data-item-url="${START_URLS.xePost}"]`, { timeout: 15_000 });
  await panel.click(`.library [data-item-url="${START_URLS.xePost}"] .row-title`);
  await panel.waitForSelector('.reader .check-again');
  await panel.locator('::-p-aria(다시 확인[role="button"])').click();
  await panel.waitForSelector('.check-result:not([data-outcome=""])', { timeout: 30_000 });
  const said = await panel.$eval('.check-result', (e) => [e.dataset.outcome, e.textContent]);
  assert.equal(said[0], 'unchanged', said[1]);
  assert.match(await panel.$eval('.check-result', (e) => e.textContent), /^원문이 바뀌지 않았습니다 \(/);
  assert.match(await panel.$eval('.versions-bar', (e) => e.textContent), /마지막 확인/);
});
