/**
 * Scheduled automatic backup (off by default): an alarm writes a JSON export to
 * Downloads/Scrapnote/ every 1, 7 or 30 days, as set in the export panel (lib/export/backup.ts).
 *
 * A download needs a URL for the file. Firefox's background page can make a blob: URL itself;
 * Chrome's service worker cannot (no URL.createObjectURL, and data: URLs over 2 MB fail), so an
 * offscreen document (entrypoints/backup) builds the export and hands back a blob: URL of its own
 * origin through the `backupFileReady` message.
 */

import { browser } from 'wxt/browser';
import { exportFile } from '@/lib/db/export';
import { BACKUP_ALARM, type BackupSettings, backupFileName, minutesUntilDue } from '@/lib/export/backup';
import { handleUi } from '@/lib/messaging/handle';
import type { UiToBackground } from '@/lib/messaging/protocol';
import { err, errorMessage, ok, type Result } from '@/lib/result';
import { backupSettings } from '@/lib/settings';
import type { BackgroundContext } from './context';

type Offscreen = {
  createDocument(o: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
};
const offscreen = () => (globalThis as { chrome?: { offscreen?: Offscreen } }).chrome?.offscreen;

/** The offscreen document's answer, awaited by the running backup. */
let waiting: { resolve(url: string): void; reject(e: Error): void } | null = null;

function settings(): Promise<BackupSettings> {
  return backupSettings.get();
}

/** (Re)arm the alarm from the settings: cleared when off, due after the last backup when on. */
async function schedule(): Promise<void> {
  const s = await settings();
  await browser.alarms.clear(BACKUP_ALARM);
  if (!s.enabled) return;
  browser.alarms.create(BACKUP_ALARM, {
    delayInMinutes: Math.max(1, minutesUntilDue(s, new Date())),
    periodInMinutes: s.everyDays * 24 * 60,
  });
}

/** A blob: URL of the JSON export, made where blob URLs can be made. */
async function exportUrl(ctx: BackgroundContext, now: Date): Promise<{ url: string; release(): Promise<void> }> {
  if (typeof URL.createObjectURL === 'function') {
    const file = await exportFile(ctx.db, 'json', { now, appVersion: browser.runtime.getManifest().version });
    const url = URL.createObjectURL(new Blob(file.parts, { type: file.type }));
    return { url, release: async () => URL.revokeObjectURL(url) };
  }
  const api = offscreen();
  if (!api) throw new Error('This browser cannot write files from the background.');
  const answer = new Promise<string>((resolve, reject) => {
    waiting = { resolve, reject };
    setTimeout(() => reject(new Error('The backup took longer than 5 minutes.')), 5 * 60_000);
  });
  await api.closeDocument().catch(() => undefined);
  await api.createDocument({
    url: browser.runtime.getURL('/backup.html'),
    reasons: ['BLOBS'],
    justification: 'Write the scheduled library backup to a file.',
  });
  try {
    const url = await answer;
    return { url, release: () => api.closeDocument().catch(() => undefined) };
  } catch (e) {
    await api.closeDocument().catch(() => undefined);
    throw e;
  } finally {
    waiting = null;
  }
}

/** Resolves when the download ends (completed or interrupted), so the blob can be released. */
function downloadEnded(id: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      browser.downloads.onChanged.removeListener(listener);
      clearTimeout(timer);
      resolve();
    };
    const listener = (delta: { id: number; state?: { current?: string } }) => {
      if (delta.id === id && (delta.state?.current === 'complete' || delta.state?.current === 'interrupted')) done();
    };
    const timer = setTimeout(done, 10 * 60_000);
    browser.downloads.onChanged.addListener(listener);
  });
}

/** Write one backup now and record the outcome in the settings. */
export async function runBackup(ctx: BackgroundContext): Promise<void> {
  const now = new Date();
  try {
    const file = await exportUrl(ctx, now);
    try {
      const options = { url: file.url, conflictAction: 'uniquify', saveAs: false } as const;
      const name = backupFileName(now);
      // Chromium without a UTF-8 system locale refuses non-ASCII names: keep the backup, lose the Hangul.
      const id = await browser.downloads.download({ ...options, filename: name }).catch((e: unknown) => {
        if (!/filename/i.test(String(e))) throw e;
        return browser.downloads.download({ ...options, filename: name.replace(/[^\x20-\x7e]+/g, 'scrapnote-backup') });
      });
      await downloadEnded(id);
    } finally {
      await file.release();
    }
    await backupSettings.update({ lastAt: now.toISOString(), lastError: null });
  } catch (e) {
    await backupSettings.update({ lastError: errorMessage(e).slice(0, 2000) });
  }
}

/** Listeners of the backup: call once, synchronously, when the background starts. */
export function registerBackup(ctx: BackgroundContext): void {
  browser.runtime.onInstalled.addListener(() => void schedule());
  browser.runtime.onStartup.addListener(() => void schedule());
  backupSettings.watch((after, before) => {
    // Recording a result (lastAt, lastError) must not re-arm the alarm.
    if (before.enabled !== after.enabled || before.everyDays !== after.everyDays) void schedule();
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BACKUP_ALARM) void runBackup(ctx);
  });

  handleUi(ctx.self, 'backupFileReady', async (data) => acceptBackupFile(ctx, data));
}

/** The offscreen page's answer (checked by handleUi): only while a backup waits, only our blob URLs. */
export function acceptBackupFile(
  ctx: BackgroundContext,
  { url, error }: Parameters<UiToBackground['backupFileReady']>[0],
): Result<true> {
  if (!waiting) return err('No backup is running.');
  // baseUrl is the origin plus "/" (e.g. chrome-extension://id/), as in blob:chrome-extension://id/uuid.
  if (url?.startsWith(`blob:${ctx.self.baseUrl}`)) waiting.resolve(url);
  else waiting.reject(new Error(error ?? 'The backup page made no file.'));
  return ok(true as const);
}
