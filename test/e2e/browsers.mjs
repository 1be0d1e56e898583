// Launch Debian's Chromium and Firefox ESR, headless, with the built extension loaded and all
// traffic sent to the fixture site's proxy. A missing browser or build is an error that says what
// to install, never a silent skip.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Where npm run test:e2e builds the extension (see wxt.config.ts outDir). */
export const OUT_DIR = resolve(ROOT, process.env.SCRAPNOTE_OUT_DIR ?? '.output-e2e');
export const CHROME_BUILD = join(OUT_DIR, 'chrome-mv3');
export const FIREFOX_BUILD = join(OUT_DIR, 'firefox-mv3');
export const FIREFOX_ADDON_ID = 'scrapnote@scrapnote.example';
/** Fixed moz-extension UUID so tests can open the extension's pages in Firefox. */
export const FIREFOX_UUID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function need(path, what) {
  if (!existsSync(path))
    throw new Error(
      `${what} not found at ${path}. ${what.includes('build') ? 'Run npm run test:e2e (it builds first).' : 'Install it: apt-get install -y chromium firefox-esr fonts-noto-cjk'}`,
    );
}

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  need(p, 'Chromium');
  return p;
}

export function firefoxPath() {
  const p = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  need(p, 'Firefox ESR');
  return p;
}

export function artifactsDir(name) {
  const dir = join(ROOT, 'test/e2e/.artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Chromium with the extension. Returns { browser, extensionId, worker(), downloads, close }.
 * `lang` sets the UI locale (en or ko).
 */
export async function launchChromium({ proxy, lang = 'en', downloads } = {}) {
  need(join(CHROME_BUILD, 'manifest.json'), 'The Chrome build');
  const userDataDir = mkdtempSync(join(tmpdir(), 'scrapnote-chromium-'));
  if (downloads) {
    // Downloads land in `downloads` under their own names (CDP's download behaviour renames them).
    mkdirSync(join(userDataDir, 'Default'), { recursive: true });
    writeFileSync(
      join(userDataDir, 'Default/Preferences'),
      JSON.stringify({
        download: { default_directory: downloads, prompt_for_download: false, directory_upgrade: true },
      }),
    );
  }
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    pipe: true,
    enableExtensions: [CHROME_BUILD],
    userDataDir,
    acceptInsecureCerts: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--ignore-certificate-errors',
      `--lang=${lang}`,
      `--accept-lang=${lang === 'ko' ? 'ko-KR,ko' : 'en-US,en'}`,
      ...(proxy ? [`--proxy-server=http://${proxy}`, '--proxy-bypass-list=<-loopback>'] : []),
      '--window-size=1280,900',
    ],
    // C.UTF-8 exists on every Debian: without a UTF-8 locale Chromium refuses Hangul file names.
    env: { ...process.env, LANGUAGE: lang, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  const swTarget = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
    { timeout: 20_000 },
  );
  const extensionId = new URL(swTarget.url()).host;
  // On install the extension opens its welcome tab, and it takes the front when it comes: wait for
  // it here, so that a test's page brought to the front later stays the active tab (on a slow
  // machine the welcome tab could otherwise open after it and take the popup and shortcuts).
  await browser.waitForTarget((t) => t.type() === 'page' && t.url().includes('/sidepanel.html?welcome=1'), {
    timeout: 20_000,
  });
  return {
    browser,
    extensionId,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path}`,
    /** The background service worker, woken if it went to sleep. */
    worker: async () => {
      const t = await browser.waitForTarget((x) => x.type() === 'service_worker' && x.url().endsWith('/background.js'));
      return t.worker();
    },
    close: async () => {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Firefox ESR with the extension installed as a temporary add-on. */
export async function launchFirefox({ proxy, downloads, lang = 'en', prefs = {} } = {}) {
  need(join(FIREFOX_BUILD, 'manifest.json'), 'The Firefox build');
  const [host, port] = (proxy ?? ':').split(':');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      // Stands in for the user accepting the install prompt, which grants an MV3 add-on's host
      // permissions; a temporary install through WebDriver BiDi has no prompt.
      'extensions.originControls.grantByDefault': true,
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_UUID }),
      'intl.locale.requested': lang === 'ko' ? 'ko' : 'en-US',
      'intl.accept_languages': lang === 'ko' ? 'ko-KR, ko' : 'en-US, en',
      ...(proxy
        ? {
            'network.proxy.type': 1,
            'network.proxy.http': host,
            'network.proxy.http_port': Number(port),
            'network.proxy.ssl': host,
            'network.proxy.ssl_port': Number(port),
            'network.proxy.no_proxies_on': '',
            'network.proxy.allow_hijacking_localhost': true,
          }
        : {}),
      ...(downloads
        ? {
            'browser.download.folderList': 2,
            'browser.download.dir': downloads,
            'browser.download.useDownloadDir': true,
            'browser.download.always_ask_before_handling_new_types': false,
            'browser.helperApps.neverAsk.saveToDisk': 'application/json,text/markdown,text/csv,application/zip',
          }
        : {}),
      ...prefs,
    },
  });
  await browser.installExtension(FIREFOX_BUILD);
  return {
    browser,
    extensionUrl: (path) => `moz-extension://${FIREFOX_UUID}/${path}`,
    close: () => browser.close(),
  };
}

/** Wait until a file matching `test` appears in `dir` and is complete; returns its path. */
export async function waitForDownload(dir, test, timeout = 20_000) {
  const { readdirSync, statSync } = await import('node:fs');
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const name = readdirSync(dir).find((n) => test(n) && !n.endsWith('.crdownload') && !n.endsWith('.part'));
    if (name) {
      const p = join(dir, name);
      const size = statSync(p).size;
      await new Promise((r) => setTimeout(r, 200));
      if (size > 0 && statSync(p).size === size) return p;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `No download matching ${test} in ${dir} after ${timeout} ms (found: ${readdirSync(dir).join(', ') || 'nothing'})`,
  );
}

export const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
