// End to end in Debian's Firefox ESR: marks on a board's list page, as in Chromium
// (board-marks.e2e.mjs, authors.e2e.mjs): after a post of the site is saved, its list marks it
// saved and read, opening another post marks that one read on the open list, and a note on an
// author and the muting of another show on the open list and go when unmuted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchFirefox } from './browsers.mjs';
import { extensionPage } from './helpers.mjs';
import { startSite } from './server.mjs';
import { ARTICLES, LISTED } from './site/articles.mjs';
import { START_URLS } from './site/pages.mjs';

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

/** The marks tokens of the list row linking to post `id` (null while the row is not there). */
function tokens(page, id) {
  return page.evaluate((postId) => {
    const link = [...document.querySelectorAll('.board_list td.title a')].find((a) =>
      a.getAttribute('href')?.endsWith(`/board/${postId}`),
    );
    const row = link?.closest('tr');
    return row ? (row.getAttribute('data-scrapnote-marks') ?? '').split(' ').filter(Boolean).sort().join() : null;
  }, id);
}

async function waitTokens(page, id, want, what, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await tokens(page, id);
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${ms} ms (last: ${last})`);
}

test('Firefox: a board list marks saved and read posts and follows a visit in another tab', async () => {
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  const post = await firefox.browser.newPage();
  await post.goto(START_URLS.xePost, { waitUntil: 'load' });
  // Save it through the background, as the popup's Save does.
  const saved = await panel.evaluate(async (u) => {
    const [t] = (await browser.tabs.query({})).filter((x) => x.url === u);
    const answer = await browser.runtime.sendMessage({
      id: 1,
      type: 'saveTab',
      data: { tabId: t.id },
      timestamp: Date.now(),
    });
    return answer?.res;
  }, START_URLS.xePost);
  assert.ok(saved?.ok, JSON.stringify(saved));

  const list = await firefox.browser.newPage();
  await list.goto(START_URLS.xeBoard, { waitUntil: 'load' });
  await waitTokens(list, ARTICLES[0].id, 'read,saved', 'saved and read', 10_000);
  assert.equal(await tokens(list, LISTED[0].id), '');

  const other = await firefox.browser.newPage();
  await other.goto(`https://www.ranknews.kr/board/${LISTED[0].id}`, { waitUntil: 'load' });
  await waitTokens(list, LISTED[0].id, 'read', 'read after a visit', 5_000);

  // A note on one member and the muting of another, asked of the background as the popup asks.
  const ask = (type, data) =>
    panel.evaluate(
      async (t, d) => (await browser.runtime.sendMessage({ id: 2, type: t, data: d, timestamp: Date.now() }))?.res,
      type,
      data,
    );
  const [noted, muted] = [LISTED[0].author, LISTED[1].author];
  const host = 'ranknews.kr';
  const note = { host, authorId: `m:${noted.member}`, name: noted.name, note: '국회 소식을 빨리 올림' };
  assert.ok((await ask('setAuthor', note))?.ok);
  assert.ok((await ask('setAuthor', { host, authorId: `m:${muted.member}`, name: muted.name, muted: true }))?.ok);
  await list.bringToFront();
  await waitTokens(list, LISTED[1].id, 'muted', 'muted author', 5_000);
  const state = () =>
    list.evaluate(
      (ids) => {
        const row = (id) =>
          [...document.querySelectorAll('.board_list td.title a')]
            .find((a) => a.getAttribute('href')?.endsWith(`/board/${id}`))
            ?.closest('tr');
        return {
          hidden: getComputedStyle(row(ids[1])).display === 'none',
          note: row(ids[0]).querySelector('[data-scrapnote-author-note]')?.getAttribute('data-scrapnote-author-note'),
          bars: document.querySelectorAll('[data-scrapnote-muted-bar]').length,
        };
      },
      [LISTED[0].id, LISTED[1].id],
    );
  assert.deepEqual(await state(), { hidden: true, note: '국회 소식을 빨리 올림', bars: 1 });
  // Unmuted: the row is back and the bar gone.
  assert.ok((await ask('setAuthor', { host, authorId: `m:${muted.member}`, name: muted.name, muted: false }))?.ok);
  await waitTokens(list, LISTED[1].id, '', 'unmuted', 5_000);
  assert.deepEqual(await state(), { hidden: false, note: '국회 소식을 빨리 올림', bars: 0 });
});
