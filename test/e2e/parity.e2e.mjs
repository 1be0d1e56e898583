// End to end in both browsers: the same pages saved in Chromium and in Firefox ESR give the same
// items. Recognition and extraction run in each browser's content-script world (Chromium's
// isolated world, Firefox's Xray wrappers around the page's DOM), where page globals and some DOM
// behaviour differ; the saved item must not. Pages: an XE/Rhymix post with its list, a newspaper
// article described by JSON-LD in markup no profile knows, a newspaper brief, Naver and Daum.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium, launchFirefox } from './browsers.mjs';
import { extensionPage } from './helpers.mjs';
import { startSite } from './server.mjs';
import { ARTICLES } from './site/articles.mjs';
import { START_URLS } from './site/pages.mjs';

const PAGES = [START_URLS.xePost, START_URLS.jsonLd, START_URLS.newspaperBrief, START_URLS.naver, START_URLS.daum];

/** A saved item without what the save itself decides (its id, times, tags and note). */
function recognized(item) {
  const { id: _id, savedAt: _s, updatedAt: _u, tags: _t, note: _n, ...rest } = item;
  return rest;
}

/**
 * Open each page in a tab and save it through the background (the popup's saveTab message, sent
 * from an extension page); the recognized fields of each saved item, by URL.
 */
async function saveAll(browser, extPage) {
  const out = {};
  for (const url of PAGES) {
    const tab = await browser.newPage();
    await tab.goto(url, { waitUntil: 'load' });
    const res = await extPage.evaluate(async (u) => {
      const api = globalThis.browser ?? globalThis.chrome;
      const [t] = (await api.tabs.query({})).filter((x) => x.url === u);
      if (!t) return { ok: false, error: `no tab for ${u}` };
      const answer = await api.runtime.sendMessage({
        id: 1,
        type: 'saveTab',
        data: { tabId: t.id },
        timestamp: Date.now(),
      });
      return answer?.res ?? { ok: false, error: JSON.stringify(answer) };
    }, url);
    assert.ok(res.ok, `${url}: ${res.error}`);
    out[url] = recognized(res.value);
    await tab.close();
  }
  return out;
}

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

test('the same pages saved in Chromium and in Firefox ESR give the same items', async () => {
  const chrome = await launchChromium({ proxy: site.proxy, lang: 'ko' });
  let inChromium;
  try {
    const ext = await chrome.browser.newPage();
    await ext.goto(chrome.extensionUrl('sidepanel.html'));
    inChromium = await saveAll(chrome.browser, ext);
  } finally {
    await chrome.close();
  }
  const firefox = await launchFirefox({ proxy: site.proxy });
  let inFirefox;
  try {
    const ext = await extensionPage(firefox.browser, '/sidepanel.html');
    inFirefox = await saveAll(firefox.browser, ext);
  } finally {
    await firefox.close();
  }

  // What each page must be recognized as (in Chromium; Firefox must then agree field by field).
  const xe = inChromium[START_URLS.xePost];
  assert.equal(xe.site.engine, 'xe');
  assert.ok(xe.publishedAt, 'the XE post has its date');
  const ld = inChromium[START_URLS.jsonLd];
  assert.equal(ld.site.name, '동부일보');
  assert.equal(ld.publishedAt, '2025-02-05T08:15:00+09:00');
  // A story known by its JSON-LD alone (no profile, no og:type): an article, its author the reporter.
  assert.equal(ld.kind, 'article');
  assert.deepEqual(ld.authors, [ARTICLES[2024 % ARTICLES.length].reporter]);
  for (const url of PAGES) {
    const { kind, ...rest } = inFirefox[url];
    assert.deepEqual({ kind, ...rest }, inChromium[url], `${url}: Firefox saved it differently`);
  }
});
