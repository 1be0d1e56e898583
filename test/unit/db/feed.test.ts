/**
 * The change feed (lib/db/feed.ts): every write of the library adds one row to `changes`, in the
 * same transaction as the write, naming each record it changed (entity, id, item, operation, the
 * item's address), when, and on which device. A write that fails adds nothing. Deletes stay in the
 * feed as tombstones. The library service (lib/db/service.ts) hands new rows to its listeners.
 */
import 'fake-indexeddb/auto';
import type { Transaction } from 'dexie';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Change, type ChangeRow, ScrapnoteDB } from '@/lib/db';
import { changedItems, changesSince, deviceId, lastSeq } from '@/lib/db/feed';
import {
  addHighlight,
  deleteHighlight,
  highlightsOf,
  restoreHighlight,
  restoreHighlights,
  updateHighlight,
} from '@/lib/db/highlights';
import { importText } from '@/lib/db/import';
import {
  deleteItems,
  getItem,
  type Removed,
  restoreItems,
  updateItemMeta,
  updateItemsMeta,
  upsertItem,
} from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import { LibraryService } from '@/lib/db/service';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import type { Highlight, SavedItem, Selector } from '@/lib/model';
import { canonicalize } from '@/lib/sites/identity';
import { allHighlights, makeHighlight, makeItem } from '../../support/items';

let name: string;
let db: ScrapnoteDB;
beforeEach(() => {
  name = `feed-${Math.random()}`;
  db = new ScrapnoteDB(name);
});
afterEach(async () => {
  await db.delete();
});

/** Hour `h` of a fixed day: the times given to the writers. */
const at = (h: number) => new Date(Date.UTC(2026, 10, 28, h));
const selector: Selector[] = makeHighlight('x').target.selector;

const itemPut = (item: { id: string; canonicalKey: string }): Change => ({
  entity: 'item',
  id: item.id,
  itemId: item.id,
  op: 'put',
  key: item.canonicalKey,
});
const itemDelete = (item: { id: string; canonicalKey: string }): Change => ({ ...itemPut(item), op: 'delete' });
const highlightPut = (item: { id: string; canonicalKey: string }, id: string): Change => ({
  entity: 'highlight',
  id,
  itemId: item.id,
  op: 'put',
  key: item.canonicalKey,
});
const highlightDelete = (item: { id: string; canonicalKey: string }, id: string): Change => ({
  ...highlightPut(item, id),
  op: 'delete',
});

/** Run a write and return the feed rows it added. */
async function rowsOf(write: () => Promise<unknown>): Promise<ChangeRow[]> {
  const before = await lastSeq(db);
  await write();
  return changesSince(db, before);
}

/** Run a write that must add exactly one feed row, and return that row. */
async function rowOf(write: () => Promise<unknown>): Promise<ChangeRow> {
  const rows = await rowsOf(write);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** The sorted entries of a row (a write's order of entries is not part of the contract). */
const sorted = (changes: readonly Change[]) =>
  [...changes].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Everything the library holds, to compare before and after a refused write. */
async function snapshot(d: ScrapnoteDB) {
  return {
    items: await d.items.orderBy('id').toArray(),
    search: await d.search.orderBy('itemId').toArray(),
    changes: await d.changes.orderBy('seq').toArray(),
    meta: await d.meta.orderBy('key').toArray(),
  };
}

function fileOf(items: SavedItem[], highlights: Highlight[][] = items.map(() => [])): string {
  return [
    ...exportChunks(
      exportHeader(at(0), '0.1.0'),
      items.map((item, i) => exportItem(item, highlights[i] ?? [])),
    ),
  ].join('');
}

/** An item as an import stores it: its canonical key made from its address. */
function importable(id: string, n: number, over: Partial<SavedItem> = {}): SavedItem {
  const url = `https://www.hani.co.kr/arti/${n}.html`;
  return makeItem({ id, url, canonicalUrl: url, canonicalKey: canonicalize(url).key, ...over });
}

describe('each writer adds one feed row naming what it changed', () => {
  it('upsertItem: the item, at the time of the save', async () => {
    const before = Date.now();
    const row = await rowOf(() => upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' })));
    expect(row.changes).toEqual([itemPut({ id: 'a', canonicalKey: 'ka' })]);
    expect(row.origin).toBe('local');
    expect(Date.parse(row.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(row.at)).toBeLessThanOrEqual(Date.now());
    // A save of the same post under another id names the stored item.
    const again = await rowOf(() => upsertItem(db, makeItem({ id: 'b', canonicalKey: 'ka', title: '새 제목' })));
    expect(again.changes).toEqual([itemPut({ id: 'a', canonicalKey: 'ka' })]);
    expect(again.seq).toBeGreaterThan(row.seq!);
  });

  it('updateItemsMeta: the items it changed, none it skipped; nothing to change adds no row', async () => {
    for (const id of ['a', 'b', 'c']) await upsertItem(db, makeItem({ id, canonicalKey: `k${id}`, tags: ['AI'] }));
    await upsertItem(db, makeItem({ id: 'd', canonicalKey: 'kd', tags: ['정치'] }));
    const row = await rowOf(() => updateItemsMeta(db, ['a', 'd', 'missing', 'c'], { addTags: ['정치'] }, at(1)));
    expect(row.at).toBe(at(1).toISOString());
    expect(sorted(row.changes)).toEqual(
      sorted([itemPut({ id: 'a', canonicalKey: 'ka' }), itemPut({ id: 'c', canonicalKey: 'kc' })]),
    );
    expect(await rowsOf(() => updateItemsMeta(db, ['a', 'c', 'd'], { addTags: ['정치'] }, at(2)))).toEqual([]);
    expect(await rowsOf(() => updateItemsMeta(db, ['missing'], { note: 'x' }, at(2)))).toEqual([]);
    const one = await rowOf(() => updateItemMeta(db, 'b', { note: '메모' }, at(3)));
    expect(one).toMatchObject({ at: at(3).toISOString(), changes: [itemPut({ id: 'b', canonicalKey: 'kb' })] });
  });

  it('deleteItems: tombstones of the items and of their highlights, at the time of deletion', async () => {
    const a = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const b = await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb' }));
    await restoreHighlights(db, [makeHighlight('a', { id: 'h1' }), makeHighlight('a', { id: 'h2' })]);
    const row = await rowOf(() => deleteItems(db, ['a', 'b', 'missing'], at(4)));
    expect(row.at).toBe(at(4).toISOString());
    expect(sorted(row.changes)).toEqual(
      sorted([itemDelete(a), highlightDelete(a, 'h1'), highlightDelete(a, 'h2'), itemDelete(b)]),
    );
    expect(await rowsOf(() => deleteItems(db, ['a', 'missing'], at(5)))).toEqual([]);
    // The tombstones stay: later writes add rows, the feed is kept whole.
    await upsertItem(db, makeItem({ id: 'c', canonicalKey: 'kc' }));
    const all = await changesSince(db, 0);
    expect(all.find((r) => r.seq === row.seq)).toEqual(row);
    expect(all.at(-1)!.changes).toEqual([itemPut({ id: 'c', canonicalKey: 'kc' })]);
  });

  it('restoreItems: the items and their highlights put back, under the item that holds them', async () => {
    const a = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    await restoreHighlight(db, makeHighlight('a', { id: 'h1' }));
    const removed = await deleteItems(db, ['a'], at(1));
    const row = await rowOf(() => restoreItems(db, removed, at(2)));
    expect(row.at).toBe(at(2).toISOString());
    expect(sorted(row.changes)).toEqual(sorted([itemPut(a), highlightPut(a, 'h1')]));

    // Deleted again, the post saved again under a new id, then the delete undone: the entries
    // name the newer item, which the restored one merges into.
    const again = await deleteItems(db, ['a'], at(3));
    const newer = await upsertItem(db, makeItem({ id: 'new', canonicalKey: 'ka' }));
    const merged = await rowOf(() => restoreItems(db, again, at(4)));
    expect(sorted(merged.changes)).toEqual(sorted([itemPut(newer), highlightPut(newer, 'h1')]));
  });

  it('addHighlight, updateHighlight, deleteHighlight, restoreHighlight: the highlight, in its item', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const add = await rowOf(() =>
      addHighlight(db, { id: 'h1', itemId: 'a', color: 'yellow', source: item.url, selector, now: at(1) }),
    );
    expect(add).toMatchObject({ at: at(1).toISOString(), changes: [highlightPut(item, 'h1')] });
    const update = await rowOf(() => updateHighlight(db, { itemId: 'a', id: 'h1' }, { note: '메모' }, at(2)));
    expect(update).toMatchObject({ at: at(2).toISOString(), changes: [highlightPut(item, 'h1')] });
    let gone: Highlight | undefined;
    const del = await rowOf(async () => {
      gone = await deleteHighlight(db, { itemId: 'a', id: 'h1' }, at(3));
    });
    expect(del).toMatchObject({ at: at(3).toISOString(), changes: [highlightDelete(item, 'h1')] });
    // Deleting it again changes nothing: no row.
    expect(await rowsOf(() => deleteHighlight(db, { itemId: 'a', id: 'h1' }, at(4)))).toEqual([]);
    const back = await rowOf(() => restoreHighlight(db, gone!, at(5)));
    expect(back).toMatchObject({ at: at(5).toISOString(), changes: [highlightPut(item, 'h1')] });
    // A highlight whose item is gone is not put back: no row.
    expect(await rowsOf(() => restoreHighlight(db, makeHighlight('missing'), at(6)))).toEqual([]);
  });

  it('restoreHighlights: the highlights put back, of one item', async () => {
    const a = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const row = await rowOf(() =>
      restoreHighlights(db, [makeHighlight('a', { id: 'h1' }), makeHighlight('a', { id: 'h2' })], at(1)),
    );
    expect(row.at).toBe(at(1).toISOString());
    expect(sorted(row.changes)).toEqual(sorted([highlightPut(a, 'h1'), highlightPut(a, 'h2')]));
  });

  it('restoreHighlights: one row for highlights of several items', async () => {
    const a = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const b = await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb' }));
    const row = await rowOf(() =>
      restoreHighlights(db, [makeHighlight('a', { id: 'h' }), makeHighlight('b', { id: 'h' })], at(1)),
    );
    expect(sorted(row.changes)).toEqual(sorted([highlightPut(a, 'h'), highlightPut(b, 'h')]));
  });

  it('importText: the items and highlights it wrote, none it skipped, at the time given', async () => {
    const a = importable('a', 1, { updatedAt: '2026-11-28T01:00:00.000Z' });
    const b = importable('b', 2);
    await importText(db, fileOf([a], [[makeHighlight('a', { id: 'h1' })]]), { now: at(1) });
    // b is new; a's copy is older (skipped) but brings a highlight the library lacks.
    const row = await rowOf(() =>
      importText(
        db,
        fileOf(
          [{ ...a, updatedAt: '2026-11-27T00:00:00.000Z' }, b],
          [[makeHighlight('a', { id: 'h1' }), makeHighlight('a', { id: 'h2' })], [makeHighlight('b', { id: 'h1' })]],
        ),
        { now: at(2) },
      ),
    );
    expect(row.at).toBe(at(2).toISOString());
    expect(sorted(row.changes)).toEqual(sorted([highlightPut(a, 'h2'), itemPut(b), highlightPut(b, 'h1')]));
    // The same file again changes nothing, and adds no row.
    expect(
      await rowsOf(() =>
        importText(db, fileOf([a, b], [[makeHighlight('a', { id: 'h1' })], [makeHighlight('b', { id: 'h1' })]]), {
          now: at(3),
        }),
      ),
    ).toEqual([]);
  });

  it('importText: a large import adds one row per batch of 500, naming every item once', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => importable(`m${String(i).padStart(4, '0')}`, i));
    const rows = await rowsOf(() => importText(db, fileOf(many), { now: at(1) }));
    expect(rows.map((r) => r.changes.length)).toEqual([500, 500, 200]);
    expect(rows.flatMap((r) => r.changes.map((c) => c.id))).toEqual(many.map((i) => i.id));
    expect(new Set(rows.map((r) => r.at))).toEqual(new Set([at(1).toISOString()]));
  });

  it('every write records its feed row in the transaction that changes the library', async () => {
    // Dexie's hooks run inside the write's transaction: each write's item, search and feed
    // writes must all happen in one IndexedDB transaction.
    const seen: Array<[string, IDBTransaction]> = [];
    for (const table of db.writeTables) {
      const note = (tx: Transaction) => void seen.push([table.name, tx.idbtrans]);
      table.hook('creating', (_key, _obj, tx) => note(tx));
      table.hook('updating', (_mods, _key, _obj, tx) => note(tx));
      table.hook('deleting', (_key, _obj, tx) => note(tx));
    }
    const item = makeItem({ id: 'a', canonicalKey: 'ka' });
    let removed: Removed | undefined;
    let gone: Highlight | undefined;
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['save', () => upsertItem(db, item)],
      ['meta', () => updateItemsMeta(db, ['a'], { note: '메모' }, at(1))],
      [
        'add highlight',
        () => addHighlight(db, { id: 'h', itemId: 'a', color: 'pink', source: item.url, selector, now: at(1) }),
      ],
      ['update highlight', () => updateHighlight(db, { itemId: 'a', id: 'h' }, { color: 'blue' }, at(2))],
      ['delete highlight', async () => (gone = await deleteHighlight(db, { itemId: 'a', id: 'h' }, at(3)))],
      ['restore highlight', () => restoreHighlight(db, gone!, at(4))],
      ['delete', async () => (removed = await deleteItems(db, ['a'], at(5)))],
      ['restore', () => restoreItems(db, removed!, at(6))],
      ['import', () => importText(db, fileOf([importable('b', 2)]), { now: at(7) })],
    ];
    for (const [what, write] of writes) {
      seen.length = 0;
      await write();
      const tables = new Set(seen.map(([t]) => t));
      expect(tables.has('items'), what).toBe(true);
      expect(tables.has('search'), what).toBe(true);
      expect(tables.has('changes'), what).toBe(true);
      expect(new Set(seen.map(([, tx]) => tx)).size, what).toBe(1);
    }
  });
});

describe('the device id', () => {
  it('is made once, on the first write, and is the same across writes and after reopening', async () => {
    await db.open();
    expect(await db.meta.count()).toBe(0);
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const device = (await db.meta.get('device'))?.value;
    expect(device).toMatch(/^[0-9a-f-]{36}$/);
    await updateItemsMeta(db, ['a'], { note: '메모' }, at(1));
    await addHighlight(db, { id: 'h', itemId: 'a', color: 'pink', source: 'https://a.kr/', selector, now: at(2) });
    db.close();

    const reopened = new ScrapnoteDB(name);
    try {
      await upsertItem(reopened, makeItem({ id: 'b', canonicalKey: 'kb' }));
      await deleteItems(reopened, ['a'], at(3));
      const rows = await changesSince(reopened, 0);
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((r) => r.device))).toEqual(new Set([device]));
      expect(await reopened.meta.toArray()).toEqual([{ key: 'device', value: device }]);
      expect(await reopened.transaction('rw', reopened.meta, () => deviceId(reopened))).toBe(device);
    } finally {
      reopened.close();
    }
  });

  it('differs between two profiles', async () => {
    const other = new ScrapnoteDB(`feed-other-${Math.random()}`);
    try {
      await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
      await upsertItem(other, makeItem({ id: 'a', canonicalKey: 'ka' }));
      const [mine] = await changesSince(db, 0);
      const theirs = (await changesSince(other, 0))[0];
      expect(mine!.device).not.toBe(theirs!.device);
    } finally {
      await other.delete();
    }
  });

  it('is one id for a first import of several batches', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => importable(`m${i}`, i));
    await importText(db, fileOf(many), { now: at(1) });
    const rows = await changesSince(db, 0);
    const device = (await db.meta.get('device'))?.value;
    expect(new Set(rows.map((r) => r.device))).toEqual(new Set([device]));
  });

  it('is kept when the first write that made it was refused', async () => {
    // The repeated id is found batches after the first batch's writes (with its feed row and the
    // new device id) were done; the whole import is rolled back.
    const late = fileOf([...Array.from({ length: 2600 }, (_, i) => importable(`m${i}`, i)), importable('m1', 9999)]);
    await expect(importText(db, late)).rejects.toThrow(/share the id "m1"/);
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const [first] = await changesSince(db, 0);
    expect((await db.meta.get('device'))?.value).toBe(first!.device);
  });
});

describe('a write that fails adds no row and changes nothing', () => {
  it('updateHighlight of a deleted highlight, addHighlight to a deleted item or with a taken id', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    await addHighlight(db, { id: 'h1', itemId: 'a', color: 'yellow', source: item.url, selector, now: at(1) });
    await addHighlight(db, { id: 'h2', itemId: 'a', color: 'yellow', source: item.url, selector, now: at(1) });
    await deleteHighlight(db, { itemId: 'a', id: 'h1' }, at(2));
    const before = await snapshot(db);
    await expect(updateHighlight(db, { itemId: 'a', id: 'h1' }, { note: 'x' }, at(3))).rejects.toThrow(/deleted/);
    await expect(
      addHighlight(db, { id: 'h2', itemId: 'a', color: 'pink', source: item.url, selector, now: at(3) }),
    ).rejects.toThrow(/already exists/);
    await expect(
      addHighlight(db, { id: 'h3', itemId: 'gone', color: 'pink', source: item.url, selector, now: at(3) }),
    ).rejects.toThrow(/deleted/);
    await expect(updateItemMeta(db, 'gone', { note: 'x' }, at(3))).rejects.toThrow(/No saved item/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('an import refused for duplicate ids, also after batches were written', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    const before = await snapshot(db);
    const late = fileOf([...Array.from({ length: 1100 }, (_, i) => importable(`m${i}`, i)), importable('m1', 9999)]);
    await expect(importText(db, late)).rejects.toThrow(/share the id "m1"/);
    const twice = fileOf([importable('x', 1)], [[makeHighlight('x', { id: 'h' }), makeHighlight('x', { id: 'h' })]]);
    await expect(importText(db, twice)).rejects.toThrow(/share the id "h"/);
    expect(await snapshot(db)).toEqual(before);
    // (A full disk: test/unit/db/quota.test.ts compares the feed before and after each refusal.)
  });
});

describe('changedItems', () => {
  it('names each item a row touched once, by its own change or a highlight’s', async () => {
    const a = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka' }));
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'kb' }));
    await addHighlight(db, { id: 'h', itemId: 'a', color: 'pink', source: a.url, selector, now: at(1) });
    await deleteItems(db, ['b'], at(2));
    expect(changedItems(await changesSince(db, 0))).toEqual(new Set(['a', 'b']));
    expect(changedItems(await changesSince(db, 2))).toEqual(new Set(['a', 'b']));
    expect(changedItems(await changesSince(db, 3))).toEqual(new Set(['b']));
    expect(changedItems([])).toEqual(new Set());
    expect(await changesSince(db, 0, 2)).toHaveLength(2);
    expect(await lastSeq(db)).toBe(4);
  });
});

describe('LibraryService', () => {
  const clock = () => at(9);

  it('hands each write’s new rows to every listener after the write, in order, once', async () => {
    const library = new LibraryService(db, clock);
    const heard: ChangeRow[][] = [];
    const also: number[] = [];
    library.onChange((rows) => heard.push(rows));
    library.onChange((rows) => also.push(...rows.map((r) => r.seq!)));

    const item = await library.save(makeItem({ id: 'a', canonicalKey: 'ka' }));
    expect(heard).toHaveLength(1);
    expect(heard[0]!.map((r) => r.changes)).toEqual([[itemPut(item)]]);

    await library.updateItems(['a'], { addTags: ['새 태그'] });
    const h = await library.addHighlight({ id: 'h', itemId: 'a', color: 'pink', source: item.url, selector });
    await library.updateHighlight({ itemId: 'a', id: 'h' }, { note: '메모' });
    await library.deleteHighlight({ itemId: 'a', id: 'h' });
    await library.restoreHighlight(h);
    const removed = await library.deleteItems(['a']);
    await library.restoreDeleted(removed.items.map((i) => i.id));
    await library.importText(fileOf([importable('b', 2)]));
    expect(heard).toHaveLength(9);
    // Exactly the feed, each row once, in order; the service's clock times what it writes.
    const feed = await changesSince(db, 0);
    expect(heard.flat()).toEqual(feed);
    expect(also).toEqual(feed.map((r) => r.seq));
    expect(feed.slice(1).map((r) => r.at)).toEqual(Array(8).fill(at(9).toISOString()));
    expect(heard.map((rows) => rows.flatMap((r) => r.changes.map((c) => `${c.entity}:${c.op}:${c.id}`)))).toEqual([
      ['item:put:a'],
      ['item:put:a'],
      ['highlight:put:h'],
      ['highlight:put:h'],
      ['highlight:delete:h'],
      ['highlight:put:h'],
      ['item:delete:a', 'highlight:delete:h'],
      ['item:put:a', 'highlight:put:h'],
      ['item:put:b'],
    ]);
  });

  it('writes made at once are each heard once, in feed order', async () => {
    const library = new LibraryService(db, clock);
    const heard: ChangeRow[] = [];
    library.onChange((rows) => heard.push(...rows));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => library.save(makeItem({ id: `i${i}`, canonicalKey: `k${i}` }))),
    );
    expect(heard).toEqual(await changesSince(db, 0));
    expect(heard).toHaveLength(12);
  });

  it('a failed write is heard as nothing; a throwing listener does not stop the others', async () => {
    const library = new LibraryService(db, clock);
    const heard: ChangeRow[] = [];
    library.onChange(() => {
      throw new Error('a broken view');
    });
    library.onChange((rows) => heard.push(...rows));
    await library.save(makeItem({ id: 'a', canonicalKey: 'ka' }));
    await expect(library.updateHighlight({ itemId: 'a', id: 'gone' }, { note: 'x' })).rejects.toThrow(/deleted/);
    await expect(library.importText('not json')).rejects.toThrow();
    expect(heard.map((r) => r.seq)).toEqual([1]);
  });

  it('hears writes made around it (another tab, a sync) when it follows, not those before its first use', async () => {
    await upsertItem(db, makeItem({ id: 'before', canonicalKey: 'k0' }));
    const library = new LibraryService(db, clock);
    const heard: string[] = [];
    const stop = library.onChange((rows) => heard.push(...rows.flatMap((r) => r.changes.map((c) => c.id))));
    await library.save(makeItem({ id: 'a', canonicalKey: 'ka' }));
    const otherTab = new ScrapnoteDB(name);
    try {
      await upsertItem(otherTab, makeItem({ id: 'elsewhere', canonicalKey: 'kb' }));
    } finally {
      otherTab.close();
    }
    await library.follow();
    await library.follow();
    expect(heard).toEqual(['a', 'elsewhere']);
    stop();
    await library.save(makeItem({ id: 'c', canonicalKey: 'kc' }));
    expect(heard).toEqual(['a', 'elsewhere']);
  });
});

describe('replaying the feed', () => {
  /** Item ids and item/highlight pairs alive after replaying every put and delete in order. */
  function replay(rows: readonly ChangeRow[]) {
    const items = new Set<string>();
    const highlights = new Set<string>();
    for (const row of rows) {
      for (const c of row.changes) {
        const set = c.entity === 'item' ? items : highlights;
        const key = c.entity === 'item' ? c.id : `${c.itemId}/${c.id}`;
        if (c.op === 'put') set.add(key);
        else set.delete(key);
      }
    }
    return { items: [...items].sort(), highlights: [...highlights].sort() };
  }

  async function contents(d: ScrapnoteDB) {
    return {
      items: ((await d.items.toCollection().primaryKeys()) as string[]).sort(),
      highlights: (await allHighlights(d)).map((h) => `${h.itemId}/${h.id}`).sort(),
    };
  }

  const keyOf = (n: number) => importable('x', n).canonicalKey;

  /** A small universe, so that writes meet: four posts, each saved as `i<n>` or `j<n>`, three highlight ids. */
  const post = fc.nat(3);
  const hid = fc.constantFrom('h1', 'h2', 'h3');
  /** Writes of every kind; saves and new highlights more often, so that the others find something. */
  const op = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('save' as const), post, alias: fc.boolean() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('meta' as const),
        posts: fc.uniqueArray(post, { maxLength: 3 }),
        tag: fc.constantFrom('AI', '정치', '경제'),
        remove: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        posts: fc.uniqueArray(post, { minLength: 1, maxLength: 3 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('addHighlight' as const), post, hid }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('updateHighlight' as const), post, hid }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteHighlight' as const), post, hid }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('undoHighlight' as const), pick: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('import' as const),
        entries: fc.array(fc.record({ post, alias: fc.boolean(), hids: fc.uniqueArray(hid, { maxLength: 2 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        newer: fc.boolean(),
      }),
    },
  );

  it('its puts and deletes give exactly the items and highlights the library holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), async (ops) => {
        const d = new ScrapnoteDB(`feed-replay-${Math.random()}`);
        const deleted: Removed[] = [];
        const deletedHighlights: Highlight[] = [];
        /** The id the stored item of a post has, if saved. */
        const idOf = async (n: number) => (await d.items.where('canonicalKey').equals(keyOf(n)).first())?.id;
        const ids = async (posts: number[]) => (await Promise.all(posts.map(idOf))).filter((x) => x !== undefined);
        // Saved with the key an import computes from the address, so saves and imports agree.
        const itemOf = (n: number, alias: boolean) => importable(`${alias ? 'j' : 'i'}${n}`, n);
        try {
          let t = 0;
          // Two posts saved first, so that the random writes find something to change.
          const start = [0, 1].map((n) => ({ kind: 'save' as const, post: n, alias: false }));
          for (const o of [...start, ...ops]) {
            const now = at(++t % 24);
            // Writes may be refused (a highlight of a deleted item, an import of a post saved
            // under another id): the feed must still match.
            await (async () => {
              switch (o.kind) {
                case 'save':
                  return upsertItem(d, itemOf(o.post, o.alias));
                case 'meta':
                  return updateItemsMeta(
                    d,
                    await ids(o.posts),
                    o.remove ? { removeTags: [o.tag] } : { addTags: [o.tag] },
                    now,
                  );
                case 'delete':
                  return deleted.push(await deleteItems(d, await ids(o.posts), now));
                case 'undo': {
                  const removed = deleted[o.pick % Math.max(deleted.length, 1)];
                  return removed && restoreItems(d, removed, now);
                }
                case 'addHighlight': {
                  const itemId = (await idOf(o.post)) ?? `i${o.post}`;
                  return addHighlight(d, {
                    id: o.hid,
                    itemId,
                    color: 'yellow',
                    source: 'https://a.kr/',
                    selector,
                    now,
                  });
                }
                case 'updateHighlight': {
                  const itemId = (await idOf(o.post)) ?? `i${o.post}`;
                  return updateHighlight(d, { itemId, id: o.hid }, { color: 'green', note: `${t}` }, now);
                }
                case 'deleteHighlight': {
                  const itemId = (await idOf(o.post)) ?? `i${o.post}`;
                  const gone = await deleteHighlight(d, { itemId, id: o.hid }, now);
                  if (gone) deletedHighlights.push(gone);
                  return gone;
                }
                case 'undoHighlight': {
                  const h = deletedHighlights[o.pick % Math.max(deletedHighlights.length, 1)];
                  return h && restoreHighlight(d, h, now);
                }
                case 'import': {
                  const seen = new Set<number>();
                  const entries = o.entries.filter((e) => !seen.has(e.post) && seen.add(e.post));
                  const updatedAt = o.newer
                    ? `2027-01-01T00:00:${String(t % 60).padStart(2, '0')}.000Z`
                    : makeItem().updatedAt;
                  const file = fileOf(
                    entries.map((e) => ({ ...itemOf(e.post, e.alias), updatedAt })),
                    entries.map((e) =>
                      e.hids.map((id) => makeHighlight(itemOf(e.post, e.alias).id, { id, updatedAt })),
                    ),
                  );
                  return importText(d, file, { now });
                }
              }
            })().catch(() => undefined);
          }
          const rows = await changesSince(d, 0);
          expect(replay(rows)).toEqual(await contents(d));
          // One device; sequence numbers grow; every change names its item's current address.
          expect(new Set(rows.map((r) => r.device)).size).toBeLessThanOrEqual(1);
          for (const c of rows.flatMap((r) => r.changes)) expect(c.key).toBe(keyOf(Number(c.itemId.slice(1))));
          // The search covers exactly the live items.
          expect(((await d.search.toCollection().primaryKeys()) as string[]).sort()).toEqual((await contents(d)).items);
        } finally {
          await d.delete();
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('the search follows the feed', () => {
  it('a search after any write sees it, whoever wrote', async () => {
    const item = await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'ka', note: '두물머리' }));
    const hits = async (q: string) => (await searchLibrary(db, q)).hits.map((h) => h.itemId);
    expect(await hits('두물머리')).toEqual(['a']);
    await addHighlight(db, { id: 'h', itemId: 'a', color: 'pink', source: item.url, selector, now: at(1) });
    await updateHighlight(db, { itemId: 'a', id: 'h' }, { note: '양수리' }, at(2));
    expect(await hits('양수리')).toEqual(['a']);
    const removed = await deleteItems(db, ['a'], at(3));
    expect(await hits('두물머리')).toEqual([]);
    await restoreItems(db, removed, at(4));
    expect(await hits('양수리')).toEqual(['a']);
    expect((await highlightsOf(db, 'a')).map((h) => h.note)).toEqual(['양수리']);
    expect((await getItem(db, 'a'))?.note).toBe('두물머리');
  });
});
