import { browser } from 'wxt/browser';
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { JSDOM } from 'jsdom';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import SidePanelApp from '@/components/SidePanelApp';
import { readerFragment } from '@/components/sidepanel/readerHtml';
import { ScrapnoteDB, setDb, toRow } from '@/lib/db';
import { putHighlights } from '@/lib/db/highlights';
import { upsertItem } from '@/lib/db/items';
import { uiToBackground } from '@/lib/messaging';
import { makeHighlight, makeItem } from '../../support/items';

const root = path.resolve(__dirname, '../../..');
const en = JSON.parse(readFileSync(path.join(root, 'public/_locales/en/messages.json'), 'utf8')) as Record<
  string,
  { message: string; placeholders?: Record<string, { content: string }> }
>;

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
  db = new ScrapnoteDB(`panel-${Math.random()}`);
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
  expect(until()).toBe(true);
};
const rows = () => [...host.querySelectorAll<HTMLElement>('[data-item-id]')];
const type = (input: HTMLInputElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('library view', () => {
  it('renders only the rows in view of a large library, with test hooks', async () => {
    await db.items.bulkPut(
      Array.from({ length: 3000 }, (_, i) =>
        toRow(
          makeItem({
            id: `id${i}`,
            canonicalKey: `k${i}`,
            url: `https://example.com/${i}`,
            title: `기사 ${i}`,
            savedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
          }),
          [],
        ),
      ),
    );
    render(<SidePanelApp />, host);
    await settle(() => rows().length > 0 && rows()[0]?.dataset.itemUrl !== '');
    // The first screen's rows come first, the whole list (and its count) after them.
    await settle(() => host.textContent?.includes('3000 saved') === true);
    expect(rows().length).toBeLessThan(60);
    // Newest first.
    expect(rows()[0]?.dataset.itemId).toBe('id2999');
    expect(rows()[0]?.dataset.itemUrl).toBe('https://example.com/2999');
  });

  it('searches in Korean with marked snippets, and arrow keys move between results', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', title: '딥시크 쇼크', text: '본문' }));
    await upsertItem(
      db,
      makeItem({
        id: 'b',
        canonicalKey: 'b',
        title: '다른 기사',
        text: '중국 딥시크가 공개한 모델',
        savedAt: '2026-11-29T00:00:00Z',
      }),
    );
    await upsertItem(db, makeItem({ id: 'c', canonicalKey: 'c', title: '무관', text: '딥 러닝과 시크한 디자인' }));
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 3);
    const search = host.querySelector<HTMLInputElement>('input[aria-label="Search"]')!;
    type(search, '딥시크');
    await settle(() => rows().length === 2);
    expect(rows().map((r) => r.dataset.itemId)).toEqual(['a', 'b']);
    expect([...host.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['딥시크', '딥시크']);

    const first = rows()[0]!.querySelector<HTMLButtonElement>('.row-title')!;
    expect(first.tabIndex).toBe(0);
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await settle(() => document.activeElement === rows()[1]?.querySelector('.row-title'));
  });

  it('deletes selected items and undoes it', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a' }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'b', savedAt: '2026-11-29T00:00:00Z' }));
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 2);
    const box = rows()[0]!.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    box.click();
    await settle(() => [...host.querySelectorAll('button')].some((b) => b.textContent === 'Delete'));
    [...host.querySelectorAll('button')].find((b) => b.textContent === 'Delete')!.click();
    await settle(() => rows().length === 1);
    expect(await db.items.count()).toBe(1);
    [...host.querySelectorAll('button')].find((b) => b.textContent === 'Undo')!.click();
    await settle(() => rows().length === 2);
    expect(await db.items.count()).toBe(2);
  });

  it('has no serious or critical axe violations', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', tags: ['AI'] }));
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 1 && rows()[0]?.dataset.itemUrl !== '');
    const result = await axe.run(host, { rules: { 'color-contrast': { enabled: false } } });
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  });
});

describe('reader view', () => {
  it('renders the saved HTML without scripts or remote media, anchors highlights, links the original', async () => {
    await upsertItem(
      db,
      makeItem({
        id: 'a',
        canonicalKey: 'a',
        html: '<p>오는 7일 예정된 이시바 시게루 일본 총리와 도널드 트럼프 미국 대통령의 첫 정상회담에서</p><script>window.bad=1</script><img src="https://img.example/x.jpg" onerror="bad()"><video src="https://v.example/v.mp4"></video>',
      }),
    );
    await putHighlights(db, [makeHighlight('a')]);
    render(<SidePanelApp initialItem="a" />, host);
    await settle(() => host.querySelector('[data-highlight-id]')?.getAttribute('data-anchored') === 'true');
    const body = host.querySelector('.reader-body')!;
    expect(body.querySelector('script, video')).toBeNull();
    expect(body.querySelector('img')?.getAttribute('onerror')).toBeNull();
    expect(body.querySelector('img')?.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(host.querySelector('a[href^="https://n.news.naver.com"]')?.textContent).toBe('Open the original');
    expect(host.querySelector('[data-highlight-id] .quote')?.textContent).toBe('첫 정상회담');
  });

  it('readerFragment keeps images and links only', () => {
    // A jsdom document: DOMPurify does not work in happy-dom (it keeps onerror and drops links there).
    const doc = new JSDOM('<!doctype html><body></body>').window.document;
    const frag = readerFragment(
      '<a href="https://x.example/">x</a><img src="http://i.example/a.png" srcset="http://i.example/b.png 2x"><audio src="https://a.example/a.mp3"></audio><div style="background:url(https://t.example/t.png)">t</div><svg><image href="https://t.example/s.png"/></svg>',
      doc,
    );
    const div = doc.createElement('div');
    div.append(frag);
    expect(div.querySelector('audio, svg, [style], [srcset]')).toBeNull();
    expect(div.querySelector('img')?.getAttribute('src')).toBe('http://i.example/a.png');
    expect(div.querySelector('a')?.getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('this page view', () => {
  it('shows the saved state and highlights of the active tab, lists orphans, asks the page to scroll', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'x', note: '나중에 읽기' }));
    // makeItem's URL canonicalizes to the Naver key; save under that key.
    const { canonicalize } = await import('@/lib/sites/identity');
    await db.items.update('a', { canonicalKey: canonicalize(item.url).key });
    await putHighlights(db, [
      makeHighlight('a', { id: 'here' }),
      makeHighlight('a', {
        id: 'gone',
        createdAt: '2026-11-28T01:06:00.000Z',
        target: {
          source: item.url,
          selector: [{ type: 'TextQuoteSelector', exact: '사라진 문장', prefix: '', suffix: '' }],
        },
      }),
    ]);
    vi.spyOn(browser.tabs, 'query').mockResolvedValue([{ id: 7, url: item.url, active: true }] as never);
    const send = vi.spyOn(uiToBackground, 'sendMessage').mockResolvedValue({ ok: true, value: true } as never);
    render(<SidePanelApp initialView="page" />, host);
    await settle(() => host.querySelector('[data-orphan="true"]') !== null);
    expect(host.querySelector('[data-page-saved]')?.getAttribute('data-page-saved')).toBe('true');
    expect(host.textContent).toContain('나중에 읽기');
    expect(host.querySelector('[data-orphan="true"]')?.getAttribute('data-highlight-id')).toBe('gone');
    host.querySelector<HTMLButtonElement>('[data-highlight-id="here"] button')!.click();
    await settle(() => send.mock.calls.length > 0);
    expect(send.mock.calls[0]).toEqual(['showHighlight', { tabId: 7, id: 'here' }]);
  });

  it('offers to save a page that is not in the library', async () => {
    vi.spyOn(browser.tabs, 'query').mockResolvedValue([
      { id: 3, url: 'https://example.com/news/1', active: true },
    ] as never);
    const send = vi.spyOn(uiToBackground, 'sendMessage').mockResolvedValue({ ok: true, value: {} } as never);
    render(<SidePanelApp initialView="page" />, host);
    await settle(() => host.querySelector('[data-page-saved="false"]') !== null);
    [...host.querySelectorAll('button')].find((b) => b.textContent === 'Save')!.click();
    await settle(() => send.mock.calls.length > 0);
    expect(send.mock.calls[0]).toEqual(['saveTab', { tabId: 3 }]);
  });
});
