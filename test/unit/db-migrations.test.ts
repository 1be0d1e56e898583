/**
 * Every schema version upgrades from every earlier one with all records intact. Each case
 * creates a database with the SCHEMA entries up to an old version, fills it with that version's
 * data, then opens it with the current ScrapnoteDB. Add a `checks` entry for each new version.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { fromRow, groupByItem, SCHEMA, ScrapnoteDB, toRow } from '@/lib/db';
import { getHighlight, highlightsOf } from '@/lib/db/highlights';
import { libraryIds } from '@/lib/db/library';
import { searchLibrary } from '@/lib/db/search';
import type { SavedItem } from '@/lib/model';
import { makeHighlight, makeItem } from '../support/items';

/** A Dexie database at an old schema version, declared from the shipped SCHEMA entries. */
function openAt(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (const entry of SCHEMA) {
    if (entry.version > version) break;
    const v = db.version(entry.version).stores(entry.stores);
    if (entry.upgrade) v.upgrade(entry.upgrade);
  }
  return db;
}

/** An item as an old version stored it (the fields derived for indexes are added by its upgrades). */
const oldRow = (item: SavedItem) => toRow(item, []);

const items = [
  makeItem({ id: 'a', canonicalKey: 'ka', title: '딥시크 충격', text: '중국 딥시크가 공개한 모델', tags: ['AI'] }),
  makeItem({ id: 'b', canonicalKey: 'kb', title: 'Trump meets Ishiba', text: '대통령이 말했다', note: '읽을 것' }),
];
const highlights = [
  makeHighlight('a', { id: 'h1' }),
  makeHighlight('a', { id: 'h2', note: '다시 볼 것', createdAt: '2026-11-28T01:06:00.000Z' }),
  makeHighlight('b', {
    id: 'h3',
    target: {
      source: 'https://example.com/b',
      selector: [{ type: 'TextQuoteSelector', exact: '말했다', prefix: '대통령이 ', suffix: '' }],
    },
  }),
];

/** What must hold after opening an old database with the current schema, per version. */
const checks: Record<number, (db: ScrapnoteDB) => Promise<void>> = {
  1: async (db) => {
    expect((await db.items.orderBy('id').toArray()).map(fromRow)).toEqual(items);
    expect(await highlightsOf(db, 'a')).toEqual(highlights.slice(0, 2));
    expect(await highlightsOf(db, 'b')).toEqual(highlights.slice(2));
  },
  2: async (db) => {
    // Version 7 widened `hasNote` to highlights' notes: 'a' has one on a highlight, 'b' on the item.
    expect(await db.items.where('hasNote').equals(1).primaryKeys()).toEqual(['a', 'b']);
  },
  3: async (db) => {
    const live = await db.searchSigs.filter((r) => r.sig !== null).toArray();
    expect(live.map((r) => r.itemId).sort()).toEqual(['a', 'b']);
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a']);
    expect((await searchLibrary(db, '대통령')).hits.map((h) => h.itemId)).toEqual(['b']);
    // The highlight's quote (첫 정상회담) is indexed as a highlight.
    expect((await searchLibrary(db, '정상회담')).hits.map((h) => [h.itemId, h.field])).toEqual([['a', 'highlight']]);
  },
  4: async (db) => {
    // Items of other engines keep their keys.
    expect((await db.items.orderBy('id').toArray()).map((r) => r.canonicalKey)).toEqual(['ka', 'kb']);
  },
  5: async (db) => {
    // The indexes nothing reads are gone from the browser's database, the others are all there.
    const tx = db.backendDB().transaction(['items']);
    expect([...tx.objectStore('items').indexNames].sort()).toEqual(
      ['canonicalKey', 'hasHighlights', 'hasNote', 'kind', 'publishedMs', 'savedAt', 'site.host', 'tags'].sort(),
    );
  },
  6: async (db) => {
    // The per-highlight table is gone; a highlight is found by id alone.
    expect([...db.backendDB().objectStoreNames]).not.toContain('highlights');
    expect(await getHighlight(db, 'h3')).toEqual(highlights[2]);
    // 'a' has a note only on a highlight, 'b' only on the item.
    expect((await libraryIds(db, 'saved', { hasNotes: true })).sort()).toEqual(['a', 'b']);
    expect((await libraryIds(db, 'saved', { hasHighlights: true })).sort()).toEqual(['a', 'b']);
  },
  7: async (db) => {
    // Highlights in their item's row, their owners in shard rows, no copy of the search text.
    const names = [...db.backendDB().objectStoreNames];
    expect(names).not.toContain('searchText');
    expect((await db.items.get('a'))?.highlights?.map((h) => h.id)).toEqual(['h1', 'h2']);
    expect(await db.table('highlightSets').count()).toBe(0);
    const owners = (await db.highlightOwners.toArray()).flatMap((row) => [...row.owners]);
    expect(owners.sort()).toEqual([
      ['h1', 'a'],
      ['h2', 'a'],
      ['h3', 'b'],
    ]);
    expect(await getHighlight(db, 'h1')).toEqual(highlights[0]);
    const tx = db.backendDB().transaction(['searchSigs', 'highlightSets']);
    expect([...tx.objectStore('searchSigs').indexNames].sort()).toEqual(['gen', 'itemId']);
    expect([...tx.objectStore('highlightSets').indexNames]).toEqual([]);
  },
};

const current = Math.max(...SCHEMA.map((s) => s.version));

describe('schema migrations', () => {
  it('every version has checks', () => {
    expect(Object.keys(checks).map(Number)).toEqual(SCHEMA.map((s) => s.version));
  });

  for (const { version } of SCHEMA.filter((s) => s.version < current)) {
    it(`a version ${version} database opens under version ${current} with its records intact`, async () => {
      const name = `migrate-${version}-${Math.random()}`;
      const old = openAt(name, version);
      await old.open();
      expect(old.verno).toBe(version);
      // Version 1 data: items and highlights (later versions only add derived tables).
      await old.table('items').bulkPut(items.map(oldRow));
      if (version < 6) await old.table('highlights').bulkPut(highlights);
      else {
        // Version 6 kept an item's highlights in one row.
        await old.table('highlightSets').bulkPut(
          [...groupByItem(highlights)].map(([itemId, list]) => ({
            itemId,
            ids: list.map((h) => h.id),
            highlights: list,
          })),
        );
      }
      old.close();

      const db = new ScrapnoteDB(name);
      await db.open();
      expect(db.verno).toBe(current);
      // The records (version 1's checks) and what each upgrade that ran derived from them.
      for (const v of SCHEMA.map((s) => s.version)) if (v === 1 || v > version) await checks[v]?.(db);
      await db.delete();
    });
  }
});

/**
 * The store declarations of every version that has shipped. A shipped entry of SCHEMA must never
 * change (browsers already hold databases made by it): add a new version instead, and its line here.
 */
const SHIPPED: Record<number, Record<string, string | null>> = {
  1: {
    items: 'id, &canonicalKey, savedAt, updatedAt, publishedMs, kind, site.host, *tags',
    highlights: 'id, itemId, createdAt',
  },
  2: {
    items: 'id, &canonicalKey, savedAt, updatedAt, publishedMs, kind, site.host, *tags, hasNote',
    searchTerms: 'doc, *terms',
    searchText: 'doc, &itemId',
  },
  3: {
    searchTerms: null,
    searchSigs: 'doc, gen',
    searchMeta: 'key',
  },
  4: {},
  5: {
    items: 'id, &canonicalKey, savedAt, publishedMs, kind, site.host, *tags, hasNote',
    highlights: 'id, itemId',
  },
  6: {
    highlights: null,
    highlightSets: 'itemId, *ids, hasNote',
  },
  7: {
    items: 'id, &canonicalKey, savedAt, publishedMs, kind, site.host, *tags, hasNote, hasHighlights',
    highlightSets: 'itemId',
    highlightOwners: 'shard',
    searchText: null,
    searchSigs: 'doc, gen, itemId',
  },
};

describe('schema history', () => {
  it('shipped versions are unchanged and only appended to', () => {
    const versions = SCHEMA.map((s) => s.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    for (const [v, stores] of Object.entries(SHIPPED)) {
      expect(SCHEMA.find((s) => s.version === Number(v))?.stores, `version ${v}`).toEqual(stores);
    }
    expect(
      versions.filter((v) => !(v in SHIPPED)),
      'add each new version to SHIPPED when it ships',
    ).toEqual([]);
  });

  it('a large version 1 library (more than one index batch, odd notes, an orphan highlight) upgrades whole', async () => {
    const name = `migrate-large-${Math.random()}`;
    const old = openAt(name, 1);
    await old.open();
    const many = Array.from({ length: 450 }, (_, i) =>
      makeItem({
        id: `m${i}`,
        canonicalKey: `km${i}`,
        title: `기사 ${i} 반도체`,
        note: i % 3 === 0 ? '  ' : i % 3 === 1 ? `메모 ${i}` : '',
        // Same save time for many items: their search doc numbers must still be distinct.
        savedAt: `2026-11-2${i % 2}T00:00:00.000Z`,
      }),
    );
    await old.table('items').bulkPut(many.map(oldRow));
    const hs = [makeHighlight('m1', { id: 'hm1' }), makeHighlight('gone', { id: 'orphan' })];
    await old.table('highlights').bulkPut(hs);
    old.close();

    const db = new ScrapnoteDB(name);
    await db.open();
    expect((await db.items.orderBy('id').toArray()).map(fromRow)).toEqual(
      [...many].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await highlightsOf(db, 'm1')).toEqual([hs[0]]);
    // The orphan (its item is gone) is kept: nothing is lost in a migration.
    expect(await db.table('highlightSets').toArray()).toEqual([
      { itemId: 'gone', ids: ['orphan'], highlights: [hs[1]] },
    ]);
    expect(await db.items.where('hasNote').equals(1).count()).toBe(150);
    expect(await db.searchSigs.where('itemId').above('').count()).toBe(450);
    expect((await searchLibrary(db, '반도체', { limit: 1000 })).hits).toHaveLength(450);
    await db.delete();
  });

  it('an upgrade that fails leaves the old database and its records as they were', async () => {
    const name = `migrate-fail-${Math.random()}`;
    const old = openAt(name, 1);
    await old.open();
    await old.table('items').bulkPut(items.map(oldRow));
    await old.table('highlights').bulkPut(highlights);
    old.close();

    // The current schema plus a broken next version that fails half-way through its upgrade.
    const broken = openAt(name, Number.POSITIVE_INFINITY);
    broken
      .version(current + 1)
      .stores({})
      .upgrade(async (tx) => {
        await tx.table('items').clear();
        throw new Error('upgrade failed half-way');
      });
    await expect(broken.open()).rejects.toThrow(/upgrade failed half-way/);
    broken.close();

    const again = openAt(name, 1);
    await again.open();
    expect(again.verno).toBe(1);
    expect(await again.table('items').orderBy('id').toArray()).toEqual(items.map(oldRow));
    expect(await again.table('highlights').toArray()).toEqual(highlights);
    again.close();
    await Dexie.delete(name);
  });
});

describe('version 4: XE posts keyed by host + document_srl', () => {
  const xe = (id: string, url: string, canonicalKey: string, savedAt: string) =>
    makeItem({
      id,
      url,
      canonicalUrl: url,
      canonicalKey,
      savedAt,
      site: { host: 'x.example', name: null, engine: 'xe' },
    });

  it('re-keys saved XE posts; a post saved twice keeps both items, the earliest on the new key', async () => {
    const name = `migrate-xe-${Math.random()}`;
    const old = openAt(name, 3);
    await old.open();
    const rows = [
      xe('long', 'https://x.example/index.php?mid=free&document_srl=100', 'x.example/free/100', '2026-11-20T00:00:00Z'),
      xe('mid', 'https://x.example/free/200', 'x.example/free/200', '2026-11-20T00:00:00Z'),
      // The same post from two forms, saved as two items under the old rules.
      xe('twice-a', 'https://x.example/news/300', 'x.example/news/300', '2026-11-22T00:00:00Z'),
      xe('twice-b', 'https://x.example/board/300', 'x.example/board/300', '2026-11-21T00:00:00Z'),
      // Already on the new key (saved from /N), and its long form saved later.
      xe('short', 'https://x.example/400', 'x.example/400', '2026-11-25T00:00:00Z'),
      xe('short-long', 'https://x.example/free/400', 'x.example/free/400', '2026-11-20T00:00:00Z'),
      makeItem({
        id: 'gnu',
        url: 'https://gb.example.kr/free/42',
        canonicalUrl: 'https://gb.example.kr/free/42',
        canonicalKey: 'gb.example.kr/free/42',
        site: { host: 'gb.example.kr', name: null, engine: 'gnuboard' },
      }),
    ];
    await old.table('items').bulkPut(rows.map(oldRow));
    old.close();

    const db = new ScrapnoteDB(name);
    await db.open();
    const keys = Object.fromEntries((await db.items.toArray()).map((r) => [r.id, r.canonicalKey]));
    expect(keys).toEqual({
      long: 'x.example/100',
      mid: 'x.example/200',
      'twice-b': 'x.example/300',
      'twice-a': 'x.example/news/300',
      short: 'x.example/400',
      'short-long': 'x.example/free/400',
      gnu: 'gb.example.kr/free/42',
    });
    expect(await db.items.count()).toBe(rows.length);
    await db.delete();
  });
});
