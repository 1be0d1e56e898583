// Saved copies that last, in Chromium: a post whose comments run over three comment pages is
// saved from its page with every comment (replies nested, the poster's own marked) and the reader
// shows them (count, collapsible, "Original poster only"); posts of a board served in EUC-KR
// (windows-949: 똠, 뷁, 햏) are saved from its list with no U+FFFD, whichever way each page names
// its charset (HTTP header, meta, none).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { axeViolations, dbRows, openPopup, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { byPoster, COMMENT_POSTS, COPIES_URLS, commentDepth, commentText, EUCKR_POSTS } from './site/copies.mjs';

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

/** The stored item saved from `url`, waited for. */
async function storedItem(extPage, url, timeout = 20_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const item = (await dbRows(extPage, 'items')).find((i) => i.url === url);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not saved within ${timeout} ms`);
}

test('a post with three comment pages is saved with every comment, nested, and the reader shows them', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(COPIES_URLS.commentPost, { waitUntil: 'load' });
  // The page shows the last comment page (11 and 12); the others are only linked.
  assert.equal(await page.$$eval('li.fbItem', (els) => els.length), 2);
  const served = site.requests.length;
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="article"]', { timeout: 20_000 });
  // The preview does not fetch comment pages; saving does.
  assert.equal(site.requests.slice(served).filter((r) => r.includes('cpage=')).length, 0);
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('.saved-state', { timeout: 20_000 });
  const item = await storedItem(popup, COPIES_URLS.commentPost);
  await popup.close();

  const { total } = COMMENT_POSTS[47400];
  assert.equal(item.comments.length, total, 'every comment of the three pages');
  item.comments.forEach((c, i) => {
    const n = i + 1;
    assert.equal(c.text, commentText(n), `comment ${n} in page order`);
    assert.equal(c.depth, commentDepth(n), `comment ${n} depth`);
    assert.equal(c.byPoster, byPoster(n), `comment ${n} by the poster or not`);
    assert.equal(c.id, String(47400 * 1000 + n));
  });
  // Replies answer the comment before them one level up, across page boundaries too (6 opens page 2).
  assert.equal(item.comments[5].parent, item.comments[4].id);
  assert.equal(item.comments[2].parent, item.comments[1].id);
  assert.equal(item.comments[2].date, '2025-02-05T16:03:00+09:00');
  assert.deepEqual(
    { author: item.comments[2].author, ip: item.comments[2].ip, memberId: item.comments[2].memberId },
    { author: '손님3', ip: '121.103', memberId: null },
  );
  const pagesFetched = site.requests.slice(served).filter((r) => r.includes('document_srl=47400&cpage='));
  assert.deepEqual(new Set(pagesFetched.map((r) => r.replace(/.*cpage=(\d+).*/, '$1'))), new Set(['1', '2']));

  const panel = await chrome.browser.newPage();
  await panel.setViewport({ width: 420, height: 900 });
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.waitForSelector(`[data-item-url="${COPIES_URLS.commentPost}"]`, { timeout: 10_000 });
  await panel.click(`[data-item-url="${COPIES_URLS.commentPost}"] .row-title`);
  await panel.waitForSelector('.reader-comments');
  assert.equal(await panel.$eval('.reader-comments summary', (s) => s.textContent), `Comments (${total})`);
  assert.equal(await panel.$eval('.reader-comments', (d) => d.open), false, 'collapsed at first');
  await panel.focus('.reader-comments summary');
  await panel.keyboard.press('Enter');
  await panel.waitForFunction(() => document.querySelector('.reader-comments').open);
  const tree = await panel.$$eval('.reader-comments li[data-comment-id]', (els) =>
    els.map((li) => ({
      id: li.dataset.commentId,
      parent: li.parentElement.closest('li[data-comment-id]')?.dataset.commentId ?? null,
    })),
  );
  assert.equal(tree.length, total);
  assert.deepEqual(
    tree.map((x) => x.parent),
    item.comments.map((c) => c.parent),
    'each reply is nested in what it answers',
  );
  await shot(panel, 'sidepanel-comments');
  assert.deepEqual(await axeViolations(panel), [], 'axe on the reader with comments');
  await panel.locator('::-p-aria(Original poster only[role="checkbox"])').click();
  await panel.waitForFunction(() => document.querySelectorAll('.reader-comments li[data-comment-id]').length === 2);
  const mine = await panel.$$eval('.reader-comments li[data-comment-id]', (els) =>
    els.map((li) => li.querySelector('.comment-text').textContent),
  );
  assert.deepEqual(mine, [commentText(6), commentText(12)]);
  await panel.close();
});

test('posts of an EUC-KR board are saved from its list with their text and comments intact (no U+FFFD)', async () => {
  const page = await chrome.browser.newPage();
  await page.goto(COPIES_URLS.euckrBoard, { waitUntil: 'load' });
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="board"]', { timeout: 20_000 });
  const urls = await popup.$$eval('[data-post-url]', (els) => els.map((e) => e.dataset.postUrl));
  assert.equal(urls.length, 3, `the board's three posts are listed: ${urls}`);
  for (const u of urls) await popup.click(`[data-post-url="${u}"] input[type="checkbox"]`);
  await popup.locator('::-p-aria(Save selected (3)[role="button"])').click();
  await popup.waitForFunction(() => document.querySelectorAll('[data-post-url][data-saved="true"]').length === 3, {
    timeout: 30_000,
  });
  for (const [id, post] of Object.entries(EUCKR_POSTS)) {
    const url = `${COPIES_URLS.euckrBoard}&wr_id=${id}`;
    const item = await storedItem(popup, url);
    const all = JSON.stringify(item);
    assert.ok(!all.includes('\uFFFD'), `no U+FFFD in post ${id} (charset named by ${post.charset})`);
    assert.equal(item.title, post.title, `post ${id}'s title`);
    assert.equal(item.text, post.paragraphs.join('\n'), `post ${id}'s text`);
    assert.equal(item.poster, '똠똠이');
    assert.equal(item.comments.length, 1);
    assert.equal(item.comments[0].text, `똠방각하 최고! 뷁뷁 ${id}`);
    assert.deepEqual([item.comments[0].author, item.comments[0].ip], ['햏인', `211.♡.1.${id}`]);
  }
  await popup.close();
});

test('comments of engines no profile knows (KBoard, Tistory) are saved by the generic reader', async () => {
  const expected = {
    [COPIES_URLS.kboardPost]: [
      ['등산러버', 0, '사당역이면 훨씬 가깝네요. 참석합니다.'],
      ['총무', 1, '네, 늦지 마세요!'],
      ['비회원산객', 0, '주차는 어디에 하면 되나요?\n차로 가려고 합니다.'],
    ],
    [COPIES_URLS.tistoryPost]: [
      ['올레꾼', 0, '렌터카 비용이 생각보다 싸네요. 어디서 빌리셨어요?'],
      ['섬살이', 1, '공항 근처 업체에서 한 달 장기로 빌렸어요.'],
      ['제주토박이', 0, '겨울엔 바람이 세니까 난방비도 따로 잡으세요.'],
    ],
  };
  for (const [url, want] of Object.entries(expected)) {
    const page = await chrome.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const popup = await openPopup(chrome, page);
    await popup.waitForSelector('main[data-page-kind="article"]', { timeout: 20_000 });
    await popup.locator('::-p-aria(Save[role="button"])').click();
    await popup.waitForSelector('.saved-state', { timeout: 20_000 });
    const item = await storedItem(popup, url);
    await popup.close();
    await page.close();
    assert.deepEqual(
      item.comments.map((c) => [c.author, c.depth, c.text]),
      want,
      `${url}: every comment, nested`,
    );
    assert.doesNotMatch(item.text, /늦지 마세요|난방비도 따로/, 'comments are not in the body text');
  }
});
