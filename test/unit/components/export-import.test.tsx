/**
 * The export and import panel as it runs: exports read the library through the data-access layer;
 * an import hands the chosen file to the background's library service as a blob: URL. The whole
 * background (entrypoints/background) runs in the same context on WXT's fake browser, over the
 * same fake-IndexedDB database, and runtime messages are delivered as Chrome delivers them.
 *
 * happy-dom's fetch refuses blob: URLs ("URL scheme "blob" is not supported"), so the background
 * could not read the file: while a test runs, fetch of a blob: URL reads the blob that
 * URL.createObjectURL registered (Node's blob registry), as a browser's fetch does; any other
 * URL goes to happy-dom's fetch.
 */
import { browser } from 'wxt/browser';
import 'fake-indexeddb/auto';
import { resolveObjectURL } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type ExportImportType from '@/components/ExportImport';
import type { ChangeRow, ScrapnoteDB } from '@/lib/db';
import { highlightsOf } from '@/lib/db/items';
import { LibraryService } from '@/lib/db/service';
import { BACKUP_INTERVALS, BACKUP_KEY } from '@/lib/export/backup';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import { IMPORT_ERROR_CODES, ImportError } from '@/lib/export/parse';
import { deliverFrom, getMessage, locale } from '../../support/fake-extension';
import { makeHighlight, makeItem } from '../../support/items';

const root = path.resolve(__dirname, '../../..');
const en = locale('en');

let db: ScrapnoteDB;
let host: HTMLElement;
let ExportImport: typeof ExportImportType;
/** The page's messages to the background. */
let asked: string[];
beforeEach(async () => {
  fakeBrowser.reset();
  // A fresh page and background per test: each message name has one handler per context.
  vi.resetModules();
  const dbModule = await import('@/lib/db');
  db = new dbModule.ScrapnoteDB(`ui-${Math.random()}`);
  dbModule.setDb(db);
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation(getMessage as never);
  vi.spyOn(browser.i18n, 'getUILanguage').mockReturnValue('en-US');
  const base = fakeBrowser.runtime.getURL('/');
  deliverFrom({ id: fakeBrowser.runtime.id, url: `${base}sidepanel.html`, origin: base.slice(0, -1) });
  asked = [];
  fakeBrowser.runtime.onMessage.addListener((m: unknown) => {
    asked.push((m as { type?: string }).type ?? '?');
  });
  const pageFetch = globalThis.fetch.bind(globalThis);
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('blob:')) return pageFetch(input, init);
    const blob = resolveObjectURL(url);
    if (!blob) throw new TypeError('Failed to fetch');
    return new Response(await blob.text());
  });
  // Events fakeBrowser does not implement; the background only listens to them.
  vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  ((await import('@/entrypoints/background')).default as { main(): void }).main();
  ExportImport = (await import('@/components/ExportImport')).default;
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(async () => {
  render(null, host);
  host.remove();
  vi.restoreAllMocks();
  fakeBrowser.reset();
  db.close();
  await db.delete();
});

const settle = async (until: () => boolean) => {
  // Polls up to a generous 20 s: a wait for the UI, not a speed limit (loaded CI machines).
  const end = Date.now() + 20_000;
  while (!until() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

function chooseFile(text: string) {
  const input = host.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { configurable: true, value: [new File([text], 'backup.json')] });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const fileText = (items: ReturnType<typeof makeItem>[]) =>
  [
    ...exportChunks(
      exportHeader(new Date(), '0.1.0'),
      items.map((i) => exportItem(i, [makeHighlight(i.id)])),
    ),
  ].join('');

describe('ExportImport panel', () => {
  it('imports a file and reports added items and each rejected one with its reason', async () => {
    render(<ExportImport />, host);
    chooseFile(
      fileText([
        makeItem({ id: 'a', url: 'https://a.kr/1' }),
        makeItem({ id: 'b', url: 'https://a.kr/2', savedAt: 'soon' }),
      ]),
    );
    await settle(() => !!host.querySelector('[data-testid=import-report]'));
    const report = host.querySelector('[data-testid=import-report]')!.textContent!;
    expect(report).toContain('Items: 1 added, 0 updated, 0 unchanged, 1 rejected.');
    expect(report).toContain('Highlights: 1 added');
    expect(report).toContain('#2 (b)');
    expect(report).toContain('savedAt: not an ISO 8601 date-time');
    // The background imported it (the page only asked).
    expect(asked).toContain('importFile');
    expect(await db.items.count()).toBe(1);
    expect((await highlightsOf(db, 'a')).map((h) => h.id)).toEqual(['a-h1']);
    expect(host.querySelector('[role=alert]')).toBeNull();
  });

  it('a file of hundreds of broken items lists the first 500 reasons and counts the rest', async () => {
    render(<ExportImport />, host);
    const header = {
      format: 'scrapnote-export',
      version: 1,
      exportedAt: new Date().toISOString(),
      app: { name: 'x', version: '1' },
    };
    chooseFile(JSON.stringify({ ...header, items: Array.from({ length: 600 }, (_, i) => ({ id: `x${i}` })) }));
    await settle(() => !!host.querySelector('[data-testid=import-report]'));
    const items = host.querySelectorAll('[data-testid=import-report] li');
    expect(items).toHaveLength(501);
    expect(items[0]!.textContent).toMatch(/^#1 \(x0\): /);
    expect(items[500]!.textContent).toBe('… and 100 more');
  });

  it('a file the background refuses as a whole shows a clear, translated error and changes nothing', async () => {
    render(<ExportImport />, host);
    chooseFile(fileText([makeItem({ id: 'a', url: 'https://a.kr/1' })]).slice(0, 200));
    await settle(() => !!host.querySelector('[role=alert]'));
    expect(asked).toContain('importFile');
    expect(host.querySelector('[role=alert]')!.textContent).toMatch(
      /Nothing was imported\. The file is cut off \(incomplete\)\. \(The file ends too early/,
    );
    expect(await db.items.count()).toBe(0);
  });

  it('a file over the size limit is refused by the page, before asking the background', async () => {
    render(<ExportImport />, host);
    const input = host.querySelector<HTMLInputElement>('input[type=file]')!;
    const huge = new File(['{}'], 'backup.json');
    Object.defineProperty(huge, 'size', { value: 2 ** 40 });
    Object.defineProperty(input, 'files', { configurable: true, value: [huge] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(() => !!host.querySelector('[role=alert]'));
    expect(host.querySelector('[role=alert]')!.textContent).toMatch(
      /^Error: Nothing was imported\. The file is too large to import\./,
    );
    expect(asked).not.toContain('importFile');
  });

  it('exports the shown items in the chosen format through the downloads API', async () => {
    await db.items.bulkPut([
      { ...makeItem({ id: 'a', canonicalKey: 'a' }), publishedMs: null },
      { ...makeItem({ id: 'b', canonicalKey: 'b', kind: 'post' }), publishedMs: null },
    ]);
    const download = vi.spyOn(browser.downloads, 'download').mockResolvedValue(1 as never);
    vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);
    render(<ExportImport filteredIds={['b']} />, host);
    const [scope, format] = host.querySelectorAll('select');
    expect(scope!.value).toBe('filtered');
    format!.value = 'csv';
    format!.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(() => true);
    host.querySelector<HTMLButtonElement>('button.primary')!.click();
    await settle(() => download.mock.calls.length > 0 && !!host.querySelector('.status'));
    expect(download.mock.calls[0]![0].filename).toMatch(/^스크랩노트-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(host.querySelector('.status')!.textContent).toMatch(/\(1 entries\)/);
  });

  it('the automatic backup is off by default and its settings are stored', async () => {
    render(<ExportImport />, host);
    const box = [...host.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].find((b) =>
      b.parentElement?.textContent?.includes('Automatic backup'),
    )!;
    await settle(() => true);
    expect(box.checked).toBe(false);
    box.click();
    // Polled, not a fixed 50 ms sleep: the write may take longer on a loaded machine.
    await vi.waitFor(
      async () =>
        expect((await browser.storage.local.get(BACKUP_KEY))[BACKUP_KEY]).toMatchObject({
          enabled: true,
          everyDays: 7,
        }),
      { timeout: 20_000 },
    );
  });
});

describe('import by the library service', () => {
  it('merges the file text, reports it, and tells its listeners once per batch of the feed', async () => {
    const library = new LibraryService(db, () => new Date('2026-12-01T00:00:00Z'));
    const heard: ChangeRow[][] = [];
    library.onChange((rows) => heard.push(rows));
    const progress: Array<[number, number]> = [];
    const items = Array.from({ length: 600 }, (_, i) => makeItem({ id: `i${i}`, url: `https://a.kr/${i}` }));
    const report = await library.importText(fileText(items), {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(report.items).toEqual({ added: 600, updated: 0, skipped: 0 });
    expect(report.highlights).toEqual({ added: 600, updated: 0, skipped: 0 });
    expect(progress).toEqual([
      [500, 600],
      [600, 600],
    ]);
    expect(await db.items.count()).toBe(600);
    // One feed row per batch, heard together once the import committed.
    expect(heard).toHaveLength(1);
    expect(heard[0]!.map((row) => row.changes.length)).toEqual([1000, 200]);
    // The same file again changes nothing and records nothing.
    const again = await library.importText(fileText(items));
    expect(again.items).toEqual({ added: 0, updated: 0, skipped: 600 });
    expect(heard).toHaveLength(1);
  });

  it('a file refused as a whole throws ImportError with its code, and changes nothing', async () => {
    const library = new LibraryService(db);
    const refused = await library.importText('{"format": "scrapnote-export"').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).code).toBe('truncated');
    expect(await db.items.count()).toBe(0);
  });
});

describe('locale keys', () => {
  it('every key the panel uses exists in English and Korean, with the same placeholders', () => {
    const source = readFileSync(path.join(root, 'components/ExportImport.tsx'), 'utf8');
    const keys = new Set([...source.matchAll(/t\('([A-Za-z0-9_]+)'/g)].map((m) => m[1]!));
    for (const m of source.matchAll(/label: '([A-Za-z0-9_]+)'/g)) keys.add(m[1]!);
    for (const code of IMPORT_ERROR_CODES) keys.add(`importError_${code}`);
    for (const days of BACKUP_INTERVALS) keys.add(`backupEvery${days}`);
    const ko = locale('ko');
    expect(keys.size).toBeGreaterThan(40);
    for (const key of keys) {
      expect(en[key], `en ${key}`).toBeDefined();
      expect(ko[key], `ko ${key}`).toBeDefined();
      expect(Object.keys(ko[key]!.placeholders ?? {}), key).toEqual(Object.keys(en[key]!.placeholders ?? {}));
    }
  });
});
