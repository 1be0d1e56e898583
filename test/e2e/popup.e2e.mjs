// The toolbar popup in Chromium (real popup through chrome.action.openPopup): tags and a note
// kept across reopening, remove and undo, Korean IME in the tag field, saving posts straight
// from a board list with a failure that is reported and retried, select all and cancel. Also the
// keyboard shortcuts (real key events through the browser's command handling). The context-menu
// items cannot be clicked in headless Chromium (no native menu is shown; contextMenus.onClicked
// cannot be dispatched), but their handler calls the same run(id) with the same ids
// ('save-page', 'highlight-selection') as the shortcuts tested here (entrypoints/background/index.ts).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactsDir, launchChromium, readJson, waitForDownload } from './browsers.mjs';
import {
  axeViolations,
  badgeOf,
  dbRows,
  openPopup,
  pressShortcut,
  selectQuote,
  shot,
  storedHighlights,
} from './helpers.mjs';
import { startSite } from './server.mjs';
import { ARTICLES } from './site/articles.mjs';
import { route, START_URLS } from './site/pages.mjs';

let site;
let chrome;
let missingPostServed = false;
const downloads = artifactsDir('popup-downloads');

before(async () => {
  rmSync(downloads, { recursive: true, force: true });
  artifactsDir('popup-downloads');
  site = await startSite({
    // Post 47290 is listed on the board but answers 404 until the test "fixes" the site.
    extraRoutes: (host, path) =>
      host === 'www.ranknews.kr' && path === '/board/47290'
        ? missingPostServed
          ? route(host, '/board/47318')
          : { status: 404, type: 'text/html; charset=utf-8', body: '<!doctype html><title>404</title>없음' }
        : null,
  });
  chrome = await launchChromium({ proxy: site.proxy, downloads, lang: process.env.E2E_LANG ?? 'en' });
});

after(async () => {
  await chrome?.close();
  await site?.close();
});

const text = (page, sel) => page.$eval(sel, (el) => el.textContent?.trim());

test('article: save with two tags and a note; reopen shows them; remove and undo', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(START_URLS.naver, { waitUntil: 'load' });
  let popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="article"]', { timeout: 20_000 });
  assert.match(await text(popup, '.facts'), /한빛일보/);
  assert.match(await text(popup, '.facts'), /김하늘/);
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('.saved-state');
  // The toolbar badge says the tab's page is saved.
  const badge = () => badgeOf(chrome, START_URLS.naver);
  for (let i = 0; i < 50 && (await badge()) !== '✓'; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await badge(), '✓');
  const tagField = '.tag-editor input';
  await popup.type(tagField, '인공지능');
  await popup.keyboard.press('Enter');
  await popup.type(tagField, '한일관계,');
  await popup.type('.note textarea', '후속 보도 확인할 것');
  await popup.waitForFunction(() => document.querySelectorAll('.chip').length === 2);
  // Let the note's debounced save land, then close the popup.
  await new Promise((r) => setTimeout(r, 800));
  await popup.close();

  popup = await openPopup(chrome, page);
  await popup.waitForSelector('.saved-state', { timeout: 20_000 });
  const chips = await popup.$$eval('.chip span', (els) => els.map((e) => e.textContent));
  assert.deepEqual(chips, ['인공지능', '한일관계']);
  assert.equal(await popup.$eval('.note textarea', (el) => el.value), '후속 보도 확인할 것');
  await shot(popup, 'popup-saved');
  assert.deepEqual(await axeViolations(popup), [], 'axe: no serious or critical violations in the saved popup');

  await popup.locator('::-p-aria(Remove[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Undo[role="button"])');
  assert.equal(await popup.$('.saved-state'), null);
  await popup.locator('::-p-aria(Undo[role="button"])').click();
  await popup.waitForSelector('.saved-state');
  const again = await popup.$$eval('.chip span', (els) => els.map((e) => e.textContent));
  assert.deepEqual(again, ['인공지능', '한일관계'], 'undo restores tags');
  await popup.close();

  // On another article, tags already used are suggested.
  const other = await chrome.browser.newPage();
  await other.goto(START_URLS.daum, { waitUntil: 'load' });
  const popup2 = await openPopup(chrome, other);
  await popup2.waitForSelector('main[data-page-kind="article"]', { timeout: 20_000 });
  await popup2.locator('::-p-aria(Save[role="button"])').click();
  await popup2.waitForSelector('.saved-state');
  await popup2.type(tagField, '인공');
  await popup2.waitForSelector('[role="option"]');
  await popup2.keyboard.press('ArrowDown');
  await popup2.keyboard.press('Enter');
  await popup2.waitForFunction(() => document.querySelector('.chip span')?.textContent === '인공지능');
  await popup2.close();
});

test('article no profile knows: a newspaper brief is read by Readability and saved', async () => {
  // Under 500 characters: every Readability pass starts over from the original body
  // (lib/extract/readability.ts), here in the content script's isolated world.
  const page = await chrome.browser.newPage();
  await page.goto(START_URLS.newspaperBrief, { waitUntil: 'load' });
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="article"]', { timeout: 20_000 });
  assert.match(await text(popup, '.facts'), /한강일보/);
  assert.match(await text(popup, '.facts'), /이도윤/);
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('.saved-state');
  const item = (await dbRows(popup, 'items')).find((i) => i.url === START_URLS.newspaperBrief);
  assert.ok(item, 'the brief is stored');
  assert.equal(item.title, '[속보] 서울 지하철 2호선 신호 장애 복구…운행 재개');
  assert.equal(item.publishedAt, '2025-02-05T08:15:00+09:00');
  assert.match(item.text, /^5일 오전 7시 40분쯤 발생한 서울 지하철 2호선 신호 장애가/);
  assert.match(item.text, /배차 간격이 길어질 수 있다고 안내했다\./);
  assert.doesNotMatch(item.text, /많이 본 뉴스|무단전재/);
  await popup.close();
  await page.close();
});

test('tag field: Enter during a Korean IME composition does not commit a half-typed tag', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(START_URLS.naver, { waitUntil: 'load' });
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('.saved-state', { timeout: 20_000 });
  const before = await popup.$$eval('.chip', (els) => els.length);
  await popup.focus('.tag-editor input');
  await popup.evaluate(() => {
    const input = document.querySelector('.tag-editor input');
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    input.value = '경제';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data: '경제', isComposing: true }));
    // The Enter that ends the composition: isComposing is true, keyCode 229.
    input.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, isComposing: true, keyCode: 229 }),
    );
  });
  assert.equal(await popup.$$eval('.chip', (els) => els.length), before, 'no tag committed during composition');
  await popup.evaluate(() => {
    const input = document.querySelector('.tag-editor input');
    input.value = '경제정책';
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '경제정책' }));
  });
  await popup.keyboard.press('Enter');
  await popup.waitForFunction((n) => document.querySelectorAll('.chip').length === n + 1, {}, before);
  const chips = await popup.$$eval('.chip span', (els) => els.map((e) => e.textContent));
  assert.equal(chips.at(-1), '경제정책');
  await popup.close();
});

test('board list: save three posts and a failing one from the list, retry the failure, all in the export', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(START_URLS.xeBoard, { waitUntil: 'load' });
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="board"]', { timeout: 20_000 });
  const urls = await popup.$$eval('[data-post-url]', (els) => els.map((e) => e.dataset.postUrl));
  assert.ok(urls.length >= 10, `the list has its posts (${urls.length})`);
  // The Naver article is not on this board; the XE post 47321 may be saved by another test file.
  const wanted = [
    'https://www.ranknews.kr/board/47318',
    'https://www.ranknews.kr/board/47317',
    'https://www.ranknews.kr/board/47316',
    'https://www.ranknews.kr/board/47290',
  ];
  for (const u of wanted) {
    assert.ok(urls.includes(u), `${u} is listed`);
    await popup.click(`[data-post-url="${u}"] input[type="checkbox"]`);
  }
  await shot(popup, 'popup-board');
  assert.deepEqual(await axeViolations(popup), [], 'axe: no serious or critical violations in the board popup');
  const served = site.requests.length;
  await popup.locator('::-p-aria(Save selected (4)[role="button"])').click();
  await popup.waitForSelector('.failure', { timeout: 30_000 });
  await popup.waitForFunction(() => document.querySelectorAll('[data-post-url][data-saved="true"]').length >= 3, {
    timeout: 30_000,
  });
  const failure = await text(popup, '[data-post-url="https://www.ranknews.kr/board/47290"] .failure');
  assert.match(failure, /404/);
  // The posts' pages (saving also fetches the images of their bodies, under /board/files/).
  const fetched = site.requests
    .slice(served)
    .filter((r) => r.startsWith('www.ranknews.kr /board/') && !r.startsWith('www.ranknews.kr /board/files/'));
  assert.deepEqual(new Set(fetched), new Set(wanted.map((u) => `www.ranknews.kr ${new URL(u).pathname}`)));

  missingPostServed = true;
  await popup.locator('[data-post-url="https://www.ranknews.kr/board/47290"] .failure button').click();
  await popup.waitForSelector('[data-post-url="https://www.ranknews.kr/board/47290"][data-saved="true"]', {
    timeout: 20_000,
  });
  await popup.close();

  const panel = await chrome.browser.newPage();
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.locator('::-p-aria(Export JSON[role="button"])').click();
  const data = readJson(await waitForDownload(downloads, (n) => n.endsWith('.json')));
  for (const u of wanted) {
    const item = data.items.find((i) => i.url === u);
    assert.ok(item, `${u} is exported`);
    assert.equal(item.kind, 'post');
    assert.ok(item.text.length > 50, 'with its text fetched from the site');
    assert.equal(item.board?.name, '뉴스게시판');
  }
  // Fetched posts are sanitized, not flattened to text: the fixture post's relative link and image
  // survive, resolved against the post's URL (/board/N), not the board list's (/board).
  const post = data.items.find((i) => i.url === 'https://www.ranknews.kr/board/47318');
  assert.match(post.html, /<a [^>]*href="https:\/\/www\.ranknews\.kr\/board\/47317"/, 'the post keeps its link');
  assert.match(post.html, /<img [^>]*src="https:\/\/www\.ranknews\.kr\/board\/files\/47318\.png"/, 'and its image');
});

/** The accessibility tree's node for `name` (as a screen reader gets it). */
async function axNode(page, role, name) {
  const find = (n) => (n.role === role && n.name === name ? n : (n.children ?? []).map(find).find(Boolean));
  return find(await page.accessibility.snapshot({ interestingOnly: true }));
}

test('board list: select all selects every post not yet saved and says so; cancel stops the rest, saved ones stay', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(START_URLS.xeBoard, { waitUntil: 'load' });
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="board"]', { timeout: 20_000 });
  await popup.waitForSelector('[data-post-url] input[type="checkbox"]');
  const rows = () =>
    popup.$$eval('[data-post-url]', (els) =>
      els.map((e) => ({
        url: e.dataset.postUrl,
        saved: e.dataset.saved === 'true',
        checked: e.querySelector('input[type="checkbox"]').checked,
        disabled: e.querySelector('input[type="checkbox"]').disabled,
        cancelled: [...e.querySelectorAll('.badge')].some((b) => b.textContent === 'Cancelled'),
        failure: e.querySelector('.failure')?.textContent ?? null,
      })),
    );
  const listed = await rows();
  const open = listed.filter((r) => !r.saved);
  assert.ok(open.length >= 6, `enough posts not saved yet to cancel some (${open.length} of ${listed.length})`);

  // Select all: every listed post that is not saved yet is checked (saved ones cannot be), the
  // checkbox says it is checked, and the button names the count.
  await popup.locator('::-p-aria(Select all[role="checkbox"])').click();
  const all = await rows();
  assert.deepEqual(
    all.filter((r) => r.checked).map((r) => r.url),
    open.map((r) => r.url),
    'select all checks every post not yet saved',
  );
  assert.ok(
    all.filter((r) => r.saved).every((r) => !r.checked && r.disabled),
    'saved posts stay unchecked and disabled',
  );
  assert.equal((await axNode(popup, 'checkbox', 'Select all'))?.checked, true, 'announced as checked');
  const saveAll = `Save selected (${open.length})`;
  assert.ok(await axNode(popup, 'button', saveAll), `the button is announced as "${saveAll}"`);
  // And again: none selected, the button says so and cannot be pressed.
  await popup.locator('::-p-aria(Select all[role="checkbox"])').click();
  assert.equal((await rows()).filter((r) => r.checked).length, 0, 'select all again clears the selection');
  assert.equal((await axNode(popup, 'checkbox', 'Select all'))?.checked, false, 'announced as not checked');
  assert.equal((await axNode(popup, 'button', 'Save selected'))?.disabled, true, 'nothing to save');

  // Save them all, and cancel once the first one is saved.
  await popup.locator('::-p-aria(Select all[role="checkbox"])').click();
  const served = site.requests.length;
  const fetchedSince = (n) => site.requests.slice(n).filter((r) => /^www\.ranknews\.kr \/board\/\d+$/.test(r));
  await popup.locator(`::-p-aria(${saveAll}[role="button"])`).click();
  await popup.waitForFunction(
    (n) => document.querySelectorAll('[data-post-url][data-saved="true"]').length > n,
    { timeout: 30_000 },
    all.filter((r) => r.saved).length,
  );
  await popup.locator('::-p-aria(Cancel[role="button"])').click();
  const atCancel = site.requests.length;
  // The run ends: the Cancel button goes, select all can be used again.
  await popup.waitForFunction(
    () =>
      ![...document.querySelectorAll('button')].some((b) => b.textContent === 'Cancel') &&
      !document.querySelector('.board-tools input[type="checkbox"]').disabled,
    { timeout: 30_000 },
  );
  await new Promise((r) => setTimeout(r, 1500));
  const end = await rows();
  const savedNow = end.filter((r) => r.saved && !listed.find((l) => l.url === r.url).saved).map((r) => r.url);
  const cancelled = end.filter((r) => r.cancelled).map((r) => r.url);
  assert.ok(savedNow.length >= 1, 'the posts saved before cancel stay saved');
  assert.ok(cancelled.length >= 1, `the rest are reported cancelled (${cancelled.length})`);
  // The fixture board's notice (/board/100) has no page (404): if it was started, it failed.
  const failed = end.filter((r) => r.failure).map((r) => r.url);
  for (const r of end.filter((x) => x.failure)) assert.match(r.failure, /404/, `${r.url} says why it failed`);
  assert.deepEqual(
    [...savedNow, ...failed, ...cancelled].sort(),
    open.map((r) => r.url).sort(),
    'every selected post is saved, failed with its reason or reported cancelled, and only one of them',
  );
  // Only the posts that were started were fetched (those in flight at cancel finished); nothing
  // was fetched for the cancelled ones, then or later.
  const fetched = fetchedSince(served).map((r) => `https://${r.replace(' ', '')}`);
  assert.deepEqual(
    [...new Set(fetched)].sort(),
    [...savedNow, ...failed].sort(),
    'fetched exactly the posts saved or failed',
  );
  assert.ok(fetchedSince(atCancel).length <= 2, 'at most the two fetches in flight landed after cancel');
  console.info(
    `select all: ${open.length} posts; cancel after the first save: ${savedNow.length} saved, ${failed.length} failed, ${cancelled.length} cancelled`,
  );
  const status = await text(popup, '.progress');
  assert.match(status, new RegExp(`${savedNow.length} of ${open.length} saved`), `progress says so: ${status}`);

  // In the library: a whole item for each saved post, nothing for the cancelled ones.
  const items = await dbRows(popup, 'items');
  for (const u of savedNow) {
    const matching = items.filter((i) => i.url === u);
    assert.equal(matching.length, 1, `${u} saved once`);
    assert.ok(matching[0].text.length > 50 && matching[0].kind === 'post', `${u} saved whole`);
  }
  for (const u of [...cancelled, ...failed]) assert.equal(items.filter((i) => i.url === u).length, 0, `${u} not saved`);
  await popup.close();
  await page.close();
});

test('keyboard shortcuts: Alt+Shift+S saves the page of the focused tab, Alt+Shift+H highlights the selection', async () => {
  const article = ARTICLES[2];
  const url = `https://n.news.naver.com/mnews/article/${article.oid}/${article.aid}`;
  const page = await chrome.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.bringToFront();
  const worker = await chrome.worker();
  const shortcuts = await worker.evaluate(() => chrome.commands.getAll());
  assert.equal(shortcuts.find((c) => c.name === 'save-page')?.shortcut, 'Alt+Shift+S');
  assert.equal(shortcuts.find((c) => c.name === 'highlight-selection')?.shortcut, 'Alt+Shift+H');
  const badge = () => badgeOf(chrome, url);
  assert.equal(await badge(), '', 'not saved before');

  await pressShortcut(page, 'S');
  for (let i = 0; i < 100 && (await badge()) !== '✓'; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await badge(), '✓', 'the badge says the page is saved');
  const panel = await chrome.browser.newPage();
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  const items = (await dbRows(panel, 'items')).filter((i) => i.url === url);
  assert.equal(items.length, 1, 'one item');
  assert.equal(items[0].title, article.title);
  assert.ok(items[0].text.includes(article.paragraphs[1].slice(0, 30)), 'with its text');

  await page.bringToFront();
  const quote = article.paragraphs[0].slice(0, 24);
  await selectQuote(page, quote);
  await pressShortcut(page, 'H');
  await page.waitForFunction(() => CSS.highlights.get('scrapnote-yellow')?.size === 1, { timeout: 15_000 });
  let stored = [];
  for (let i = 0; i < 50 && stored.length === 0; i++) {
    stored = (await storedHighlights(panel)).filter((h) => h.itemId === items[0].id);
    if (!stored.length) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(stored.length, 1, 'the highlight is stored on the saved item');
  assert.equal(
    stored[0].target.selector.find((s) => s.type === 'TextQuoteSelector')?.exact,
    quote.trim(),
    'of the selection',
  );
  await panel.close();
  await page.close();
});
