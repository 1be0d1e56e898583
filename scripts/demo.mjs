// npm run demo: build the extension, start the demo Korean news site on loopback and open
// Chromium with the extension loaded. Without a display it prints how to load the build by hand
// and keeps the site running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSite } from '../test/e2e/server.mjs';
import { START_URLS } from '../test/e2e/site/pages.mjs';

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

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
  existsSync(p),
);
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (chromium && hasDisplay) {
  const profile = mkdtempSync(join(tmpdir(), 'scrapnote-demo-'));
  const child = spawn(
    chromium,
    [
      `--user-data-dir=${profile}`,
      `--load-extension=${ext}`,
      `--disable-extensions-except=${ext}`,
      `--proxy-server=http://${site.proxy}`,
      '--proxy-bypass-list=<-loopback>',
      '--ignore-certificate-errors',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
      START_URLS.xePost,
      START_URLS.naver,
    ],
    { stdio: 'ignore' },
  );
  console.log('Chromium is open with Scrapnote loaded. Close it (or press Ctrl+C) to stop the demo.');
  child.on('exit', async () => {
    await site.close();
    process.exit(0);
  });
} else {
  console.log(`No display${chromium ? '' : ' or Chromium'} here, so no browser was opened. To try it by hand:
  1. Open chrome://extensions, turn on Developer mode, "Load unpacked" and choose
     ${ext}
  2. Start Chromium with this proxy so the demo host names resolve here:
     chromium --proxy-server=http://${site.proxy} --ignore-certificate-errors ${START_URLS.xePost}
     (or open ${direct(START_URLS.xePost)} without a proxy)
  3. Click the Scrapnote toolbar icon and Save.
Press Ctrl+C to stop the site.`);
}
process.on('SIGINT', async () => {
  await site.close();
  process.exit(0);
});
