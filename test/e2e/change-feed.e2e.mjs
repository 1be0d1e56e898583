// End to end (Chromium): every view follows the library's one change feed. An article is
// highlighted in its tab; the library is open in two side-panel pages, one of them in another
// window. Deleting the item from one panel takes the painted highlight and the toolbar badge off
// the article's tab and the row off the other window's panel within a second; undo brings all of
// it back the same way. Before the one write path, the panel deleted from IndexedDB itself and
// the tab kept its highlights and badge until it was reloaded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { badgeOf, keyboardSelect, painted, waitPainted } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

const QUOTE = '인공지능 안전성 평가 기준을';
/** How long a change may take to reach every view. */
const WITHIN_MS = 1000;

let site;
let chrome;
before(async () => {
  site = await startSite();
  chrome = await launchChromium({ proxy: site.proxy, lang: 'en' });
});
after(async () => {
  await chrome?.close();
  await site?.close();
});

/** Poll `read` until `ok(value)`; the time it took, or a failure naming `what` and the last value. */
async function within(read, ok, what, ms = WITHIN_MS) {
  const start = Date.now();
  let last;
  while (Date.now() - start <= ms) {
    last = await read();
    if (ok(last)) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

test('Chromium: a delete in the side panel reaches the painted tab, the badge and another window at once; so does undo', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(START_URLS.naver, { waitUntil: 'load' });
  await keyboardSelect(page, QUOTE);
  await page.waitForSelector('::-p-aria(Highlight yellow[role="button"])', { timeout: 15_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitPainted(page, (p) => p.yellow.length === 1, 'the new highlight');

  const worker = await chrome.worker();
  const badge = () => badgeOf(chrome, START_URLS.naver);
  await within(badge, (b) => b === '1', 'badge shows one highlight', 10_000);

  // The library in this window, and in a second window.
  const panel = await chrome.browser.newPage();
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  const row = `[data-item-url="${START_URLS.naver}"]`;
  await panel.waitForSelector(row, { timeout: 15_000 });
  const opened = chrome.browser.waitForTarget((t) => t.url().endsWith('sidepanel.html?window=2'));
  await worker.evaluate((url) => chrome.windows.create({ url }), chrome.extensionUrl('sidepanel.html?window=2'));
  const other = await (await opened).page();
  await other.waitForSelector(row, { timeout: 15_000 });
  const listed = (p) => p.$(row).then((el) => el !== null);

  // Delete from the first panel.
  await panel.bringToFront();
  await panel.click(`${row} input[type="checkbox"]`);
  await panel.locator('::-p-aria(Delete[role="button"])').click();
  const times = {
    painted: await within(
      () => painted(page).then((p) => p.yellow.length),
      (n) => n === 0,
      'the tab stops painting the deleted highlight',
    ),
    badge: await within(badge, (b) => b === '', 'the badge is cleared'),
    otherWindow: await within(
      () => listed(other),
      (has) => !has,
      'the other window lists the item no more',
    ),
  };
  console.info(`after delete (ms): ${JSON.stringify(times)}`);

  // Undo from the same panel: everything comes back.
  await panel.locator('::-p-aria(Undo[role="button"])').click();
  const back = {
    painted: await within(
      () => painted(page).then((p) => p.yellow),
      (y) => y.length === 1 && y[0] === QUOTE,
      'the tab paints the restored highlight',
      2 * WITHIN_MS,
    ),
    badge: await within(badge, (b) => b === '1', 'the badge counts it again'),
    otherWindow: await within(() => listed(other), Boolean, 'the other window lists it again'),
  };
  console.info(`after undo (ms): ${JSON.stringify(back)}`);
  assert.ok(true);
});
