// End to end (Chromium and Firefox ESR): the same library on two browsers through pouchdb-server
// on loopback. Chromium saves and highlights a Naver article and syncs; Firefox, set up through
// its Settings → Sync page, receives the item and paints the highlight on the page. Firefox adds
// a tag while Chromium, offline from the server's point of view (not synced), edits the note;
// after both sync, both hold the same tags and note. Firefox deletes; Chromium loses the item.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startCouch } from '../support/couch.mjs';
import { launchChromium, launchFirefox } from './browsers.mjs';
import { dbRows, extensionPage, fillField, keyboardSelect, syncNow, waitPainted } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

const QUOTE = '인공지능 안전성 평가 기준을';
const USER = 'reader';
const PASSWORD = 'correct-horse-42';

let couch;
let site;
let chromium;
let firefox;
before(async () => {
  couch = await startCouch({ user: USER, password: PASSWORD });
  site = await startSite({ forwardPorts: [couch.port] });
  chromium = await launchChromium({ proxy: site.proxy, lang: 'en' });
  // Stands in for the reader accepting Firefox's prompt for what sync sends (the optional data
  // collection permissions the settings page asks for when sync is set up).
  firefox = await launchFirefox({
    proxy: site.proxy,
    lang: 'en',
    prefs: { 'extensions.webextOptionalPermissionPrompts': false },
  });
});
after(async () => {
  await chromium?.close();
  await firefox?.close();
  await site?.close();
  await couch?.stop();
});

async function settings(browser) {
  let page;
  if (browser === firefox) {
    // Firefox lets no test navigate a tab to an extension page: the welcome page opens it.
    const welcome = await extensionPage(firefox.browser, 'sidepanel.html');
    await welcome.evaluate(() => browser.tabs.create({ url: '/options.html' }));
    page = await extensionPage(firefox.browser, 'options.html');
  } else {
    page = await browser.browser.newPage();
    await page.goto(browser.extensionUrl('options.html'));
  }
  await page.waitForSelector('[data-sync-status]');
  return page;
}

async function setUp(page) {
  await fillField(page, 'Database address', `http://127.0.0.1:${couch.port}/scrapnote`);
  await fillField(page, 'User name', USER);
  await fillField(page, 'Password', PASSWORD);
  return syncNow(page);
}

function ask(page, type, data) {
  return page.evaluate(
    (type, data) =>
      (globalThis.browser ?? chrome).runtime
        .sendMessage({ id: Date.now(), type, data, timestamp: Date.now() })
        .then((r) => r?.res),
    type,
    data,
  );
}

test('Chromium and Firefox ESR: an item and highlight saved in Chromium paint in Firefox; offline edits on both merge; a delete in Firefox reaches Chromium', async () => {
  const page = await chromium.browser.newPage();
  await page.goto(START_URLS.naver, { waitUntil: 'load' });
  await keyboardSelect(page, QUOTE);
  await page.waitForSelector('::-p-aria(Highlight yellow[role="button"])', { timeout: 15_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitPainted(page, (p) => p.yellow.length === 1, 'the highlight in Chromium');
  const setC = await settings(chromium);
  assert.equal((await setUp(setC)).state, 'ok');
  const [item] = await dbRows(setC, 'items');

  const setF = await settings(firefox);
  const first = await setUp(setF);
  assert.equal(first.state, 'ok', first.text);
  // Firefox was asked for what sync sends before anything was sent.
  const granted = await setF.evaluate(() => browser.permissions.getAll());
  assert.deepEqual([...(granted.data_collection ?? [])].sort(), [
    'authenticationInfo',
    'browsingActivity',
    'websiteContent',
  ]);
  const [itemF] = await dbRows(setF, 'items');
  assert.equal(itemF?.id, item.id);
  const pageF = await firefox.browser.newPage();
  await pageF.goto(START_URLS.naver, { waitUntil: 'load' });
  await waitPainted(pageF, (p) => p.yellow.length === 1 && p.yellow[0] === QUOTE, 'the synced highlight in Firefox');

  // Offline edits on both sides (neither syncs in between), then both sync.
  assert.equal((await ask(setF, 'updateItems', { ids: [item.id], patch: { addTags: ['경제'] } })).ok, true);
  assert.equal((await ask(setC, 'updateItems', { ids: [item.id], patch: { note: '집에서 쓴 메모' } })).ok, true);
  await setF.bringToFront();
  assert.equal((await syncNow(setF)).state, 'ok');
  await setC.bringToFront();
  assert.equal((await syncNow(setC)).state, 'ok');
  await setF.bringToFront();
  assert.equal((await syncNow(setF)).state, 'ok');
  const [c] = await dbRows(setC, 'items');
  const [f] = await dbRows(setF, 'items');
  assert.ok(c.tags.includes('경제'));
  assert.equal(c.note, '집에서 쓴 메모');
  assert.deepEqual(f, c);

  // Firefox deletes; Chromium loses it and stops painting.
  assert.equal((await ask(setF, 'deleteItems', { ids: [item.id] })).ok, true);
  assert.equal((await syncNow(setF)).state, 'ok');
  await setC.bringToFront();
  assert.equal((await syncNow(setC)).state, 'ok');
  assert.deepEqual(await dbRows(setC, 'items'), []);
  await waitPainted(page, (p) => p.yellow.length === 0, 'Chromium stops painting the deleted item');
});
