/**
 * Who may ask the background what. The whole background (entrypoints/background) runs on WXT's
 * fake browser with its database in fake IndexedDB, and each message is delivered as Chrome
 * delivers it: to every runtime.onMessage listener, JSON-serialized, with the sender Chrome
 * names (extension page, content script of a tab's frame), the first answer winning. fakeBrowser's
 * own runtime.sendMessage names no sender at all, so the senders here are built as Chrome builds
 * them.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { ScrapnoteDB } from '@/lib/db';
import { lastSeq } from '@/lib/db/feed';
import { addHighlight, getHighlight } from '@/lib/db/highlights';
import { upsertItem } from '@/lib/db/items';
import {
  type BackgroundToBoardReader,
  type BackgroundToContent,
  type BackgroundToExtractor,
  type BackgroundToParser,
  type BackgroundToUi,
  boardReaderSchemas,
  type ContentToBackground,
  contentSchemas,
  extractorSchemas,
  type UiToBackground,
  uiSchemas,
} from '@/lib/messaging/protocol';
import type { Highlight } from '@/lib/model';
import { canonicalize } from '@/lib/sites/identity';
import { makeHighlight, makeItem } from '../../support/items';

/** The extension as fakeBrowser names it, which the background takes as itself (browser.runtime). */
const EXT = fakeBrowser.runtime.id;
const BASE = fakeBrowser.runtime.getURL('/');
const PAGE = 'https://n.news.naver.com/mnews/article/028/0002731000';
const OTHER_ARTICLE = 'https://n.news.naver.com/mnews/article/028/0002732000';
const EVIL = 'https://evil.example/';

type Sender = { id?: string; url?: string; origin?: string; frameId?: number; tab?: { id: number; url: string } };
/** The side panel (no tab). */
const PANEL: Sender = { id: EXT, url: `${BASE}sidepanel.html`, origin: BASE.slice(0, -1) };
/** The side panel opened as a tab: it has a tab, like a content script. */
const PANEL_IN_TAB: Sender = { ...PANEL, tab: { id: 3, url: PANEL.url! }, frameId: 0 };
/** Our content script in the top frame of tab 7, which shows PAGE. */
const CONTENT: Sender = {
  id: EXT,
  url: PAGE,
  origin: 'https://n.news.naver.com',
  tab: { id: 7, url: PAGE },
  frameId: 0,
};
/** Our content script in a frame of that tab. */
const FRAME: Sender = { ...CONTENT, url: 'https://ads.example/frame', origin: 'https://ads.example', frameId: 3 };
/** Our content script in a tab showing another site. */
const EVIL_CONTENT: Sender = { id: EXT, url: EVIL, origin: EVIL.slice(0, -1), tab: { id: 8, url: EVIL }, frameId: 0 };
/** Another extension's page. */
const FOREIGN: Sender = { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' };

type Answer = { ok: boolean; error?: string; value?: unknown } | 'no answer';

const json = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Deliver a message as Chrome does: to every listener, the first response wins. */
function deliver(message: object, sender: Sender): Promise<{ res?: unknown; err?: unknown } | undefined> {
  return new Promise((resolve) => {
    let answered = false;
    const respond = (r: unknown) => {
      if (answered) return;
      answered = true;
      resolve(json(r) as { res?: unknown });
    };
    const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown[]>;
    void trigger(json(message), sender, respond).then((kept) => {
      // No listener kept the channel open: Chrome's sender gets no answer.
      if (!kept.includes(true)) respond(undefined);
    });
  });
}

let seq = 0;
/** Send one protocol message from `sender` and read the handler's Result (@webext-core/messaging's frame). */
async function send(type: string, data: unknown, sender: Sender): Promise<Answer> {
  const reply = await deliver({ id: ++seq, type, data, timestamp: Date.now() }, sender);
  if (!reply) return 'no answer';
  if (reply.err) throw new Error(`the handler threw: ${JSON.stringify(reply.err)}`);
  return reply.res as Answer;
}

const ITEM_A = makeItem({ id: 'a', url: PAGE, canonicalUrl: PAGE, canonicalKey: canonicalize(PAGE).key });
const ITEM_B = makeItem({
  id: 'b',
  url: OTHER_ARTICLE,
  canonicalUrl: OTHER_ARTICLE,
  canonicalKey: canonicalize(OTHER_ARTICLE).key,
  savedAt: '2026-11-29T00:00:00.000Z',
});
const SELECTOR = makeHighlight('a').target.selector;

/** A valid message of each name (typed: a new message name must get one here). */
const VALID_UI: { [K in keyof UiToBackground]: Parameters<UiToBackground[K]>[0] } = {
  analyzeTab: { tabId: 7 },
  tabInfo: { tabId: 7 },
  savePost: {
    tabId: 7,
    url: OTHER_ARTICLE,
    board: { name: null, url: null, postId: null, number: null },
    poster: null,
  },
  saveTab: { tabId: 7 },
  updateItems: { ids: ['a'], patch: { note: '바뀐 메모', addTags: ['x'] } },
  deleteItems: { ids: ['a', 'b'] },
  restoreItems: { ids: ['z'] },
  importFile: { url: `blob:${BASE}3f0c8c4e-7f5a-4c55-9d0c-5c1a2b3c4d5e` },
  clearReadingHistory: { confirm: true },
  setAuthor: { host: 'example.com', authorId: 'm:1234', name: '홍길동', note: '부동산 글을 잘 씀' },
  setMutedWord: { word: '광고', muted: true },
  updateHighlight: { itemId: 'a', id: 'h1', color: 'pink', note: '바뀐 메모' },
  deleteHighlight: { itemId: 'a', id: 'h1' },
  restoreHighlight: { highlight: makeHighlight('a', { id: 'h9' }) },
  showHighlight: { tabId: 7, id: 'h1' },
  backupFileReady: { url: null, error: 'no file' },
  syncSetup: { url: 'https://couch.example.kr/scrapnote', username: 'reader', password: null, interval: 0 },
  syncNow: { confirm: true },
  syncStop: { confirm: true },
  checkItems: { ids: ['a'] },
  readListedPost: { tabId: 7, url: OTHER_ARTICLE, key: 'example.com/1', comments: 3 },
  readerSavePost: {
    tabId: 7,
    url: OTHER_ARTICLE,
    board: { name: null, url: null, postId: null, number: null },
    poster: null,
  },
  readerAddHighlight: {
    tabId: 7,
    url: OTHER_ARTICLE,
    board: { name: null, url: null, postId: null, number: null },
    poster: null,
    color: 'yellow',
    quote: { type: 'TextQuoteSelector', exact: '인용', prefix: '', suffix: '' },
  },
};

const VALID_CONTENT: { [K in keyof ContentToBackground]: Parameters<ContentToBackground[K]>[0] } = {
  pageAddHighlight: { url: PAGE, color: 'green', note: '새 메모', selector: SELECTOR },
  pageUpdateHighlight: { url: PAGE, itemId: 'a', id: 'h1', color: 'pink', note: '바뀐 메모' },
  pageDeleteHighlight: { url: PAGE, itemId: 'a', id: 'h1' },
  loadHighlighter: { url: PAGE },
};

/** Everything a message could have changed: the items with their highlights, and the change feed. */
async function library(): Promise<unknown> {
  return { items: await db.items.orderBy('id').toArray(), seq: await lastSeq(db) };
}

let db: ScrapnoteDB;
beforeEach(async () => {
  fakeBrowser.reset();
  // One fresh background per test: each message name may have one handler per context.
  vi.resetModules();
  const dbModule = await import('@/lib/db');
  db = new dbModule.ScrapnoteDB(`routing-${Math.random()}`);
  dbModule.setDb(db);
  await upsertItem(db, ITEM_A);
  await upsertItem(db, ITEM_B);
  for (const [itemId, id] of [
    ['a', 'h1'],
    ['a', 'h2'],
    // The same highlight id in another item: ids are unique only within an item.
    ['b', 'h1'],
  ] as const) {
    await addHighlight(db, { id, itemId, color: 'yellow', source: PAGE, selector: SELECTOR, now: new Date() });
  }
  // What the background sends (libraryChanged, importProgress) is delivered the same way; no
  // page listens here. Tabs are not open: messages to them find no one.
  // runtime.lastError is set only in the callback of a message nobody answered (fakeBrowser keeps
  // one, with an empty message, at all times).
  const background: Sender = { id: EXT, url: `${BASE}background.js`, origin: BASE.slice(0, -1) };
  const runtime = fakeBrowser.runtime as { lastError?: { message?: string } };
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(
    ((message: object, callback?: (r: unknown) => void) =>
      void deliver(message, background).then((reply) => {
        const kept = runtime.lastError;
        runtime.lastError =
          reply === undefined
            ? { message: 'Could not establish connection. Receiving end does not exist.' }
            : undefined;
        try {
          callback?.(reply);
        } finally {
          runtime.lastError = kept;
        }
      })) as never,
  );
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(((...args: unknown[]) =>
    (args.at(-1) as (r: unknown) => void)(undefined)) as never);
  // Events fakeBrowser does not implement; the background only listens to them.
  vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  ((await import('@/entrypoints/background')).default as { main(): void }).main();
});
afterEach(async () => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  db.close();
  await db.delete();
});

const note = async (itemId: string, id: string) => (await getHighlight(db, { itemId, id }))?.note;

describe('extension pages', () => {
  it('every UI message refuses a content script, a frame and another extension, and changes nothing', async () => {
    const before = await library();
    for (const [type, data] of Object.entries(VALID_UI)) {
      for (const sender of [CONTENT, FRAME, EVIL_CONTENT, FOREIGN]) {
        expect(await send(type, data, sender), `${type} from ${sender.url}`).toEqual({
          ok: false,
          error: 'Refused: not an extension page.',
        });
      }
    }
    expect(await library()).toEqual(before);
  });

  it('the side panel, also when opened in a tab, changes any highlight of the library', async () => {
    const up = await send('updateHighlight', { itemId: 'b', id: 'h1', note: '패널 메모' }, PANEL);
    expect(up).toMatchObject({ ok: true, value: { itemId: 'b', id: 'h1', note: '패널 메모' } });
    // Only that item's h1.
    expect(await note('b', 'h1')).toBe('패널 메모');
    expect(await note('a', 'h1')).toBe('');
    const del = await send('deleteHighlight', { itemId: 'a', id: 'h2' }, PANEL_IN_TAB);
    // The page gets the deleted record back, for undo.
    expect(del).toMatchObject({ ok: true, value: { itemId: 'a', id: 'h2' } });
    expect(await getHighlight(db, { itemId: 'a', id: 'h2' })).toBeUndefined();
    const back = await send('restoreHighlight', { highlight: (del as { value: Highlight }).value }, PANEL_IN_TAB);
    expect(back).toMatchObject({ ok: true, value: { id: 'h2' } });
    expect(await getHighlight(db, { itemId: 'a', id: 'h2' })).toBeDefined();
    expect(await send('deleteHighlight', { itemId: 'a', id: 'gone' }, PANEL)).toEqual({
      ok: false,
      error: 'This highlight was already deleted.',
    });
  });
});

describe('the side panel reading a board list', () => {
  it('highlights a saved post with its quote alone, and refuses a post of another tab’s site', async () => {
    const quote = { type: 'TextQuoteSelector' as const, exact: '인용할 문장', prefix: '앞 ', suffix: ' 뒤' };
    const board = { name: null, url: null, postId: null, number: null };
    const added = await send(
      'readerAddHighlight',
      { tabId: 7, url: OTHER_ARTICLE, board, poster: null, color: 'blue', quote },
      PANEL,
    );
    expect(added).toMatchObject({ ok: true, value: { itemId: 'b', color: 'blue', target: { source: OTHER_ARTICLE } } });
    const h = (added as { value: Highlight }).value;
    expect((await getHighlight(db, { itemId: 'b', id: h.id }))?.target.selector).toEqual([quote]);
    // Reading a post needs the list's tab (it is fetched there): no tab, a clear error, no read.
    const seq = await lastSeq(db);
    const read = await send('readListedPost', { tabId: 99, url: OTHER_ARTICLE, key: 'x', comments: 2 }, PANEL);
    expect(read).toMatchObject({ ok: false });
    expect(await db.reads.count()).toBe(0);
    expect(await lastSeq(db)).toBe(seq);
  });
});

describe('content scripts', () => {
  it('every content message refuses an extension page, a frame that is not top, and another page’s URL', async () => {
    const before = await library();
    for (const [type, data] of Object.entries(VALID_CONTENT)) {
      for (const sender of [PANEL, PANEL_IN_TAB, FOREIGN, FRAME, EVIL_CONTENT]) {
        const answer = await send(type, data, sender);
        expect(answer, `${type} from ${sender.url}`).toMatchObject({ ok: false });
        expect((answer as { error: string }).error).toMatch(/^Refused: /);
      }
      // Exactly why: not our top frame, or not its own page.
      expect(await send(type, data, FRAME)).toEqual({ ok: false, error: 'Refused: not a content script.' });
      expect(await send(type, data, PANEL)).toEqual({ ok: false, error: 'Refused: not a content script.' });
      expect(await send(type, data, EVIL_CONTENT)).toEqual({
        ok: false,
        error: 'Refused: a page may only ask about itself.',
      });
      // The URL is compared with the sender's tab, whatever URL the frame reports.
      expect(await send(type, data, { ...EVIL_CONTENT, url: PAGE })).toEqual({
        ok: false,
        error: 'Refused: a page may only ask about itself.',
      });
    }
    expect(await library()).toEqual(before);
  });

  it('a page changes its own highlights, and cannot change another item’s', async () => {
    const before = await getHighlight(db, { itemId: 'b', id: 'h1' });
    // Tab 7 shows item a: item b's highlight (same id h1) is not its own.
    for (const [type, data] of [
      ['pageUpdateHighlight', { url: PAGE, itemId: 'b', id: 'h1', note: '남의 메모' }],
      ['pageDeleteHighlight', { url: PAGE, itemId: 'b', id: 'h1' }],
    ] as const) {
      expect(await send(type, data, CONTENT)).toEqual({
        ok: false,
        error: 'Refused: a page may only change its own highlights.',
      });
    }
    expect(await getHighlight(db, { itemId: 'b', id: 'h1' })).toEqual(before);

    const up = await send('pageUpdateHighlight', { url: `${PAGE}#h1`, itemId: 'a', id: 'h1', color: 'pink' }, CONTENT);
    expect(up).toMatchObject({ ok: true, value: { itemId: 'a', id: 'h1', color: 'pink' } });
    const del = await send('pageDeleteHighlight', { url: PAGE, itemId: 'a', id: 'h1' }, CONTENT);
    expect(del).toMatchObject({ ok: true, value: { itemId: 'a', id: 'h1', color: 'pink' } });
    expect(await getHighlight(db, { itemId: 'a', id: 'h1' })).toBeUndefined();
    // Item b's highlight of the same id is untouched.
    expect(await getHighlight(db, { itemId: 'b', id: 'h1' })).toEqual(before);

    const added = await send('pageAddHighlight', VALID_CONTENT.pageAddHighlight, CONTENT);
    expect(added).toMatchObject({ ok: true, value: { itemId: 'a', color: 'green', note: '새 메모' } });
  });
});

describe('malformed messages', () => {
  /** Data each schema refuses, beside null, a string and an empty object. */
  const BAD: Record<string, unknown[]> = {
    analyzeTab: [{ tabId: -1 }, { tabId: 1.5 }],
    savePost: [{ ...VALID_UI.savePost, url: '/relative/post' }],
    saveTab: [{ tabId: 7, note: 'x'.repeat(100_001) }],
    updateItems: [
      { ids: [], patch: {} },
      { ids: ['a'], patch: { tags: 'AI' } },
    ],
    deleteItems: [{ ids: [''] }],
    restoreItems: [{ removed: { items: [{ id: 'a' }], highlights: [] } }],
    importFile: [{ url: 'https://evil.example/file.json' }],
    updateHighlight: [
      { itemId: 'a', id: '' },
      { itemId: 'a', id: 'h1', color: 'red' },
      { id: 'h1', note: 'x' },
    ],
    deleteHighlight: [{ id: 'h1' }],
    restoreHighlight: [{ highlight: { ...makeHighlight('a'), createdAt: 'yesterday' } }],
    pageAddHighlight: [
      { ...VALID_CONTENT.pageAddHighlight, selector: [] },
      { ...VALID_CONTENT.pageAddHighlight, url: 'not a url' },
    ],
    pageUpdateHighlight: [{ url: PAGE, id: 'h1', note: 'x' }],
    pageDeleteHighlight: [{ url: PAGE, itemId: 'a', id: 'x'.repeat(201) }],
    loadHighlighter: [{ url: 42 }],
  };

  it('are answered "Bad request" before anything is read or changed; a sender of the wrong kind is refused first', async () => {
    const before = await library();
    const names = [...Object.keys(uiSchemas), ...Object.keys(contentSchemas)];
    for (const type of names) {
      const ui = type in uiSchemas;
      for (const data of [null, 'h1', {}, ...(BAD[type] ?? [])]) {
        const what = `${type} ${JSON.stringify(data)?.slice(0, 60)}`;
        const answer = await send(type, data, ui ? PANEL : CONTENT);
        expect(answer, what).toMatchObject({ ok: false });
        expect((answer as { error: string }).error, what).toMatch(new RegExp(`^Bad request: ${type}\\b`));
        // A content script of another page: a content message's data is checked (then its page);
        // a UI message is refused before its data is read.
        const stranger = (await send(type, data, EVIL_CONTENT)) as { ok: false; error: string };
        expect(stranger.error, what).toMatch(
          ui ? /^Refused: not an extension page/ : new RegExp(`^Bad request: ${type}\\b`),
        );
      }
    }
    expect(await library()).toEqual(before);
  });

  it('take only web page addresses (http or https)', async () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd']) {
      const answer = (await send('pageAddHighlight', { ...VALID_CONTENT.pageAddHighlight, url: bad }, CONTENT)) as {
        ok: false;
        error: string;
      };
      expect(answer.error).toMatch(/^Bad request: pageAddHighlight \(url\)/);
    }
  });

  it('say which field is wrong and why', async () => {
    expect(await send('updateHighlight', { itemId: 'a', id: '' }, PANEL)).toEqual({
      ok: false,
      error: 'Bad request: updateHighlight (id): Invalid length: Expected >=1 but received 0.',
    });
    expect(await send('pageAddHighlight', { ...VALID_CONTENT.pageAddHighlight, selector: [] }, CONTENT)).toEqual({
      ok: false,
      error: 'Bad request: pageAddHighlight (selector): Invalid length: Expected >=1 but received 0.',
    });
  });
});

describe('message names', () => {
  /** Each direction's message names, read from the protocol's interfaces. */
  function interfaces(): Map<string, string[]> {
    const source = readFileSync(path.resolve(__dirname, '../../../lib/messaging/protocol.ts'), 'utf8');
    const out = new Map<string, string[]>();
    for (const m of source.matchAll(/^export interface (\w+To\w+) \{\n([\s\S]*?)^\}/gm)) {
      out.set(
        m[1]!,
        [...m[2]!.matchAll(/^ {2}(\w+)\(/gm)].map((x) => x[1]!),
      );
    }
    return out;
  }

  // Every name of each direction, checked by the compiler against the protocol's interfaces.
  const DIRECTIONS: Record<string, string[]> = {
    ContentToBackground: Object.keys({
      pageAddHighlight: 1,
      pageUpdateHighlight: 1,
      pageDeleteHighlight: 1,
      loadHighlighter: 1,
    } satisfies Record<keyof ContentToBackground, 1>),
    UiToBackground: Object.keys(VALID_UI),
    BackgroundToUi: Object.keys({ libraryChanged: 1, importProgress: 1, checkProgress: 1 } satisfies Record<
      keyof BackgroundToUi,
      1
    >),
    BackgroundToContent: Object.keys({
      pageStateChanged: 1,
      highlightSelection: 1,
      scrollToHighlight: 1,
    } satisfies Record<keyof BackgroundToContent, 1>),
    BackgroundToExtractor: Object.keys({
      extractPage: 1,
      extractPost: 1,
      classifyPage: 1,
    } satisfies Record<keyof BackgroundToExtractor, 1>),
    BackgroundToBoardReader: Object.keys({
      readBoard: 1,
      showMarks: 1,
    } satisfies Record<keyof BackgroundToBoardReader, 1>),
    BackgroundToParser: Object.keys({ parseHtml: 1 } satisfies Record<keyof BackgroundToParser, 1>),
  };

  it('no message name is used in two directions', () => {
    const read = interfaces();
    expect([...read.keys()].sort()).toEqual(Object.keys(DIRECTIONS).sort());
    for (const [direction, names] of read) expect(names.sort(), direction).toEqual([...DIRECTIONS[direction]!].sort());
    const all = [...read.values()].flat();
    const twice = all.filter((name, i) => all.indexOf(name) !== i);
    expect(twice).toEqual([]);
  });

  it('each validated direction has a schema for every message, and none for another direction’s', () => {
    expect(Object.keys(uiSchemas).sort()).toEqual([...DIRECTIONS.UiToBackground!].sort());
    expect(Object.keys(contentSchemas).sort()).toEqual([...DIRECTIONS.ContentToBackground!].sort());
    expect(Object.keys(extractorSchemas).sort()).toEqual([...DIRECTIONS.BackgroundToExtractor!].sort());
    expect(Object.keys(boardReaderSchemas).sort()).toEqual([...DIRECTIONS.BackgroundToBoardReader!].sort());
  });
});
