/**
 * Schema upgrades. Each case builds the old database with plain IndexedDB calls, as that version
 * laid it out (never with today's code, which no longer knows the old layout), fills it with that
 * version's records, then opens it with the current ScrapnoteDB and checks that nothing was lost.
 *
 * Version 8 is the baseline: it upgrades the last development layout (7). Each later schema
 * version adds its case here, building the version before it the same way.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fromRow, SCHEMA, ScrapnoteDB, toRow } from '@/lib/db';
import { authorsOf, mutedWords, setAuthor, setMutedWord } from '@/lib/db/authors';
import { changesSince, lastSeq } from '@/lib/db/feed';
import { getHighlight, highlightsOf } from '@/lib/db/highlights';
import { upsertItem } from '@/lib/db/items';
import { libraryIds } from '@/lib/db/library';
import { searchLibrary } from '@/lib/db/search';
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
const highlights = {
  a: [makeHighlight('a', { id: 'h1' }), makeHighlight('a', { id: 'h2', note: '다시 볼 것' })],
  b: [] as ReturnType<typeof makeHighlight>[],
};

/** Development version 7 (IndexedDB version 70): items with their highlights, shard and signature tables. */
async function buildVersion7(name: string): Promise<void> {
  const open = indexedDB.open(name, 70);
  open.onupgradeneeded = () => {
    const db = open.result;
    const store = db.createObjectStore('items', { keyPath: 'id' });
    store.createIndex('canonicalKey', 'canonicalKey', { unique: true });
    for (const k of ['savedAt', 'publishedMs', 'kind', 'site.host', 'hasNote', 'hasHighlights'])
      store.createIndex(k, k);
    store.createIndex('tags', 'tags', { multiEntry: true });
    db.createObjectStore('highlightSets', { keyPath: 'itemId' });
    db.createObjectStore('highlightOwners', { keyPath: 'shard' });
    const sigs = db.createObjectStore('searchSigs', { keyPath: 'doc' });
    sigs.createIndex('gen', 'gen');
    sigs.createIndex('itemId', 'itemId');
    db.createObjectStore('searchMeta', { keyPath: 'key' });
  };
  const db = await done(open);
  const tx = db.transaction(['items', 'highlightOwners', 'searchSigs', 'searchMeta'], 'readwrite');
  for (const item of items) {
    const row = toRow(item, highlights[item.id as 'a' | 'b']);
    tx.objectStore('items').put(row);
    tx.objectStore('searchSigs').put({
      doc: Date.parse(item.savedAt),
      gen: 1,
      sig: new Uint32Array(32),
      itemId: item.id,
    });
  }
  tx.objectStore('highlightOwners').put({
    shard: 3,
    owners: new Map([
      ['h1', 'a'],
      ['h2', 'a'],
    ]),
  });
  tx.objectStore('searchMeta').put({ key: 'gen', value: 1, epoch: 1 });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('schema', () => {
  it('version 8 is the baseline, and its stores are what the code uses', () => {
    expect(SCHEMA.map((s) => s.version)).toEqual([8, 10, 11, 12]);
    expect(Object.keys(SCHEMA[0]!.stores).filter((k) => SCHEMA[0]!.stores[k] !== null)).toEqual([
      'items',
      'search',
      'changes',
      'meta',
      'trash',
      'reads',
    ]);
  });

  it('a new database starts empty, with an empty feed', async () => {
    const db = new ScrapnoteDB(`new-${Math.random()}`);
    expect(await db.items.count()).toBe(0);
    expect(await lastSeq(db)).toBe(0);
    db.close();
  });
});

describe('upgrade from development version 7', () => {
  it('keeps every item and highlight, builds the search rows and drops the tables it no longer has', async () => {
    const name = `v7-${Math.random()}`;
    await buildVersion7(name);
    const db = new ScrapnoteDB(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA.at(-1)!.version);
    expect([...db.backendDB().objectStoreNames].sort()).toEqual([
      'authors',
      'changes',
      'images',
      'items',
      'meta',
      'mutedWords',
      'reads',
      'search',
      'trash',
    ]);
    expect((await db.items.orderBy('id').toArray()).map(fromRow)).toEqual(items);
    expect(await highlightsOf(db, 'a')).toEqual(highlights.a);
    expect(await getHighlight(db, { itemId: 'a', id: 'h2' })).toEqual(highlights.a[1]);
    expect((await db.search.toArray()).map((r) => r.itemId).sort()).toEqual(['a', 'b']);
    // Filters read the upgraded indexes; the search finds titles, bodies and highlight notes.
    expect(await libraryIds(db, 'saved', { hasNotes: true })).toEqual(expect.arrayContaining(['a', 'b']));
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a']);
    expect((await searchLibrary(db, '다시 볼')).hits.map((h) => h.itemId)).toEqual(['a']);
    expect((await searchLibrary(db, 'Ishiba')).hits.map((h) => h.itemId)).toEqual(['b']);
    // The upgrade itself is no change of the library: the feed starts after it.
    expect(await changesSince(db, 0)).toEqual([]);
    // And the upgraded library takes writes.
    await upsertItem(db, makeItem({ id: 'c', canonicalKey: 'kc', title: '새 기사' }));
    expect((await searchLibrary(db, '새 기사')).hits.map((h) => h.itemId)).toEqual(['c']);
    db.close();
  });
});

/** Version 8 (IndexedDB version 80): items, search rows, the feed, meta, trash and reading history. */
async function buildVersion8(name: string): Promise<void> {
  const open = indexedDB.open(name, 80);
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
  };
  const db = await done(open);
  const tx = db.transaction(['items', 'changes', 'meta', 'reads'], 'readwrite');
  for (const item of items) tx.objectStore('items').put(toRow(item, highlights[item.id as 'a' | 'b']));
  tx.objectStore('meta').put({ key: 'device', value: 'device-8' });
  tx.objectStore('reads').put({
    key: 'ranknews.kr/1',
    url: 'https://www.ranknews.kr/board/1',
    at: items[0]!.savedAt,
    comments: 4,
  });
  tx.objectStore('changes').put({
    at: items[0]!.savedAt,
    device: 'device-8',
    origin: 'local',
    changes: [{ entity: 'item', id: 'a', itemId: 'a', op: 'put', key: 'ka' }],
  });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('upgrade from version 8', () => {
  it('adds the tables of notes on authors and muted words, and keeps the library, history and feed', async () => {
    const name = `v8-${Math.random()}`;
    await buildVersion8(name);
    const db = new ScrapnoteDB(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA.at(-1)!.version);
    expect((await db.items.orderBy('id').toArray()).map(fromRow)).toEqual(items);
    expect(await db.reads.get('ranknews.kr/1')).toMatchObject({ comments: 4 });
    expect(await lastSeq(db)).toBe(1);
    expect(await authorsOf(db)).toEqual([]);
    const now = new Date('2026-12-07T00:00:00Z');
    await setAuthor(db, { host: 'ranknews.kr', authorId: 'm:11', name: '바람', note: '사진 잘 찍음' }, now);
    await setMutedWord(db, '광고', true, now);
    expect((await authorsOf(db, 'ranknews.kr')).map((a) => a.note)).toEqual(['사진 잘 찍음']);
    expect((await mutedWords(db)).map((w) => w.word)).toEqual(['광고']);
    // The new writes name the device the old database made.
    expect((await changesSince(db, 1)).map((r) => r.device)).toEqual(['device-8', 'device-8']);
    db.close();
  });
});
