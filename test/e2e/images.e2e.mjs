// Saved images, in Chromium: a post of a board whose image host refuses requests that do not come
// from the board's pages (hotlink protection on Referer) is saved with its images, fetched by the
// extension with the post as referrer; another post is saved from the board's list with an image
// whose bytes the first already holds (stored once); then the image host goes down and the side
// panel, offline, shows the images from the library (decoded pixels: naturalWidth > 0), the image
// that could not be fetched as its alt text with no request, and the settings show the space used.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './browsers.mjs';
import { axeViolations, dbRows, openPopup, shot } from './helpers.mjs';
import { startSite } from './server.mjs';
import { IMAGE_HOST, IMAGE_POSTS, IMAGE_URLS, IMAGES, imageHost } from './site/images.mjs';

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

async function storedItem(extPage, url, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const item = (await dbRows(extPage, 'items')).find((i) => i.url === url);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not saved within ${timeout} ms`);
}

const imageRequests = () => site.requests.filter((r) => r.startsWith(`${IMAGE_HOST} `));

test('a post with hotlink-protected images is saved with them and read offline from the library', async () => {
  imageHost.down = false;
  // The image host refuses a request without the board's page as referrer.
  const direct = await fetch(`http://${site.proxy}/${IMAGE_HOST}/data/editor/2502/harbor.png`);
  assert.equal(direct.status, 403, 'hotlink protection refuses a request without the page as referrer');

  const page = await chrome.browser.newPage();
  await page.goto(IMAGE_URLS.post(21), { waitUntil: 'load' });
  const popup = await openPopup(chrome, page);
  await popup.waitForSelector('main[data-page-kind="article"]', { timeout: 20_000 });
  const refusedBefore = imageHost.refused;
  const servedBefore = imageHost.served;
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('.saved-state', { timeout: 30_000 });
  const item = await storedItem(popup, IMAGE_URLS.post(21));
  assert.equal(imageHost.refused, refusedBefore, 'the extension sent the post as referrer: nothing refused');
  const fetched = imageHost.log.slice(-(imageHost.served - servedBefore)).sort();
  assert.deepEqual(
    fetched,
    ['harbor.png', 'lighthouse.png', 'pixel.gif'].map((f) => `/data/editor/2502/${f} https://www.sajinbang.kr/`),
    'each image of the body fetched once, with the board as Referer (its origin, as the browser sends it)',
  );
  const [harbor, lighthouse, gone] = IMAGE_POSTS[21].images.map(([p]) => IMAGE_URLS.image(p));
  assert.deepEqual(
    item.images.map((i) => [i.url, i.hash !== null, i.size, i.skipped ?? null]),
    [
      [harbor, true, IMAGES['/data/editor/2502/harbor.png'].length, null],
      [lighthouse, true, IMAGES['/data/editor/2502/lighthouse.png'].length, null],
      [gone, false, 0, 'failed'],
      [IMAGE_URLS.image('/data/editor/2502/pixel.gif'), false, 0, 'pixel'],
    ],
    'the body images in order; the missing one and the 1×1 tracking pixel have no copy',
  );
  await popup.close();

  // A second post, saved from the board's list, shows the harbour again under another URL: the
  // same bytes are stored once.
  const list = await chrome.browser.newPage();
  await list.goto(IMAGE_URLS.board, { waitUntil: 'load' });
  const listPopup = await openPopup(chrome, list);
  await listPopup.waitForSelector('main[data-page-kind="board"]', { timeout: 20_000 });
  await listPopup.click(`[data-post-url="${IMAGE_URLS.post(22)}"] input[type="checkbox"]`);
  await listPopup.locator('::-p-aria(Save selected (1)[role="button"])').click();
  await listPopup.waitForSelector(`[data-post-url="${IMAGE_URLS.post(22)}"][data-saved="true"]`, { timeout: 30_000 });
  const second = await storedItem(listPopup, IMAGE_URLS.post(22));
  assert.equal(second.images.filter((i) => i.hash).length, 2);
  assert.equal(second.images[0].hash, item.images[0].hash, 'the re-uploaded harbour has the same content hash');
  const rows = await dbRows(listPopup, 'images');
  assert.equal(rows.length, 3, 'three distinct images stored for four image URLs');
  const shared = rows.find((r) => r.hash === item.images[0].hash);
  assert.deepEqual([...shared.items].sort(), [item.id, second.id].sort(), 'the shared image names both items');
  await listPopup.close();

  const panel = await chrome.browser.newPage();
  await panel.setViewport({ width: 420, height: 1000 });
  await panel.goto(chrome.extensionUrl('sidepanel.html'));
  // An extension page's own fetch, without the session rule, is refused: the rule is what works.
  assert.equal(await panel.evaluate((u) => fetch(u).then((r) => r.status), item.images[0].url), 403);

  // The image host goes away (and the side panel is offline): the reader shows the saved copies.
  imageHost.down = true;
  await panel.setOfflineMode(true);
  const requestsBefore = imageRequests().length;
  await panel.waitForSelector(`[data-item-url="${IMAGE_URLS.post(21)}"]`, { timeout: 10_000 });
  // The list may still be drawing its rows (the library's first paint, then its whole list): the
  // reader must open before its images are looked for.
  await panel.click(`[data-item-url="${IMAGE_URLS.post(21)}"] .row-title`);
  if (!(await panel.waitForSelector('[data-reader-item]', { timeout: 5_000 }).catch(() => null))) {
    await panel.click(`[data-item-url="${IMAGE_URLS.post(21)}"] .row-title`);
    await panel.waitForSelector('[data-reader-item]', { timeout: 10_000 });
  }
  await panel.waitForFunction(
    () => {
      const imgs = [...document.querySelectorAll('.reader-body img')];
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    { timeout: 30_000 },
  );
  const shown = await panel.$$eval('.reader-body img', (imgs) =>
    imgs.map((i) => ({ src: i.src.slice(0, 5), w: i.naturalWidth, h: i.naturalHeight, alt: i.alt })),
  );
  assert.deepEqual(shown, [
    { src: 'blob:', w: 64, h: 48, alt: '영도 앞바다' },
    { src: 'blob:', w: 48, h: 64, alt: '빨간 등대' },
  ]);
  assert.equal(
    await panel.$eval('.reader-body .img-missing', (e) => e.firstChild.textContent.trim()),
    'Image not kept: 지워진 사진',
  );
  assert.equal(imageRequests().length, requestsBefore, 'the reader asked the image host for nothing');
  await shot(panel, 'sidepanel-reader-images');
  assert.deepEqual(await axeViolations(panel), [], 'axe on the reader with saved images and a placeholder');

  // Leaving the item revokes its blob: URLs.
  const firstSrc = await panel.$eval('.reader-body img', (i) => i.src);
  await panel.locator('::-p-aria(Back[role="button"])').click();
  await panel.waitForSelector('.reader', { hidden: true });
  const revoked = await panel.evaluate(
    (src) =>
      fetch(src).then(
        () => false,
        () => true,
      ),
    firstSrc,
  );
  assert.equal(revoked, true, 'the blob: URL is revoked once the reader is left');

  // The library's settings show the space the images take.
  await panel.click('details.export-import summary');
  await panel.waitForSelector('[data-image-usage]:not([data-image-usage=""])');
  const bytes = Object.keys(IMAGES)
    .filter((p) => !p.includes('copy') && !p.includes('pixel'))
    .reduce((n, p) => n + IMAGES[p].length, 0);
  assert.equal(await panel.$eval('[data-image-usage]', (p) => p.dataset.imageUsage), `3 ${bytes}`);
  assert.match(await panel.$eval('[data-image-usage]', (p) => p.textContent), /^Images stored: 3, /);
  assert.equal(
    await panel.$eval('.image-settings input[type=checkbox]', (c) => c.checked),
    true,
    'Keep images is on by default',
  );
  assert.deepEqual(await axeViolations(panel), [], 'axe on the settings with the images settings');
  await panel.setOfflineMode(false);
  imageHost.down = false;
  await panel.close();
  await page.close();
  await list.close();
});
