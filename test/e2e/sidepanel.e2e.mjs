// End to end in Chromium: save three fixture articles from the popup, highlight a phrase in one,
// search the library in Korean from the side panel page (particles, marked snippets), open the
// hit in the reader: its highlight is painted there (CSS Custom Highlight API). axe-core on the
// library, the search results and the reader, light and dark.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, ROOT } from './browsers.mjs';
import { keyboardSelect, openPopup, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { ARTICLES } from './site/articles.mjs';

const urlOf = (a) => `https://n.news.naver.com/mnews/article/${a.oid}/${a.aid}`;
const QUOTE = '딥시크의 등장이';
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

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

async function save(page) {
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind]:not([data-page-kind="loading"])', { timeout: 20_000 });
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 20_000 });
  await popup.close();
}

/** Select a phrase in the page and highlight it (yellow) from the floating toolbar with the keyboard. */
async function highlight(page, phrase) {
  await keyboardSelect(page, phrase);
  await page.waitForSelector('::-p-aria(Highlight yellow[role="button"])', { timeout: 15_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => CSS.highlights.get('scrapnote-yellow')?.size === 1, { timeout: 15_000 });
}

async function axeCheck(page, what) {
  await page.evaluate(AXE);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    const violations = await page.evaluate(async () => {
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
    });
    assert.deepEqual(violations, [], `axe on ${what} (${scheme})`);
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

test('Chromium: three saved articles, Korean search with particles, reader shows the highlight', async () => {
  const pages = [];
  for (const a of ARTICLES) {
    const page = await chrome.browser.newPage();
    await page.goto(urlOf(a), { waitUntil: 'load' });
    await save(page);
    pages.push(page);
  }
  const deepseek = ARTICLES.findIndex((a) => a.paragraphs.some((p) => p.includes(QUOTE)));
  assert.ok(deepseek >= 0);
  await pages[deepseek].bringToFront();
  await highlight(pages[deepseek], QUOTE);

  const panel = await chrome.browser.newPage();
  await panel.setViewport({ width: 420, height: 900 });
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.waitForSelector('main.sidepanel');
  for (const a of ARTICLES) await panel.waitForSelector(`[data-item-url="${urlOf(a)}"]`, { timeout: 10_000 });
  await axeCheck(panel, 'the library');

  // 딥시크 is in the title and body of one article only (딥시크의, 딥시크 효과); 반도체 finds it too.
  const search = panel.locator('::-p-aria(Search[role="searchbox"])');
  await search.fill('딥시크');
  await panel.waitForFunction(() => document.querySelectorAll('[data-item-id]').length === 1, { timeout: 10_000 });
  const row = await panel.$eval('[data-item-id]', (el) => ({
    url: el.getAttribute('data-item-url'),
    marks: [...el.querySelectorAll('mark')].map((m) => m.textContent),
  }));
  assert.equal(row.url, urlOf(ARTICLES[deepseek]));
  assert.ok(row.marks.length >= 1 && row.marks.every((m) => m === '딥시크'), JSON.stringify(row.marks));
  await shot(panel, 'sidepanel-search');
  await axeCheck(panel, 'search results');

  // Particles: 인공지능 is in every article (인공지능용, 인공지능(AI) ...); syllables apart do not match.
  await search.fill('인공지능');
  await panel.waitForFunction(() => document.querySelectorAll('[data-item-id]').length >= 2, { timeout: 10_000 });
  await search.fill('딥크시');
  await panel.waitForSelector('::-p-text(Nothing found.)', { timeout: 10_000 });

  // The reader: open the hit, its highlight is painted over the saved copy.
  await search.fill('딥시크');
  await panel.waitForFunction(() => document.querySelectorAll('[data-item-id]').length === 1, { timeout: 10_000 });
  await panel.click('[data-item-id] .row-title');
  await panel.waitForSelector('.reader-body[data-painted="1"]', { timeout: 15_000 });
  const painted = await panel.evaluate(() =>
    [...(CSS.highlights.get('scrapnote-yellow') ?? [])].map((r) => r.toString()),
  );
  assert.deepEqual(painted, [QUOTE]);
  assert.equal(await panel.$eval('.reader-body', (el) => el.querySelectorAll('script, iframe, video').length), 0);
  const original = await panel.$eval('::-p-aria(Open the original[role="link"])', (a) => a.href);
  assert.equal(original, urlOf(ARTICLES[deepseek]));
  await shot(panel, 'sidepanel-reader');
  await axeCheck(panel, 'the reader');
});

test('Chromium: spacing, middle dots, initial consonants and facets on the saved articles; the reader opens at the first match', async () => {
  // Runs after the test above: the three articles are saved.
  const panel = await chrome.browser.newPage();
  await panel.setViewport({ width: 420, height: 900 });
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.waitForSelector('main.sidepanel');
  for (const a of ARTICLES) await panel.waitForSelector(`[data-item-url="${urlOf(a)}"]`, { timeout: 10_000 });
  const search = panel.locator('::-p-aria(Search[role="searchbox"])');
  // Waits for exactly these articles to be listed (the list of the query before may have as many rows).
  const listed = async (expected) => {
    const want = expected.map((i) => urlOf(ARTICLES[i])).sort();
    await panel
      .waitForFunction(
        (w) => {
          const urls = [...document.querySelectorAll('[data-item-id]')].map((el) => el.getAttribute('data-item-url'));
          return JSON.stringify(urls.sort()) === JSON.stringify(w);
        },
        { timeout: 10_000 },
        want,
      )
      .catch(() => undefined);
    const urls = await panel.$$eval('[data-item-id]', (els) => els.map((el) => el.getAttribute('data-item-url')));
    assert.deepEqual(urls.sort(), want);
  };

  // 한·일 in the article, 한일 in the query; 공동연구 finds 공동 연구.
  await search.fill('한일 정상회담');
  await listed([0]);
  await search.fill('공동연구');
  await listed([0]);
  await panel.waitForFunction(
    () => [...document.querySelectorAll('[data-item-id] mark')].some((m) => m.textContent === '공동 연구'),
    { timeout: 10_000 },
  );
  const places = await panel.$eval('[data-item-id] .row-places', (el) => el.textContent);
  assert.equal(places, 'Found in: Title · Text');
  // Initial consonants in titles: ㅂㄷㅊ is 반도체 (in the third title only).
  await search.fill('ㅂㄷㅊ');
  await listed([2]);
  // A quoted phrase as written: 공동 연구 is there, 공동연구 is not.
  await search.fill('"공동연구"');
  await panel.waitForSelector('::-p-text(Nothing found.)', { timeout: 10_000 });
  // Facets: the portal article's press outlet, read from the page.
  await search.fill('언론사:푸른경제 반도체');
  await listed([2]);
  await search.fill('kind:post 반도체');
  await panel.waitForSelector('::-p-text(Nothing found.)', { timeout: 10_000 });
  await search.fill('date:어제쯤 반도체');
  await panel.waitForSelector('::-p-text(Not understood: date:어제쯤)', { timeout: 10_000 });

  // The reader opens at the first match in the text, marked.
  await search.fill('공동연구');
  await listed([0]);
  await panel.click('[data-item-id] .row-title');
  await panel.waitForSelector('.reader-body[data-found="true"]', { timeout: 15_000 });
  const found = await panel.evaluate(() => [...(CSS.highlights.get('scrapnote-find') ?? [])].map((r) => r.toString()));
  assert.deepEqual(found, ['공동 연구']);
  await shot(panel, 'sidepanel-reader-found');
});
