// End to end (Chromium): a highlighted, tagged article is exported as JSON from the side panel's
// export panel; a fresh profile imports the file, the import report counts it, the highlight is
// painted again on the article, and exporting again gives the same file (but exportedAt).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactsDir, launchChromium, readJson, waitForDownload } from './browsers.mjs';
import { dbRows, phraseRects, shot, storedHighlights } from './helpers.mjs';
import { startSite } from './server.mjs';
import { START_URLS } from './site/pages.mjs';

const QUOTE = '인공지능 안전성 평가 기준을';
const JSON_NAME = /^스크랩노트-\d{4}-\d{2}-\d{2}\.json$/;

let site;
const step = (what) => console.log(`[export-import] ${new Date().toISOString().slice(11, 19)} ${what}`);
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

function painted(page) {
  return page.evaluate(() => {
    const h = CSS.highlights.get('scrapnote-yellow');
    return h ? [...h].map((r) => r.toString()) : [];
  });
}

async function waitPainted(page, count) {
  const end = Date.now() + 20_000;
  let last;
  while (Date.now() < end) {
    last = await painted(page).catch(() => undefined);
    if (last?.length === count) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`expected ${count} yellow highlights, painted: ${JSON.stringify(last)}`);
}

/**
 * Tag every item and give it a note, straight in the extension's IndexedDB (one of its pages; the
 * function runs through the DevTools protocol, so the page's CSP does not apply).
 */
function tagAll(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('scrapnote');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('items', 'readwrite');
          const store = tx.objectStore('items');
          const q = store.getAll();
          q.onsuccess = () => {
            for (const item of q.result) {
              store.put({ ...item, tags: ['AI', '정상회담'], note: '다시 읽기', updatedAt: new Date().toISOString() });
            }
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function openExportPanel(page) {
  await page.waitForSelector('details.export-import summary', { timeout: 15_000 });
  await page.$eval('details.export-import', (d) => {
    d.open = true;
  });
  await page.waitForSelector('.export-import button.primary', { visible: true });
}

test('Chromium: export JSON from the panel, import it in a fresh profile: items, tags, notes and highlights come back', async () => {
  const downloadsA = artifactsDir('export-import-a');
  const downloadsB = artifactsDir('export-import-b');
  rmSync(downloadsA, { recursive: true, force: true });
  rmSync(downloadsB, { recursive: true, force: true });
  artifactsDir('export-import-a');
  artifactsDir('export-import-b');

  // Profile A: highlight a sentence (which saves the article), then tag it and write a note.
  const a = await launchChromium({ proxy: site.proxy, downloads: downloadsA, lang: 'en' });
  let exported;
  try {
    const page = await a.browser.newPage();
    await page.goto(START_URLS.naver, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 500));
    // Drag over the phrase with the mouse, as in highlights.e2e.mjs.
    const at = await phraseRects(page, QUOTE);
    if (!at) throw new Error(`not on the page: ${QUOTE}`);
    await page.mouse.move(at.x1, at.y1);
    await page.mouse.down();
    await page.mouse.move(at.x2, at.y2, { steps: 8 });
    await page.mouse.up();
    assert.equal(await page.evaluate(() => getSelection().toString()), QUOTE);
    // The toolbar shows up next to the selection; Tab moves into it, on "Highlight yellow".
    await new Promise((r) => setTimeout(r, 1500));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    step('highlighting');
    const first = await waitPainted(page, 1);
    assert.equal(first[0], QUOTE);

    const panel = await a.browser.newPage();
    step('tagging');
    await panel.goto(a.extensionUrl('sidepanel.html'));
    await tagAll(panel);
    step('exporting');
    await panel.reload();
    await openExportPanel(panel);
    await shot(panel, 'export-panel');
    await panel.click('.export-import button.primary');
    exported = await waitForDownload(downloadsA, (n) => JSON_NAME.test(n));
    await panel.waitForSelector('.export-import .status');
  } finally {
    await a.close();
  }
  const fileA = readJson(exported);
  assert.equal(fileA.items.length, 1);
  assert.deepEqual(fileA.items[0].tags, ['AI', '정상회담']);
  assert.equal(fileA.items[0].highlights.length, 1);

  // Profile B, fresh: import the file.
  const b = await launchChromium({ proxy: site.proxy, downloads: downloadsB, lang: 'en' });
  try {
    const panel = await b.browser.newPage();
    await panel.goto(b.extensionUrl('sidepanel.html'));
    await openExportPanel(panel);
    step('importing');
    const input = await panel.$('.export-import input[type=file]');
    await input.uploadFile(exported);
    await panel.waitForSelector('[data-testid=import-report]', { timeout: 30_000 });
    const report = await panel.$eval('[data-testid=import-report]', (e) => e.textContent);
    assert.match(report, /Items: 1 added, 0 updated, 0 unchanged, 0 rejected\./);
    assert.match(report, /Highlights: 1 added/);
    await shot(panel, 'import-report');

    const [items, highlights] = await Promise.all([dbRows(panel, 'items'), storedHighlights(panel)]);
    assert.equal(items.length, 1);
    assert.deepEqual(items[0].tags, ['AI', '정상회담']);
    assert.equal(items[0].note, '다시 읽기');
    assert.ok(items[0].canonicalKey, 'canonicalKey is recomputed on import');
    assert.equal(highlights.length, 1);

    step('painting');
    // The highlight is painted again on the article in the new profile.
    const page = await b.browser.newPage();
    await page.goto(START_URLS.naver, { waitUntil: 'load' });
    const now = await waitPainted(page, 1);
    assert.equal(now[0], QUOTE);

    step('exporting again');
    // Exporting again gives the same file, but the time of export.
    await panel.bringToFront();
    await panel.click('.export-import button.primary');
    const again = readJson(await waitForDownload(downloadsB, (n) => JSON_NAME.test(n)));
    assert.deepEqual({ ...again, exportedAt: null }, { ...fileA, exportedAt: null });
  } finally {
    await b.close();
  }
});
