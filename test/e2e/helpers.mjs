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
export async function shot(page, name, { fullPage = !page.url().includes('/popup.html') } = {}) {
  const dir = artifactsDir('screenshots');
  const file = join(dir, `${name}.png`);
  // A popup window is captured as it is: a full-page capture of one repeats its content.
  await page.screenshot({ path: file, fullPage });
  if (process.env.SCRAPNOTE_SCREENSHOTS === '1') {
    mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
    copyFileSync(file, join(ROOT, 'docs/screenshots', `${name}.png`));
  }
  return file;
}

let axeSource;
/**
 * Run axe-core in a page (evaluated through the DevTools protocol, so the extension page's CSP
 * is not involved) and return its serious and critical violations, in light and dark mode.
 */
export async function axeViolations(page) {
  axeSource ??= (await import('node:fs')).readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const found = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    found.push(...violations.map((v) => `[${scheme}] ${v}`));
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  return found;
}

/**
 * An extension page open in a tab. Firefox's WebDriver BiDi refuses to navigate a tab to a
 * moz-extension URL and reports such tabs as about:blank, so extension pages are opened by the
 * extension itself (the welcome page on install, then browser.tabs.create) and found by asking
 * each page where it is.
 */
export async function extensionPage(browser, part, timeout = 15_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes(part)) return page;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No extension page ${part} opened within ${timeout} ms`);
}
