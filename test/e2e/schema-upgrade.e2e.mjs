// End to end (Chromium): a library stored by the last development layout, schema version 7 (items
// holding their highlights, search signatures numbered by save time, highlight owners in shard
// rows), opens under the current schema (version 12) in the real browser's IndexedDB. The database is built with
// plain IndexedDB calls, independently of today's code. The highlight stays in its item's row, the
// search rows are built (the search finds the quote), the side panel lists the item, and the
// article paints the highlight again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { dbRows, keyboardSelect, waitPainted } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

const QUOTE = '인공지능 안전성 평가 기준을';

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

/**
 * Replace the extension's database by the same library as development version 7 stored it (Dexie
 * version 7 is IndexedDB version 70: its stores and indexes as that version declared them). Runs
 * in an extension page that does not open the database itself; the product's open connections
 * close on the delete (Dexie gives way to another connection's versionchange). Returns the v7
 * store names.
 */
function rewriteAsVersion7(extPage, items) {
  return extPage.evaluate(async (rows) => {
    const done = (r) =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    await done(indexedDB.deleteDatabase('scrapnote'));
    const open = indexedDB.open('scrapnote', 70);
    open.onupgradeneeded = () => {
      const db = open.result;
      const itemStore = db.createObjectStore('items', { keyPath: 'id' });
      itemStore.createIndex('canonicalKey', 'canonicalKey', { unique: true });
      for (const k of ['savedAt', 'publishedMs', 'kind', 'site.host', 'hasNote', 'hasHighlights']) {
        itemStore.createIndex(k, k);
      }
      itemStore.createIndex('tags', 'tags', { multiEntry: true });
      db.createObjectStore('highlightSets', { keyPath: 'itemId' });
      db.createObjectStore('highlightOwners', { keyPath: 'shard' });
      const sigs = db.createObjectStore('searchSigs', { keyPath: 'doc' });
      sigs.createIndex('gen', 'gen');
      sigs.createIndex('itemId', 'itemId');
      db.createObjectStore('searchMeta', { keyPath: 'key' });
    };
    const db = await done(open);
    const tx = db.transaction(['items', 'highlightOwners', 'searchSigs', 'searchMeta'], 'readwrite');
    for (const row of rows) {
      tx.objectStore('items').put(row);
      // Version 7's index rows (a signature nobody reads after the upgrade) and owner shards.
      tx.objectStore('searchSigs').put({ doc: 1, gen: 1, sig: new Uint32Array(32), itemId: row.id });
      tx.objectStore('highlightOwners').put({
        shard: 7,
        owners: new Map((row.highlights ?? []).map((h) => [h.id, row.id])),
      });
    }
    tx.objectStore('searchMeta').put({ key: 'gen', value: 1, epoch: 1 });
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    const names = [...db.objectStoreNames];
    db.close();
    return names;
  }, items);
}

/** The database's IndexedDB version and store names, as the browser holds them. */
function storedLayout(extPage) {
  return extPage.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('scrapnote');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          resolve({ version: db.version, stores: [...db.objectStoreNames].sort() });
          db.close();
        };
      }),
  );
}

test('Chromium: a development version 7 library upgrades in the real IndexedDB; highlight, search and painting survive', async () => {
  const chrome = await launchChromium({ proxy: site.proxy, lang: 'en' });
  try {
    // A highlight made with the product (which saves the article first).
    const page = await chrome.browser.newPage();
    await page.goto(START_URLS.naver, { waitUntil: 'load' });
    await keyboardSelect(page, QUOTE);
    await page.waitForSelector('::-p-aria(Highlight yellow[role="button"])', { timeout: 15_000 });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitPainted(page, (p) => p.yellow.length === 1, 'the new highlight');

    // Only pages that do not open the database stay open while it is rewritten.
    const ext = await chrome.browser.newPage();
    await ext.goto(chrome.extensionUrl('manifest.json'));
    const items = await dbRows(ext, 'items');
    assert.equal(items.length, 1);
    assert.equal(items[0].highlights?.length, 1);
    for (const p of await chrome.browser.pages()) if (p !== ext) await p.close();
    const v7 = await rewriteAsVersion7(ext, items);
    assert.deepEqual(v7.sort(), ['highlightOwners', 'highlightSets', 'items', 'searchMeta', 'searchSigs']);
    assert.equal((await storedLayout(ext)).version, 70);

    // The side panel opens the database: the upgrade runs in the browser.
    const panel = await chrome.browser.newPage();
    await panel.goto(chrome.extensionUrl('sidepanel.html'));
    await panel.waitForSelector(`[data-item-url="${START_URLS.naver}"]`, { timeout: 15_000 });
    const layout = await storedLayout(ext);
    // Dexie's version 12 (images of saved items, after 11: the items' status index) is IndexedDB's 120.
    assert.equal(layout.version, 120);
    assert.deepEqual(layout.stores, [
      'authors',
      'changes',
      'images',
      'items',
      'meta',
      'mutedWords',
      'reads',
      'search',
      'trash',
    ]);
    const [row] = await dbRows(ext, 'items');
    assert.deepEqual(
      row.highlights.map((h) => h.target.selector.find((s) => s.type === 'TextQuoteSelector').exact),
      [QUOTE],
    );
    assert.deepEqual(
      (await dbRows(ext, 'search')).map((r) => r.itemId),
      [row.id],
    );

    // The search rows were built: the quote's words are found as a highlight of the item.
    const search = panel.locator('::-p-aria(Search[role="searchbox"])');
    await search.fill('안전성 평가');
    // A hit marks the words in its snippet (the library list, also one row here, marks nothing).
    await panel.waitForFunction(
      () => [...document.querySelectorAll('[data-item-id] mark')].some((m) => m.textContent === '안전성'),
      { timeout: 10_000 },
    );

    // The background reads the upgraded rows: the article paints its highlight again.
    const again = await chrome.browser.newPage();
    await again.goto(START_URLS.naver, { waitUntil: 'load' });
    await waitPainted(again, (p) => p.yellow.length === 1 && p.yellow[0] === QUOTE, 'after the upgrade');
  } finally {
    await chrome.close();
  }
});
