/**
 * Message names shared by two protocols (updateHighlight, deleteHighlight come from content
 * scripts and from extension pages) must be answered by the handler for the actual sender. Chrome
 * delivers a message to every runtime.onMessage listener and keeps the FIRST answer, so this test
 * emulates exactly that and registers the real background handlers.
 */
import { browser } from 'wxt/browser';
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { addHighlight, getHighlight } from '@/lib/db/highlights';
import { upsertItem } from '@/lib/db/items';
import { makeHighlight, makeItem } from '../../support/items';

type Listener = (msg: unknown, sender: unknown, respond: (r: unknown) => void) => boolean | undefined;
const EXT = 'abcdefghijklmnop';
const BASE = `chrome-extension://${EXT}/`;
const PAGE = 'https://n.news.naver.com/mnews/article/028/0002731000';
const UI = { id: EXT, url: `${BASE}sidepanel.html`, origin: BASE.slice(0, -1) };
const CONTENT = { id: EXT, url: PAGE, tab: { id: 7, url: PAGE }, frameId: 0 };
const OTHER_PAGE = 'https://evil.example/';
const OTHER_CONTENT = { id: EXT, url: OTHER_PAGE, tab: { id: 8, url: OTHER_PAGE }, frameId: 0 };

let listeners: Listener[] = [];
/** Deliver like Chrome: to every listener; the first response wins. */
function deliver(message: object, sender: object): Promise<{ res?: { ok: boolean; error?: string; value?: unknown } }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const respond = (r: unknown) => {
      if (answered) return;
      answered = true;
      resolve(r as { res?: { ok: boolean } });
    };
    let async = false;
    for (const l of listeners)
      async = l({ ...message, id: 1, timestamp: Date.now() }, sender, respond) === true || async;
    if (!async && !answered) reject(new Error('no listener answered'));
  });
}

let db: ScrapnoteDB;
beforeEach(async () => {
  listeners = [];
  vi.stubGlobal('chrome', {
    runtime: {
      onMessage: {
        addListener: (l: Listener) => listeners.push(l),
        removeListener: (l: Listener) => (listeners = listeners.filter((x) => x !== l)),
      },
    },
  });
  // The background's other calls (tabs to refresh) find no tabs.
  vi.spyOn(browser.tabs, 'query').mockResolvedValue([] as never);
  db = new ScrapnoteDB(`routing-${Math.random()}`);
  const item = makeItem({ id: 'a', canonicalKey: 'naver:028/0002731000', url: PAGE });
  await upsertItem(db, item);
  for (const id of ['h1', 'h2', 'h3']) {
    await addHighlight(db, {
      id,
      itemId: 'a',
      color: 'yellow',
      source: PAGE,
      selector: makeHighlight('a').target.selector,
      now: new Date(),
    });
  }
  vi.resetModules();
  const { registerHighlights } = await import('@/entrypoints/background/highlights');
  registerHighlights({ db, extensionId: EXT, baseUrl: BASE });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await db.delete();
});

describe('one answer per message, from the handler for its sender', () => {
  it('the side panel edits and deletes a highlight (not refused as "not a content script")', async () => {
    const up = await deliver({ type: 'updateHighlight', data: { id: 'h1', note: '패널 메모' } }, UI);
    expect(up.res).toMatchObject({ ok: true, value: { id: 'h1', note: '패널 메모' } });
    expect((await getHighlight(db, 'h1'))?.note).toBe('패널 메모');
    const del = await deliver({ type: 'deleteHighlight', data: { id: 'h2' } }, UI);
    // The UI gets the deleted record back, for undo.
    expect(del.res).toMatchObject({ ok: true, value: { id: 'h2' } });
    expect(await getHighlight(db, 'h2')).toBeUndefined();
  });

  it('the side panel opened in a tab (it has a tab, like a content script) is still the UI', async () => {
    const inTab = { ...UI, tab: { id: 3, url: UI.url }, frameId: 0 };
    const up = await deliver({ type: 'updateHighlight', data: { id: 'h1', note: '탭 패널 메모' } }, inTab);
    expect(up.res).toMatchObject({ ok: true, value: { id: 'h1', note: '탭 패널 메모' } });
    const del = await deliver({ type: 'deleteHighlight', data: { id: 'h2' } }, inTab);
    expect(del.res, JSON.stringify(del.res)).toMatchObject({ ok: true, value: { id: 'h2' } });
  });

  it('the page’s content script edits and deletes its own highlights (not refused as "not an extension page")', async () => {
    const up = await deliver({ type: 'updateHighlight', data: { id: 'h1', color: 'pink' } }, CONTENT);
    expect(up.res).toMatchObject({ ok: true, value: { id: 'h1', color: 'pink' } });
    const del = await deliver({ type: 'deleteHighlight', data: { id: 'h3' } }, CONTENT);
    expect(del.res).toEqual({ ok: true, value: true });
    expect(await getHighlight(db, 'h3')).toBeUndefined();
  });

  it('another page’s content script is refused, and nothing changes', async () => {
    const up = await deliver({ type: 'updateHighlight', data: { id: 'h1', note: '남의 메모' } }, OTHER_CONTENT);
    expect(up.res).toEqual({ ok: false, error: 'Refused: a page may only change its own highlights.' });
    const del = await deliver({ type: 'deleteHighlight', data: { id: 'h1' } }, OTHER_CONTENT);
    expect(del.res?.ok).toBe(false);
    expect(await getHighlight(db, 'h1')).toBeDefined();
    // A sender that is neither (another extension's id, a subframe) is refused too.
    const foreign = await deliver({ type: 'updateHighlight', data: { id: 'h1', note: 'x' } }, { ...UI, id: 'other' });
    expect(foreign.res?.ok).toBe(false);
    const frame = await deliver({ type: 'deleteHighlight', data: { id: 'h1' } }, { ...CONTENT, frameId: 3 });
    expect(frame.res?.ok).toBe(false);
    expect((await getHighlight(db, 'h1'))?.note).toBe('');
  });

  it('malformed data is refused before anything is read', async () => {
    for (const data of [{ id: '' }, { id: 'h1', color: 'red' }, { id: 'h1', note: 'x'.repeat(100_001) }, null, 'h1']) {
      const r = await deliver({ type: 'updateHighlight', data }, CONTENT);
      expect(r.res?.ok, JSON.stringify(data)?.slice(0, 40)).toBe(false);
    }
  });
});
