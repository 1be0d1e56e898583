/** Reading history: posts opened or saved, through the write path and the change feed. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { changesSince } from '@/lib/db/feed';
import { clearReads, readsOf, recordReads } from '@/lib/db/history';

let db: ScrapnoteDB;
beforeEach(() => {
  db = new ScrapnoteDB(`history-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 0, m));

it('records a post under each of its keys, keeps the seen count when a visit brings none, and feeds each change', async () => {
  await recordReads(db, [{ keys: ['a/1', 'a/b/1'], url: 'https://a/1', comments: 3 }], at(1));
  await recordReads(db, [{ keys: ['a/1'], url: 'https://a/1', comments: null }], at(2));
  const rows = await readsOf(db, ['a/1', 'a/b/1', 'a/2']);
  expect([...rows.keys()].sort()).toEqual(['a/1', 'a/b/1']);
  expect(rows.get('a/1')).toEqual({ key: 'a/1', url: 'https://a/1', at: at(2).toISOString(), comments: 3 });
  const feed = await changesSince(db, 0);
  expect(feed.map((r) => r.changes.map((c) => [c.entity, c.id, c.op]))).toEqual([
    [
      ['read', 'a/1', 'put'],
      ['read', 'a/b/1', 'put'],
    ],
    [['read', 'a/1', 'put']],
  ]);
});

it('clearing forgets every post and leaves delete entries in the feed', async () => {
  await recordReads(db, [{ keys: ['a/1'], url: 'https://a/1', comments: 1 }], at(1));
  expect(await clearReads(db, at(3))).toBe(1);
  expect((await readsOf(db, ['a/1'])).size).toBe(0);
  const last = (await changesSince(db, 0)).at(-1)!;
  expect(last.changes).toEqual([{ entity: 'read', id: 'a/1', itemId: '', op: 'delete', key: 'a/1' }]);
  expect(last.at).toBe(at(3).toISOString());
});
