/**
 * Chrome's offscreen document for the automatic backup (entrypoints/background/backup.ts): the
 * service worker cannot make blob: URLs, this page can. It exports the library and hands the
 * URL back; the background downloads it and then closes this page (which frees the blob).
 */
import { browser } from 'wxt/browser';
import { reads } from '@/lib/db/reads';
import { uiToBackground } from '@/lib/messaging';
import { errorMessage } from '@/lib/result';

async function main() {
  try {
    const file = await reads.exportFile('json', {
      now: new Date(),
      appVersion: browser.runtime.getManifest().version,
    });
    const url = URL.createObjectURL(new Blob(file.parts, { type: file.type }));
    await uiToBackground.sendMessage('backupFileReady', { url, error: null });
  } catch (e) {
    await uiToBackground.sendMessage('backupFileReady', { url: null, error: errorMessage(e) }).catch(() => undefined);
  }
}

void main();
