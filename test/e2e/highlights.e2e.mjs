// End to end: highlights in Debian's Chromium with the built extension. Select text on a fixture article, highlight it from the floating toolbar (mouse and
// keyboard), add a note from the highlight's menu, open a highlight's menu from the keyboard, reload: painted again (CSS Custom Highlight
// API, read from the page's own world) and stored. Then change the article between visits: a
// lightly edited quote is placed approximately, a deleted one stays stored as an orphan.
// No screenshots here: in headless Chromium, Page.captureScreenshot of the article never returns
// once text was selected (seen 2026-11-28, with and without fullPage).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { keyboardSelect, painted, phraseRects, pressShortcut, storedHighlights, waitPainted } from './helpers.mjs';
import { startSite } from './server.mjs';
import { ARTICLES } from './site/articles.mjs';
import { naverArticle, START_URLS } from './site/pages.mjs';

const BASE = ARTICLES[0];
const QUOTE_1 = '생성형 인공지능(AI) 공동 연구개발이 주요 의제로';
const QUOTE_2 = '인공지능 안전성 평가 기준을';

/** What the fixture article looks like on the current visit. */
let version = 'original';
const variants = {
  original: BASE,
  // An extra sentence before the highlights and a word changed inside the first one.
  edited: {
    ...BASE,
    paragraphs: [`[속보] ${BASE.paragraphs[0].replace('주요 의제로', '핵심 의제로')}`, ...BASE.paragraphs.slice(1)],
  },
  // The first paragraph (and the first highlight's text) is gone.
  cut: { ...BASE, paragraphs: BASE.paragraphs.slice(1) },
};
const extraRoutes = (host, path) =>
  host === 'n.news.naver.com' && path.startsWith(`/mnews/article/${BASE.oid}/${BASE.aid}`)
    ? { status: 200, type: 'text/html; charset=utf-8', body: naverArticle(variants[version]) }
    : undefined;

let site;
before(async () => {
  site = await startSite({ extraRoutes });
});
after(async () => {
  await site?.close();
});

/**
 * The toolbar as the extension sees it (its shadow root is closed): mode, buttons with names,
 * pressed state, focus and centre points. Read in the content scripts' isolated world through
 * scripting.executeScript from the service worker. (Puppeteer's ARIA queries end the page
 * target on these pages in Debian's Chromium, so they are not used here.)
 */
async function toolbar(chrome) {
  const worker = await chrome.worker();
  return worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ url: 'https://n.news.naver.com/*' });
    const [r] = await chrome.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => {
        const h = globalThis.__scrapnoteHighlighter;
        if (!h) return null;
        const root = h.toolbar.shadow;
        return {
          mode: h.toolbar.currentMode,
          label: root.querySelector('[role]')?.getAttribute('aria-label') ?? null,
          textarea: root.querySelector('textarea')?.getAttribute('aria-label') ?? null,
          buttons: [...root.querySelectorAll('button')].map((b) => {
            const r = b.getBoundingClientRect();
            return {
              name: b.getAttribute('aria-label') ?? b.textContent,
              pressed: b.getAttribute('aria-pressed'),
              focused: root.activeElement === b,
              x: r.left + r.width / 2,
              y: r.top + r.height / 2,
            };
          }),
        };
      },
    });
    return r.result;
  });
}

async function waitToolbar(chrome, mode, timeout = 15_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await toolbar(chrome).catch(() => null);
    if (last?.mode === mode) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`toolbar not in ${mode} mode within ${timeout} ms (last: ${JSON.stringify(last)})`);
}

async function clickButton(page, tb, name) {
  const b = tb.buttons.find((x) => x.name === name);
  assert.ok(b, `toolbar has ${name}: ${tb.buttons.map((x) => x.name)}`);
  await page.mouse.click(b.x, b.y);
}

test('Chromium: highlight from the toolbar, note from the menu, painted again after reload and after edits', async () => {
  version = 'original';
  const chrome = await launchChromium({ proxy: site.proxy, lang: 'en' });
  try {
    const page = await chrome.browser.newPage();
    await page.goto(START_URLS.naver, { waitUntil: 'load' });

    // 1. Mouse: drag over the phrase; the toolbar offers five colors, note and copy.
    const at = await phraseRects(page, QUOTE_1);
    assert.ok(at, 'the phrase is on the page');
    await page.mouse.move(at.x1, at.y1);
    await page.mouse.down();
    await page.mouse.move(at.x2, at.y2, { steps: 8 });
    await page.mouse.up();
    const selected = await page.evaluate(() => getSelection().toString());
    assert.match(selected, /인공지능\(AI\) 공동 연구개발이 주요 의제/);
    let tb = await waitToolbar(chrome, 'selection');
    assert.equal(tb.label, 'Highlight');
    assert.deepEqual(
      tb.buttons.map((x) => x.name),
      [
        'Highlight yellow',
        'Highlight green',
        'Highlight blue',
        'Highlight pink',
        'Highlight purple',
        'Add note',
        'Copy',
      ],
    );
    await clickButton(page, tb, 'Highlight yellow');
    // The unsaved article is saved by the first highlight.
    let now = await waitPainted(page, (p) => p.yellow.length === 1, 'first highlight');
    assert.equal(now.yellow[0].replace(/\s+/g, ' ').trim(), selected.replace(/\s+/g, ' ').trim());

    // 2. Keyboard: select with Shift+arrows, Tab into the toolbar, arrow to green, Enter.
    assert.equal(await keyboardSelect(page, QUOTE_2), QUOTE_2);
    await waitToolbar(chrome, 'selection');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    now = await waitPainted(page, (p) => p.green.length === 1, 'keyboard highlight');
    assert.equal(now.green[0], QUOTE_2);

    // 3. Click the first highlight: its menu shows the color; add a note.
    const mid = await page.evaluate(() => {
      const r = [...CSS.highlights.get('scrapnote-yellow')][0].getClientRects()[0];
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.click(mid.x, mid.y);
    tb = await waitToolbar(chrome, 'menu');
    assert.deepEqual(
      tb.buttons.map((x) => [x.name, x.pressed]),
      [
        ['Yellow', 'true'],
        ['Green', 'false'],
        ['Blue', 'false'],
        ['Pink', 'false'],
        ['Purple', 'false'],
        ['Add note', null],
        ['Delete highlight', null],
      ],
    );
    assert.ok(tb.buttons[0].focused, 'the menu takes focus');
    // Keyboard from here: End (Delete), ArrowLeft (Add note), Enter; type; Ctrl+Enter saves.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    tb = await waitToolbar(chrome, 'editor');
    assert.equal(tb.textarea, 'Note');
    await page.keyboard.type('AI 공동 연구 — 예산 확인할 것');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await waitPainted(page, (p) => p.note.length === 1, 'note underline');

    // 3b. Keyboard way to an existing highlight's menu: select some of its text, Tab into the
    // toolbar, which now ends with "Edit highlight"; Enter opens the (focused) menu.
    assert.equal(await keyboardSelect(page, '안전성 평가'), '안전성 평가');
    tb = await waitToolbar(chrome, 'selection');
    assert.equal(tb.buttons.at(-1)?.name, 'Edit highlight');
    await page.keyboard.press('Tab');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    tb = await waitToolbar(chrome, 'menu');
    assert.equal(tb.label, 'Highlight menu');
    assert.deepEqual(
      tb.buttons.filter((x) => x.pressed === 'true').map((x) => x.name),
      ['Green'],
    );
    assert.ok(tb.buttons[0].focused, 'the menu opened from the keyboard takes focus');
    await page.keyboard.press('Escape');
    await waitToolbar(chrome, 'hidden');

    // 3c. The page shortcut (Alt+Shift+H, through the browser's command handling) with the caret
    // inside a highlight opens that highlight's menu instead of highlighting anything.
    await page.evaluate(() => {
      const range = [...CSS.highlights.get('scrapnote-yellow')][0];
      getSelection().collapse(range.startContainer, range.startOffset + 2);
    });
    // The shortcut goes to the active tab: the welcome page opened on install can be in front.
    await page.bringToFront();
    await pressShortcut(page, 'H');
    tb = await waitToolbar(chrome, 'menu');
    assert.deepEqual(
      tb.buttons.filter((x) => x.pressed === 'true').map((x) => x.name),
      ['Yellow'],
    );
    assert.ok(tb.buttons[0].focused, 'the menu opened by the shortcut takes focus');
    await page.keyboard.press('Escape');
    await waitToolbar(chrome, 'hidden');

    // 4. Reload: both painted again; the library holds both, with the note.
    await page.reload({ waitUntil: 'load' });
    now = await waitPainted(
      page,
      (p) => p.yellow.length === 1 && p.green.length === 1 && p.note.length === 1,
      'after reload',
    );
    const ext = await chrome.browser.newPage();
    await ext.goto(chrome.extensionUrl('sidepanel.html'));
    let stored = await storedHighlights(ext);
    assert.equal(stored.length, 2);
    const first = stored.find((h) => h.color === 'yellow');
    assert.equal(first.note, 'AI 공동 연구 — 예산 확인할 것');
    const quote = first.target.selector.find((s) => s.type === 'TextQuoteSelector');
    assert.match(quote.exact, /인공지능\(AI\) 공동 연구개발이 주요 의제/);
    assert.ok(quote.prefix.length > 0 && quote.prefix.length <= 32);
    assert.ok(first.target.selector.some((s) => s.type === 'TextPositionSelector'));
    assert.ok(first.target.selector.some((s) => s.type === 'RangeSelector'));

    // 5. The article changed a little: the edited quote is placed approximately, the other exactly.
    version = 'edited';
    await page.bringToFront();
    await page.reload({ waitUntil: 'load' });
    now = await waitPainted(page, (p) => p.yellow.length === 1 && p.green.length === 1, 'after edits');
    assert.match(now.yellow[0], /핵심 의제/);
    assert.equal(now.green[0], QUOTE_2);

    // 5b. The side panel's "show on page" (showHighlight, from an extension page): the background
    // has the page highlighter scroll to the highlight and flash it.
    const tabId = await ext.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, page.url());
    const green = stored.find((h) => h.color === 'green');
    // Watched from the page itself, every frame: the flash lasts 1.2 s, a loaded machine's
    // round trips can take longer.
    await page.evaluate(() => {
      window.__flashSeen = false;
      const watch = () => {
        if (CSS.highlights.get('scrapnote-flash')?.size === 1) window.__flashSeen = true;
        else requestAnimationFrame(watch);
      };
      watch();
    });
    const shown = await ext.evaluate(
      (tab, id) =>
        chrome.runtime.sendMessage({ id: 1, type: 'showHighlight', data: { tabId: tab, id }, timestamp: Date.now() }),
      tabId,
      green.id,
    );
    assert.equal(shown?.res?.ok, true, JSON.stringify(shown));
    await page.waitForFunction(() => window.__flashSeen === true, { timeout: 5_000 });

    // 5c. The page changes its URL without loading (history API, as single-page sites do): the
    // highlights of the article it left go; back at the article's URL, they come again.
    await page.evaluate(() => history.pushState(null, '', location.pathname.replace(/\d{10}$/, '0000000001')));
    await waitPainted(page, (p) => p.yellow.length === 0 && p.green.length === 0, 'after pushState');
    await page.evaluate(() => history.back());
    await waitPainted(page, (p) => p.yellow.length === 1 && p.green.length === 1, 'after history.back');

    // 6. The first paragraph is gone: that highlight is not painted anywhere, but it is kept.
    version = 'cut';
    await page.reload({ waitUntil: 'load' });
    now = await waitPainted(page, (p) => p.green.length === 1, 'after the cut');
    await new Promise((r) => setTimeout(r, 1500));
    now = await painted(page);
    assert.deepEqual(now.yellow, []);
    stored = await storedHighlights(ext);
    assert.equal(stored.length, 2, 'the orphan is still stored');
  } finally {
    version = 'original';
    await chrome.close();
  }
});
