// @vitest-environment node
/**
 * Sync against a real CouchDB-protocol server: pouchdb-server's express-pouchdb on LevelDB,
 * started on a free loopback port (test/support/couch-server.mjs). A wrong password is refused
 * with a clear message and changes nothing; 429 and 503 are retried; a server restarted in the
 * middle of a round leaves both sides consistent and the next round finishes; credentials never
 * appear in a URL.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRemote } from '@/lib/pouch';
import { SyncError } from '@/lib/pouch/engine';
import { startCouch } from '../../support/couch.mjs';
import { makeHighlight, makeItem } from '../../support/items';
import { makeReplica, snapshot, sync, uniqueName } from '../../support/sync';

const USER = 'reader';
const PASSWORD = '비밀-pass-42';

let server: Awaited<ReturnType<typeof startCouch>>;

beforeAll(async () => {
  server = await startCouch({ user: USER, password: PASSWORD });
});
afterAll(async () => {
  await server?.stop();
});

const remoteOf = (db: string, password = PASSWORD) =>
  openRemote({ url: `${server.url}/${db}`, username: USER, password });

async function seed(n: number, highlights = 0) {
  const a = makeReplica('A');
  const items = Array.from({ length: n }, (_, i) => makeItem({ id: `item-${i}`, canonicalKey: `naver:028/${i}` }));
  const rows = items.map((item) => ({
    ...item,
    highlights: Array.from({ length: highlights }, (_, k) => makeHighlight(item.id, { id: `h${k}` })),
  }));
  // Saved through the service like any save, highlights with it (the import path writes rows).
  for (const row of rows) {
    const { highlights: hs, ...item } = row;
    await a.library.save(item);
    for (const h of hs) {
      await a.library.addHighlight({ ...h, source: h.target.source, selector: h.target.selector });
    }
  }
  return a;
}

describe('sync with pouchdb-server', () => {
  it('a wrong password is refused with a clear message and changes nothing on either side', async () => {
    const db = uniqueName('wrongpw');
    const a = await seed(3);
    await sync(a, remoteOf(db));
    const b = makeReplica('B');
    await b.library.save(makeItem({ id: 'mine', canonicalKey: 'naver:028/mine' }));
    const before = await snapshot(b);
    const localBefore = await b.local.info();
    const err = await sync(b, remoteOf(db, 'wrong')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).kind).toBe('auth');
    expect((err as SyncError).message).toMatch(/refused the user name or password.*Nothing was changed/);
    expect(await snapshot(b)).toEqual(before);
    expect((await b.local.info()).doc_count).toBe(localBefore.doc_count);
    const remote = await remoteOf(db).info();
    expect(remote.doc_count).toBe(6);
  });

  it('429 and 503 answers are retried with backoff and the round finishes', async () => {
    const db = uniqueName('busy');
    const a = await seed(5, 1);
    const waits: number[] = [];
    await server.fail(503, 2);
    await sync(a, remoteOf(db), { sleep: async (ms) => void waits.push(ms) });
    await server.fail(429, 3);
    const b = makeReplica('B');
    await sync(b, remoteOf(db), { sleep: async (ms) => void waits.push(ms) });
    expect(waits.length).toBe(5);
    // The waits grow (0.25-0.5 s, 0.5-1 s, 1-2 s).
    expect(waits[1]!).toBeGreaterThanOrEqual(500);
    expect(await snapshot(b)).toEqual(await snapshot(a));
  });

  it('gives up after its retries with a message, and the next round finishes', async () => {
    const db = uniqueName('down');
    const a = await seed(2);
    await server.fail(503, 100);
    const err = await sync(a, remoteOf(db), { retries: 2 }).catch((e: unknown) => e);
    expect((err as SyncError).kind).toBe('server');
    await server.fail(503, 0);
    await sync(a, remoteOf(db));
    expect((await remoteOf(db).info()).doc_count).toBe(4);
  });

  it('a server restarted in the middle of a round: both sides stay consistent and the next round finishes', async () => {
    const db = uniqueName('restart');
    const a = await seed(300, 2);
    await server.resetStats();
    const round = sync(a, remoteOf(db), { batchSize: 50, retries: 0 }).catch((e: unknown) => e);
    // Restart once the replication has begun writing.
    for (let i = 0; i < 200; i++) {
      const stats = await server.stats();
      if ((stats.byMethod.POST ?? 0) >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.restart();
    const first = await round;
    const written = (await remoteOf(db).info()).doc_count;
    // The restart came while the round was sending (retries are off: the round stops there).
    expect(written).toBeLessThan(300 * 4);
    expect(first).toBeInstanceOf(SyncError);
    expect((first as SyncError).kind).toBe('network');
    // Whatever the server holds is whole documents; the next rounds finish the job.
    await sync(a, remoteOf(db));
    expect((await remoteOf(db).info()).doc_count).toBe(300 * 4);
    const b = makeReplica('B');
    await sync(b, remoteOf(db));
    expect(await snapshot(b)).toEqual(await snapshot(a));
  });

  it('a first download sends nothing back, and the rounds after it check none of it against the server', async () => {
    const db = uniqueName('download');
    const a = await seed(20, 2);
    await sync(a, remoteOf(db));
    const b = makeReplica('B');
    const checks = async () =>
      (await server.stats()).urls.filter((u) => u.includes('/_revs_diff') || u.includes('/_bulk_docs'));
    await server.resetStats();
    const first = await sync(b, remoteOf(db));
    expect(first.received).toBe(80);
    expect(first.sent).toBe(0);
    expect(await checks()).toEqual([]);
    await server.resetStats();
    await sync(b, remoteOf(db));
    expect(await checks()).toEqual([]);
    expect(await snapshot(b)).toEqual(await snapshot(a));
    // A change made on B afterwards is sent: only its own documents, not the downloaded ones.
    const [item] = await b.db.items.limit(1).toArray();
    await b.library.updateItems([item!.id], { addTags: ['집'] });
    await server.resetStats();
    const next = await sync(b, remoteOf(db));
    expect(next.sent).toBe(1);
    await sync(a, remoteOf(db));
    expect(await snapshot(a)).toEqual(await snapshot(b));
  });

  it('a database made again at the same address gets every document again', async () => {
    const db = uniqueName('again');
    const a = await seed(5, 1);
    await sync(a, remoteOf(db));
    const b = makeReplica('B');
    await sync(b, remoteOf(db));
    await remoteOf(db).destroy();
    // B wrote nothing since its download: the server is empty now, so B sends everything it has.
    await sync(b, remoteOf(db));
    expect((await remoteOf(db).info()).doc_count).toBe(15);
    const c = makeReplica('C');
    await sync(c, remoteOf(db));
    expect(await snapshot(c)).toEqual(await snapshot(a));
  });

  it('credentials travel in a header, never in a URL', async () => {
    await server.resetStats();
    const a = await seed(1);
    await sync(a, remoteOf(uniqueName('urls')));
    const { urls } = await server.stats();
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) {
      expect(url).not.toContain(USER);
      expect(url).not.toContain(encodeURIComponent(PASSWORD));
    }
  });
});
