// @vitest-environment node
/**
 * A full disk while sync applies what came from the server: the library's transaction aborts
 * whole (no item without its search row or feed row), the round ends with the storage message,
 * and the next round, once there is room, applies everything. The failure is made inside
 * fake-indexeddb where a browser makes it (a record write throws QuotaExceededError), as in
 * test/unit/db/quota.test.ts; the sync documents live in PouchDB's memory adapter, untouched.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PouchDB } from '@/lib/pouch';
import { SyncError } from '@/lib/pouch/engine';
import type { SyncDoc } from '@/lib/sync/doc';
import { makeItem } from '../../support/items';
import { makeReplica, snapshot, sync, uniqueName } from '../../support/sync';

let budget = Number.POSITIVE_INFINITY;
type RawStore = { storeRecord: (...a: unknown[]) => unknown };
const proto = (globalThis as unknown as { IDBObjectStore: { prototype: Record<string, unknown> } }).IDBObjectStore
  .prototype;
const originalPut = proto.put as (...a: unknown[]) => unknown;
const originalAdd = proto.add as (...a: unknown[]) => unknown;

function metered(original: (...a: unknown[]) => unknown) {
  return function (this: { _rawObjectStore: RawStore }, ...a: unknown[]) {
    const raw = this._rawObjectStore;
    const write = raw.storeRecord;
    raw.storeRecord = (...args: unknown[]) => {
      if (budget <= 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
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
afterEach(() => {
  proto.put = originalPut;
  proto.add = originalAdd;
  budget = Number.POSITIVE_INFINITY;
});

it('a full disk during the apply changes nothing in the library, says so, and the next round applies it all', async () => {
  const remote = new PouchDB<SyncDoc>(uniqueName('server'), { adapter: 'memory' });
  const a = makeReplica('A');
  for (let i = 0; i < 3; i++) await a.library.save(makeItem({ id: `x${i}`, canonicalKey: `naver:028/x${i}` }));
  await sync(a, remote);
  const b = makeReplica('B');
  await b.db.open();
  // Room for a few records: the apply's transaction (3 items, 3 search rows, a feed row) does not fit.
  budget = 4;
  const err = await sync(b, remote).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SyncError);
  expect((err as SyncError).kind).toBe('storage');
  expect((err as SyncError).message).toMatch(/Storage is full/);
  expect(await b.db.items.count()).toBe(0);
  expect(await b.db.search.count()).toBe(0);
  expect(await b.db.changes.count()).toBe(0);
  budget = Number.POSITIVE_INFINITY;
  await sync(b, remote);
  expect(await snapshot(b)).toEqual(await snapshot(a));
});
