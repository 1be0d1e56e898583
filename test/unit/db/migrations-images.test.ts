/**
 * Schema version 12 (the images of saved items): the database of version 10 is built with plain
 * IndexedDB calls as that version laid it out (never with today's code), filled with its records,
 * then opened with the current ScrapnoteDB: nothing is lost, and images can be stored.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fromRow, SCHEMA, ScrapnoteDB, searchRowOf, toRow } from '@/lib/db';
import { authorsOf, mutedWords } from '@/lib/db/authors';
import { lastSeq } from '@/lib/db/feed';
import { imageUsage } from '@/lib/db/images';
import { upsertItem } from '@/lib/db/items';
import { searchLibrary } from '@/lib/db/search';
import { sha256Hex } from '@/lib/images/collect';
import { makeHighlight, makeItem } from '../../support/items';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const items = [
  makeItem({ id: 'a', canonicalKey: 'ka', title: '딥시크 충격', text: '중국 딥시크가 공개한 모델', tags: ['AI'] }),
  makeItem({ id: 'b', canonicalKey: 'kb', title: 'Trump meets Ishiba', text: '대통령이 말했다', note: '읽을 것' }),
];

/** Version 10 (IndexedDB version 100): version 8's stores plus notes on authors and muted words. */
async function buildVersion10(name: string): Promise<void> {
  const open = indexedDB.open(name, 100);
  open.onupgradeneeded = () => {
    const db = open.result;
    const store = db.createObjectStore('items', { keyPath: 'id' });
    store.createIndex('canonicalKey', 'canonicalKey', { unique: true });
    for (const k of ['savedAt', 'publishedMs', 'kind', 'site.host', 'hasNote', 'hasHighlights'])
      store.createIndex(k, k);
    store.createIndex('tags', 'tags', { multiEntry: true });
    db.createObjectStore('search', { keyPath: 'itemId' });
    db.createObjectStore('changes', { keyPath: 'seq', autoIncrement: true });
    db.createObjectStore('meta', { keyPath: 'key' });
    db.createObjectStore('trash', { keyPath: 'id' }).createIndex('deletedAt', 'deletedAt');
    db.createObjectStore('reads', { keyPath: 'key' });
    db.createObjectStore('authors', { keyPath: 'key' }).createIndex('host', 'host');
    db.createObjectStore('mutedWords', { keyPath: 'word' });
  };
  const db = await done(open);
  const tx = db.transaction(['items', 'search', 'changes', 'meta', 'authors', 'mutedWords'], 'readwrite');
  const rows = [toRow(items[0]!, [makeHighlight('a', { id: 'h1' })]), toRow(items[1]!, [])];
  for (const row of rows) {
    tx.objectStore('items').put(row);
    tx.objectStore('search').put(searchRowOf(row));
  }
  tx.objectStore('meta').put({ key: 'device', value: 'device-10' });
  tx.objectStore('authors').put({
    key: 'ranknews.kr m:11',
    host: 'ranknews.kr',
    authorId: 'm:11',
    name: '바람',
    note: '사진 잘 찍음',
    updatedAt: items[0]!.savedAt,
  });
  tx.objectStore('mutedWords').put({ word: '광고', createdAt: items[0]!.savedAt });
  tx.objectStore('changes').put({
    at: items[0]!.savedAt,
    device: 'device-10',
    origin: 'local',
    changes: [{ entity: 'item', id: 'a', itemId: 'a', op: 'put', key: 'ka' }],
  });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('upgrade from version 10', () => {
  it('adds the images table and keeps the library, notes on authors, muted words and feed', async () => {
    expect(SCHEMA.map((s) => s.version)).toContain(12);
    const name = `v10-${Math.random()}`;
    await buildVersion10(name);
    const db = new ScrapnoteDB(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA.at(-1)!.version);
    expect((await db.items.orderBy('id').toArray()).map(fromRow)).toEqual(items);
    expect((await db.items.get('a'))!.highlights!.map((h) => h.id)).toEqual(['h1']);
    expect((await authorsOf(db, 'ranknews.kr')).map((a) => a.note)).toEqual(['사진 잘 찍음']);
    expect((await mutedWords(db)).map((w) => w.word)).toEqual(['광고']);
    expect(await lastSeq(db)).toBe(1);
    expect(await imageUsage(db)).toEqual({ count: 0, bytes: 0 });
    expect(db.images.schema.indexes.map((i) => [i.name, i.multi])).toEqual([['items', true]]);

    // An item saved after the upgrade keeps its image; the old items are still found.
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const hash = await sha256Hex(bytes.buffer);
    await upsertItem(
      db,
      makeItem({ id: 'c', canonicalKey: 'kc', images: [{ url: 'https://i.example.kr/1.png', hash, size: 7 }] }),
      new Date(),
      [{ hash, blob: new Blob([bytes], { type: 'image/png' }), type: 'image/png', size: 7 }],
    );
    expect(await imageUsage(db)).toEqual({ count: 1, bytes: 7 });
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a']);
    db.close();
  });
});
