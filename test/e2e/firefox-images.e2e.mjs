// Saved images in Debian's Firefox ESR (as images.e2e.mjs in Chromium): a post whose image host
// refuses requests without the board as Referer is saved from the popup page with its images;
// then the image host goes down and the side panel shows them from the library (decoded pixels),
// the image that could not be fetched as its alt text; the settings show the space they take.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchFirefox } from './browsers.mjs';
import { dbRows, extensionPage } from './helpers.mjs';
import { startSite } from './server.mjs';
import { IMAGE_HOST, IMAGE_POSTS, IMAGE_URLS, IMAGES, imageHost } from './site/images.mjs';

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

/** Open `url` in a tab and the popup page for that tab (Firefox cannot open the real popup headless). */
async function popupFor(panel, url) {
  const tab = await firefox.browser.newPage();
  await tab.goto(url, { waitUntil: 'load' });
  await panel.bringToFront();
  const tabId = await panel.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id, url);
  assert.equal(typeof tabId, 'number', 'the tab is visible to the extension');
  await panel.evaluate((id) => browser.tabs.create({ url: `/popup.html?tab=${id}` }), tabId);
  const popup = await extensionPage(firefox.browser, '/popup.html');
  await popup.waitForSelector('main:not([data-page-kind="loading"])', { timeout: 20_000 });
  return popup;
}

async function storedItem(extPage, url, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const item = (await dbRows(extPage, 'items')).find((i) => i.url === url);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not saved within ${timeout} ms`);
}

test('Firefox: a post with hotlink-protected images is saved with them and read offline from the library', async () => {
  imageHost.down = false;
  const panel = await extensionPage(firefox.browser, '/sidepanel.html');
  await panel.waitForSelector('main.sidepanel');
  const popup = await popupFor(panel, IMAGE_URLS.post(21));
  await popup.waitForSelector('main[data-page-kind="article"]', { timeout: 20_000 });
  const logged = imageHost.log.length;
  const refused = imageHost.refused;
  await popup.locator('::-p-aria(Save[role="button"])').click();
  await popup.waitForSelector('::-p-aria(Saved[role="button"])', { timeout: 30_000 });
  const item = await storedItem(popup, IMAGE_URLS.post(21));
  await popup.close();
  assert.equal(imageHost.refused, refused, `nothing refused: ${imageHost.log.slice(logged).join(' | ')}`);
  assert.deepEqual(
    imageHost.log.slice(logged).sort(),
    ['harbor.png', 'lighthouse.png', 'pixel.gif'].map((f) => `/data/editor/2502/${f} https://www.sajinbang.kr/`),
    'each body image fetched once by the extension, with the board as Referer',
  );
  assert.deepEqual(
    item.images.map((i) => [i.hash !== null, i.size, i.skipped ?? null]),
    [
      [true, IMAGES['/data/editor/2502/harbor.png'].length, null],
      [true, IMAGES['/data/editor/2502/lighthouse.png'].length, null],
      [false, 0, 'failed'],
      [false, 0, 'pixel'],
    ],
  );
  assert.equal(item.images[2].url, IMAGE_URLS.image(IMAGE_POSTS[21].images[2][0]));

  // An extension page's own fetch, without the session rule, is refused: the rule is what works.
  assert.equal(
    await panel.evaluate((u) => fetch(u, { credentials: 'omit' }).then((r) => r.status), item.images[0].url),
    403,
  );

  // The image host goes away: the reader shows the copies, and asks it for nothing.
  imageHost.down = true;
  const asked = site.requests.filter((r) => r.startsWith(`${IMAGE_HOST} `)).length;
  await panel.bringToFront();
  await panel.waitForSelector(`[data-item-url="${IMAGE_URLS.post(21)}"]`, { timeout: 10_000 });
  await panel.click(`[data-item-url="${IMAGE_URLS.post(21)}"] .row-title`);
  await panel.waitForFunction(
    () => {
      const imgs = [...document.querySelectorAll('.reader-body img')];
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    { timeout: 15_000 },
  );
  assert.deepEqual(
    await panel.$$eval('.reader-body img', (imgs) =>
      imgs.map((i) => [i.src.slice(0, 5), i.naturalWidth, i.naturalHeight]),
    ),
    [
      ['blob:', 64, 48],
      ['blob:', 48, 64],
    ],
  );
  assert.match(await panel.$eval('.reader-body .img-missing', (e) => e.textContent), /^Image not kept: 지워진 사진/);
  assert.equal(
    site.requests.filter((r) => r.startsWith(`${IMAGE_HOST} `)).length,
    asked,
    'no request to the image host',
  );

  await panel.locator('::-p-aria(Back[role="button"])').click();
  await panel.waitForSelector('details.export-import summary');
  await panel.click('details.export-import summary');
  await panel.waitForSelector('[data-image-usage]:not([data-image-usage=""])');
  const bytes = IMAGES['/data/editor/2502/harbor.png'].length + IMAGES['/data/editor/2502/lighthouse.png'].length;
  assert.equal(await panel.$eval('[data-image-usage]', (p) => p.dataset.imageUsage), `2 ${bytes}`);
  imageHost.down = false;
});
