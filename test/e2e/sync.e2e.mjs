// End to end (Chromium and Chromium): two fresh browser profiles sync through pouchdb-server
// (express-pouchdb on LevelDB, test/support/couch-server.mjs) on a free loopback port, set up
// through Settings → Sync as a reader would (A in English, B in Korean). A saves and highlights
// a Naver article; after a sync on each, B lists the item and paints the highlight on the page.
// B tags the item while A edits its note; after syncing both, both libraries hold the same item.
// Both edit the note at once: both keep the later text with the other as a conflict copy.
// A deletes it; after syncing, it is gone on B. A wrong password is refused with a clear
// message and the status says error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startCouch } from '../support/couch.mjs';
import { launchChromium } from './browsers.mjs';
import { dbRows, fillField, keyboardSelect, syncNow as syncNowLabelled, waitPainted } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

const QUOTE = '인공지능 안전성 평가 기준을';
const USER = 'reader';
const PASSWORD = 'correct-horse-42';
const LABELS = {
  en: { address: 'Database address', user: 'User name', password: 'Password', now: 'Sync now' },
  ko: { address: '데이터베이스 주소', user: '사용자 이름', password: '비밀번호', now: '지금 동기화' },
};

let couch;
let site;
let a;
let b;
before(async () => {
  couch = await startCouch({ user: USER, password: PASSWORD });
  site = await startSite({ forwardPorts: [couch.port] });
  a = await launchChromium({ proxy: site.proxy, lang: 'en' });
  b = await launchChromium({ proxy: site.proxy, lang: 'ko' });
});
after(async () => {
  await a?.close();
  await b?.close();
  await site?.close();
  await couch?.stop();
});

/** Open Settings → Sync of a profile. */
async function settings(chrome) {
  const page = await chrome.browser.newPage();
  await page.goto(chrome.extensionUrl('options.html'));
  await page.waitForSelector('[data-sync-status]');
  return page;
}

/** Set up sync in the settings page and run it once; returns the status it ended with. */
async function setUp(page, lang, password = PASSWORD) {
  const l = LABELS[lang];
  await fillField(page, l.address, `http://127.0.0.1:${couch.port}/scrapnote`);
  await fillField(page, l.user, USER);
  await fillField(page, l.password, password);
  return syncNow(page, lang);
}

const syncNow = (page, lang) => syncNowLabelled(page, LABELS[lang].now);

/** Ask the background as an extension page does (the typed protocol's frame). */
function ask(page, type, data) {
  return page.evaluate(
    (type, data) =>
      chrome.runtime.sendMessage({ id: Date.now(), type, data, timestamp: Date.now() }).then((r) => r?.res),
    type,
    data,
  );
}

test('Chromium and Chromium: save and highlight on A appear and paint on B; concurrent tag and note merge; a delete reaches B', async () => {
  // A wrong password: refused with a clear message, status error, nothing sent.
  const setA = await settings(a);
  const wrong = await setUp(setA, 'en', 'wrong-password');
  assert.equal(wrong.state, 'error');
  assert.match(wrong.text, /refused the user name or password/);

  // A saves and highlights (a highlight on an unsaved page saves it).
  const page = await a.browser.newPage();
  await page.goto(START_URLS.naver, { waitUntil: 'load' });
  await keyboardSelect(page, QUOTE);
  await page.waitForSelector('::-p-aria(Highlight yellow[role="button"])', { timeout: 15_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitPainted(page, (p) => p.yellow.length === 1, 'the highlight on A');

  await setA.bringToFront();
  const okA = await setUp(setA, 'en');
  assert.equal(okA.state, 'ok', okA.text);
  const [itemA] = await dbRows(setA, 'items');
  assert.ok(itemA, 'A has the item');

  // B: a fresh profile in Korean, set up and synced.
  const setB = await settings(b);
  const okB = await setUp(setB, 'ko');
  assert.equal(okB.state, 'ok', okB.text);
  const [itemB] = await dbRows(setB, 'items');
  assert.equal(itemB?.id, itemA.id);
  assert.equal(itemB.title, itemA.title);
  assert.deepEqual(
    itemB.highlights.map((h) => h.target.selector.find((s) => s.type === 'TextQuoteSelector').exact),
    [QUOTE],
  );
  // ...and the highlight paints on the page in B.
  const pageB = await b.browser.newPage();
  await pageB.goto(START_URLS.naver, { waitUntil: 'load' });
  await waitPainted(pageB, (p) => p.yellow.length === 1 && p.yellow[0] === QUOTE, 'the synced highlight on B');

  // Concurrent: B tags, A edits the note, neither has synced.
  assert.equal((await ask(setB, 'updateItems', { ids: [itemA.id], patch: { addTags: ['경제'] } })).ok, true);
  assert.equal((await ask(setA, 'updateItems', { ids: [itemA.id], patch: { note: '회사에서 쓴 메모' } })).ok, true);
  await setB.bringToFront();
  assert.equal((await syncNow(setB, 'ko')).state, 'ok');
  await setA.bringToFront();
  assert.equal((await syncNow(setA, 'en')).state, 'ok');
  await setB.bringToFront();
  assert.equal((await syncNow(setB, 'ko')).state, 'ok');
  const [mergedA] = await dbRows(setA, 'items');
  const [mergedB] = await dbRows(setB, 'items');
  assert.ok(mergedA.tags.includes('경제'), 'the tag from B is on A');
  assert.equal(mergedA.note, '회사에서 쓴 메모');
  assert.deepEqual(mergedB, mergedA);

  // The same note edited on both at once: the later text is the note, the other follows it as a
  // conflict copy on both, and no text is lost. Writing the note again resolves the copy.
  assert.equal((await ask(setA, 'updateItems', { ids: [itemA.id], patch: { note: '회사: 3쪽 다시 읽기' } })).ok, true);
  assert.equal((await ask(setB, 'updateItems', { ids: [itemA.id], patch: { note: '집: 표를 확인' } })).ok, true);
  for (const [page, lang] of [
    [setA, 'en'],
    [setB, 'ko'],
    [setA, 'en'],
  ]) {
    await page.bringToFront();
    assert.equal((await syncNow(page, lang)).state, 'ok');
  }
  const [copyA] = await dbRows(setA, 'items');
  const [copyB] = await dbRows(setB, 'items');
  assert.equal(copyA.note, copyB.note);
  assert.match(copyA.note, /── 충돌 사본 · Conflict copy \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\) ──/);
  assert.ok(copyA.note.includes('회사: 3쪽 다시 읽기') && copyA.note.includes('집: 표를 확인'), copyA.note);
  assert.equal((await ask(setB, 'updateItems', { ids: [itemA.id], patch: { note: '3쪽과 표를 확인' } })).ok, true);
  await setB.bringToFront();
  assert.equal((await syncNow(setB, 'ko')).state, 'ok');
  await setA.bringToFront();
  assert.equal((await syncNow(setA, 'en')).state, 'ok');
  assert.equal((await dbRows(setA, 'items'))[0].note, '3쪽과 표를 확인');

  // A deletes; after syncing, the item is gone on B.
  assert.equal((await ask(setA, 'deleteItems', { ids: [itemA.id] })).ok, true);
  await setA.bringToFront();
  assert.equal((await syncNow(setA, 'en')).state, 'ok');
  await setB.bringToFront();
  assert.equal((await syncNow(setB, 'ko')).state, 'ok');
  assert.deepEqual(await dbRows(setB, 'items'), []);
  await waitPainted(pageB, (p) => p.yellow.length === 0, 'B stops painting the deleted item');
});
