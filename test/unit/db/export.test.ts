import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportFile, exportLibrary, readExportItems } from '@/lib/db/export';
import { makeHighlight, makeItem } from '../../support/items';
import { seed } from '../../support/library';

const now = new Date(2026, 10, 28, 9, 0);
let db: ScrapnoteDB;
beforeEach(async () => {
  db = new ScrapnoteDB(`test-${Math.random()}`);
  await seed(db, {
    items: [
      makeItem({ id: 'a', canonicalKey: 'k-a', title: '기사' }),
      makeItem({ id: 'b', canonicalKey: 'k-b', kind: 'post', title: '게시글', poster: '닉' }),
    ],
    highlights: [makeHighlight('a'), makeHighlight('a', { id: 'a-h2' }), makeHighlight('b')],
  });
});
afterEach(async () => {
  await db.delete();
});

const text = (parts: Array<string | Uint8Array<ArrayBuffer> | Blob>) => new Blob(parts).text();

describe('exportFile', () => {
  it('JSON: the library file with a Hangul name, progress up to 100', async () => {
    const progress: number[] = [];
    const r = await exportFile(db, 'json', { now, appVersion: '0.1.0', onProgress: (d) => progress.push(d) });
    expect(r.name).toBe('스크랩노트-2026-11-28.json');
    expect(r.type).toBe('application/json');
    expect(await text(r.parts)).toBe((await exportLibrary(db, now, '0.1.0')).join(''));
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
  });

  it('filtered ids and one item', async () => {
    const r = await exportFile(db, 'json', { now, appVersion: '0', ids: ['b', 'missing'] });
    expect(JSON.parse(await text(r.parts)).items.map((i: { id: string }) => i.id)).toEqual(['b']);
    const md = await exportFile(db, 'markdown', { now, appVersion: '0', ids: ['a'] });
    expect(md.name).toBe('기사.md');
    expect(await text(md.parts)).toMatch(/^---\ntitle: "기사"/);
  });

  it('Markdown zip, JSON-LD and CSV', async () => {
    const zip = await exportFile(db, 'markdown', { now, appVersion: '0' });
    expect(zip.name).toBe('스크랩노트-2026-11-28.zip');
    const bytes = new Uint8Array(await new Blob(zip.parts).arrayBuffer());
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(['게시글.md', '기사.md']);
    const ld = await exportFile(db, 'jsonld', { now, appVersion: '0' });
    expect(ld.count).toBe(3);
    expect(JSON.parse(await text(ld.parts)).first.items).toHaveLength(3);
    const csv = await exportFile(db, 'csv', { now, appVersion: '0' });
    expect(csv.count).toBe(1);
    expect((await text(csv.parts)).split('\r\n')).toHaveLength(3);
  });

  it('highlights with the same id in two items are each exported with their own item', async () => {
    await seed(db, {
      items: [makeItem({ id: 'c', canonicalKey: 'k-c' }), makeItem({ id: 'd', canonicalKey: 'k-d' })],
      highlights: [
        makeHighlight('c', { id: 'same', note: 'c의 메모' }),
        makeHighlight('d', { id: 'same', note: 'd의 메모' }),
      ],
    });
    const read = await readExportItems(db);
    expect(read.map((i) => [i.id, i.highlights.map((h) => [h.id, h.note])])).toEqual([
      [
        'a',
        [
          ['a-h1', ''],
          ['a-h2', ''],
        ],
      ],
      ['b', [['b-h1', '']]],
      ['c', [['same', 'c의 메모']]],
      ['d', [['same', 'd의 메모']]],
    ]);
  });

  it('reads in pages: more items than a page, in id order with their highlights', async () => {
    const items = Array.from({ length: 1234 }, (_, i) =>
      makeItem({ id: `x${String(i).padStart(4, '0')}`, canonicalKey: `k${i}` }),
    );
    await seed(db, { items, highlights: [makeHighlight('x1000')] });
    const calls: Array<[number, number]> = [];
    const read = await readExportItems(db, undefined, (d, t) => calls.push([d, t]));
    expect(read.map((i) => i.id)).toEqual(['a', 'b', ...items.map((i) => i.id)]);
    expect(read.find((i) => i.id === 'x1000')?.highlights).toHaveLength(1);
    expect(calls.at(-1)).toEqual([1236, 1236]);
    expect(calls.length).toBeGreaterThan(2);
  });

  it('reads chosen ids in pages too: id order, unknown ids left out, each item with its own highlights', async () => {
    const items = Array.from({ length: 1100 }, (_, i) =>
      makeItem({ id: `y${String(i).padStart(4, '0')}`, canonicalKey: `ky${i}` }),
    );
    await seed(db, { items, highlights: [makeHighlight('y0999'), makeHighlight('y0600'), makeHighlight('y0001')] });
    // Every other item, backwards, with duplicates and unknown ids: more than two pages of ids.
    const ids = [...items.map((i) => i.id).filter((_, i) => i % 2 === 1), 'nope', 'y0001', 'a', 'zz'].reverse();
    const calls: Array<[number, number]> = [];
    const read = await readExportItems(db, ids, (d, t) => calls.push([d, t]));
    const expected = ['a', ...items.map((i) => i.id).filter((_, i) => i % 2 === 1)];
    expect(read.map((i) => i.id)).toEqual(expected);
    expect(read.filter((i) => i.highlights.length).map((i) => [i.id, i.highlights.map((h) => h.id)])).toEqual([
      ['a', ['a-h1', 'a-h2']],
      ['y0001', ['y0001-h1']],
      ['y0999', ['y0999-h1']],
    ]);
    expect(calls.at(-1)).toEqual([553, 553]);
    // The same items as in the whole library's export.
    const all = await readExportItems(db);
    expect(read).toEqual(all.filter((i) => expected.includes(i.id)));
  });
});
