import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { changesSince, lastSeq } from '@/lib/db/feed';
import { getHighlight, highlightsOf } from '@/lib/db/highlights';
import { importText } from '@/lib/db/import';
import { upsertItem } from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import {
  checkImportSize,
  ImportError,
  MAX_IMPORT_BYTES,
  MIGRATIONS,
  parseExport,
  parseJsonText,
} from '@/lib/export/parse';
import { canonicalize } from '@/lib/sites/identity';
import { makeHighlight, makeItem } from '../../support/items';
import { seed, sharedIdsLibraryArb } from '../../support/library';

const NOW = new Date('2026-11-28T09:00:00.000Z');
const fresh = () => new ScrapnoteDB(`test-${Math.random()}`);
const exportText = async (db: ScrapnoteDB) => (await exportLibrary(db, NOW, '0.1.0')).join('');

let db: ScrapnoteDB;
beforeEach(() => {
  db = fresh();
});
afterEach(async () => {
  await db.delete();
});

/** A file of the given items (as the library would export them). */
function fileOf(items: ReturnType<typeof makeItem>[], highlights = items.map((i) => [makeHighlight(i.id)])): string {
  return [
    ...exportChunks(
      exportHeader(NOW, '0.1.0'),
      items.map((i, n) => exportItem(i, highlights[n] ?? [])),
    ),
  ].join('');
}

describe('round trip', () => {
  it('a random library (highlight ids repeated across items), exported and imported into an empty database, exports to the same file', async () => {
    await fc.assert(
      fc.asyncProperty(sharedIdsLibraryArb, async (lib) => {
        const a = fresh();
        const b = fresh();
        try {
          await seed(a, lib);
          const first = await exportText(a);
          const report = await importText(b, first);
          expect(report.rejected).toEqual([]);
          expect(report.items).toEqual({ added: lib.items.length, updated: 0, skipped: 0 });
          expect(report.highlights.added).toBe(lib.highlights.length);
          expect(await exportText(b)).toBe(first);
          // canonicalKey is not in the file: the import recomputes it from the address.
          for (const item of lib.items) expect((await b.items.get(item.id))?.canonicalKey).toBe(item.canonicalKey);
          // Importing the same file again changes nothing.
          const again = await importText(b, first);
          expect(again.items).toEqual({ added: 0, updated: 0, skipped: lib.items.length });
          expect(await exportText(b)).toBe(first);
        } finally {
          await a.delete();
          await b.delete();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('malformed imports change nothing', () => {
  const existing = () =>
    seed(db, {
      items: [makeItem({ id: 'keep', canonicalKey: canonicalize(makeItem({ id: 'keep' }).url).key })],
      highlights: [makeHighlight('keep')],
    });
  const good = fileOf([makeItem({ id: 'new', url: 'https://www.hani.co.kr/arti/1.html' })]);
  const huge = 'ㄱ'.repeat(10 * 1024 * 1024);

  const fatal: Array<[string, () => string, string, RegExp]> = [
    ['truncated JSON', () => good.slice(0, Math.floor(good.length / 2)), 'truncated', /cut off/],
    ['a file that is not JSON', () => 'PK\u0003\u0004 binary zip', 'notJson', /not a JSON file/],
    ['damaged JSON', () => good.replace('"items": [', '"items": [,,'), 'notJson', /damaged JSON/],
    ['an empty file', () => '  \n', 'empty', /empty/],
    ['JSON that is no export', () => '{"hello": 1}', 'notExport', /not a Scrapnote export/],
    ['an array', () => '[1,2]', 'notExport', /not a Scrapnote export/],
    [
      'an unknown future version',
      () => good.replace('"version": 4', '"version": 99'),
      'unknownVersion',
      /version 99.*newer Scrapnote/,
    ],
    ['a version of the wrong type', () => good.replace('"version": 4', '"version": "3"'), 'badFile', /version/],
    [
      'items of the wrong type',
      () => good.replace(/"items": \[[\s\S]*\]\n}/, '"items": {"a": 1}\n}'),
      'badFile',
      /items/,
    ],
    [
      'a __proto__ key at the top',
      () => good.replace('{', '{"__proto__": {"polluted": true},'),
      'forbiddenKey',
      /__proto__/,
    ],
    [
      'a constructor key at the top',
      () => good.replace('{', '{"constructor": {"prototype": {"x": 1}},'),
      'forbiddenKey',
      /constructor/,
    ],
    [
      'duplicate item ids',
      () =>
        fileOf(
          [makeItem({ id: 'dup', url: 'https://a.kr/1' }), makeItem({ id: 'dup', url: 'https://a.kr/2' })],
          [[], []],
        ),
      'duplicateIds',
      /"dup".*items 1 and 2/,
    ],
    [
      'two highlights of one item with the same id',
      () =>
        fileOf(
          [makeItem({ id: 'x', url: 'https://a.kr/1' }), makeItem({ id: 'y', url: 'https://a.kr/2' })],
          [[], [makeHighlight('y', { id: 'h' }), makeHighlight('y', { id: 'h', note: '둘째' })]],
        ),
      'duplicateIds',
      /Two highlights of item 2 share the id "h"/,
    ],
    // The import checks items a batch (500) ahead of the one it writes: a repeat found after
    // earlier batches were written aborts the transaction, and nothing stays.
    [
      'an item id repeated after 1,200 good items',
      () =>
        fileOf([
          ...Array.from({ length: 1200 }, (_, i) => makeItem({ id: `m${i}`, url: `https://a.kr/${i}` })),
          makeItem({ id: 'm3', url: 'https://a.kr/late' }),
        ]),
      'duplicateIds',
      /"m3".*items 4 and 1201/,
    ],
    [
      'a highlight id repeated within an item after 1,200 good items',
      () =>
        fileOf(
          [
            ...Array.from({ length: 1200 }, (_, i) => makeItem({ id: `m${i}`, url: `https://a.kr/${i}` })),
            makeItem({ id: 'late', url: 'https://a.kr/late' }),
          ],
          [
            ...Array.from({ length: 1200 }, (_, i) => [makeHighlight(`m${i}`)]),
            [makeHighlight('late', { id: 'twice' }), makeHighlight('late', { id: 'twice' })],
          ],
        ),
      'duplicateIds',
      /Two highlights of item 1201 share the id "twice"/,
    ],
  ];

  it.each(fatal)('%s: a clear error', async (_name, make, code, message) => {
    await existing();
    const before = await exportText(db);
    const seq = await lastSeq(db);
    const error = await importText(db, make()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe(code);
    expect((error as ImportError).message).toMatch(message);
    expect(await exportText(db)).toBe(before);
    // No change was recorded either: the feed has no row of the refused import.
    expect(await lastSeq(db)).toBe(seq);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const rejectedOnly: Array<[string, () => string, RegExp]> = [
    ['a 10 MB title', () => fileOf([makeItem({ id: 'big', title: huge })]), /title: longer than the limit of 2,000/],
    ['a 10 MB text', () => fileOf([makeItem({ id: 'big', text: huge })]), /text: longer than the limit of 2,000,000/],
    ['a 10 MB html', () => fileOf([makeItem({ id: 'big', html: huge })]), /html: longer than the limit of 4,000,000/],
    [
      'a 10 MB highlight note',
      () => fileOf([makeItem({ id: 'big' })], [[makeHighlight('big', { note: huge })]]),
      /highlights\.0\.note: longer/,
    ],
    ['a wrong type', () => good.replace('"tags":["AI",', '"tags":[7,'), /tags\.0: /],
    ['null where an object is needed', () => good.replace(/"site":\{[^}]*\}/, '"site":null'), /site: /],
    ['an unknown field', () => good.replace('"note":"",', '"note":"","extra":1,'), /extra/],
    [
      'a bad date',
      () => good.replace('"savedAt":"2026-11-28T01:00:00.000Z"', '"savedAt":"yesterday"'),
      /savedAt: not an ISO 8601/,
    ],
    [
      'a javascript: address',
      () => good.replace('"url":"https://www.hani.co.kr/arti/1.html"', '"url":"javascript:alert(1)"'),
      /url: not an http/,
    ],
    [
      'a __proto__ key in an item',
      () => good.replace('"note":"",', '"__proto__":{"polluted":true},"note":"",'),
      /forbidden key "__proto__" at items\[0\]\.__proto__/,
    ],
    [
      'a constructor key deep inside',
      () => good.replace('"engine":"naver"', '"engine":"naver","constructor":1'),
      /forbidden key "constructor" at items\[0\]\.site\.constructor/,
    ],
    ['an unknown highlight color', () => good.replace('"color":"yellow"', '"color":"red"'), /highlights\.0\.color/],
  ];

  it.each(rejectedOnly)('%s: the item is rejected with its reason', async (_name, make, reason) => {
    await existing();
    const before = await exportText(db);
    const report = await importText(db, make());
    expect(report.items).toEqual({ added: 0, updated: 0, skipped: 0 });
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]!.index).toBe(0);
    expect(report.rejected[0]!.reason).toMatch(reason);
    expect(await exportText(db)).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a failure part way through the transaction leaves the library as it was', async () => {
    await existing();
    const before = await exportText(db);
    const many = Array.from({ length: 1200 }, (_, i) => makeItem({ id: `m${i}`, url: `https://a.kr/${i}` }));
    const error = await importText(db, fileOf(many), {
      onProgress: (done) => {
        if (done > 500) throw new Error('disk went away');
      },
    }).catch((e: unknown) => e);
    expect((error as ImportError).code).toBe('storage');
    expect((error as ImportError).message).toMatch(/Nothing was imported: disk went away/);
    expect(await exportText(db)).toBe(before);
    expect(await changesSince(db, 0)).toHaveLength(1);
  });

  it('good items still import next to rejected ones, and the report says which were left out', async () => {
    const text = fileOf([
      makeItem({ id: 'a', url: 'https://a.kr/1' }),
      makeItem({ id: 'b', url: 'https://a.kr/2', savedAt: 'not a date' }),
      makeItem({ id: 'c', url: 'https://a.kr/3' }),
    ]);
    const report = await importText(db, text);
    expect(report.items.added).toBe(2);
    expect(report.rejected).toEqual([
      { index: 1, id: 'b', title: makeItem().title, reason: expect.stringMatching(/^savedAt/) },
    ]);
  });
});

describe('merge', () => {
  const base = makeItem({ id: 'a', url: 'https://a.kr/1', updatedAt: '2026-11-28T01:00:00.000Z', note: 'old' });

  it('the newer updatedAt wins per item; highlights merge by id on their own updatedAt', async () => {
    await importText(db, fileOf([base], [[makeHighlight('a', { id: 'h1', note: 'first' })]]));
    const newer = { ...base, note: 'new', updatedAt: '2026-11-28T02:00:00+09:00' }; // earlier instant than base
    let report = await importText(db, fileOf([newer], [[makeHighlight('a', { id: 'h1', note: 'x' })]]));
    expect(report.items).toEqual({ added: 0, updated: 0, skipped: 1 });
    expect((await db.items.get('a'))?.note).toBe('old');

    const newest = { ...base, note: 'new', updatedAt: '2026-11-28T03:00:00.000Z' };
    report = await importText(
      db,
      fileOf(
        [newest],
        [
          [
            makeHighlight('a', { id: 'h1', note: 'edited', updatedAt: '2026-11-28T04:00:00.000Z' }),
            makeHighlight('a', { id: 'h2', note: 'added' }),
          ],
        ],
      ),
    );
    expect(report.items).toEqual({ added: 0, updated: 1, skipped: 0 });
    expect(report.highlights).toEqual({ added: 1, updated: 1, skipped: 0 });
    expect((await db.items.get('a'))?.note).toBe('new');
    expect((await getHighlight(db, { itemId: 'a', id: 'h1' }))?.note).toBe('edited');

    // An older copy of the item still brings a highlight the library lacks.
    report = await importText(db, fileOf([base], [[makeHighlight('a', { id: 'h3' })]]));
    expect(report.items.skipped).toBe(1);
    expect(report.highlights.added).toBe(1);
    expect((await highlightsOf(db, 'a')).map((h) => [h.id, h.note])).toEqual([
      ['h1', 'edited'],
      ['h2', 'added'],
      ['h3', ''],
    ]);
  });

  it('an item for a page already saved under another id is rejected, not duplicated', async () => {
    await importText(db, fileOf([base]));
    const other = makeItem({ id: 'b', url: 'https://a.kr/1?utm_source=x#top' });
    const report = await importText(db, fileOf([other], [[makeHighlight('b', { id: 'hb' })]]));
    expect(report.rejected).toEqual([
      { index: 0, id: 'b', title: other.title, reason: 'the same page is already in the library as item "a"' },
    ]);
    expect(await db.items.count()).toBe(1);
    expect(await getHighlight(db, { itemId: 'b', id: 'hb' })).toBeUndefined();
    expect(await highlightsOf(db, 'a')).toEqual([makeHighlight('a')]);
  });

  it('an XE /mid/N item is keyed like a save of the same post: import then save keeps one item', async () => {
    const url = 'https://xe.example.kr/free/123';
    const xe = (id: string, over: Partial<ReturnType<typeof makeItem>> = {}) =>
      makeItem({
        id,
        kind: 'post',
        url,
        canonicalUrl: url,
        site: { host: 'xe.example.kr', name: null, engine: 'xe' },
        ...over,
      });
    expect((await importText(db, fileOf([xe('imported')]))).items.added).toBe(1);
    // What a save does (lib/extract/analyze.ts, then upsertItem), from two forms of the address.
    for (const page of [url, 'https://xe.example.kr/index.php?mid=free&document_srl=123']) {
      const saved = await upsertItem(
        db,
        xe(`saved-${page.length}`, { url: page, canonicalKey: canonicalize(page, undefined, 'xe').key, tags: ['새'] }),
      );
      expect(saved.id).toBe('imported');
    }
    expect(await db.items.count()).toBe(1);
    expect((await db.items.get('imported'))?.canonicalKey).toBe('xe.example.kr/123');
  });

  it('an XE /mid/N item whose post is already saved is rejected, not duplicated', async () => {
    const url = 'https://xe.example.kr/free/123';
    const site = { host: 'xe.example.kr', name: null, engine: 'xe' };
    await upsertItem(
      db,
      makeItem({ id: 'saved', url, canonicalUrl: url, site, canonicalKey: canonicalize(url, undefined, 'xe').key }),
    );
    const report = await importText(db, fileOf([makeItem({ id: 'other', url, canonicalUrl: url, site })]));
    expect(report.rejected.map((r) => r.id)).toEqual(['other']);
    expect(await db.items.count()).toBe(1);
  });

  it('a highlight id used in another item is simply another highlight, of its own item', async () => {
    await importText(db, fileOf([base], [[makeHighlight('a', { id: 'h', note: 'a의 메모' })]]));
    const b = makeItem({ id: 'b', url: 'https://a.kr/2' });
    const file = fileOf([b], [[makeHighlight('b', { id: 'h', note: 'b의 메모' })]]);
    const report = await importText(db, file);
    expect(report.items).toEqual({ added: 1, updated: 0, skipped: 0 });
    expect(report.highlights).toEqual({ added: 1, updated: 0, skipped: 0 });
    expect(report.rejected).toEqual([]);
    expect((await getHighlight(db, { itemId: 'a', id: 'h' }))?.note).toBe('a의 메모');
    expect((await getHighlight(db, { itemId: 'b', id: 'h' }))?.note).toBe('b의 메모');
    // The same file again: both are known by their item and id, nothing changes.
    expect((await importText(db, file)).highlights).toEqual({ added: 0, updated: 0, skipped: 1 });
    // A newer copy of b's highlight changes b's only.
    await importText(
      db,
      fileOf([b], [[makeHighlight('b', { id: 'h', note: 'b 고침', updatedAt: '2026-12-01T00:00:00.000Z' })]]),
    );
    expect((await getHighlight(db, { itemId: 'a', id: 'h' }))?.note).toBe('a의 메모');
    expect((await getHighlight(db, { itemId: 'b', id: 'h' }))?.note).toBe('b 고침');
  });
});

describe('search index', () => {
  const ids = async (q: string) => (await searchLibrary(db, q, { limit: 1000 })).hits.map((h) => h.itemId).sort();

  it('imported items, their notes and highlight notes are found; updates replace old text', async () => {
    const a = makeItem({ id: 'a', url: 'https://a.kr/1', note: '두물머리 산책' });
    await importText(db, fileOf([a], [[makeHighlight('a', { note: '양수리 메모' })]]));
    expect(await ids('두물머리')).toEqual(['a']);
    expect(await ids('양수리')).toEqual(['a']);
    await importText(db, fileOf([{ ...a, note: '남한강', updatedAt: '2026-11-29T00:00:00.000Z' }], [[]]));
    expect(await ids('두물머리')).toEqual([]);
    expect(await ids('남한강')).toEqual(['a']);
  });

  it('a large import (whole-index rebuild) indexes every item; a failed one leaves the index alone', async () => {
    const many = Array.from({ length: 700 }, (_, i) =>
      makeItem({ id: `m${i}`, url: `https://a.kr/${i}`, note: i % 7 ? '' : '칠의배수' }),
    );
    await importText(
      db,
      fileOf(
        many,
        many.map(() => []),
      ),
    );
    expect(await ids('칠의배수')).toHaveLength(100);
    const more = Array.from({ length: 700 }, (_, i) =>
      makeItem({ id: `n${i}`, url: `https://b.kr/${i}`, note: '실패한가져오기' }),
    );
    await importText(
      db,
      fileOf(
        more,
        more.map(() => []),
      ),
      {
        onProgress: (done) => {
          if (done === 700) throw new Error('late failure');
        },
      },
    ).catch(() => undefined);
    expect(await ids('실패한가져오기')).toEqual([]);
    expect(await db.items.count()).toBe(700);
  });
});

describe('versions', () => {
  it('older versions import through the migration chain', () => {
    // A made-up version 0 that called the items "entries": the hook a real old version would use.
    const v0 = JSON.parse(fileOf([base()]));
    v0.version = 0;
    v0.entries = v0.items;
    delete v0.items;
    const parsed = parseExport(v0, {
      ...MIGRATIONS,
      0: ({ entries, ...rest }) => ({ ...rest, version: 1, items: entries }),
    });
    expect(parsed.version).toBe(0);
    expect(parsed.items.map((i) => i.id)).toEqual(['a']);
    expect(() => parseExport(v0)).toThrow(/version 0 is not supported/);
  });
  function base() {
    return makeItem({ id: 'a', url: 'https://a.kr/1' });
  }

  it('a file over the size limit is refused before and after reading', () => {
    expect(() => checkImportSize(MAX_IMPORT_BYTES + 1)).toThrow(/larger than the import limit of 256 MB/);
    expect(() => checkImportSize(MAX_IMPORT_BYTES)).not.toThrow();
    expect(() => parseJsonText('{"a": "0123456789"}', 10)).toThrow(/import limit/);
  });

  it('a byte order mark is tolerated', () => {
    expect(parseJsonText('\uFEFF{"a":1}')).toEqual({ a: 1 });
  });
});
