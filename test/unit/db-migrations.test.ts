/**
 * Every schema version upgrades from every earlier one with all records intact. Each case
 * creates a database with the SCHEMA entries up to an old version, fills it with that version's
 * data, then opens it with the current ScrapnoteDB. Add a `checks` entry for each new version.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { SCHEMA, ScrapnoteDB, toRow } from '@/lib/db';
import { searchLibrary } from '@/lib/db/search';
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

const items = [
  makeItem({ id: 'a', canonicalKey: 'ka', title: '딥시크 충격', text: '중국 딥시크가 공개한 모델', tags: ['AI'] }),
  makeItem({ id: 'b', canonicalKey: 'kb', title: 'Trump meets Ishiba', text: '대통령이 말했다', note: '읽을 것' }),
];
const highlights = [makeHighlight('a', { id: 'h1' })];

/** What must hold after opening an old database with the current schema, per version. */
const checks: Record<number, (db: ScrapnoteDB) => Promise<void>> = {
  1: async (db) => {
    expect(await db.items.orderBy('id').toArray()).toEqual(items.map(toRow));
    expect(await db.highlights.toArray()).toEqual(highlights);
  },
  2: async (db) => {
    expect(await db.items.where('hasNote').equals(1).primaryKeys()).toEqual(['b']);
    expect(await db.searchText.count()).toBe(items.length);
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a']);
    expect((await searchLibrary(db, '대통령')).hits.map((h) => h.itemId)).toEqual(['b']);
    // The highlight's quote (첫 정상회담) is indexed as a highlight.
    expect((await searchLibrary(db, '정상회담')).hits.map((h) => [h.itemId, h.field])).toEqual([['a', 'highlight']]);
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
      await old.table('items').bulkPut(items.map(toRow));
      await old.table('highlights').bulkPut(highlights);
      old.close();

      const db = new ScrapnoteDB(name);
      await db.open();
      expect(db.verno).toBe(current);
      for (const v of SCHEMA.map((s) => s.version)) await checks[v]?.(db);
      await db.delete();
    });
  }
});
