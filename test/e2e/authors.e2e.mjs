// End to end (Chromium, Korean UI): notes on authors and muting on board lists. From the popup's
// board list the reader writes a note on a member and mutes another member: the open list shows
// the note beside every post of the first and hides the second's posts at once, behind a bar that
// counts them and shows them dimmed on request; a guest and another member with the same
// nickname are not touched. The site's second board shows the note and hides the muted author's
// post too. A muted title word hides its posts on every list; unmuting from the popup brings the
// rows back. The page's own text never changes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { openPopup, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { FREE, LISTED } from './site/articles.mjs';
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

/** The row linking to `/board/<id>` (or `/free/<id>`): its marks, whether it shows, and the author's note. */
function rowState(page, path) {
  return page.evaluate((href) => {
    const link = [...document.querySelectorAll('td.title a')].find((a) => a.getAttribute('href') === href);
    const row = link?.closest('tr');
    if (!row) return null;
    const noted = row.querySelector('[data-scrapnote-author-note]');
    return {
      tokens: (row.getAttribute('data-scrapnote-marks') ?? '').split(' ').filter(Boolean).sort().join(),
      shown: getComputedStyle(row).display !== 'none',
      opacity: getComputedStyle(row).opacity,
      note: noted?.getAttribute('data-scrapnote-author-note') ?? null,
      noteShown: noted ? getComputedStyle(noted, '::after').content : null,
    };
  }, path);
}

async function waitRow(page, path, ok, what, ms = 3000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await rowState(page, path);
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

/** The muted rows' bars before the lists: their counts and the text a person reads in them. */
function bars(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-scrapnote-muted-bar]')].map((b) =>
      Number(b.getAttribute('data-scrapnote-muted-bar')),
    ),
  );
}

/** In the popup's board list: open the editor of the first row by `name`, then do `edit` in it. */
async function editAuthor(popup, name, edit) {
  await popup.locator(`::-p-aria(메모·숨기기: ${name}[role="button"])`).click();
  await popup.waitForSelector('.author-editor textarea');
  await edit();
  await popup.locator('::-p-aria(저장[role="button"])').click();
  await popup.waitForFunction(() => !document.querySelector('.author-editor'));
}

test('Chromium: a note on an author follows them across lists; muting hides their posts and a word hides its posts', async () => {
  const [byYeouido, byChulgeun, byGuest, , , bySameNick] = LISTED;
  const list = await chrome.browser.newPage();
  await list.goto(START_URLS.xeBoard, { waitUntil: 'load' });
  const textBefore = await list.evaluate(() => document.body.textContent);

  // The popup on the list: the site is in use from now on. A note on 여의도통신 (member 2001).
  let popup = await openPopup(chrome, list);
  await popup.waitForSelector('.board-panel');
  await editAuthor(popup, byYeouido.author.name, async () => {
    await popup.type('.author-editor textarea', '국회 소식을 빨리 올림');
  });
  // 출근길 (member 2002) muted; the other 출근길 (member 2003) is someone else.
  await editAuthor(popup, byChulgeun.author.name, async () => {
    await popup.locator('::-p-aria(이 사이트에서 이 작성자의 글 숨기기[role="checkbox"])').click();
  });
  // The popup's list says so too.
  await popup.waitForFunction(() => document.querySelectorAll('.posts li.muted-author').length === 1);
  await popup.close();

  // The open list follows: the note beside both of 여의도통신's posts, 출근길 (2002) hidden.
  await list.bringToFront();
  const noted = await waitRow(list, `/board/${byYeouido.id}`, (r) => r.note !== null, 'note shown', 5000);
  assert.equal(noted.note, '국회 소식을 빨리 올림');
  assert.match(noted.noteShown, /국회 소식을 빨리 올림/);
  assert.equal((await rowState(list, `/board/${LISTED[3].id}`)).note, '국회 소식을 빨리 올림');
  const muted = await waitRow(list, `/board/${byChulgeun.id}`, (r) => r.tokens.includes('muted'), 'muted');
  assert.equal(muted.shown, false);
  const other = await rowState(list, `/board/${bySameNick.id}`);
  assert.equal(other.shown, true, 'a member with the same nickname is someone else');
  assert.ok(!other.tokens.includes('muted'));
  assert.equal((await rowState(list, `/board/${byGuest.id}`)).note, null);
  assert.deepEqual(await bars(list), [1]);
  assert.equal(await list.evaluate(() => document.body.textContent), textBefore, "the page's text is unchanged");

  // The post's own page names its author in its header: the note is there too.
  const postPage = await chrome.browser.newPage();
  await postPage.goto(`https://www.ranknews.kr/board/${byYeouido.id}`, { waitUntil: 'load' });
  await postPage.waitForFunction(
    () => document.querySelector('.read_header .meta a.author')?.getAttribute('data-scrapnote-author-note'),
    { timeout: 5000 },
  );
  await postPage.close();

  // The bar's button shows the muted rows dimmed, and hides them again.
  await list.bringToFront();
  await list.locator('::-p-aria(보기[role="button"])').click();
  const dimmed = await waitRow(list, `/board/${byChulgeun.id}`, (r) => r.shown, 'shown dimmed');
  assert.equal(dimmed.opacity, '0.45');
  await list.setViewport({ width: 1000, height: 760 });
  await shot(list, 'board-muted-shown', { fullPage: false });
  await list.locator('::-p-aria(숨기기[role="button"])').click();
  await waitRow(list, `/board/${byChulgeun.id}`, (r) => !r.shown, 'hidden again');

  // The site's second board: the note and the muting follow the authors there.
  const free = await chrome.browser.newPage();
  await free.goto('https://www.ranknews.kr/free', { waitUntil: 'load' });
  const freeText = await free.evaluate(() => document.body.textContent);
  await waitRow(
    free,
    `/free/${FREE[0].id}`,
    (r) => r.note === '국회 소식을 빨리 올림',
    'note on the second board',
    5000,
  );
  await waitRow(
    free,
    `/free/${FREE[1].id}`,
    (r) => !r.shown && r.tokens.includes('muted'),
    'muted on the second board',
  );
  assert.equal((await rowState(free, `/free/${FREE[2].id}`)).shown, true);

  // A muted word (in the library's settings) hides every post whose title holds it.
  const panel = await chrome.browser.newPage();
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.locator('::-p-aria(보관함[role="tab"])').click();
  await panel.locator('details.export-import summary').click();
  const word = await panel.waitForSelector('::-p-aria(숨길 단어[role="textbox"])', { timeout: 15_000 });
  await word.type('광고');
  await panel.locator('::-p-aria(숨기기[role="button"])').click();
  await panel.waitForFunction(() => document.querySelector('.muted-words')?.textContent?.includes('광고'));
  await free.bringToFront();
  await waitRow(free, `/free/${FREE[2].id}`, (r) => !r.shown && r.tokens.includes('muted'), 'muted by a word');
  assert.deepEqual(await bars(free), [2]);

  // Unmuting 출근길 from the popup on the second board brings their posts back on both lists.
  popup = await openPopup(chrome, free);
  await popup.waitForSelector('.board-panel');
  await editAuthor(popup, FREE[1].author.name, async () => {
    await popup.locator('::-p-aria(이 사이트에서 이 작성자의 글 숨기기[role="checkbox"])').click();
  });
  await popup.close();
  await waitRow(free, `/free/${FREE[1].id}`, (r) => r.shown && !r.tokens.includes('muted'), 'unmuted');
  await waitRow(
    list,
    `/board/${byChulgeun.id}`,
    (r) => r.shown && !r.tokens.includes('muted'),
    'unmuted on the first list',
  );
  assert.deepEqual(await bars(list), []);
  assert.equal(await free.evaluate(() => document.body.textContent), freeText);
  assert.equal(await list.evaluate(() => document.body.textContent), textBefore);
});
