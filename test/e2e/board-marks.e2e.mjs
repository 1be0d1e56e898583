// End to end (Chromium): marks on a board's list page. After a post of the site is saved, its list
// marks it saved (and read); opening another post in a tab marks that one read on the open list
// within a second; when its comment count grows the list says "+N"; deleting the saved post
// takes the saved mark off at once. The page's text never changes. The list tells one story twice
// ("[속보] 국회 본회의, 추가경정예산안 통과"): the later row carries `duplicate`, its badge names the
// first, and it is hidden under the first row once "Collapse same stories" is ticked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { openPopup, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { ARTICLES, LISTED } from './site/articles.mjs';
import { START_URLS } from './site/pages.mjs';

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

/** The marks of the list row that links to post `id`: its tokens, new comments and badge text. */
function rowMarks(page, id) {
  return page.evaluate((postId) => {
    const link = [...document.querySelectorAll('.board_list td.title a')].find((a) =>
      a.getAttribute('href')?.endsWith(`/board/${postId}`),
    );
    const row = link?.closest('tr');
    if (!row) return null;
    return {
      hidden: getComputedStyle(row).display === 'none',
      tokens: (row.getAttribute('data-scrapnote-marks') ?? '').split(' ').filter(Boolean).sort(),
      newComments: Number(row.getAttribute('data-scrapnote-new-comments') ?? 0),
      badge: getComputedStyle(link.closest('[data-scrapnote-badge]') ?? link, '::after').content,
    };
  }, id);
}

/** Poll until `ok(rowMarks)`; fails naming `what` and the last marks. */
async function waitMarks(page, id, ok, what, ms = WITHIN_MS) {
  const start = Date.now();
  let last;
  while (Date.now() - start <= ms) {
    last = await rowMarks(page, id);
    if (last && ok(last)) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

test('Chromium: a board list marks saved and read posts and new comments, and follows every change', async () => {
  const saved = ARTICLES[0];
  const other = LISTED[0];
  const list = await chrome.browser.newPage();
  await list.goto(START_URLS.xeBoard, { waitUntil: 'load' });
  // Marks add attributes only (collapsed rows are hidden, their text stays in the page).
  const textBefore = await list.evaluate(() => document.body.textContent);
  // A site the reader has not used yet: no marks.
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual((await rowMarks(list, saved.id))?.tokens, []);

  // Save a post of the site from the popup: the site is now in use.
  const post = await chrome.browser.newPage();
  await post.goto(START_URLS.xePost, { waitUntil: 'load' });
  const popup = await openPopup(chrome, post);
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 20_000 });
  await popup.close();

  // The list, loaded again, marks it saved and read, with a badge a person can see.
  await list.bringToFront();
  await list.reload({ waitUntil: 'load' });
  await waitMarks(list, saved.id, (m) => m.tokens.join() === 'read,saved', 'saved and read', 5000);
  assert.match((await rowMarks(list, saved.id)).badge, /Saved/);
  assert.deepEqual((await rowMarks(list, other.id)).tokens, []);
  assert.equal(await list.evaluate(() => document.body.textContent), textBefore, "the page's text is unchanged");

  // The same story twice: the later row is a duplicate of the first, shown (nothing moves) until
  // the reader asks to collapse such rows.
  const [first, again] = [LISTED[0], LISTED.find((p, i) => i > 0 && p.title === LISTED[0].title)];
  await waitMarks(list, again.id, (m) => m.tokens.includes('duplicate') && !m.hidden, 'later row marked', 5000);
  assert.match((await rowMarks(list, again.id)).badge, /Same story as: 국회 본회의, 추가경정예산안 통과/);
  assert.match((await rowMarks(list, first.id)).badge, /\+1 same story/);
  // Ticking "Collapse same stories" in the popup hides it under the first row, still marked.
  const board = await openPopup(chrome, list);
  await board.locator('::-p-aria(Collapse same stories[role="checkbox"])').click();
  // The setting is stored before the popup goes (closing it at once could cut the write short).
  await board.waitForFunction(
    async () => (await chrome.storage.local.get('scrapnote.marks'))['scrapnote.marks']?.collapse === true,
  );
  await board.close();
  await waitMarks(list, again.id, (m) => m.tokens.includes('duplicate') && m.hidden, 'collapsed after ticking', 3000);
  assert.equal((await rowMarks(list, first.id)).hidden, false);

  // Opening another post in a tab marks it read on the open list.
  const second = await chrome.browser.newPage();
  await second.goto(`https://www.ranknews.kr/board/${other.id}`, { waitUntil: 'load' });
  const read = await waitMarks(list, other.id, (m) => m.tokens.join() === 'read', 'read after a visit', 3000);
  assert.match((await rowMarks(list, other.id)).badge, /Read/);

  // Two new comments since it was opened: the list says +2.
  other.comments += 2;
  try {
    await list.reload({ waitUntil: 'load' });
    await waitMarks(list, other.id, (m) => m.newComments === 2, '+2 new comments', 5000);
    assert.match((await rowMarks(list, other.id)).badge, /\+2/);
    await list.setViewport({ width: 1000, height: 700 });
    await shot(list, 'board-marks-light', { fullPage: false });
    await list.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await shot(list, 'board-marks-dark', { fullPage: false });
    await list.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  } finally {
    other.comments -= 2;
  }

  // Deleting the saved post in the library takes the saved mark off the open list.
  const panel = await chrome.browser.newPage();
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  const row = `[data-item-url="${START_URLS.xePost}"]`;
  await panel.waitForSelector(row, { timeout: 15_000 });
  await panel.click(`${row} input[type="checkbox"]`);
  await panel.waitForFunction((sel) => document.querySelector(`${sel} input[type="checkbox"]`)?.checked, {}, row);
  await panel.locator('::-p-aria(Delete[role="button"])').click();
  const deleted = await waitMarks(list, saved.id, (m) => m.tokens.join() === 'read', 'saved mark gone after delete');
  console.info(`marks followed: read after a visit in ${read} ms, delete in ${deleted} ms`);
});
