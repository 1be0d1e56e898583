import { browser } from 'wxt/browser';
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import ExportImport from '@/components/ExportImport';
import { ScrapnoteDB, setDb } from '@/lib/db';
import { BACKUP_INTERVALS, BACKUP_KEY } from '@/lib/export/backup';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import { IMPORT_ERROR_CODES } from '@/lib/export/parse';
import { makeHighlight, makeItem } from '../../support/items';

const root = path.resolve(__dirname, '../../..');
const locale = (lang: string) =>
  JSON.parse(readFileSync(path.join(root, `public/_locales/${lang}/messages.json`), 'utf8')) as Record<
    string,
    { message: string; placeholders?: Record<string, { content: string }> }
  >;
const en = locale('en');

/** browser.i18n.getMessage over the English messages, placeholders included. */
function getMessage(key: string, subs?: string | string[]): string {
  const entry = en[key];
  if (!entry) return '';
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? '');
  });
}

let db: ScrapnoteDB;
let host: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  db = new ScrapnoteDB(`ui-${Math.random()}`);
  setDb(db);
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation(getMessage as never);
  vi.spyOn(browser.i18n, 'getUILanguage').mockReturnValue('en-US');
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(async () => {
  render(null, host);
  host.remove();
  setDb(undefined);
  vi.restoreAllMocks();
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
    expect(await db.items.count()).toBe(1);
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

  it('a malformed file shows a clear, translated error and changes nothing', async () => {
    render(<ExportImport />, host);
    chooseFile(fileText([makeItem({ id: 'a', url: 'https://a.kr/1' })]).slice(0, 200));
    await settle(() => !!host.querySelector('[role=alert]'));
    expect(host.querySelector('[role=alert]')!.textContent).toMatch(
      /Nothing was imported\. The file is cut off \(incomplete\)\. \(The file ends too early/,
    );
    expect(await db.items.count()).toBe(0);
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
    const box = host.querySelector<HTMLInputElement>('input[type=checkbox]')!;
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
