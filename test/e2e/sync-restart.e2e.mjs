// End to end (Chromium and Chromium), sync when things break in the middle of a round: the
// built extension in two fresh profiles, pouchdb-server (express-pouchdb on LevelDB,
// test/support/couch-server.mjs) on a free loopback port, started and stopped by the test.
// A holds a library of a few hundred articles (imported through the library service), so a
// round lasts long enough to be interrupted while it sends.
// 1. The server is stopped while A's first round sends, and stays down: the round retries,
//    gives up, the status says error and the library is untouched. The server starts again on
//    the same data folder; the next round completes, and B, synced after it, holds the same
//    library as A.
// 2. The connection drops in the middle of a round (the server closes the connections of two
//    writes without an answer): the round's retries finish it, the status says ok, B gets every
//    change.
// 3. The background service worker is stopped in the middle of a round (as Chrome stops an idle
//    worker), while the round waits to retry a dropped write: the next round resumes from its
//    checkpoints, and B gets every change.
// 4. Stop syncing forgets the address and credentials and keeps the library.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startCouch } from '../support/couch.mjs';
import { launchChromium } from './browsers.mjs';
import { dbRows, fillField, syncNow } from './helpers.mjs';

const USER = 'reader';
const PASSWORD = 'correct-horse-42';
const DB = 'scrapnote';
const ITEMS = 400;
const HIGHLIGHTS = 3;

/** Progress on stderr: a step that hangs names itself. */
const step = (what) => process.stderr.write(`sync-restart: ${what}\n`);

let couch;
let a;
let b;
before(async () => {
  couch = await startCouch({ user: USER, password: PASSWORD });
  a = await launchChromium({ lang: 'en' });
  b = await launchChromium({ lang: 'en' });
});
after(async () => {
  await a?.close();
  await b?.close();
  await couch?.stop();
});

/** A library of `n` Korean articles with highlights, as an export file (docs/export-format.md). */
function exportFile(n) {
  const paragraph =
    '정부는 인공지능 안전성 평가 기준을 마련하고 내년부터 공공기관에 적용하기로 했다. 업계는 기준이 모호하다며 구체적인 지침을 요구했다. ';
  const items = Array.from({ length: n }, (_, i) => {
    const url = `https://n.news.naver.com/mnews/article/028/${String(2730000 + i).padStart(10, '0')}`;
    const text = `${i}번째 기사. ${paragraph.repeat(20)}`;
    return {
      id: `restart-${String(i).padStart(4, '0')}`,
      kind: 'article',
      url,
      canonicalUrl: url,
      originalUrl: null,
      site: { host: 'n.news.naver.com', name: '한겨레', engine: 'naver', via: '네이버 뉴스' },
      board: null,
      title: `인공지능 안전성 평가 기준 ${i}`,
      byline: '홍석재 기자',
      authors: ['홍석재'],
      poster: null,
      publishedAt: '2026-11-27T14:32:00+09:00',
      publishedText: '2026.11.27. 오후 2:32',
      lang: 'ko',
      excerpt: '인공지능 안전성 평가 기준',
      text,
      html: `<p>${text}</p>`,
      tags: ['AI'],
      note: '',
      savedAt: '2026-11-28T01:00:00.000Z',
      updatedAt: '2026-11-28T01:00:00.000Z',
      comments: [],
      highlights: Array.from({ length: HIGHLIGHTS }, (_, k) => ({
        id: `restart-${i}-h${k}`,
        color: 'yellow',
        note: `메모 ${k}`,
        createdAt: `2026-11-28T01:0${k}:00.000Z`,
        updatedAt: `2026-11-28T01:0${k}:00.000Z`,
        target: {
          source: url,
          selector: [
            { type: 'TextQuoteSelector', exact: '인공지능 안전성', prefix: '정부는 ', suffix: ' 평가' },
            { type: 'TextPositionSelector', start: 10 + k, end: 18 + k },
          ],
        },
      })),
    };
  });
  return JSON.stringify({
    format: 'scrapnote-export',
    version: 3,
    exportedAt: '2026-11-28T09:00:00.000Z',
    app: { name: 'Scrapnote', version: '0.1.0' },
    items,
    readingHistory: [],
    authors: [],
    mutedWords: [],
  });
}

/** Ask the background as an extension page does (the typed protocol's frame). */
function ask(page, type, data) {
  return page.evaluate(
    (type, data) =>
      chrome.runtime.sendMessage({ id: Date.now(), type, data, timestamp: Date.now() }).then((r) => r?.res),
    type,
    data,
  );
}

async function settings(chrome) {
  const page = await chrome.browser.newPage();
  await page.goto(chrome.extensionUrl('options.html'));
  await page.waitForSelector('[data-sync-status]');
  return page;
}

async function fill(page) {
  await fillField(page, 'Database address', `${couch.url}/${DB}`);
  await fillField(page, 'User name', USER);
  await fillField(page, 'Password', PASSWORD);
}

const status = (page) =>
  page.$eval('[data-sync-status]', (el) => ({
    state: el.dataset.syncStatus,
    at: el.dataset.syncAt,
    text: el.textContent,
  }));

/** Wait until the status has left `at` and says one of `states`. */
async function statusAfter(page, at, states, timeout = 60_000) {
  await page.waitForFunction(
    (at, states) => {
      const el = document.querySelector('[data-sync-status]');
      return el && el.dataset.syncAt !== at && states.includes(el.dataset.syncStatus);
    },
    { timeout },
    at,
    states,
  );
  return status(page);
}

/** Resolve once the server has received `count` writes of documents (POST _bulk_docs). */
async function bulkWrites(count, timeout = 60_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const { urls } = await couch.stats().catch(() => ({ urls: [] }));
    if (urls.filter((u) => u.includes('/_bulk_docs')).length >= count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the server did not receive ${count} writes in ${timeout} ms`);
}

/** A library as the reader sees it: items with their highlights, by id. */
async function library(page) {
  const rows = await dbRows(page, 'items');
  return rows.sort((x, y) => (x.id < y.id ? -1 : 1));
}

/** What the server's database holds: documents and conflicting revisions left. */
async function serverDocs() {
  const auth = { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` };
  const res = await fetch(`${couch.url}/${DB}/_all_docs?include_docs=true&conflicts=true`, { headers: auth });
  const body = await res.json();
  return { count: body.total_rows, conflicts: body.rows.filter((r) => r.doc?._conflicts?.length).length };
}

/**
 * Stop A's background service worker as Chrome stops an idle one (as security.e2e.mjs does:
 * Puppeteer's session on the worker is detached first, or the worker restarts waiting for it).
 */
async function stopWorker(swSession) {
  const worker = await a.worker();
  await worker.client.detach().catch(() => undefined);
  const stopped = new Promise((resolve) => {
    const onUpdate = ({ versions }) => {
      if (versions.some((v) => v.scriptURL.endsWith('/background.js') && v.runningStatus === 'stopped')) {
        swSession.off('ServiceWorker.workerVersionUpdated', onUpdate);
        resolve();
      }
    };
    swSession.on('ServiceWorker.workerVersionUpdated', onUpdate);
  });
  await swSession.send('ServiceWorker.stopAllWorkers');
  await stopped;
}

test('Chromium and Chromium: a server stopped mid-round, a dropped connection and a stopped worker leave both sides consistent', {
  timeout: 480_000,
}, async () => {
  const setA = await settings(a);
  // A's library: imported through the library service (an export file the page hands over).
  const url = await setA.evaluate(
    (text) => URL.createObjectURL(new Blob([text], { type: 'application/json' })),
    exportFile(ITEMS),
  );
  step('import');
  const imported = await ask(setA, 'importFile', { url });
  assert.equal(imported?.ok, true, JSON.stringify(imported));
  const libraryA = await library(setA);
  assert.equal(libraryA.length, ITEMS);

  step('phase 1');
  // 1. The server stops while A's first round sends, and stays down.
  await fill(setA);
  await couch.resetStats();
  const before1 = await status(setA);
  await setA.locator('::-p-aria(Sync now[role="button"])').click();
  // The second write is sent once the first is answered: the server holds part of the library.
  await bulkWrites(2);
  step('kill');
  await couch.kill();
  const failed = await statusAfter(setA, before1.at, ['ok', 'error']);
  assert.equal(failed.state, 'error', `the round cannot finish with the server down: ${failed.text}`);
  assert.match(failed.text, /could not be reached/);
  assert.deepEqual(await library(setA), libraryA, 'the library is untouched');

  // The server starts again on the same data folder: it kept part of the library.
  step('restart');
  await couch.restart();
  const partial = await serverDocs();
  assert.ok(partial.count > 0 && partial.count < ITEMS * (2 + HIGHLIGHTS), `the server holds ${partial.count}`);
  step('resume on A');
  const resumed = await syncNow(setA);
  assert.equal(resumed.state, 'ok', resumed.text);
  assert.deepEqual(await serverDocs(), { count: ITEMS * (2 + HIGHLIGHTS), conflicts: 0 });

  const setB = await settings(b);
  await fill(setB);
  step('first round on B');
  const first = await syncNow(setB);
  assert.equal(first.state, 'ok', first.text);
  assert.deepEqual(await library(setB), await library(setA), 'B holds what A holds');

  step('phase 2');
  // 2. The connection drops in the middle of a round: A sends a tag added to every item, and the
  // server drops the first two writes without an answer. The round's retries finish it.
  const ids = libraryA.map((row) => row.id);
  assert.equal((await ask(setA, 'updateItems', { ids, patch: { addTags: ['재시작'] } }))?.ok, true);
  await couch.resetStats();
  await couch.drop('/_bulk_docs', 2);
  await setA.bringToFront();
  const healed = await syncNow(setA);
  assert.equal(healed.state, 'ok', `a dropped connection is retried: ${healed.text}`);
  const writes = (await couch.stats()).urls.filter((u) => u.includes('/_bulk_docs'));
  assert.equal(writes.length, 3, 'two writes dropped, the third answered');
  await setB.bringToFront();
  assert.equal((await syncNow(setB)).state, 'ok');
  const tagged = await library(setB);
  assert.ok(
    tagged.every((row) => row.tags.includes('재시작')),
    'every tag reached B',
  );
  assert.deepEqual(tagged, await library(setA));

  step('phase 3');
  // 3. A's service worker stops in the middle of a round (each item's note is edited, so the
  // round has a few hundred documents to send).
  for (const [k, id] of ids.entries()) {
    assert.equal((await ask(setA, 'updateItems', { ids: [id], patch: { note: `집에서 다시 읽기 ${k}` } }))?.ok, true);
  }
  const swSession = await setA.createCDPSession();
  await swSession.send('ServiceWorker.enable');
  await couch.resetStats();
  // The round's first writes are dropped: it waits to try again (0.25 s or more, then 0.5 s or
  // more...), and the worker stops then, when it has written its documents and sent none.
  await couch.drop('/_bulk_docs', 3);
  await setA.bringToFront();
  await setA.locator('::-p-aria(Sync now[role="button"])').click();
  await bulkWrites(1);
  step('stop worker');
  await stopWorker(swSession);
  // The page's request got no answer (the page says so and lets the reader try again); the next
  // round wakes a new worker and resumes from the checkpoints.
  await setA.waitForFunction(() => !document.querySelector('button.primary')?.disabled, { timeout: 60_000 });
  step('round after the stop');
  const finished = await syncNow(setA);
  assert.equal(finished.state, 'ok', finished.text);
  await setB.bringToFront();
  assert.equal((await syncNow(setB)).state, 'ok');
  const noted = await library(setB);
  assert.deepEqual(
    noted.map((row) => row.note),
    ids.map((_, k) => `집에서 다시 읽기 ${k}`),
  );
  assert.deepEqual(noted, await library(setA));
  assert.equal((await serverDocs()).conflicts, 0, 'no conflicting revision left on the server');

  // Stop syncing: the address and credentials are forgotten, the library stays as it is.
  step('stop syncing');
  const kept = await library(setA);
  setA.once('dialog', (d) => d.accept());
  await setA.bringToFront();
  await setA.locator('::-p-aria(Stop syncing[role="button"])').click();
  await setA.waitForFunction(() => document.querySelector('[data-sync-status]')?.dataset.syncStatus === 'idle');
  const stored = await setA.evaluate(() => chrome.storage.local.get(null).then((all) => JSON.stringify(all)));
  assert.ok(!stored.includes(PASSWORD) && !stored.includes(String(couch.port)), 'no credentials or address kept');
  assert.deepEqual(await library(setA), kept, 'the library is kept');
});
