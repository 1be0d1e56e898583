/**
 * Two tabs writing at once lose nothing. Each "tab" is its own ScrapnoteDB connection to the same
 * database name (as the side panel, the popup and the background are), and their writes are
 * started together without awaiting each other, so IndexedDB interleaves their transactions.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA, ScrapnoteDB, toRow } from '@/lib/db';
import { addHighlight, highlightsOf, updateHighlight } from '@/lib/db/highlights';
import { findByKey, getItem, updateItemMeta, upsertItem } from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import { makeHighlight, makeItem } from '../support/items';

let name: string;
let tabA: ScrapnoteDB;
let tabB: ScrapnoteDB;
beforeEach(async () => {
  name = `concurrent-${Math.random()}`;
  tabA = new ScrapnoteDB(name);
  tabB = new ScrapnoteDB(name);
  await Promise.all([tabA.open(), tabB.open()]);
});
afterEach(async () => {
  tabB.close();
  await tabA.delete();
});

/** Every live search row belongs to an existing item and every item has exactly one. */
async function indexConsistent(db: ScrapnoteDB) {
  const items = await db.items.toCollection().primaryKeys();
  const live = await db.searchSigs.filter((r) => r.sig !== null).toArray();
  expect(live.map((r) => r.itemId).sort()).toEqual([...items].sort());
  // Tombstones name no item, so the itemId index holds live rows only.
  expect((await db.searchSigs.orderBy('itemId').primaryKeys()).sort()).toEqual(live.map((r) => r.doc).sort());
}

describe('two tabs writing at once', () => {
  it('different items saved from both tabs at once are all kept and searchable', async () => {
    const n = 40;
    const a = Array.from({ length: n }, (_, i) =>
      makeItem({ id: `a${i}`, canonicalKey: `ka${i}`, title: `왼쪽 탭 기사 ${i}`, text: `반도체 수출 ${i}` }),
    );
    const b = Array.from({ length: n }, (_, i) =>
      makeItem({ id: `b${i}`, canonicalKey: `kb${i}`, title: `오른쪽 탭 기사 ${i}`, text: `전기차 배터리 ${i}` }),
    );
    await Promise.all([...a.map((x) => upsertItem(tabA, x)), ...b.map((x) => upsertItem(tabB, x))]);
    expect(await tabA.items.count()).toBe(2 * n);
    expect((await searchLibrary(tabB, '반도체', { limit: 100 })).hits).toHaveLength(n);
    expect((await searchLibrary(tabA, '배터리', { limit: 100 })).hits).toHaveLength(n);
    await indexConsistent(tabA);
  });

  it('the same post saved from both tabs at once becomes one item with both tab tags and notes kept', async () => {
    const results = await Promise.all([
      upsertItem(tabA, makeItem({ id: 'from-a', canonicalKey: 'same', tags: ['왼쪽'], note: '' })),
      upsertItem(tabB, makeItem({ id: 'from-b', canonicalKey: 'same', tags: ['오른쪽'], note: '메모 B' })),
      upsertItem(tabA, makeItem({ id: 'from-a2', canonicalKey: 'same', tags: ['왼쪽2'], note: '' })),
    ]);
    // All three answers name the one stored item.
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await tabA.items.count()).toBe(1);
    const stored = await findByKey(tabB, 'same');
    expect(stored?.tags.sort()).toEqual(['오른쪽', '왼쪽', '왼쪽2'].sort());
    expect(stored?.note).toBe('메모 B');
    await indexConsistent(tabA);
  });

  it('a note edited in one tab while highlights are added in the other keeps both', async () => {
    await upsertItem(tabA, makeItem({ id: 'x', canonicalKey: 'kx' }));
    const sel = makeHighlight('x').target.selector;
    const now = new Date('2026-11-28T03:00:00Z');
    await Promise.all([
      updateItemMeta(tabA, 'x', { note: '왼쪽 탭 메모' }, now),
      ...Array.from({ length: 10 }, (_, i) =>
        addHighlight(tabB, { id: `h${i}`, itemId: 'x', color: 'green', source: 'https://x.kr/', selector: sel, now }),
      ),
      updateItemMeta(tabA, 'x', { tags: ['태그'] }, now),
    ]);
    expect((await getItem(tabB, 'x'))?.note).toBe('왼쪽 탭 메모');
    expect((await getItem(tabB, 'x'))?.tags).toEqual(['태그']);
    expect(await highlightsOf(tabA, 'x')).toHaveLength(10);
    // The index has the note and every highlight quote.
    expect((await searchLibrary(tabA, '왼쪽')).hits.map((h) => h.itemId)).toEqual(['x']);
    await indexConsistent(tabA);
  });

  it('two tabs editing different highlights of one item at once keep both edits', async () => {
    await upsertItem(tabA, makeItem({ id: 'x', canonicalKey: 'kx' }));
    const sel = makeHighlight('x').target.selector;
    const now = new Date('2026-11-28T03:00:00Z');
    for (const id of ['h1', 'h2'])
      await addHighlight(tabA, { id, itemId: 'x', color: 'yellow', source: 'https://x.kr/', selector: sel, now });
    await Promise.all([
      updateHighlight(tabA, 'h1', { note: '첫째' }, now),
      updateHighlight(tabB, 'h2', { color: 'pink', note: '둘째' }, now),
    ]);
    const hs = await highlightsOf(tabB, 'x');
    expect(hs.map((h) => [h.id, h.color, h.note])).toEqual([
      ['h1', 'yellow', '첫째'],
      ['h2', 'pink', '둘째'],
    ]);
  });
});

describe('two tabs opening an old database at once', () => {
  it('runs the upgrade once and both see every record', async () => {
    const old = `concurrent-upgrade-${Math.random()}`;
    const v1 = new Dexie(old);
    v1.version(1).stores(SCHEMA[0]!.stores);
    await v1.open();
    const items = Array.from({ length: 30 }, (_, i) => makeItem({ id: `i${i}`, canonicalKey: `k${i}` }));
    await v1.table('items').bulkPut(items.map((item) => toRow(item, [])));
    v1.close();

    const left = new ScrapnoteDB(old);
    const right = new ScrapnoteDB(old);
    await Promise.all([left.open(), right.open()]);
    expect(await left.items.count()).toBe(30);
    expect(await right.items.count()).toBe(30);
    await indexConsistent(right);
    right.close();
    await left.delete();
  });
});
