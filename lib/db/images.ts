/**
 * The images of saved items: one row per content hash (SHA-256 of the bytes), whatever the
 * number of items, URLs or sites that show it. A row names the items that use it; an item in
 * the trash still uses its images (undo brings them back), so a row goes when none of its items
 * is in the library or the trash. These functions run inside the library's write transactions
 * (./items.ts, ./remote.ts, ./import.ts), never alone.
 */
import type { ItemImage } from '../model';
import type { ImageRow, ItemRow, ScrapnoteDB } from './index';

/** An image fetched for an item, ready to store. */
export interface ImageBlob {
  hash: string;
  blob: Blob;
  type: string;
  size: number;
}

/** How long deleted items stay in the trash for undo. */
export const TRASH_MS = 24 * 60 * 60_000;

/** The hashes of an item's stored images, without repeats. */
export function hashesOf(images: readonly ItemImage[] | undefined): string[] {
  const out = new Set<string>();
  for (const img of images ?? []) if (img.hash) out.add(img.hash);
  return [...out];
}

/**
 * Give an item the images of its list (inside a write): rows for new hashes (from `blobs`), the
 * item added to the rows it now uses, and released from those its earlier list (`before`) used.
 * A hash of the list with no row and no blob is dropped from the list (the copy is not there).
 * Returns the list as stored.
 */
export async function attachImages(
  db: ScrapnoteDB,
  itemId: string,
  images: readonly ItemImage[] | undefined,
  blobs: readonly ImageBlob[],
  before: readonly ItemImage[] | undefined,
  now: Date,
): Promise<ItemImage[] | undefined> {
  const wanted = hashesOf(images);
  const byHash = new Map(blobs.map((b) => [b.hash, b] as const));
  const rows = await db.images.bulkGet(wanted);
  const put: ImageRow[] = [];
  const missing = new Set<string>();
  wanted.forEach((hash, i) => {
    const row = rows[i];
    if (row) {
      if (!row.items.includes(itemId)) put.push({ ...row, items: [...row.items, itemId] });
      return;
    }
    const b = byHash.get(hash);
    if (!b) {
      missing.add(hash);
      return;
    }
    put.push({ hash, blob: b.blob, type: b.type, size: b.size, items: [itemId], storedAt: now.toISOString() });
  });
  if (put.length) await db.images.bulkPut(put);
  const kept = new Set(wanted);
  const dropped = hashesOf(before).filter((h) => !kept.has(h));
  if (dropped.length) await releaseImages(db, dropped, [itemId]);
  if (!images) return undefined;
  return images.map((img) =>
    img.hash && missing.has(img.hash) ? { url: img.url, hash: null, size: 0, skipped: 'failed' as const } : img,
  );
}

/**
 * Release images (inside a write): each row keeps only the items that are still in the library
 * or the trash and still list it (`leaving` items no longer do), and goes when none is left.
 * Returns the bytes freed.
 */
export async function releaseImages(
  db: ScrapnoteDB,
  hashes: readonly string[],
  leaving: readonly string[] = [],
): Promise<number> {
  if (!hashes.length) return 0;
  const rows = (await db.images.bulkGet([...new Set(hashes)])).filter((r) => r !== undefined);
  const ids = [...new Set(rows.flatMap((r) => r.items))];
  const [live, trashed] = await Promise.all([db.items.bulkGet(ids), db.trash.bulkGet(ids)]);
  const users = new Map<string, ItemRow>();
  ids.forEach((id, i) => {
    const row = live[i] ?? trashed[i]?.row;
    if (row && !leaving.includes(id)) users.set(id, row);
  });
  const put: ImageRow[] = [];
  const gone: string[] = [];
  let freed = 0;
  for (const row of rows) {
    const items = row.items.filter((id) => users.get(id)?.images?.some((img) => img.hash === row.hash));
    if (!items.length) {
      gone.push(row.hash);
      freed += row.size;
    } else if (items.length !== row.items.length) put.push({ ...row, items });
  }
  await Promise.all([db.images.bulkDelete(gone), put.length ? db.images.bulkPut(put) : undefined]);
  return freed;
}

/**
 * Empty the trash of items deleted more than a day before `now` (inside a write), freeing the
 * images only they used. Returns how many items left the trash.
 */
export async function purgeTrash(db: ScrapnoteDB, now: Date, maxAgeMs = TRASH_MS): Promise<number> {
  const old = await db.trash
    .where('deletedAt')
    .below(new Date(now.getTime() - maxAgeMs).toISOString())
    .toArray();
  if (!old.length) return 0;
  await db.trash.bulkDelete(old.map((t) => t.id));
  await releaseImages(
    db,
    old.flatMap((t) => hashesOf(t.row.images)),
    old.map((t) => t.id),
  );
  return old.length;
}

/** How much the stored images take: rows and bytes. */
export async function imageUsage(db: ScrapnoteDB): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  await db.images.each((row) => {
    count++;
    bytes += row.size;
  });
  return { count, bytes };
}

/** The stored images of these hashes (those there are). */
export async function imageBlobs(db: ScrapnoteDB, hashes: readonly string[]): Promise<Map<string, Blob>> {
  const rows = await db.images.bulkGet([...new Set(hashes)]);
  const out = new Map<string, Blob>();
  for (const row of rows) if (row) out.set(row.hash, row.blob);
  return out;
}

/** Every stored image used by one of these items, with its type (exports). */
export async function imagesOfItems(db: ScrapnoteDB, items: ReadonlyArray<{ images?: ItemImage[] }>) {
  const rows = await db.images.bulkGet(
    items.flatMap((i) => hashesOf(i.images)).filter((h, i, a) => a.indexOf(h) === i),
  );
  return rows.filter((r) => r !== undefined);
}
