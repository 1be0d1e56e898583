// Versions of a saved post over time, in Chromium with the built extension: a post saved and
// highlighted, then edited at its source, is checked again from the side panel's reader with no
// tab of the site open (the service worker fetches it and reads it in its offscreen document):
// the reader shows what changed (the edit marked inside the paragraph, a paragraph removed, one
// added, a comment added), both versions are kept, each highlight stays on its version and shows
// on the newer one where its text still is. Then two posts deleted at their source (GNUBoard's
// alert page behind a 429 with Retry-After, and an XE post answering 404) are checked again as a
// selection from the library: both are marked deleted at the source and keep their copy and
// highlights; the JSON export carries `versions` and `status: 'gone'`.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { artifactsDir, launchChromium, readJson, waitForDownload } from './browsers.mjs';
import { axeViolations, dbRows, pressShortcut, selectQuote, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { G5_POST, served, setPostState, VERSIONS_URLS, XE_VERSIONS } from './site/versions.mjs';

let site;
let chrome;
let panel;
const downloads = artifactsDir('versions-downloads');
before(async () => {
  rmSync(downloads, { recursive: true, force: true });
  artifactsDir('versions-downloads');
  site = await startSite();
  chrome = await launchChromium({ proxy: site.proxy, downloads, lang: 'en' });
  panel = await chrome.browser.newPage();
  await panel.setViewport({ width: 420, height: 900 });
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  await panel.waitForSelector('main.sidepanel');
});
after(async () => {
  await chrome?.close();
  await site?.close();
});

/** The stored row of the item saved from `url` once `ready(row)` holds, waited for. */
async function storedItem(url, ready = () => true, timeout = 20_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = (await dbRows(panel, 'items')).find((i) => i.url === url);
    if (last && ready(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}: not as expected within ${timeout} ms (${JSON.stringify(last)?.slice(0, 300)})`);
}

/** Save a post from its page with the keyboard shortcut and highlight `quotes` there; then close the tab. */
async function saveAndHighlight(url, quotes) {
  const page = await chrome.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await pressShortcut(page, 'S');
  await storedItem(url);
  for (const [i, quote] of quotes.entries()) {
    await selectQuote(page, quote);
    await pressShortcut(page, 'H');
    await storedItem(url, (row) => (row.highlights?.length ?? 0) === i + 1);
  }
  await page.close();
}

test('a post edited at its source: Check again keeps both versions and the reader shows what changed', async () => {
  const url = VERSIONS_URLS.edited;
  await saveAndHighlight(url, ['회비는 만 원이고', '주차 공간이 없으니']);
  setPostState(47500, 'edited');
  const pages = (await chrome.browser.pages()).map((p) => p.url());
  assert.ok(!pages.some((u) => u.includes('ranknews.kr')), `no tab of the site is open: ${pages}`);

  await panel.bringToFront();
  await panel.click('#tab-library');
  await panel.waitForSelector(`[data-item-url="${url}"]`, { timeout: 10_000 });
  await panel.click(`[data-item-url="${url}"] .row-title`);
  await panel.waitForSelector('.reader[data-versions="1"]');
  const before = served.length;
  await panel.locator('::-p-aria(Check again[role="button"])').click();
  await panel.waitForSelector('.check-result[data-outcome="changed"]', { timeout: 30_000 });
  assert.ok(
    served.slice(before).some((s) => s.startsWith('47500 ')),
    'the post was fetched anew',
  );
  assert.match(
    await panel.$eval('.check-result', (e) => e.textContent),
    /Changed at the source: 1 added, 1 removed, 1 edited paragraphs/,
  );

  // Both versions are kept; the newest is shown with what changed since the first.
  await panel.waitForSelector('.reader[data-versions="2"]');
  assert.equal(await panel.$eval('#reader-title', (e) => e.textContent), XE_VERSIONS.edited.title);
  const changes = await panel.$$eval('.reader-changes li[data-op]', (els) =>
    els.map((li) => ({
      op: li.dataset.op,
      ins: [...li.querySelectorAll('ins')].map((e) => e.textContent),
      del: [...li.querySelectorAll('del')].map((e) => e.textContent),
    })),
  );
  assert.deepEqual(
    changes.map((c) => c.op),
    ['edited', 'removed', 'added'],
  );
  // Only the changed word is marked inside the edited paragraph (Chromium's word segmenter splits
  // the number from 일, Firefox's keeps 22일 whole).
  assert.equal(changes[0].del.length, 1, JSON.stringify(changes[0]));
  assert.match(changes[0].del[0], /^15(일)?$/);
  assert.match(changes[0].ins.join(''), /^22(일)?$/);
  assert.match(changes[1].del.join(''), /주차 공간이 없으니/);
  assert.match(changes[2].ins.join(''), /장소가 바뀌면/);
  assert.match(await panel.$eval('.reader-changes .changed-title', (e) => e.textContent), /정기 모임 장소 안내$/);
  assert.equal(await panel.$eval('.reader-changes .comments-added', (e) => e.textContent), 'Comments added since: 1');
  await shot(panel, 'sidepanel-versions');
  assert.deepEqual(await axeViolations(panel), [], 'axe on the reader with what changed');

  // Highlights: the one whose text is still there shows on the new version; the other stays on the first.
  const hl = async () =>
    panel.$$eval('.reader-highlights li[data-highlight-id]', (els) =>
      els.map((li) => [li.querySelector('.quote').textContent, li.dataset.anchored]),
    );
  await panel.waitForFunction(() => document.querySelector('.reader-body')?.dataset.painted === '1');
  assert.deepEqual(await hl(), [
    ['회비는 만 원이고', 'true'],
    ['주차 공간이 없으니', 'false'],
  ]);
  await panel.locator('::-p-aria(Show version 1[role="button"])').click();
  await panel.waitForFunction(() => document.querySelector('.reader-body')?.dataset.painted === '2');
  assert.equal(await panel.$eval('#reader-title', (e) => e.textContent), XE_VERSIONS.original.title);
  assert.ok(!(await panel.$('.reader-changes')), 'the first version has nothing before it');

  const row = await storedItem(url, (r) => r.versions?.length === 1);
  assert.equal(row.text, XE_VERSIONS.edited.paragraphs.join('\n'));
  assert.equal(row.versions[0].text, XE_VERSIONS.original.paragraphs.join('\n'));
  assert.equal(row.comments.length, 3);
  assert.deepEqual(
    row.highlights.map((h) => h.version),
    [row.savedAt, row.savedAt],
    'the highlights were made on the first version',
  );

  // Checked again at once: unchanged, and it says so.
  await panel.locator('::-p-aria(Check again[role="button"])').click();
  await panel.waitForSelector('.check-result[data-outcome="unchanged"]', { timeout: 30_000 });
  assert.match(await panel.$eval('.check-result', (e) => e.textContent), /^Unchanged at the source \(checked /);
  const checked = await storedItem(url, (r) => r.checkedAt && r.checkedAt > row.checkedAt);
  assert.equal(checked.versions.length, 1);

  // The export carries every version.
  await panel.locator('::-p-aria(Back[role="button"])').click();
  await panel.waitForSelector(`[data-item-url="${url}"]`);
});

test('posts deleted at their source, checked again as a selection, keep their copy and highlights', async () => {
  await saveAndHighlight(VERSIONS_URLS.gnuboard, ['나머지는 추첨했습니다']);
  await saveAndHighlight(VERSIONS_URLS.notFound, []);
  setPostState(7, 'deleted', { busyTimes: 1 });
  setPostState(47501, 'deleted');

  await panel.bringToFront();
  if (await panel.$('.reader')) await panel.locator('::-p-aria(Back[role="button"])').click();
  await panel.waitForSelector(`[data-item-url="${VERSIONS_URLS.gnuboard}"]`, { timeout: 10_000 });
  for (const u of [VERSIONS_URLS.gnuboard, VERSIONS_URLS.notFound])
    await panel.click(`[data-item-url="${u}"] input[type="checkbox"]`);
  const before = served.length;
  await panel.locator('::-p-aria(Check again[role="button"])').click();
  await panel.waitForFunction(
    () =>
      /^Checked 2: 0 unchanged, 0 changed, 2 deleted at the source\.$/.test(
        document.querySelector('.library .status')?.textContent ?? '',
      ),
    { timeout: 30_000 },
  );
  // The GNUBoard site answered 429 with Retry-After: 1 first; the post was asked again a second later.
  const g5 = served
    .slice(before)
    .filter((s) => s.startsWith('7 '))
    .map((s) => s.split(' ').map(Number));
  assert.deepEqual(
    g5.map((x) => x[2]),
    [429, 200],
  );
  assert.ok(g5[1][1] - g5[0][1] >= 950, `waited ${g5[1][1] - g5[0][1]} ms`);

  for (const u of [VERSIONS_URLS.gnuboard, VERSIONS_URLS.notFound]) {
    const row = await storedItem(u, (r) => r.status === 'gone');
    assert.ok(row.goneAt, 'when it was found gone');
    await panel.waitForSelector(`[data-item-url="${u}"][data-gone="true"]`);
  }
  const g5Row = await storedItem(VERSIONS_URLS.gnuboard);
  assert.equal(g5Row.text, G5_POST.paragraphs.join('\n'), 'the copy is kept');
  assert.equal(g5Row.highlights.length, 1, 'its highlight is kept');

  // The reader says so and still paints the highlight on the kept copy.
  await panel.click(`[data-item-url="${VERSIONS_URLS.gnuboard}"] .row-title`);
  await panel.waitForSelector('.reader[data-status="gone"] .gone-badge');
  await panel.waitForFunction(() => document.querySelector('.reader-body')?.dataset.painted === '1');
  assert.equal(await panel.$eval('.reader-highlights li[data-highlight-id]', (li) => li.dataset.anchored), 'true');
  await panel.locator('::-p-aria(Back[role="button"])').click();

  // The library's filter lists the posts deleted at their source.
  await panel.click('details.filters summary');
  await panel.locator('::-p-aria(Deleted at the source[role="checkbox"])').click();
  await panel.waitForFunction(() => document.querySelectorAll('.items [data-item-id]').length === 2);

  await panel.locator('::-p-aria(Export JSON[role="button"])').click();
  const data = readJson(await waitForDownload(downloads, (n) => /\.json$/.test(n)));
  assert.equal(data.version, 4);
  const byUrl = new Map(data.items.map((i) => [i.url, i]));
  const edited = byUrl.get(VERSIONS_URLS.edited);
  assert.deepEqual(
    edited.versions.map((v) => [typeof v.fetchedAt, v.title, v.text]),
    [
      ['string', XE_VERSIONS.original.title, XE_VERSIONS.original.paragraphs.join('\n')],
      ['string', XE_VERSIONS.edited.title, XE_VERSIONS.edited.paragraphs.join('\n')],
    ],
  );
  assert.equal(edited.status, undefined);
  for (const u of [VERSIONS_URLS.gnuboard, VERSIONS_URLS.notFound]) {
    const item = byUrl.get(u);
    assert.equal(item.status, 'gone');
    assert.equal(item.versions.length, 1);
    assert.equal(item.versions[0].text, item.text);
  }
  assert.equal(byUrl.get(VERSIONS_URLS.gnuboard).highlights.length, 1);
});
