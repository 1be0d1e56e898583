// Shared steps of the end-to-end tests.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsDir, ROOT } from './browsers.mjs';

/**
 * Open the real toolbar popup for `page`'s tab (Chromium): bring the page to the front, then
 * chrome.action.openPopup() from the service worker. Returns the popup's Page.
 */
export async function openPopup(chrome, page) {
  await page.bringToFront();
  const worker = await chrome.worker();
  const existing = new Set(chrome.browser.targets().filter((t) => t.url().includes('/popup.html')));
  await worker.evaluate(() => chrome.action.openPopup());
  const target = await chrome.browser.waitForTarget((t) => t.url().includes('/popup.html') && !existing.has(t), {
    timeout: 10_000,
  });
  const popup = await target.asPage();
  await popup.waitForSelector('main');
  return popup;
}

/**
 * Save a screenshot to test/e2e/.artifacts/screenshots, and to docs/screenshots when
 * SCRAPNOTE_SCREENSHOTS=1 (how the README's pictures are made).
 */
export async function shot(page, name) {
  const dir = artifactsDir('screenshots');
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.SCRAPNOTE_SCREENSHOTS === '1') {
    mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
    copyFileSync(file, join(ROOT, 'docs/screenshots', `${name}.png`));
  }
  return file;
}
