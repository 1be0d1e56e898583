/**
 * Schema version 11 (versions of a post over time): the version-10 database is built with plain
 * IndexedDB calls as version 10 laid it out (IndexedDB version 100), filled with that version's
 * records, then opened with today's ScrapnoteDB: nothing is lost, the `status` index exists, and
 * the highlights made before versions were kept belong to the item's first version.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fromRow, highlightsOfRow, SCHEMA, ScrapnoteDB, toRow } from '@/lib/db';
import { authorsOf } from '@/lib/db/authors';
import { lastSeq } from '@/lib/db/feed';
import { addHighlight } from '@/lib/db/highlights';
import { libraryIds } from '@/lib/db/library';
import { recordCheck } from '@/lib/db/versions';
import { firstVersionId, versionOfHighlight } from '@/lib/versions/check';
import { makeHighlight, makeItem } from '../../support/items';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const items = [
  makeItem({ id: 'a', canonicalKey: 'ka', title: '지하철 심야 운행', text: '첫 문단입니다.\n둘째 문단입니다.' }),
  makeItem({ id: 'b', canonicalKey: 'kb', title: '도서관 개방', text: '도서관을 24시간 엽니다.' }),
];
const highlights = { a: [makeHighlight('a', { id: 'h1' })], b: [] as ReturnType<typeof makeHighlight>[] };

/** Version 10 (IndexedDB version 100): version 8's stores plus authors and mutedWords. */
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
  const tx = db.transaction(['items', 'changes', 'meta', 'authors'], 'readwrite');
  for (const item of items) tx.objectStore('items').put(toRow(item, highlights[item.id as 'a' | 'b']));
  tx.objectStore('meta').put({ key: 'device', value: 'device-10' });
  tx.objectStore('authors').put({
    key: 'ranknews.kr m:11',
    host: 'ranknews.kr',
    authorId: 'm:11',
    name: '바람',
    note: '사진 잘 찍음',
    updatedAt: items[0]!.savedAt,
  });
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
  it('keeps the library, indexes the status of items, and old highlights stay on the first version', async () => {
    const name = `v10-${Math.random()}`;
    await buildVersion10(name);
    const db = new ScrapnoteDB(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA.at(-1)!.version);
    expect(SCHEMA.find((s) => s.version === 11)).toBeDefined();
    expect((await db.items.orderBy('id').toArray()).map(fromRow)).toEqual(items);
    expect(await authorsOf(db, 'ranknews.kr')).toHaveLength(1);
    expect(await lastSeq(db)).toBe(1);
    expect(await libraryIds(db, 'saved', { gone: true })).toEqual([]);

    // The post changes at its source, then is deleted there.
    await recordCheck(
      db,
      'a',
      {
        gone: false,
        version: { title: '지하철 심야 운행', text: '첫 문단입니다.\n셋째 문단이 새로 생겼습니다.', html: '<p>새</p>' },
      },
      new Date('2026-12-07T01:00:00Z'),
    );
    const h2 = await addHighlight(db, {
      id: 'h2',
      itemId: 'a',
      color: 'green',
      source: items[0]!.url,
      selector: [{ type: 'TextQuoteSelector', exact: '셋째 문단', prefix: '', suffix: '' }],
      now: new Date('2026-12-07T01:05:00Z'),
    });
    expect(h2.version).toBe('2026-12-07T01:00:00.000Z');
    await recordCheck(db, 'a', { gone: true }, new Date('2026-12-07T02:00:00Z'));
    expect(await libraryIds(db, 'saved', { gone: true })).toEqual(['a']);
    const row = (await db.items.get('a'))!;
    expect(row.status).toBe('gone');
    expect(row.versions?.map((v) => v.text)).toEqual(['첫 문단입니다.\n둘째 문단입니다.']);
    const [old, made] = highlightsOfRow(row);
    expect(versionOfHighlight(old!, row)).toBe(firstVersionId(row));
    expect(firstVersionId(row)).toBe(items[0]!.savedAt);
    expect(versionOfHighlight(made!, row)).toBe('2026-12-07T01:00:00.000Z');
    db.close();
  });
});
