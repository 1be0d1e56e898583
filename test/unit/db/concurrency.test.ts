/**
 * Two tabs writing at once lose nothing. Each "tab" is its own ScrapnoteDB connection to the same
 * database name (as the side panel, the popup and the background are), and their writes are
 * started together without awaiting each other, so IndexedDB interleaves their transactions.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA, ScrapnoteDB, searchRowOf, toRow } from '@/lib/db';
import { changesSince } from '@/lib/db/feed';
import { addHighlight, highlightsOf, updateHighlight } from '@/lib/db/highlights';
import { findByKey, getItem, updateItemMeta, upsertItem } from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import { makeHighlight, makeItem } from '../../support/items';

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

/** Every item has exactly one search row, made from its stored row, and no other row is left. */
async function indexConsistent(db: ScrapnoteDB) {
  const byId = <T extends { itemId: string }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  const items = await db.items.toArray();
  expect(byId(await db.search.toArray())).toEqual(byId(items.map(searchRowOf)));
}

/**
 * The feed names every write once, in commit order, from one device: its rows' sequence numbers
 * grow, and all carry the device id stored for the profile.
 */
async function feedConsistent(db: ScrapnoteDB, writes: number) {
  const rows = await changesSince(db, 0);
  expect(rows).toHaveLength(writes);
  const seqs = rows.map((r) => r.seq!);
  expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  const device = (await db.meta.get('device'))?.value;
  expect(device).toBeTruthy();
  expect(new Set(rows.map((r) => r.device))).toEqual(new Set([device]));
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
    // Both tabs are one profile: one device id, one feed row per save.
    await feedConsistent(tabB, 2 * n);
    const saved = (await changesSince(tabA, 0)).flatMap((r) => r.changes.map((c) => c.id));
    expect(saved.sort()).toEqual([...a, ...b].map((x) => x.id).sort());
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
    await feedConsistent(tabA, 3);
    // Each of the three saves names the one item.
    expect((await changesSince(tabB, 0)).map((r) => r.changes.map((c) => c.id))).toEqual([
      [results[0].id],
      [results[0].id],
      [results[0].id],
    ]);
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
    await feedConsistent(tabA, 13);
  });

  it('two tabs editing different highlights of one item at once keep both edits', async () => {
    await upsertItem(tabA, makeItem({ id: 'x', canonicalKey: 'kx' }));
    const sel = makeHighlight('x').target.selector;
    const now = new Date('2026-11-28T03:00:00Z');
    for (const id of ['h1', 'h2'])
      await addHighlight(tabA, { id, itemId: 'x', color: 'yellow', source: 'https://x.kr/', selector: sel, now });
    await Promise.all([
      updateHighlight(tabA, { itemId: 'x', id: 'h1' }, { note: '첫째' }, now),
      updateHighlight(tabB, { itemId: 'x', id: 'h2' }, { color: 'pink', note: '둘째' }, now),
    ]);
    const hs = await highlightsOf(tabB, 'x');
    expect(hs.map((h) => [h.id, h.color, h.note])).toEqual([
      ['h1', 'yellow', '첫째'],
      ['h2', 'pink', '둘째'],
    ]);
    // Both edits are in the search (highlight notes are indexed).
    expect((await searchLibrary(tabB, '첫째')).hits.map((h) => h.itemId)).toEqual(['x']);
    expect((await searchLibrary(tabA, '둘째')).hits.map((h) => h.itemId)).toEqual(['x']);
    await indexConsistent(tabB);
  });

  it('a search in one tab sees what the other tab wrote since that tab’s last search', async () => {
    await upsertItem(tabA, makeItem({ id: 'x', canonicalKey: 'kx', note: '두물머리' }));
    expect((await searchLibrary(tabA, '두물머리')).hits.map((h) => h.itemId)).toEqual(['x']);
    await updateItemMeta(tabB, 'x', { note: '양수리 메모' }, new Date('2026-11-28T03:00:00Z'));
    await upsertItem(tabB, makeItem({ id: 'y', canonicalKey: 'ky', note: '양수리 항목' }));
    expect((await searchLibrary(tabA, '두물머리')).hits).toEqual([]);
    expect((await searchLibrary(tabA, '양수리')).hits.map((h) => h.itemId).sort()).toEqual(['x', 'y']);
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
    // The upgrade is no write of the library: the feed starts empty.
    expect(await changesSince(left, 0)).toEqual([]);
    right.close();
    await left.delete();
  });
});
