/**
 * Export format version 2: the reading history, the portal an article was read through
 * (`site.via`) and the outlet's original article (`originalUrl`), through export and import, and
 * version 1 files upgraded on import.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromRow, type ReadRow, ScrapnoteDB, toRow } from '@/lib/db';
import { exportFile, exportLibrary } from '@/lib/db/export';
import { changesSince, lastSeq } from '@/lib/db/feed';
import { highlightsOf } from '@/lib/db/highlights';
import { importText } from '@/lib/db/import';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import { ImportError, parseExport } from '@/lib/export/parse';
import type { SavedItem } from '@/lib/model';
import { canonicalize } from '@/lib/sites/identity';
import { makeHighlight, makeItem } from '../../support/items';
import { seed } from '../../support/library';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const fresh = () => new ScrapnoteDB(`history-import-${Math.random()}`);
const exportText = async (db: ScrapnoteDB) => (await exportLibrary(db, NOW, '0.1.0')).join('');

let db: ScrapnoteDB;
beforeEach(() => {
  db = fresh();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** An article read on Naver News, whose original is on the outlet's site. */
function naverArticle(): SavedItem {
  const url = 'https://n.news.naver.com/mnews/article/028/0002730000';
  return makeItem({
    id: 'naver-1',
    url,
    canonicalUrl: url,
    canonicalKey: canonicalize(url).key,
    originalUrl: 'https://www.hani.co.kr/arti/politics/1181234.html',
    site: { host: 'n.news.naver.com', name: '한겨레', engine: 'naver', via: '네이버 뉴스' },
  });
}

/** A board post without a portal or an original. */
function boardPost(): SavedItem {
  const url = 'https://board.example.kr/free/123';
  return makeItem({
    id: 'post-1',
    kind: 'post',
    url,
    canonicalUrl: url,
    canonicalKey: canonicalize(url, undefined, 'xe').key,
    site: { host: 'board.example.kr', name: '예시 게시판', engine: 'xe' },
  });
}

const read = (key: string, at: string, comments: number | null = 2): ReadRow => ({
  key,
  url: `https://board.example.kr/free/${key.split('/').pop()}`,
  at,
  comments,
});

/** A version 2 file of these items (each with one highlight) and this history. */
function fileOf(items: SavedItem[], history: ReadRow[]): string {
  return [
    ...exportChunks(
      exportHeader(NOW, '0.1.0'),
      items.map((i) => exportItem(i, [makeHighlight(i.id)])),
      { readingHistory: history },
    ),
  ].join('');
}

describe('round trip', () => {
  it('export, then import into an empty library, keeps items, highlights, via, originalUrl and the reading history', async () => {
    const history = [
      read('board.example.kr/123', '2026-11-30T10:00:00.000Z', 5),
      read('board.example.kr/124', '2026-11-30T11:00:00.000Z', null),
    ];
    await seed(db, {
      items: [naverArticle(), boardPost()],
      highlights: [makeHighlight('naver-1'), makeHighlight('post-1', { id: 'p-h', note: '메모' })],
      reads: history,
    });
    const first = await exportText(db);
    const file = JSON.parse(first);
    expect(file.version).toBe(4);
    expect(file.readingHistory).toEqual(history);
    expect(file.items.map((i: { site: { via: string | null } }) => i.site.via)).toEqual(['네이버 뉴스', null]);
    expect(file.items.map((i: { originalUrl: string | null }) => i.originalUrl)).toEqual([
      'https://www.hani.co.kr/arti/politics/1181234.html',
      null,
    ]);

    const other = fresh();
    try {
      const report = await importText(other, first);
      expect(report.items).toEqual({ added: 2, updated: 0, skipped: 0 });
      expect(report.highlights).toEqual({ added: 2, updated: 0, skipped: 0 });
      expect(report.history).toEqual({ added: 2, updated: 0, skipped: 0 });
      expect(report.rejected).toEqual([]);
      expect(report.rejectedHistory).toEqual([]);
      const naver = fromRow((await other.items.get('naver-1'))!);
      expect(naver.site.via).toBe('네이버 뉴스');
      expect(naver.originalUrl).toBe('https://www.hani.co.kr/arti/politics/1181234.html');
      expect(await highlightsOf(other, 'post-1')).toEqual([makeHighlight('post-1', { id: 'p-h', note: '메모' })]);
      expect(await other.reads.orderBy('key').toArray()).toEqual(history);
      expect(await exportText(other)).toBe(first);
      // The same file again changes nothing: every entry is as late as the stored one.
      const again = await importText(other, first);
      expect(again.history).toEqual({ added: 0, updated: 0, skipped: 2 });
      expect(await exportText(other)).toBe(first);
    } finally {
      other.close();
      await other.delete();
    }
  });

  it('an export of some items carries no reading history', async () => {
    await seed(db, {
      items: [naverArticle(), boardPost()],
      highlights: [],
      reads: [read('board.example.kr/123', '2026-11-30T10:00:00.000Z')],
    });
    const some = await exportFile(db, 'json', { now: NOW, appVersion: '0', ids: ['post-1'] });
    const file = JSON.parse(await new Blob(some.parts).text());
    expect(file.items.map((i: { id: string }) => i.id)).toEqual(['post-1']);
    expect(file.readingHistory).toEqual([]);
    const all = await exportFile(db, 'json', { now: NOW, appVersion: '0' });
    expect(JSON.parse(await new Blob(all.parts).text()).readingHistory).toHaveLength(1);
  });

  it('Markdown front matter names the portal and the original article when known', async () => {
    await seed(db, { items: [naverArticle(), boardPost()], highlights: [] });
    const naver = await new Blob(
      (await exportFile(db, 'markdown', { now: NOW, appVersion: '0', ids: ['naver-1'] })).parts,
    ).text();
    const front = naver.split('\n---\n')[0]!;
    expect(front).toContain('\noriginal: "https://www.hani.co.kr/arti/politics/1181234.html"\n');
    expect(front).toContain('\nsite: "한겨레"\nvia: "네이버 뉴스"\n');
    const post = await new Blob(
      (await exportFile(db, 'markdown', { now: NOW, appVersion: '0', ids: ['post-1'] })).parts,
    ).text();
    expect(post).not.toMatch(/^(via|original):/m);
  });
});

/** A version 1 file, written as version 1 looked: no via, no originalUrl, no readingHistory. */
function versionOneFile(): string {
  const at = '2026-11-28T01:00:00.000Z';
  const item = (id: string, url: string, site: Record<string, unknown>) => ({
    id,
    kind: 'article',
    url,
    canonicalUrl: url,
    site,
    board: null,
    title: `제목 ${id}`,
    byline: null,
    authors: [],
    poster: null,
    publishedAt: '2025-02-05T14:32:00+09:00',
    publishedText: '2025.02.05. 오후 2:32',
    lang: 'ko',
    excerpt: null,
    text: '본문 텍스트',
    html: '<p>본문 텍스트</p>',
    tags: ['뉴스'],
    note: '',
    savedAt: at,
    updatedAt: at,
    highlights: [
      {
        id: `${id}-h1`,
        color: 'yellow',
        note: '',
        createdAt: at,
        updatedAt: at,
        target: {
          source: url,
          selector: [
            { type: 'TextQuoteSelector', exact: '본문', prefix: '', suffix: ' 텍스트' },
            { type: 'TextPositionSelector', start: 0, end: 2 },
          ],
        },
      },
    ],
  });
  const file = {
    format: 'scrapnote-export',
    version: 1,
    exportedAt: '2026-11-28T09:00:00.000Z',
    app: { name: 'Scrapnote', version: '0.1.0' },
    items: [
      item('v1-a', 'https://n.news.naver.com/mnews/article/028/0002730001', {
        host: 'n.news.naver.com',
        name: '한겨레',
        engine: 'naver',
      }),
      item('v1-b', 'https://www.hani.co.kr/arti/1.html', { host: 'hani.co.kr', name: '한겨레', engine: 'generic' }),
    ],
  };
  return JSON.stringify(file, null, 2);
}

describe('version 1 files', () => {
  it('are upgraded on import: via and originalUrl null, no reading history', async () => {
    const report = await importText(db, versionOneFile());
    expect(report.version).toBe(1);
    expect(report.items).toEqual({ added: 2, updated: 0, skipped: 0 });
    expect(report.highlights).toEqual({ added: 2, updated: 0, skipped: 0 });
    expect(report.history).toEqual({ added: 0, updated: 0, skipped: 0 });
    expect(report.rejected).toEqual([]);
    for (const id of ['v1-a', 'v1-b']) {
      const item = fromRow((await db.items.get(id))!);
      expect(item.site.via).toBeNull();
      expect(item.originalUrl).toBeNull();
    }
    expect(await db.reads.count()).toBe(0);
    // Exported again, they are a current file with the new fields null (and no comments).
    const file = JSON.parse(await exportText(db));
    expect(file.version).toBe(4);
    expect(file.items.map((i: { comments: unknown }) => i.comments)).toEqual([[], []]);
    expect(file.readingHistory).toEqual([]);
    expect(
      file.items.map((i: { site: { via: unknown }; originalUrl: unknown }) => [i.site.via, i.originalUrl]),
    ).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('keep their per-item checks and forbidden-key refusals after the upgrade', () => {
    const file = JSON.parse(versionOneFile());
    file.items[1].site = null;
    file.items.push({ ...file.items[0], id: 'v1-c' });
    // JSON.parse keeps "__proto__" as an own key, as a hostile file would have it.
    const parsed = parseExport(JSON.parse(JSON.stringify(file).replace('"id":"v1-c"', '"id":"v1-c","__proto__":{}')));
    expect(parsed.version).toBe(1);
    expect(parsed.items.map((i) => i.id)).toEqual(['v1-a']);
    expect(parsed.rejected.map((r) => [r.id, r.reason.split(':')[0]])).toEqual([
      ['v1-b', 'site'],
      ['v1-c', 'forbidden key "__proto__" at items[2].__proto__'],
    ]);
    expect(parsed.history).toEqual({ entries: [], rejected: [] });
  });

  it('that claim a reading history still import none (version 1 had none)', async () => {
    const file = JSON.parse(versionOneFile());
    file.readingHistory = [read('board.example.kr/1', '2026-11-30T10:00:00.000Z')];
    const report = await importText(db, JSON.stringify(file));
    expect(report.history).toEqual({ added: 0, updated: 0, skipped: 0 });
    expect(await db.reads.count()).toBe(0);
  });
});

describe('reading history merge', () => {
  const key = (n: number) => `board.example.kr/${n}`;

  beforeEach(async () => {
    await seed(db, {
      items: [],
      highlights: [],
      reads: [
        read(key(1), '2026-11-30T10:00:00.000Z', 1),
        read(key(2), '2026-11-30T10:00:00.000Z', 1),
        read(key(3), '2026-11-30T10:00:00.000Z', 1),
      ],
    });
  });

  it('a later `at` replaces the stored entry, an earlier or equal one is skipped, a new post is added', async () => {
    const seq = await lastSeq(db);
    const report = await importText(
      db,
      fileOf(
        [],
        [
          // The same instant written with the Korean offset, one minute later.
          read(key(1), '2026-11-30T19:01:00+09:00', 9),
          read(key(2), '2026-11-30T09:59:59.000Z', 9),
          read(key(3), '2026-11-30T19:00:00+09:00', 9),
          read(key(4), '2026-11-29T00:00:00.000Z', null),
        ],
      ),
      { now: NOW },
    );
    expect(report.history).toEqual({ added: 1, updated: 1, skipped: 2 });
    expect(report.items).toEqual({ added: 0, updated: 0, skipped: 0 });
    expect(await db.reads.orderBy('key').toArray()).toEqual([
      read(key(1), '2026-11-30T19:01:00+09:00', 9),
      read(key(2), '2026-11-30T10:00:00.000Z', 1),
      read(key(3), '2026-11-30T10:00:00.000Z', 1),
      read(key(4), '2026-11-29T00:00:00.000Z', null),
    ]);
    // One feed row for the import's history, naming the posts it wrote, as recordReads does.
    const rows = await changesSince(db, seq);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.at).toBe(NOW.toISOString());
    expect(rows[0]!.changes).toEqual([
      { entity: 'read', id: key(1), itemId: '', op: 'put', key: key(1) },
      { entity: 'read', id: key(4), itemId: '', op: 'put', key: key(4) },
    ]);
  });

  it('with items, the history has its own feed row after the items’ rows', async () => {
    const seq = await lastSeq(db);
    await importText(db, fileOf([boardPost()], [read(key(5), '2026-12-01T00:00:00.000Z')]), { now: NOW });
    const rows = await changesSince(db, seq);
    expect(rows.map((r) => r.changes.map((c) => c.entity))).toEqual([['item', 'highlight'], ['read']]);
  });

  it('a file whose entries are all older records nothing', async () => {
    const seq = await lastSeq(db);
    const report = await importText(db, fileOf([], [read(key(1), '2026-01-01T00:00:00.000Z')]));
    expect(report.history).toEqual({ added: 0, updated: 0, skipped: 1 });
    expect(await changesSince(db, seq)).toEqual([]);
  });
});

describe('bad reading history entries', () => {
  it('are rejected one by one with their reasons; the other entries and the items still import', async () => {
    const good = read('board.example.kr/1', '2026-11-30T10:00:00.000Z');
    const text = fileOf(
      [boardPost()],
      [
        good,
        { ...read('board.example.kr/2', '2026-11-30T10:00:00.000Z'), url: 'javascript:alert(1)' },
        { ...read('board.example.kr/3', '2026-11-30T10:00:00.000Z'), at: '어제' },
        read('board.example.kr/4', '2026-11-30T10:00:00.000Z', -1),
        { ...read('board.example.kr/5', '2026-11-30T10:00:00.000Z'), comments: 1.5 },
        { ...read('board.example.kr/6', '2026-11-30T10:00:00.000Z'), url: 'ftp://board.example.kr/6' },
      ],
    )
      // An unknown field and a forbidden key, which the writer would never write.
      .replace(
        /\n {2}\],\n {2}"authors"/,
        ',\n    {"key":"x/7","url":"https://x/7","at":"2026-11-30T10:00:00Z","comments":0,"seen":true}\n  ],\n  "authors"',
      )
      .replace(/\n {2}\],\n {2}"authors"/, ',\n    {"key":"x/8","__proto__":{"polluted":true}}\n  ],\n  "authors"');
    const report = await importText(db, text);
    expect(report.items.added).toBe(1);
    expect(report.history).toEqual({ added: 1, updated: 0, skipped: 0 });
    expect(report.rejected).toEqual([]);
    expect(report.rejectedHistory).toEqual([
      { list: 'readingHistory', index: 1, key: 'board.example.kr/2', reason: 'url: not an http(s) address' },
      {
        list: 'readingHistory',
        index: 2,
        key: 'board.example.kr/3',
        reason: 'at: not an ISO 8601 date-time with offset',
      },
      {
        list: 'readingHistory',
        index: 3,
        key: 'board.example.kr/4',
        reason: 'comments: Invalid value: Expected >=0 but received -1',
      },
      {
        list: 'readingHistory',
        index: 4,
        key: 'board.example.kr/5',
        reason: 'comments: Invalid integer: Received 1.5',
      },
      { list: 'readingHistory', index: 5, key: 'board.example.kr/6', reason: 'url: not an http(s) address' },
      { list: 'readingHistory', index: 6, key: 'x/7', reason: 'seen: unknown field' },
      {
        list: 'readingHistory',
        index: 7,
        key: 'x/8',
        reason: 'forbidden key "__proto__" at readingHistory[7].__proto__',
      },
    ]);
    expect(await db.reads.toArray()).toEqual([good]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('two entries for one post refuse the whole file, and nothing changes', async () => {
    const text = fileOf(
      [boardPost()],
      [read('board.example.kr/1', '2026-11-30T10:00:00.000Z'), read('board.example.kr/2', '2026-11-30T10:00:00.000Z')],
    ).replace('"key":"board.example.kr/2"', '"key":"board.example.kr/1"');
    const error = await importText(db, text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('duplicateIds');
    expect((error as ImportError).message).toMatch(/reading history entries share the key "board\.example\.kr\/1"/);
    expect(await db.items.count()).toBe(0);
    expect(await db.reads.count()).toBe(0);
  });

  it('a readingHistory that is not a list refuses the file as a bad header', async () => {
    const text = fileOf([boardPost()], []).replace('"readingHistory": []', '"readingHistory": {}');
    const error = await importText(db, text).catch((e: unknown) => e);
    expect((error as ImportError).code).toBe('badFile');
    expect((error as ImportError).message).toMatch(/readingHistory/);
    expect(await db.items.count()).toBe(0);
  });

  it('a current file without readingHistory is refused as a bad header', async () => {
    const text = fileOf([boardPost()], []).replace(',\n  "readingHistory": []', '');
    const error = await importText(db, text).catch((e: unknown) => e);
    expect((error as ImportError).code).toBe('badFile');
    expect((error as ImportError).message).toMatch(/readingHistory/);
  });
});

describe('items stored before via and originalUrl existed', () => {
  it('read as null, and export as null', async () => {
    const { originalUrl: _o, ...old } = naverArticle();
    const { via: _v, ...site } = old.site;
    await db.items.put({ ...toRow({ ...old, site } as SavedItem, []) });
    const row = (await db.items.get('naver-1'))!;
    expect(row).not.toHaveProperty('originalUrl');
    const item = fromRow(row);
    expect(item.originalUrl).toBeNull();
    expect(item.site).toEqual({ host: 'n.news.naver.com', name: '한겨레', engine: 'naver', via: null });
    const file = JSON.parse(await exportText(db));
    expect(file.items[0].originalUrl).toBeNull();
    expect(file.items[0].site.via).toBeNull();
  });
});
