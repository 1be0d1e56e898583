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
  // The popup belongs to the focused window's active tab: make sure that is `page`'s tab.
  const url = page.url();
  const activeUrl = () =>
    worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.url);
  for (let i = 0; i < 50 && (await activeUrl()) !== url; i++) {
    await new Promise((r) => setTimeout(r, 100));
    await page.bringToFront();
  }
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

/** Ranges painted per layer, read in the page's main world (the registry is per document). */
export function painted(page) {
  return page.evaluate(() => {
    const out = {};
    for (const name of ['yellow', 'green', 'blue', 'pink', 'purple', 'note']) {
      const h = CSS.highlights.get(`scrapnote-${name}`);
      out[name] = h ? [...h].map((r) => r.toString()) : [];
    }
    return out;
  });
}

/** Wait until `test(painted(page))` holds; the error says what was painted instead. */
export async function waitPainted(page, test, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await painted(page).catch((e) => String(e));
    if (typeof last === 'object' && test(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}: not painted within ${timeout} ms (painted: ${JSON.stringify(last)})`);
}

/** Viewport points inside a phrase's first and last character (scrolled into view), or null. */
export function phraseRects(page, phrase) {
  return page.evaluate((p) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(p);
      if (i < 0) continue;
      n.parentElement.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 1);
      const a = r.getBoundingClientRect();
      r.setStart(n, i + p.length - 1);
      r.setEnd(n, i + p.length);
      const b = r.getBoundingClientRect();
      return { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
    }
    return null;
  }, phrase);
}

/**
 * Select a phrase plus one character, then Shift+ArrowLeft as a keyboard user would: the real key
 * events are what make the content script load the highlighter. Answers the selected text.
 */
export async function keyboardSelect(page, phrase) {
  await page.evaluate((p) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(p);
      if (i < 0) continue;
      n.parentElement.scrollIntoView({ block: 'center' });
      getSelection().setBaseAndExtent(n, i, n, i + p.length + 1);
      return;
    }
    throw new Error(`not on the page: ${p}`);
  }, phrase);
  await page.keyboard.down('Shift');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.up('Shift');
  return page.evaluate(() => getSelection().toString());
}

/**
 * Every row of a store of the extension's database, read in one of its pages. A Map field (the
 * highlight owners' rows) comes back as its entries: Maps do not cross the DevTools protocol.
 */
export function dbRows(extPage, store) {
  return extPage.evaluate(
    (s) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('scrapnote');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const q = open.result.transaction(s).objectStore(s).getAll();
          q.onsuccess = () => {
            const entries = (row) =>
              Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Map ? [...v] : v]));
            resolve(q.result.map(entries));
            open.result.close();
          };
          q.onerror = () => reject(q.error);
        };
      }),
    store,
  );
}

/** Every stored highlight (an item's row holds its highlights: lib/db/index.ts ItemRow). */
export async function storedHighlights(extPage) {
  return (await dbRows(extPage, 'items')).flatMap((row) => row.highlights ?? []);
}

/** Select exactly the first occurrence of `quote` on the page (no key events). */
export function selectQuote(page, quote) {
  return page.evaluate((q) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(q);
      if (i < 0) continue;
      getSelection().setBaseAndExtent(n, i, n, i + q.length);
      return;
    }
    throw new Error('quote not on the page');
  }, quote);
}

/**
 * Press a keyboard shortcut as the user would, in the focused tab. A raw key event through the
 * DevTools protocol goes through the browser's own key handling first, where extension commands
 * are matched (puppeteer's page.keyboard does not reach them).
 */
export async function pressShortcut(page, key) {
  const cdp = await page.createCDPSession();
  const code = `Key${key}`;
  const vk = key.charCodeAt(0);
  // Modifiers: Alt = 1, Shift = 8.
  for (const type of ['rawKeyDown', 'keyUp']) {
    await cdp.send('Input.dispatchKeyEvent', {
      type,
      modifiers: 1 | 8,
      key,
      code,
      windowsVirtualKeyCode: vk,
      nativeVirtualKeyCode: vk,
    });
  }
  await cdp.detach();
}

/** The toolbar badge's text on the tab showing `url` (Chromium), read in the service worker. */
export async function badgeOf(chrome, url) {
  const worker = await chrome.worker();
  return worker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    return chrome.action.getBadgeText({ tabId: tab.id });
  }, url);
}

/** Replace the text of the field labelled `label` (a textbox first, else any element so named). */
export async function fillField(page, label, value) {
  const named = await page.waitForSelector(`::-p-aria(${label})`);
  const el = (await page.$(`::-p-aria(${label}[role="textbox"])`)) ?? named;
  await el.click({ count: 3 });
  await page.keyboard.press('Backspace');
  await el.type(value);
}

/**
 * Click the sync settings page's "Sync now" button (named `label` in the page's language) and wait
 * until the round is over: the status names a new end time and says ok or error.
 */
export async function syncNow(page, label = 'Sync now') {
  const before = await page.$eval('[data-sync-status]', (el) => el.dataset.syncAt);
  await page.locator(`::-p-aria(${label}[role="button"])`).click();
  await page.waitForFunction(
    (before) => {
      const el = document.querySelector('[data-sync-status]');
      return el && el.dataset.syncAt !== before && ['ok', 'error'].includes(el.dataset.syncStatus ?? '');
    },
    { timeout: 30_000 },
    before,
  );
  return page.$eval('[data-sync-status]', (el) => ({ state: el.dataset.syncStatus, text: el.textContent }));
}
