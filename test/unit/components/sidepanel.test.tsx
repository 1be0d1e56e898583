/**
 * The side panel as it runs: it reads the library through the data-access layer and asks the
 * background for every change. The whole background (entrypoints/background) runs in the same
 * context on WXT's fake browser, over the same fake-IndexedDB database; runtime messages are
 * delivered as Chrome delivers them (fakeBrowser's runtime.sendMessage takes no callback, which
 * @webext-core/messaging passes, and names no sender, which the background refuses), and a tab's
 * page answers what the background asks of it.
 */
import { browser } from 'wxt/browser';
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { JSDOM } from 'jsdom';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type SidePanelAppType from '@/components/SidePanelApp';
import { readerFragment } from '@/components/sidepanel/readerHtml';
import { type ScrapnoteDB, toRow } from '@/lib/db';
import { addHighlight, getHighlight } from '@/lib/db/highlights';
import { getItem, upsertItem } from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import { analyzePage } from '@/lib/extract/analyze';
import type { Highlight } from '@/lib/model';
import { err, ok } from '@/lib/result';
import { canonicalize } from '@/lib/sites/identity';
import { deliverFrom, getMessage, json } from '../../support/fake-extension';
import { makeHighlight, makeItem } from '../../support/items';

let db: ScrapnoteDB;
let host: HTMLElement;
let SidePanelApp: typeof SidePanelAppType;
beforeEach(async () => {
  fakeBrowser.reset();
  // A fresh page and background per test: each message name has one handler per context.
  vi.resetModules();
  const dbModule = await import('@/lib/db');
  db = new dbModule.ScrapnoteDB(`panel-${Math.random()}`);
  dbModule.setDb(db);
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation(getMessage as never);
  vi.spyOn(browser.i18n, 'getUILanguage').mockReturnValue('en-US');
  const base = fakeBrowser.runtime.getURL('/');
  deliverFrom({ id: fakeBrowser.runtime.id, url: `${base}sidepanel.html`, origin: base.slice(0, -1) });
  // Events fakeBrowser does not implement; the background only listens to them.
  vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  ((await import('@/entrypoints/background')).default as { main(): void }).main();
  SidePanelApp = (await import('@/components/SidePanelApp')).default;
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
  expect(until()).toBe(true);
};
const rows = () => [...host.querySelectorAll<HTMLElement>('[data-item-id]')];
const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
/** After the view's state updates have rendered (Preact renders after the current task's microtasks). */
const rendered = () => new Promise((r) => setTimeout(r, 0));
const button = (text: string) => [...host.querySelectorAll('button')].find((b) => b.textContent === text);

/** Add a highlight as the page would (the test's fixture highlight, under `id`). */
function highlight(itemId: string, over: Partial<Highlight> & { id: string }, at = '2026-11-28T01:05:00.000Z') {
  const h = makeHighlight(itemId, over);
  const { id, color, note, target } = h;
  return addHighlight(db, {
    id,
    itemId,
    color,
    note,
    source: target.source,
    selector: target.selector,
    now: new Date(at),
  });
}

/**
 * A web page open in the active tab. It answers the background as the extension's scripts in it
 * would: the extractor reads `html` (in jsdom, at `url`), the page highlighter scrolls to a
 * highlight it painted. Returns what the tab was sent.
 */
async function openTab(url: string, html = '<p>page</p>', painted: readonly string[] = []) {
  const tab = await fakeBrowser.tabs.create({ url });
  const query = fakeBrowser.tabs.query.bind(fakeBrowser.tabs);
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async (info) =>
    info.active ? [{ ...tab, active: true }] : query(info),
  );
  // Scripts inject; the probes find the highlighter there.
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (o: { func?: unknown }) =>
    o.func ? [{ frameId: 0, result: true }] : [{ frameId: 0, result: undefined }]) as never);
  vi.spyOn(fakeBrowser.scripting, 'insertCSS').mockResolvedValue(undefined as never);
  const sent: Array<{ type: string; data: unknown; frameId?: number }> = [];
  const answer = (type: string, data: { id?: string }): unknown => {
    if (type === 'extractPage') return ok(analyzePage(new JSDOM(html, { url }).window.document, url, new Date()));
    if (type === 'scrollToHighlight') {
      return painted.includes(data.id ?? '') ? ok(true) : err('This highlight is not on the page.');
    }
    return undefined;
  };
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(((
    tabId: number,
    message: { type: string; data: { id?: string } },
    options: { frameId?: number } | undefined,
    callback: (r: unknown) => void,
  ) => {
    // Another tab: nothing there answers.
    if (tabId !== tab.id) return callback(undefined);
    const m = json(message);
    sent.push({ type: m.type, data: m.data, frameId: options?.frameId });
    callback(json({ res: answer(m.type, m.data) }));
  }) as never);
  return sent;
}

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

  it('while the input method composes the last syllable it may gain a final consonant; once finished it may not', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', title: '삼성전자 실적', text: '본문' }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'b', title: '삼성저축은행', text: '본문' }));
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 2);
    const search = host.querySelector<HTMLInputElement>('input[aria-label="Search"]')!;
    // 전 being typed: ㅈ, ㅓ show 저 until the ㄴ comes.
    search.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    type(search, '삼성저');
    await settle(() => rows().length === 2);
    search.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '저' }));
    await settle(() => rows().length === 1);
    expect(rows().map((r) => r.dataset.itemId)).toEqual(['b']);
  });

  it('a spacing variant says where it was found and opens the reader at its first match', async () => {
    await upsertItem(
      db,
      makeItem({
        id: 'a',
        canonicalKey: 'a',
        title: '규제 논의',
        text: '첫 문단. 인공 지능을 둘러싼 논의가 이어졌다.',
        html: '<p>첫 문단.</p><p>인공 <b>지능</b>을 둘러싼 논의가 이어졌다.</p>',
      }),
    );
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'b', title: '무관', text: '대통령 실무진' }));
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 2);
    type(host.querySelector<HTMLInputElement>('input[aria-label="Search"]')!, '인공지능');
    await settle(() => rows().length === 1);
    expect(rows()[0]?.querySelector('.row-places')?.textContent).toBe('Found in: Text');
    expect(rows()[0]?.querySelector('mark')?.textContent).toBe('인공 지능');
    rows()[0]!.querySelector<HTMLButtonElement>('.row-title')!.click();
    await settle(() => host.querySelector<HTMLElement>('[data-found]') !== null);
    expect(host.querySelector<HTMLElement>('[data-found]')?.dataset.found).toBe('true');
  });

  it('outlet and reporter filters narrow the list, alone or with a query', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', title: '반도체 수출', authors: ['홍길동'] }));
    await upsertItem(
      db,
      makeItem({
        id: 'b',
        canonicalKey: 'b',
        title: '반도체 투자',
        site: { host: 'www.chosun.com', name: '조선일보', engine: null, via: null },
        authors: ['김철수'],
        savedAt: '2026-11-29T00:00:00Z',
      }),
    );
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 2);
    host.querySelector<HTMLElement>('details.filters summary')!.click();
    const input = (label: string) =>
      [...host.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input')!;
    type(input('Outlet'), '조선');
    await settle(() => rows().length === 1 && rows()[0]?.dataset.itemId === 'b');
    type(input('Outlet'), '');
    type(input('Reporter'), '홍길동');
    await settle(() => rows().length === 1 && rows()[0]?.dataset.itemId === 'a');
    type(host.querySelector<HTMLInputElement>('input[aria-label="Search"]')!, '투자');
    await settle(() => host.textContent?.includes('Nothing found.') === true);
  });

  it('deletes selected items and undoes it, through the background', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a' }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'b', savedAt: '2026-11-29T00:00:00Z' }));
    await highlight('b', { id: 'h1' });
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 2);
    expect(rows()[0]?.dataset.itemId).toBe('b');
    rows()[0]!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await settle(() => button('Delete') !== undefined);
    button('Delete')!.click();
    // The background's change reaches the view (libraryChanged), which reads the library again.
    await settle(() => rows().length === 1);
    expect(rows()[0]?.dataset.itemId).toBe('a');
    await settle(() => host.textContent?.includes('Deleted 1.') === true);
    expect(await db.items.count()).toBe(1);
    button('Undo')!.click();
    await settle(() => rows().length === 2);
    await settle(() => host.textContent?.includes('Restored 1.') === true);
    expect(host.querySelector('[role=alert]')).toBeNull();
    // The item is back with its highlight, and search finds it again.
    expect(await getHighlight(db, { itemId: 'b', id: 'h1' })).toBeDefined();
    expect((await searchLibrary(db, '정상회담')).hits.map((h) => h.itemId)).toEqual(['b', 'a']);
  });

  it('tags the selected items; rows and search show the tag', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', tags: ['정치'] }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'b', tags: [], savedAt: '2026-11-29T00:00:00Z' }));
    await upsertItem(db, makeItem({ id: 'c', canonicalKey: 'c', tags: [], savedAt: '2026-11-27T00:00:00Z' }));
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 3 && rows().every((r) => r.dataset.itemUrl !== ''));
    for (const [n, id] of ['a', 'b'].entries()) {
      host.querySelector<HTMLInputElement>(`[data-item-id="${id}"] input[type=checkbox]`)!.click();
      await settle(() => host.textContent?.includes(`${n + 1} selected`) === true);
    }
    await settle(() => host.querySelector('input[aria-label="Tag to add"]') !== null);
    type(host.querySelector<HTMLInputElement>('input[aria-label="Tag to add"]')!, ' 읽을거리 ');
    await settle(() => button('Add tag')?.disabled === false);
    button('Add tag')!.click();
    await settle(() => host.textContent?.includes('Tagged 2 with “읽을거리”.') === true);
    const tagsOf = (id: string) => host.querySelector(`[data-item-id="${id}"]`)?.textContent ?? '';
    await settle(() => tagsOf('a').includes('#읽을거리') && tagsOf('b').includes('#읽을거리'));
    // Added to each item's own tags; the unselected item is unchanged.
    expect(tagsOf('a')).toContain('#정치');
    expect(tagsOf('c')).not.toContain('#읽을거리');
    type(host.querySelector<HTMLInputElement>('input[aria-label="Search"]')!, '읽을거리');
    await settle(() => rows().length === 2);
    expect(rows().map((r) => r.dataset.itemId)).toEqual(['b', 'a']);
  });

  /** Two matching items, one published in January 2025, one saved then; the view sorted by publication, filtered to January. */
  async function januaryByPublication() {
    const item = (id: string, publishedAt: string, savedAt: string) =>
      upsertItem(db, makeItem({ id, canonicalKey: id, text: '반도체 수출', publishedAt, savedAt }));
    await item('published-in-range', '2025-01-10T09:00:00+09:00', '2026-11-20T00:00:00.000Z');
    await item('saved-in-range', '2024-06-01T09:00:00+09:00', '2025-01-10T00:00:00.000Z');
    render(<SidePanelApp />, host);
    await settle(() => rows().length === 2);
    const labelled = <T extends HTMLElement>(selector: string, label: string) =>
      [...host.querySelectorAll<T>(selector)].find((x) => x.closest('label')?.textContent?.startsWith(label))!;
    const sort = labelled<HTMLSelectElement>('select', 'Sort by');
    sort.value = 'published';
    sort.dispatchEvent(new Event('change', { bubbles: true }));
    type(labelled<HTMLInputElement>('input[type=date]', 'From'), '2025-01-01');
    await rendered();
    type(labelled<HTMLInputElement>('input[type=date]', 'To'), '2025-01-31');
    await settle(() => rows().length === 1);
  }

  it('sorted by publication, a date range lists the items published in it', async () => {
    await januaryByPublication();
    expect(rows().map((r) => r.dataset.itemId)).toEqual(['published-in-range']);
  });

  it('sorted by publication, a search within a date range lists the items the range lists', async () => {
    await januaryByPublication();
    type(host.querySelector<HTMLInputElement>('input[aria-label="Search"]')!, '반도체');
    await settle(() => host.querySelectorAll('mark').length > 0);
    expect(rows().map((r) => r.dataset.itemId)).toEqual(['published-in-range']);
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
    await highlight('a', { id: 'a-h1' });
    render(<SidePanelApp initialItem="a" />, host);
    await settle(() => host.querySelector('[data-highlight-id]')?.getAttribute('data-anchored') === 'true');
    const body = host.querySelector('.reader-body')!;
    expect(body.querySelector('script, video')).toBeNull();
    expect(body.querySelector('img')?.getAttribute('onerror')).toBeNull();
    expect(body.querySelector('img')?.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(host.querySelector('a[href^="https://n.news.naver.com"]')?.textContent).toBe('Open the original');
    expect(host.querySelector('[data-highlight-id] .quote')?.textContent).toBe('첫 정상회담');
  });

  it('saves the note and tags, and a highlight’s note, through the background', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', tags: ['AI'] }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'b' }));
    // The same highlight id in two items: the note goes to this item's.
    await highlight('a', { id: 'h1' });
    await highlight('b', { id: 'h1' });
    render(<SidePanelApp initialItem="a" />, host);
    await settle(() => host.querySelector('.item-notes textarea') !== null);
    type(host.querySelector<HTMLTextAreaElement>('.item-notes textarea')!, '다시 읽을 것');
    type(host.querySelector<HTMLInputElement>('.item-notes input[type=text]')!, 'AI, 외교');
    await rendered();
    button('Save note and tags')!.click();
    await settle(() => button('Saved') !== undefined);
    expect(await getItem(db, 'a')).toMatchObject({ note: '다시 읽을 것', tags: ['AI', '외교'] });

    const hlNote = host.querySelector<HTMLTextAreaElement>('[data-highlight-id="h1"] textarea')!;
    type(hlNote, '회담 날짜');
    await rendered();
    hlNote.dispatchEvent(new FocusEvent('blur'));
    const noteOf = async (itemId: string) => (await getHighlight(db, { itemId, id: 'h1' }))?.note;
    await vi.waitFor(async () => expect(await noteOf('a')).toBe('회담 날짜'), { timeout: 20_000 });
    expect(await noteOf('b')).toBe('');
    expect(host.querySelector('[role=alert]')).toBeNull();
    expect((await searchLibrary(db, '날짜')).hits.map((h) => [h.itemId, h.field])).toEqual([['a', 'highlightNote']]);
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
    const url = makeItem({ id: 'a' }).url;
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: canonicalize(url).key, note: '나중에 읽기' }));
    await highlight('a', { id: 'here' });
    await highlight(
      'a',
      {
        id: 'gone',
        target: {
          source: url,
          selector: [{ type: 'TextQuoteSelector', exact: '사라진 문장', prefix: '', suffix: '' }],
        },
      },
      '2026-11-28T01:06:00.000Z',
    );
    // In the saved copy, but not on the live page any more.
    await highlight('a', { id: 'moved' }, '2026-11-28T01:07:00.000Z');
    const sent = await openTab(url, '<p>page</p>', ['here']);
    render(<SidePanelApp initialView="page" />, host);
    await settle(() => host.querySelector('[data-orphan="true"]') !== null);
    expect(host.querySelector('[data-page-saved]')?.getAttribute('data-page-saved')).toBe('true');
    expect(host.textContent).toContain('나중에 읽기');
    expect(host.querySelector('[data-orphan="true"]')?.getAttribute('data-highlight-id')).toBe('gone');
    host.querySelector<HTMLButtonElement>('[data-highlight-id="here"] button')!.click();
    // The background starts the tab's highlighter with the page's state, then asks it to scroll.
    await settle(() => sent.some((m) => m.type === 'scrollToHighlight'));
    expect(sent.find((m) => m.type === 'scrollToHighlight')).toEqual({
      type: 'scrollToHighlight',
      data: { id: 'here' },
      frameId: 0,
    });
    const state = sent.find((m) => m.type === 'pageStateChanged')?.data as { highlights: Highlight[] };
    expect(state.highlights.map((h) => h.id)).toEqual(['here', 'gone', 'moved']);
    expect(host.querySelector('[data-highlight-id="here"]')?.getAttribute('data-orphan')).not.toBe('true');
    expect(host.querySelector('[role=alert]')).toBeNull();

    // The page cannot find one: its answer is shown, and the highlight is listed with the orphans.
    host.querySelector<HTMLButtonElement>('[data-highlight-id="moved"] button')!.click();
    await settle(() => host.querySelector('[data-highlight-id="moved"]')?.getAttribute('data-orphan') === 'true');
    expect(host.querySelector('[role=alert]')?.textContent).toBe('Error: This highlight is not on the page.');
  });

  it('saves a page that is not in the library: the tab’s extractor reads it, the view shows it saved', async () => {
    const url = 'https://www.econ.example/news/articleView.html?idxno=55';
    const html = readFileSync(path.join(__dirname, '../../fixtures/generic/news-article.html'), 'utf8');
    const sent = await openTab(url, html);
    render(<SidePanelApp initialView="page" />, host);
    await settle(() => host.querySelector('[data-page-saved="false"]') !== null);
    button('Save')!.click();
    await settle(() => host.querySelector('[data-page-saved="true"]') !== null);
    expect(sent.map((m) => m.type)).toContain('extractPage');
    const [saved] = await db.items.toArray();
    expect(saved).toMatchObject({ url, site: { name: '경제일보' } });
    expect(host.textContent).toContain(saved!.title);
    expect(host.querySelector('[role=alert]')).toBeNull();
  });
});
