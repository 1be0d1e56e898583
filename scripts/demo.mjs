// npm run demo: build the extension, start the demo Korean news site on loopback and open
// Chromium with the extension loaded. It says Chromium is open only once Chromium reports that it
// is up; when it cannot start (or there is no display) it says why, how to fix it and how to load
// the build by hand, and keeps the site running.
//
// CHROMIUM_PATH picks the browser; SCRAPNOTE_CHROMIUM_FLAGS adds Chromium flags (space-separated),
// e.g. SCRAPNOTE_CHROMIUM_FLAGS=--no-sandbox. As root, --no-sandbox is added (and said).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSite } from '../test/e2e/server.mjs';
import { START_URLS } from '../test/e2e/site/pages.mjs';
import { chromiumArgs, failureMessage, parseFlags, READY_TIMEOUT_MS, watchChromium } from './demo-chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const ext = join(root, '.output/chrome-mv3');

const site = await startSite({ log: (line) => process.stdout.write(`  site: ${line}\n`) });
const direct = (url) => {
  const u = new URL(url);
  return `http://${site.proxy}/${u.host}${u.pathname}${u.search}`;
};

console.log(`
Scrapnote demo site is running (proxy ${site.proxy}).

Pages (real host names, through the proxy):
  Naver-style article     ${START_URLS.naver}
  XE board list           ${START_URLS.xeBoard}
  XE post + its list      ${START_URLS.xePost}
  Daum-style article      ${START_URLS.daum}
  Newspaper brief         ${START_URLS.newspaperBrief}
  Not a news page         ${START_URLS.other}
Without the proxy, the same pages are at e.g. ${direct(START_URLS.xePost)}
`);

const chromium =
  process.env.CHROMIUM_PATH ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const asRoot = process.getuid?.() === 0;
const byHand = `To try it by hand:
  1. Open chrome://extensions, turn on Developer mode, "Load unpacked" and choose
     ${ext}
  2. Start Chromium with this proxy so the demo host names resolve here:
     chromium${asRoot ? ' --no-sandbox' : ''} --proxy-server=http://${site.proxy} --ignore-certificate-errors ${START_URLS.xePost}
     (or open ${direct(START_URLS.xePost)} without a proxy)
  3. Click the Scrapnote toolbar icon and Save.
Press Ctrl+C to stop the site.`;

/** @type {import('node:child_process').ChildProcess | undefined} */
let browser;
if (chromium && hasDisplay) {
  const profile = mkdtempSync(join(tmpdir(), 'scrapnote-demo-'));
  const { args, notes } = chromiumArgs({
    profile,
    ext,
    proxy: site.proxy,
    urls: [START_URLS.xePost, START_URLS.naver],
    flags: parseFlags(process.env.SCRAPNOTE_CHROMIUM_FLAGS),
    asRoot,
  });
  for (const note of notes) console.log(note);
  console.log(`Starting ${chromium}…`);
  browser = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  watchChromium(browser, {
    onReady() {
      console.log('Chromium is open with Scrapnote loaded. Close it (or press Ctrl+C) to stop the demo.');
      browser?.once('exit', async () => {
        await site.close();
        process.exit(0);
      });
    },
    onWaiting() {
      console.log(
        `Chromium has not said it is up after ${READY_TIMEOUT_MS / 1000} s; this demo will say so when it does, ` +
          `or why it stopped. If no window appears: ${byHand}`,
      );
    },
    onFailed(failure) {
      browser = undefined;
      console.log(`\n${failureMessage(failure, { path: chromium })}\n\nThe demo site keeps running. ${byHand}`);
    },
  });
} else {
  console.log(`No display${chromium ? '' : ' or Chromium'} here, so no browser was opened. ${byHand}`);
}
const stop = async () => {
  browser?.kill();
  await site.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
