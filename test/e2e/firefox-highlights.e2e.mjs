// End to end in Debian's Firefox ESR: a highlight made in Firefox from the floating
// toolbar (keyboard: select, Tab, Enter) is stored, painted with the CSS Custom Highlight API
// in the page's own registry, and painted again after a reload; clicking it opens its menu.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchFirefox } from './browsers.mjs';
import { extensionPage, keyboardSelect, storedHighlights, waitPainted } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

const QUOTE = '인공지능 안전성 평가 기준을';

let site;
let firefox;
before(async () => {
  site = await startSite();
  firefox = await launchFirefox({ proxy: site.proxy });
});
after(async () => {
  await firefox?.close();
  await site?.close();
});

/** The toolbar as the extension sees it (closed shadow root), read in the content scripts' world. */
function toolbar(extPage, tabId) {
  return extPage.evaluate(async (id) => {
    const [r] = await browser.scripting.executeScript({
      target: { tabId: id },
      func: () => {
        const h = globalThis.__scrapnoteHighlighter;
        if (!h) return null;
        const root = h.toolbar.shadow;
        return {
          mode: h.toolbar.currentMode,
          buttons: [...root.querySelectorAll('button')].map((b) => ({
            name: b.getAttribute('aria-label') ?? b.textContent,
            focused: root.activeElement === b,
          })),
          status: root.querySelector('.status')?.textContent ?? '',
        };
      },
    });
    return r.result;
  }, tabId);
}

async function waitToolbar(extPage, tabId, test, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await toolbar(extPage, tabId).catch((e) => String(e));
    if (last && typeof last === 'object' && test(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}: not within ${timeout} ms (toolbar: ${JSON.stringify(last)})`);
}

test('Firefox: a highlight made from the toolbar is stored, painted again after reload, and its menu opens on a click', async () => {
  const page = await firefox.browser.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  await page.goto(START_URLS.naver, { waitUntil: 'load' });
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  const tabId = await panel.evaluate(
    async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null,
    START_URLS.naver,
  );
  assert.equal(typeof tabId, 'number', 'the article tab is visible to the extension');

  try {
    // Select the phrase plus one character, then Shift+ArrowLeft as a keyboard user would: the
    // real key events are what make the content script load the highlighter.
    assert.equal(await keyboardSelect(page, QUOTE), QUOTE);

    const tb = await waitToolbar(panel, tabId, (t) => t.mode === 'selection', 'toolbar for the selection');
    assert.equal(tb.buttons[0]?.name, 'Highlight yellow');
    await page.keyboard.press('Tab');
    const focused = await waitToolbar(panel, tabId, (t) => t.buttons[0]?.focused, 'Tab focuses the toolbar', 5000);
    assert.equal(focused.mode, 'selection');
    await page.keyboard.press('Enter');

    let now = await waitPainted(page, (p) => p.yellow.length === 1, 'the new highlight');
    assert.equal(now.yellow[0], QUOTE);
    const stored = await storedHighlights(panel);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].target.selector.find((s) => s.type === 'TextQuoteSelector').exact, QUOTE);

    await page.reload({ waitUntil: 'load' });
    now = await waitPainted(page, (p) => p.yellow.length === 1, 'after reload');
    assert.equal(now.yellow[0], QUOTE);

    // Clicking the painted highlight opens its menu (Firefox finds it with
    // CSS.highlights.highlightsFromPoint); the keyboard then recolors it.
    assert.equal(
      await page.evaluate(() => typeof CSS.highlights.highlightsFromPoint),
      'function',
      'Firefox has highlightsFromPoint',
    );
    const mid = await page.evaluate(() => {
      const range = [...CSS.highlights.get('scrapnote-yellow')][0];
      range.startContainer.parentElement.scrollIntoView({ block: 'center' });
      const r = range.getClientRects()[0];
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.click(mid.x, mid.y);
    const menu = await waitToolbar(panel, tabId, (t) => t.mode === 'menu', 'menu of the clicked highlight');
    assert.deepEqual(
      menu.buttons.map((b) => b.name),
      ['Yellow', 'Green', 'Blue', 'Pink', 'Purple', 'Add note', 'Delete highlight'],
    );
    assert.ok(menu.buttons[0].focused, 'the menu takes focus');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    now = await waitPainted(page, (p) => p.green.length === 1 && p.yellow.length === 0, 'recolored from the menu');
    assert.equal(now.green[0], QUOTE);
    const recolored = await storedHighlights(panel);
    assert.equal(recolored[0].color, 'green');

    // The keyboard way to the same menu: select some of the highlight's text with Shift+arrows,
    // Tab into the toolbar, End ("Edit highlight"), Enter.
    await page.evaluate((p) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.data.indexOf(p);
        if (i < 0) continue;
        getSelection().setBaseAndExtent(n, i, n, i + p.length + 1);
        return;
      }
    }, '안전성 평가');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.up('Shift');
    const offer = await waitToolbar(
      panel,
      tabId,
      (t) => t.mode === 'selection' && t.buttons.at(-1)?.name === 'Edit highlight',
      'toolbar offering "Edit highlight"',
    );
    assert.equal(offer.buttons.at(-1).name, 'Edit highlight');
    await page.keyboard.press('Tab');
    await waitToolbar(panel, tabId, (t) => t.buttons[0]?.focused, 'Tab focuses the toolbar', 5000);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const again = await waitToolbar(panel, tabId, (t) => t.mode === 'menu', 'menu from the keyboard');
    assert.ok(again.buttons[0].focused, 'the menu takes focus');
    assert.equal(again.buttons.length, 7);
  } catch (e) {
    const tb = await toolbar(panel, tabId).catch((x) => String(x));
    console.log('toolbar:', JSON.stringify(tb), '\npage console:\n', logs.join('\n'));
    throw e;
  }
});
