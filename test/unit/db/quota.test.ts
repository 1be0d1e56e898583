/**
 * A full disk: IndexedDB refuses a write with QuotaExceededError part-way through a transaction.
 * The user gets a clear message and the library holds no partial record (no item without its
 * search row, no search row without its item, no feed row of a write that did not happen, no
 * half-applied merge).
 *
 * The failure is made inside fake-indexeddb, where a browser makes it: the object store's record
 * write throws QuotaExceededError once a budget of writes is spent, so the request fails and the
 * transaction aborts the way IndexedDB specifies, rather than by mocking Dexie.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB, StorageFullError, storageErrorMessage } from '@/lib/db';
import { addHighlight, deleteHighlight, highlightsOf, restoreHighlight, updateHighlight } from '@/lib/db/highlights';
import { deleteItems, getItem, restoreItems, updateItemMeta, updateItemsMeta, upsertItem } from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import { allHighlights, makeHighlight, makeItem } from '../../support/items';

/** Record writes left before the disk is "full"; Infinity = unlimited. */
let budget = Number.POSITIVE_INFINITY;
let refused = 0;

type RawStore = { storeRecord: (...a: unknown[]) => unknown };
const proto = (globalThis as unknown as { IDBObjectStore: { prototype: Record<string, unknown> } }).IDBObjectStore
  .prototype;
const originalPut = proto.put as (...a: unknown[]) => unknown;
const originalAdd = proto.add as (...a: unknown[]) => unknown;

/**
 * put/add with a metered record write. The operation binds the store's storeRecord when the
 * request is made, so only this request is metered: the abort's rollback (which also stores
 * records) must still work, as it does in a browser.
 */
function metered(original: (...a: unknown[]) => unknown) {
  return function (this: { _rawObjectStore: RawStore }, ...a: unknown[]) {
    const raw = this._rawObjectStore;
    const write = raw.storeRecord;
    raw.storeRecord = (...args: unknown[]) => {
      if (budget <= 0) {
        refused++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      budget--;
      return write.apply(raw, args);
    };
    try {
      return original.apply(this, a);
    } finally {
      raw.storeRecord = write;
    }
  };
}

beforeEach(() => {
  proto.put = metered(originalPut);
  proto.add = metered(originalAdd);
});

let db: ScrapnoteDB;
beforeEach(async () => {
  budget = Number.POSITIVE_INFINITY;
  refused = 0;
  db = new ScrapnoteDB(`quota-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  budget = Number.POSITIVE_INFINITY;
  proto.put = originalPut;
  proto.add = originalAdd;
  await db.delete();
});

/** Everything in the database, to compare before and after a refused write. */
async function snapshot(d: ScrapnoteDB) {
  return {
    items: await d.items.orderBy('id').toArray(),
    highlights: (await allHighlights(d)).sort((a, b) => (a.id < b.id ? -1 : 1)),
    search: await d.search.orderBy('itemId').toArray(),
    changes: await d.changes.orderBy('seq').toArray(),
    meta: await d.meta.orderBy('key').toArray(),
  };
}

const CLEAR = /^Storage is full: free some disk space or delete saved items, then try again\. Nothing was saved\.$/;

describe('a full disk', () => {
  it('a new save fails with a clear message and leaves no partial record, at every point of the transaction', async () => {
    await upsertItem(db, makeItem({ id: 'keep', canonicalKey: 'k-keep', title: '남는 기사' }));
    const before = await snapshot(db);
    // Count the record writes of one save into a library that has been written before (its
    // device id is stored), then refuse after each possible prefix of them.
    const probe = new ScrapnoteDB(`quota-probe-${Math.random()}`);
    await upsertItem(probe, makeItem({ id: 'keep', canonicalKey: 'k-keep', title: '남는 기사' }));
    budget = 1_000_000;
    await upsertItem(probe, makeItem({ id: 'new', canonicalKey: 'k-new', title: '새 기사 딥시크' }));
    const writes = 1_000_000 - budget;
    await probe.delete();
    expect(writes).toBe(3); // the item, its search row and the feed row

    for (let allowed = 0; allowed < writes; allowed++) {
      budget = allowed;
      const error = await upsertItem(db, makeItem({ id: 'new', canonicalKey: 'k-new', title: '새 기사 딥시크' })).then(
        () => null,
        (e: unknown) => e,
      );
      budget = Number.POSITIVE_INFINITY;
      expect(error, `refused after ${allowed} of ${writes} writes`).toBeInstanceOf(StorageFullError);
      expect((error as Error).message).toMatch(CLEAR);
      expect(await snapshot(db)).toEqual(before);
      expect(await getItem(db, 'new')).toBeUndefined();
      expect((await searchLibrary(db, '딥시크')).hits).toEqual([]);
    }
    expect(refused).toBe(writes);
    // With room again, the same save works and is searchable.
    await upsertItem(db, makeItem({ id: 'new', canonicalKey: 'k-new', title: '새 기사 딥시크' }));
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['new']);
  });

  it('a save with images is refused whole: no item, no image, no feed row, at every point', async () => {
    await upsertItem(db, makeItem({ id: 'keep', canonicalKey: 'k-keep', title: '남는 기사' }));
    const before = { ...(await snapshot(db)), images: await db.images.toArray() };
    const blob = (n: number) => ({
      hash: String(n).repeat(64),
      blob: new Blob([new Uint8Array(n)], { type: 'image/png' }),
      type: 'image/png',
      size: n,
    });
    const images = [blob(1), blob(2)];
    const item = makeItem({
      id: 'new',
      canonicalKey: 'k-new',
      title: '사진 기사 딥시크',
      images: images.map((b, i) => ({ url: `https://i.example.kr/${i}.png`, hash: b.hash, size: b.size })),
    });
    const writes = 5; // two images, the item, its search row and the feed row
    for (let allowed = 0; allowed < writes; allowed++) {
      budget = allowed;
      const error = await upsertItem(db, item, new Date(), images).then(
        () => null,
        (e: unknown) => e,
      );
      budget = Number.POSITIVE_INFINITY;
      expect(error, `refused after ${allowed} of ${writes} writes`).toBeInstanceOf(StorageFullError);
      expect((error as Error).message).toMatch(CLEAR);
      expect({ ...(await snapshot(db)), images: await db.images.toArray() }).toEqual(before);
    }
    budget = writes;
    await upsertItem(db, item, new Date(), images);
    expect(await db.images.count()).toBe(2);
  });

  it('re-saving an existing post when full keeps the earlier version whole (no half merge)', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'same', title: '옛 제목', tags: ['AI'], note: '메모' }));
    const before = await snapshot(db);
    budget = 1;
    await expect(
      upsertItem(
        db,
        makeItem({ id: 'b', canonicalKey: 'same', title: '새 제목', text: '완전히 새 본문', tags: ['정치'] }),
      ),
    ).rejects.toThrow(CLEAR);
    budget = Number.POSITIVE_INFINITY;
    expect(await snapshot(db)).toEqual(before);
    expect((await getItem(db, 'a'))?.title).toBe('옛 제목');
  });

  it('tags, notes, highlights and undo are refused whole too', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    await addHighlight(db, {
      id: 'h1',
      itemId: 'a',
      color: 'yellow',
      source: 'https://n.news.naver.com/mnews/article/028/0002730000',
      selector: makeHighlight('a').target.selector,
      now: new Date('2026-11-28T02:00:00Z'),
    });
    const before = await snapshot(db);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['note', () => updateItemMeta(db, 'a', { note: '새 메모', tags: ['새 태그'] }, new Date())],
      [
        'highlight',
        () =>
          addHighlight(db, {
            id: 'h2',
            itemId: 'a',
            color: 'pink',
            source: 'https://n.news.naver.com/mnews/article/028/0002730000',
            selector: makeHighlight('a').target.selector,
            now: new Date(),
          }),
      ],
      ['tags of several items', () => updateItemsMeta(db, ['a'], { addTags: ['하나 더'] }, new Date())],
      ['highlight note', () => updateHighlight(db, { itemId: 'a', id: 'h1' }, { note: '하이라이트 메모' }, new Date())],
      ['highlight undo', () => restoreHighlight(db, makeHighlight('a', { id: 'h3' }))],
      ['undo', () => restoreItems(db, { items: [makeItem({ id: 'z', canonicalKey: 'kz' })], highlights: [] })],
    ];
    for (const [what, write] of attempts) {
      for (const allowed of [0, 1, 2]) {
        budget = allowed;
        const error = await write().then(
          () => null,
          (e: unknown) => e,
        );
        budget = Number.POSITIVE_INFINITY;
        if (error === null) {
          throw new Error(`${what} succeeded with ${allowed} writes left; make the test's budget smaller`);
        }
        expect(error, what).toBeInstanceOf(StorageFullError);
        expect(await snapshot(db), `${what} after ${allowed} writes`).toEqual(before);
      }
    }
    expect((await highlightsOf(db, 'a')).map((h) => h.id)).toEqual(['h1']);
  });

  it('deletes are refused whole too: the feed row of a delete needs room', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka', title: '지울 기사 딥시크' }));
    await addHighlight(db, {
      id: 'h1',
      itemId: 'a',
      color: 'yellow',
      source: 'https://n.news.naver.com/mnews/article/028/0002730000',
      selector: makeHighlight('a').target.selector,
      now: new Date('2026-11-28T02:00:00Z'),
    });
    const before = await snapshot(db);
    for (const [what, write] of [
      ['highlight delete', () => deleteHighlight(db, { itemId: 'a', id: 'h1' })],
      ['item delete', () => deleteItems(db, ['a'])],
    ] as Array<[string, () => Promise<unknown>]>) {
      budget = 0;
      const error = await write().then(
        () => null,
        (e: unknown) => e,
      );
      budget = Number.POSITIVE_INFINITY;
      expect(error, what).not.toBeNull();
      if (what === 'highlight delete') expect(error, what).toBeInstanceOf(StorageFullError);
      expect(await snapshot(db), what).toEqual(before);
    }
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a']);
  });

  it('a delete refused for a full disk says so clearly', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    budget = 0;
    const error = await deleteItems(db, ['a']).then(
      () => null,
      (e: unknown) => e,
    );
    budget = Number.POSITIVE_INFINITY;
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(CLEAR);
  });

  it('the message reads the same for a request error, an aborted transaction and a bulk write', () => {
    const request = new DOMException('quota', 'QuotaExceededError');
    const aborted = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: request });
    expect(storageErrorMessage(request)).toMatch(CLEAR);
    expect(storageErrorMessage(aborted)).toMatch(CLEAR);
    const bulk = Object.assign(new Error('1 of 3 operations failed'), { name: 'BulkError', failures: [request] });
    expect(storageErrorMessage(bulk)).toMatch(CLEAR);
    expect(storageErrorMessage(new Error('other'))).toBe('other');
  });
});
