import { browser } from 'wxt/browser';
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { acceptBackupFile, registerBackup, runBackup } from '@/entrypoints/background/backup';
import type { BackgroundContext } from '@/entrypoints/background/context';
import { ScrapnoteDB } from '@/lib/db';
import { LibraryService } from '@/lib/db/service';
import {
  BACKUP_ALARM,
  BACKUP_KEY,
  backupFileName,
  DEFAULT_BACKUP,
  minutesUntilDue,
  readBackupSettings,
} from '@/lib/export/backup';
import { uiToBackground } from '@/lib/messaging';
import { makeItem } from '../../support/items';

describe('backup settings', () => {
  it('are off by default and fall back to the defaults when damaged', () => {
    expect(DEFAULT_BACKUP.enabled).toBe(false);
    expect(readBackupSettings(undefined)).toEqual(DEFAULT_BACKUP);
    expect(readBackupSettings({ enabled: true, everyDays: 3, lastAt: null, lastError: null })).toEqual(DEFAULT_BACKUP);
    expect(readBackupSettings({ enabled: true, everyDays: 1, lastAt: null, lastError: null }).enabled).toBe(true);
  });

  it('the next backup is due the interval after the last one', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const s = { ...DEFAULT_BACKUP, enabled: true, everyDays: 7 as const };
    expect(minutesUntilDue(s, now)).toBe(1);
    expect(minutesUntilDue({ ...s, lastAt: '2026-11-27T00:00:00.000Z' }, now)).toBe(6 * 24 * 60);
    expect(minutesUntilDue({ ...s, lastAt: '2026-11-01T00:00:00.000Z' }, now)).toBe(0);
  });

  it('files go to a Scrapnote folder with a Hangul name', () => {
    expect(backupFileName(new Date(2026, 10, 28, 3))).toBe('Scrapnote/스크랩노트-백업-2026-11-28.json');
  });
});

describe('background backup', () => {
  let db: ScrapnoteDB;
  let ctx: BackgroundContext;
  beforeEach(() => {
    fakeBrowser.reset();
    db = new ScrapnoteDB(`backup-${Math.random()}`);
    ctx = {
      db,
      library: new LibraryService(db),
      self: { extensionId: fakeBrowser.runtime.id, baseUrl: 'chrome-extension://test/' },
    };
    vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    // registerBackup's message handler: one per message name and context, so the next test's
    // registerBackup can add its own.
    uiToBackground.removeAllListeners();
    await db.delete();
  });

  it('arms the alarm when turned on and clears it when turned off', async () => {
    registerBackup(ctx);
    await browser.storage.local.set({ [BACKUP_KEY]: { ...DEFAULT_BACKUP, enabled: true, everyDays: 1 } });
    // A generous wait: vi.waitFor's 1 s default is a wall-clock bound a loaded CI machine can miss.
    await vi.waitFor(async () => expect(await browser.alarms.get(BACKUP_ALARM)).toBeDefined(), { timeout: 20_000 });
    expect((await browser.alarms.get(BACKUP_ALARM))?.periodInMinutes).toBe(24 * 60);
    await browser.storage.local.set({ [BACKUP_KEY]: { ...DEFAULT_BACKUP, enabled: false } });
    await vi.waitFor(async () => expect(await browser.alarms.get(BACKUP_ALARM)).toBeUndefined(), { timeout: 20_000 });
  });

  it('writes the JSON export to the downloads folder and records the time; a failure is recorded too', async () => {
    await db.items.put({ ...makeItem({ id: 'a', canonicalKey: 'a' }), publishedMs: null });
    await browser.storage.local.set({ [BACKUP_KEY]: { ...DEFAULT_BACKUP, enabled: true } });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:chrome-extension://test/1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    // The fake browser has no downloads events: keep the listener and end the download by hand.
    let listener: ((delta: { id: number; state?: { current?: string } }) => void) | null = null;
    vi.spyOn(browser.downloads.onChanged, 'addListener').mockImplementation((l) => {
      listener = l as never;
    });
    vi.spyOn(browser.downloads.onChanged, 'removeListener').mockImplementation(() => {
      listener = null;
    });
    const download = vi.spyOn(browser.downloads, 'download').mockImplementation(async () => {
      setTimeout(() => {
        listener?.({ id: 6, state: { current: 'complete' } });
        listener?.({ id: 7, state: { current: 'complete' } });
      });
      return 7;
    });
    await runBackup(ctx);
    expect(download.mock.calls[0]![0]).toMatchObject({
      url: 'blob:chrome-extension://test/1',
      conflictAction: 'uniquify',
    });
    expect(download.mock.calls[0]![0].filename).toMatch(/^Scrapnote\/스크랩노트-백업-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(await blobs[0]!.text());
    expect(file.items.map((i: { id: string }) => i.id)).toEqual(['a']);
    const after = readBackupSettings((await browser.storage.local.get(BACKUP_KEY))[BACKUP_KEY]);
    expect(after.lastAt).not.toBeNull();
    expect(after.lastError).toBeNull();

    download.mockRejectedValueOnce(new Error('Download canceled by the user'));
    await runBackup(ctx);
    const failed = readBackupSettings((await browser.storage.local.get(BACKUP_KEY))[BACKUP_KEY]);
    expect(failed.lastError).toBe('Download canceled by the user');
    expect(failed.lastAt).toBe(after.lastAt);
  });

  it('Chrome: an offscreen page makes the file; only a blob URL of our origin, sent by our page, is downloaded', async () => {
    await db.items.put({ ...makeItem({ id: 'a', canonicalKey: 'a' }), publishedMs: null });
    // The background's real handler of backupFileReady, with its sender check.
    registerBackup(ctx);
    const page = { id: fakeBrowser.runtime.id, url: 'chrome-extension://test/backup.html' };
    const webPage = { id: fakeBrowser.runtime.id, url: 'https://evil.example/', tab: { id: 4 }, frameId: 0 };
    /**
     * Deliver the backupFileReady message from a sender, as the browser does (message, sender,
     * sendResponse; the fake's trigger passes its arguments on); resolves with the answer.
     */
    const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown>;
    const send = (sender: object, data: unknown) =>
      new Promise<{ res?: { ok: boolean; error?: string } }>((resolve) => {
        void trigger({ id: 1, type: 'backupFileReady', data, timestamp: Date.now() }, sender, resolve);
      });
    let answer: unknown = { url: 'blob:chrome-extension://test/2', error: null };
    const answers: Array<{ res?: { ok: boolean; error?: string } }> = [];
    const closeDocument = vi.fn(async () => undefined);
    const createDocument = vi.fn(async () => {
      setTimeout(async () => {
        // A web page's message naming a blob URL is refused before the backup sees it...
        answers.push(await send(webPage, { url: 'blob:chrome-extension://test/evil', error: null }));
        // ...and the backup page's own answer is the one taken.
        answers.push(await send(page, answer));
      });
    });
    // The fake browser's APIs (registerBackup listens on its runtime.onMessage) and offscreen.
    vi.stubGlobal(
      'chrome',
      Object.assign(Object.create(fakeBrowser), { offscreen: { createDocument, closeDocument } }),
    );
    vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL: undefined, canParse: URL.canParse }));
    let listener: ((delta: { id: number; state?: { current?: string } }) => void) | null = null;
    vi.spyOn(browser.downloads.onChanged, 'addListener').mockImplementation((l) => {
      listener = l as never;
    });
    vi.spyOn(browser.downloads.onChanged, 'removeListener').mockImplementation(() => undefined);
    const download = vi.spyOn(browser.downloads, 'download').mockImplementation(async () => {
      setTimeout(() => listener?.({ id: 1, state: { current: 'interrupted' } }));
      return 1;
    });
    try {
      await runBackup(ctx);
      expect(answers).toEqual([
        { res: { ok: false, error: 'Refused: not an extension page.' } },
        { res: { ok: true, value: true } },
      ]);
      expect(readBackupSettings((await browser.storage.local.get(BACKUP_KEY))[BACKUP_KEY]).lastError).toBeNull();
      expect(createDocument).toHaveBeenCalledWith(expect.objectContaining({ reasons: ['BLOBS'] }));
      expect(download).toHaveBeenCalledTimes(1);
      expect(download.mock.calls[0]![0].url).toBe('blob:chrome-extension://test/2');
      expect(closeDocument).toHaveBeenCalled();

      // A URL of another origin, or a message when no backup runs, is refused.
      answer = { url: 'blob:https://evil.example/1', error: null };
      await runBackup(ctx);
      expect(download).toHaveBeenCalledTimes(1);
      const s = readBackupSettings((await browser.storage.local.get(BACKUP_KEY))[BACKUP_KEY]);
      expect(s.lastError).toBe('The backup page made no file.');
      expect(acceptBackupFile(ctx, { url: 'blob:chrome-extension://test/3', error: null })).toEqual({
        ok: false,
        error: 'No backup is running.',
      });
      expect(await send(page, { url: 'blob:chrome-extension://test/3', error: null })).toEqual({
        res: { ok: false, error: 'No backup is running.' },
      });
    } finally {
      vi.unstubAllGlobals();
      // Back to the globals the test setup stubs for every test (unstubAllGlobals removed them too).
      vi.stubGlobal('chrome', fakeBrowser);
      vi.stubGlobal('browser', fakeBrowser);
    }
  });
});
