// @vitest-environment node
/**
 * Sync between two and three libraries (each a real Dexie database on fake-indexeddb with its
 * library service, and a local PouchDB in memory) through one server database (PouchDB in
 * memory): any interleaving of saves, tags, notes, highlights, deletes and sync rounds, then a
 * sync of everyone, leaves every library the same, and no note text is lost.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PouchDB, type SyncDb } from '@/lib/pouch';
import type { SyncDoc } from '@/lib/sync/doc';
import { makeItem } from '../../support/items';
import { makeReplica, type Replica, snapshot, sync, uniqueName } from '../../support/sync';

const op = fc.oneof(
  fc.record({ op: fc.constant('save' as const), post: fc.nat(2) }),
  fc.record({
    op: fc.constant('tag' as const),
    post: fc.nat(2),
    tag: fc.constantFrom('AI', '경제', '일본'),
    on: fc.boolean(),
  }),
  fc.record({ op: fc.constant('note' as const), post: fc.nat(2) }),
  fc.record({ op: fc.constant('delete' as const), post: fc.nat(2) }),
  fc.record({ op: fc.constant('restore' as const), post: fc.nat(2) }),
  fc.record({ op: fc.constant('highlight' as const), post: fc.nat(2), h: fc.nat(2) }),
  fc.record({ op: fc.constant('unhighlight' as const), post: fc.nat(2), h: fc.nat(2) }),
  fc.record({ op: fc.constant('read' as const), post: fc.nat(2) }),
  fc.record({ op: fc.constant('sync' as const) }),
);

async function run(replicas: Replica[], remote: SyncDb, script: Array<{ r: number; step: Step }>) {
  /** Note texts that must survive: written, and not replaced by a write that had seen them. */
  const standing = new Map<string, Set<string>>();
  let n = 0;
  for (const { r, step } of script) {
    const rep = replicas[r % replicas.length]!;
    // Each device saves a post under its own id; sync folds the two into one.
    const key = 'post' in step ? `naver:028/post-${step.post}` : '';
    const row = key ? await rep.db.items.where('canonicalKey').equals(key).first() : undefined;
    const id = row?.id ?? ('post' in step ? `item-${step.post}-${rep.name}` : '');
    switch (step.op) {
      case 'save':
        await rep.library.save(makeItem({ id, canonicalKey: key, tags: [], note: '' }));
        break;
      case 'tag':
        if (row) await rep.library.updateItems([id], step.on ? { addTags: [step.tag] } : { removeTags: [step.tag] });
        break;
      case 'note': {
        if (!row) break;
        const text = `«${rep.name}-${++n}»`;
        const set = standing.get(id) ?? new Set();
        for (const t of [...set]) if (row.note.includes(t)) set.delete(t);
        set.add(text);
        standing.set(id, set);
        await rep.library.updateItems([id], { note: text });
        break;
      }
      case 'delete':
        if (row) {
          await rep.library.deleteItems([id]);
          standing.delete(id);
        }
        break;
      case 'restore': {
        const kept = (await rep.db.trash.toArray()).find((t) => t.row.canonicalKey === key);
        if (!row && kept) await rep.library.restoreDeleted([kept.id]);
        break;
      }
      case 'highlight': {
        if (!row) break;
        const hid = `h${step.h}`;
        if (row.highlights?.some((h) => h.id === hid)) {
          await rep.library.updateHighlight({ itemId: id, id: hid }, { note: `hl-${rep.name}-${++n}` });
        } else {
          await rep.library.addHighlight({
            id: hid,
            itemId: id,
            color: 'yellow',
            source: row.url,
            selector: [{ type: 'TextQuoteSelector', exact: '정상회담', prefix: '', suffix: '' }],
          });
        }
        break;
      }
      case 'unhighlight':
        if (row) await rep.library.deleteHighlight({ itemId: id, id: `h${step.h}` });
        break;
      case 'read':
        await rep.library.recordReads([
          { keys: [`board:${step.post}`], url: `https://b.example.kr/${step.post}`, comments: step.post },
        ]);
        break;
      case 'sync':
        await sync(rep, remote);
        break;
    }
  }
  // Everyone syncs twice: the second pass brings the first pass's merges to all.
  for (let pass = 0; pass < 2; pass++) for (const rep of replicas) await sync(rep, remote);
  return standing;
}

type Step = typeof op extends fc.Arbitrary<infer T> ? T : never;

async function checkConverges(count: number, script: Array<{ r: number; step: Step }>) {
  const replicas = Array.from({ length: count }, (_, i) => makeReplica(String.fromCharCode(65 + i)));
  const remote = new PouchDB<SyncDoc>(uniqueName('server'), { adapter: 'memory' });
  try {
    const standing = await run(replicas, remote, script);
    const [first, ...others] = await Promise.all(replicas.map(snapshot));
    for (const other of others) expect(other).toEqual(first);
    for (const item of first!.items) {
      for (const text of standing.get(item.id) ?? []) expect(item.note).toContain(text);
    }
    // One item per post.
    expect(new Set(first!.items.map((i) => i.canonicalKey)).size).toBe(first!.items.length);
    // PouchDB's conflicting revisions were merged and removed, on every replica and the server.
    for (const db of [remote, ...replicas.map((r) => r.local)]) {
      const all = await db.allDocs({ include_docs: true, conflicts: true });
      expect(all.rows.filter((row) => (row.doc as { _conflicts?: unknown } | undefined)?._conflicts)).toEqual([]);
    }
  } finally {
    await Promise.all([...replicas.map((r) => r.local.destroy()), remote.destroy()]);
    for (const r of replicas) {
      r.db.close();
      await r.db.delete();
    }
  }
}

describe('sync between replicas', () => {
  it('an item saved and highlighted on A appears on B with its highlight; deleted on A, it is gone on B', async () => {
    const [a, b] = [makeReplica('A'), makeReplica('B')];
    const remote = new PouchDB<SyncDoc>(uniqueName('server'), { adapter: 'memory' });
    await a.library.save(makeItem({ id: 'x', tags: ['AI'] }));
    await a.library.addHighlight({
      id: 'h1',
      itemId: 'x',
      color: 'green',
      note: '중요',
      source: 'https://n.news.naver.com/mnews/article/028/0002730000',
      selector: [{ type: 'TextQuoteSelector', exact: '첫 정상회담', prefix: '', suffix: '' }],
    });
    expect((await sync(a, remote)).sent).toBeGreaterThan(0);
    const got = await sync(b, remote);
    expect(got.applied).toBe(1);
    const row = await b.db.items.get('x');
    expect(row?.title).toBe(makeItem().title);
    expect(row?.highlights?.map((h) => [h.id, h.color, h.note])).toEqual([['h1', 'green', '중요']]);
    // B's feed row says it came from elsewhere, and B sends nothing back for it.
    const feed = await b.db.changes.toArray();
    expect(feed.map((r) => r.origin)).toEqual(['remote']);
    expect((await sync(b, remote)).written).toBe(0);
    // A tag on B only sends the item's small document, not its body.
    await b.library.updateItems(['x'], { addTags: ['경제'] });
    expect((await sync(b, remote)).written).toBe(1);
    await sync(a, remote);
    expect((await a.db.items.get('x'))?.tags).toEqual(['AI', '경제']);
    await a.library.deleteItems(['x']);
    await sync(a, remote);
    await sync(b, remote);
    expect(await b.db.items.get('x')).toBeUndefined();
    // Kept in B's trash for undo, like a delete made on B.
    expect((await b.db.trash.get('x'))?.row.title).toBe(makeItem().title);
  });

  it('notes on authors and muted words follow the reader; notes written on both devices at once keep both texts', async () => {
    const [a, b] = [makeReplica('A'), makeReplica('B')];
    const remote = new PouchDB<SyncDoc>(uniqueName('server'), { adapter: 'memory' });
    const author = { host: 'ranknews.kr', authorId: 'm:2001', name: '여의도통신' };
    await a.library.setAuthor({ ...author, note: '국회 소식을 빨리 올림' });
    await a.library.setMutedWord('광고', true);
    await sync(a, remote);
    await sync(b, remote);
    const onB = await b.db.authors.get('ranknews.kr m:2001');
    expect(onB).toMatchObject({ ...author, note: '국회 소식을 빨리 올림' });
    expect(onB).not.toHaveProperty('muted');
    expect((await b.db.mutedWords.toArray()).map((w) => w.word)).toEqual(['광고']);
    expect((await b.db.changes.toArray()).map((r) => r.origin)).toEqual(['remote']);

    // B mutes the author and unmutes the word; A hears both.
    await b.library.setAuthor({ ...author, muted: true });
    await b.library.setMutedWord('광고', false);
    await sync(b, remote);
    await sync(a, remote);
    expect((await a.db.authors.get('ranknews.kr m:2001'))?.muted).toBe(1);
    expect(await a.db.mutedWords.count()).toBe(0);

    // Both rewrite the note before syncing: one text is the note, the other is kept beside it.
    await a.library.setAuthor({ ...author, note: 'A의 메모' });
    await b.library.setAuthor({ ...author, note: 'B의 메모' });
    await sync(a, remote);
    await sync(b, remote);
    await sync(a, remote);
    const [na, nb] = [await a.db.authors.get('ranknews.kr m:2001'), await b.db.authors.get('ranknews.kr m:2001')];
    expect(na?.note).toBe(nb?.note);
    expect(na?.note).toContain('A의 메모');
    expect(na?.note).toContain('B의 메모');

    // Forgotten on A (no note, not muted): gone on B.
    await a.library.setAuthor({ ...author, note: '', muted: false });
    await sync(a, remote);
    await sync(b, remote);
    expect(await b.db.authors.count()).toBe(0);
  });

  it('the same post saved on two devices before they synced becomes one item with both tags, notes and highlights', async () => {
    const [a, b] = [makeReplica('A'), makeReplica('B')];
    const remote = new PouchDB<SyncDoc>(uniqueName('server'), { adapter: 'memory' });
    const key = 'naver:028/0002730000';
    await a.library.save(makeItem({ id: 'id-a', canonicalKey: key, tags: ['AI'], note: '회사 메모' }));
    await b.library.save(makeItem({ id: 'id-b', canonicalKey: key, tags: ['일본'], note: '집 메모' }));
    for (const [r, id] of [
      [a, 'id-a'],
      [b, 'id-b'],
    ] as const) {
      await r.library.addHighlight({
        id: `h-${r.name}`,
        itemId: id,
        color: 'yellow',
        source: 'https://n.news.naver.com/mnews/article/028/0002730000',
        selector: [{ type: 'TextQuoteSelector', exact: '정상회담', prefix: '', suffix: '' }],
      });
    }
    for (let i = 0; i < 2; i++) for (const r of [a, b]) await sync(r, remote);
    const [sa, sb] = [await snapshot(a), await snapshot(b)];
    expect(sb).toEqual(sa);
    expect(sa.items.map((i) => i.id)).toEqual(['id-a']);
    const [item] = sa.items;
    expect([...item!.tags].sort()).toEqual(['AI', '일본']);
    expect(item!.note).toContain('회사 메모');
    expect(item!.note).toContain('집 메모');
    expect(item!.highlights.map((h) => h.id)).toEqual(['h-A', 'h-B']);
  });

  it('two libraries converge after any interleaving of edits and syncs, and keep every note', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ r: fc.nat(1), step: op }), { maxLength: 25 }), (script) =>
        checkConverges(2, script),
      ),
      { numRuns: 30 },
    );
  });

  it('three libraries converge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ r: fc.nat(2), step: op }), { maxLength: 25 }), (script) =>
        checkConverges(3, script),
      ),
      { numRuns: 20 },
    );
  });
});
