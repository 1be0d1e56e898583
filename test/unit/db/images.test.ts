// @vitest-environment node
/**
 * Images of saved items in the library: one row per content hash, named by the items that use
 * it; saved with their item in one write; freed when no item in the library or the trash uses
 * them; never synced.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { changesSince } from '@/lib/db/feed';
import { type ImageBlob, imageBlobs, imageUsage, purgeTrash } from '@/lib/db/images';
import { deleteItems, getItem, restoreDeleted, upsertItem } from '@/lib/db/items';
import { applyRemote } from '@/lib/db/remote';
import { LibraryService } from '@/lib/db/service';
import { sha256Hex } from '@/lib/images/collect';
import type { ItemImage } from '@/lib/model';
import { itemStates } from '@/lib/sync/map';
import { makeItem } from '../../support/items';

let db: ScrapnoteDB;
beforeEach(() => {
  db = new ScrapnoteDB(`images-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

/** An image's bytes (distinct per seed) as the fetcher hands them over. */
async function image(seed: number, size = 1000): Promise<ImageBlob> {
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed * 7) & 0xff);
  return {
    hash: await sha256Hex(bytes.buffer),
    blob: new Blob([bytes], { type: 'image/png' }),
    type: 'image/png',
    size,
  };
}

const listed = (img: ImageBlob, url: string): ItemImage => ({ url, hash: img.hash, size: img.size });
const DAY = 24 * 60 * 60_000;

describe('images of saved items', () => {
  it('the same image in 10 items is stored once, and named by every item', async () => {
    const shared = await image(1, 50_000);
    for (let i = 0; i < 10; i++) {
      const own = await image(100 + i);
      await upsertItem(
        db,
        makeItem({
          id: `i${i}`,
          canonicalKey: `k${i}`,
          images: [
            listed(shared, `https://cdn${i}.example.kr/logo.png`),
            listed(own, `https://cdn.example.kr/${i}.png`),
          ],
        }),
        new Date(),
        [shared, own],
      );
    }
    expect(await db.images.count()).toBe(11);
    const row = await db.images.get(shared.hash);
    expect(row!.items.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `i${i}`).sort());
    expect(await imageUsage(db)).toEqual({ count: 11, bytes: 50_000 + 10 * 1000 });
    expect(await db.images.where('items').equals('i3').count()).toBe(2);
    // Node's Blob survives fake-indexeddb's structured clone (happy-dom's does not: node environment).
    const blobs = await imageBlobs(db, [shared.hash, 'nope']);
    expect([...blobs.keys()]).toEqual([shared.hash]);
    expect(new Uint8Array(await blobs.get(shared.hash)!.arrayBuffer())).toEqual(
      new Uint8Array(await shared.blob.arrayBuffer()),
    );
  });

  it('deleting an item keeps its images for undo; the trash emptied a day later frees those no other item uses', async () => {
    const shared = await image(1);
    const onlyA = await image(2);
    await upsertItem(
      db,
      makeItem({ id: 'a', canonicalKey: 'a', images: [listed(shared, 'u1'), listed(onlyA, 'u2')] }),
      new Date(),
      [shared, onlyA],
    );
    await upsertItem(db, makeItem({ id: 'b', canonicalKey: 'b', images: [listed(shared, 'u1')] }), new Date(), [
      shared,
    ]);
    const t0 = new Date('2026-12-01T00:00:00Z');
    await deleteItems(db, ['a'], t0);
    expect(await db.images.count()).toBe(2);
    // Undo brings the item back with its images.
    await restoreDeleted(db, ['a'], t0);
    expect((await getItem(db, 'a'))!.images).toHaveLength(2);
    expect(await db.images.count()).toBe(2);

    await deleteItems(db, ['a'], t0);
    // A later delete empties the trash of what was deleted over a day ago.
    await deleteItems(db, ['nothing'], new Date(t0.getTime() + DAY + 1000));
    expect(await db.trash.count()).toBe(0);
    expect((await db.images.toArray()).map((r) => [r.hash, r.items])).toEqual([[shared.hash, ['b']]]);

    await deleteItems(db, ['b'], t0);
    await db.transaction('rw', db.writeTables, () => purgeTrash(db, new Date(t0.getTime() + 2 * DAY)));
    expect(await db.images.count()).toBe(0);
  });

  it('the service empties an old trash on request (the background does on start)', async () => {
    let now = new Date('2026-12-01T00:00:00Z');
    const library = new LibraryService(db, () => now);
    const img = await image(5);
    await library.save(makeItem({ id: 'a', canonicalKey: 'a', images: [listed(img, 'u')] }), [img]);
    await library.deleteItems(['a']);
    expect(await library.purgeTrash()).toBe(0);
    now = new Date(now.getTime() + DAY + 1);
    expect(await library.purgeTrash()).toBe(1);
    expect(await db.images.count()).toBe(0);
  });

  it('saving a post again releases the images it no longer shows and keeps the rest', async () => {
    const keep = await image(1);
    const old = await image(2);
    const fresh = await image(3);
    await upsertItem(
      db,
      makeItem({ id: 'a', canonicalKey: 'a', images: [listed(keep, 'u1'), listed(old, 'u2')] }),
      new Date(),
      [keep, old],
    );
    // The new save (another id, the same post) needs no bytes for what is stored already.
    const saved = await upsertItem(
      db,
      makeItem({ id: 'a2', canonicalKey: 'a', images: [listed(keep, 'u1'), listed(fresh, 'u3')] }),
      new Date(),
      [fresh],
    );
    expect(saved.id).toBe('a');
    expect((await db.images.toArray()).map((r) => r.hash).sort()).toEqual([keep.hash, fresh.hash].sort());
    expect((await db.images.get(fresh.hash))!.items).toEqual(['a']);
  });

  it('an image listed without bytes or a row is listed as not kept', async () => {
    const ghost = await image(9);
    const saved = await upsertItem(
      db,
      makeItem({ id: 'a', canonicalKey: 'a', images: [listed(ghost, 'u')] }),
      new Date(),
      [],
    );
    expect(saved.images).toEqual([{ url: 'u', hash: null, size: 0, skipped: 'failed' }]);
    expect(await db.images.count()).toBe(0);
  });

  it('the item, its images and its feed row are written together', async () => {
    const img = await image(1);
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', images: [listed(img, 'u')] }), new Date(), [img]);
    const feed = await changesSince(db, 0);
    expect(feed.flatMap((r) => r.changes.map((c) => `${c.entity} ${c.op} ${c.id}`))).toEqual(['item put a']);
  });

  it('sync carries no image: not the bytes, not the list, and a merge from another device keeps the local list', async () => {
    const img = await image(1);
    const item = makeItem({ id: 'a', canonicalKey: 'a', images: [listed(img, 'u')] });
    await upsertItem(db, item, new Date(), [img]);
    const states = itemStates(item);
    expect(JSON.stringify(states)).not.toContain(img.hash);
    const { images: _, ...remote } = item;
    await applyRemote(
      db,
      {
        items: [{ item: { ...remote, title: '다른 기기에서 고친 제목' }, highlights: [] }],
        deleteItems: [],
        reads: [],
        deleteReads: [],
      },
      1_000,
      new Date(),
    );
    const after = await getItem(db, 'a');
    expect(after!.title).toBe('다른 기기에서 고친 제목');
    expect(after!.images).toEqual(item.images);
    // A delete from another device keeps the images for a day (the trash), then frees them.
    await applyRemote(
      db,
      { items: [], deleteItems: ['a'], reads: [], deleteReads: [] },
      1_000,
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(await db.images.count()).toBe(1);
    await applyRemote(
      db,
      { items: [], deleteItems: ['zzz'], reads: [], deleteReads: [] },
      1_000,
      new Date('2026-12-03T00:00:00Z'),
    );
    await db.transaction('rw', db.writeTables, () => purgeTrash(db, new Date('2026-12-03T00:00:00Z')));
    expect(await db.images.count()).toBe(0);
  });
});
