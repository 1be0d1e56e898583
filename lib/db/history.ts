/**
 * Reading history: which board posts the reader opened or saved, when, and how many comments
 * the board's list showed then (so a list can say "+N" new comments). Kept in this browser only;
 * every change goes through the library service and the change feed, like the library's.
 */
import { recordChanges } from './feed';
import type { ReadRow, ScrapnoteDB } from './index';
import { write } from './items';

/** A post opened or saved: its keys (every form of its address), URL, and the list's count if known. */
export interface ReadEntry {
  keys: readonly string[];
  url: string;
  comments: number | null;
}

/**
 * Record that posts were opened (or saved). A count of null keeps the one recorded before, so a
 * visit from outside the list does not forget what the list showed.
 */
export async function recordReads(db: ScrapnoteDB, entries: readonly ReadEntry[], now: Date): Promise<void> {
  if (!entries.length) return;
  await write(db, async () => {
    const keys = [...new Set(entries.flatMap((e) => e.keys))];
    const before = new Map((await db.reads.bulkGet(keys)).filter((r) => r !== undefined).map((r) => [r.key, r]));
    const at = now.toISOString();
    const rows: ReadRow[] = [];
    for (const e of entries) {
      for (const key of e.keys) {
        rows.push({ key, url: e.url, at, comments: e.comments ?? before.get(key)?.comments ?? null });
      }
    }
    await db.reads.bulkPut(rows);
    await recordChanges(
      db,
      rows.map((r) => ({ entity: 'read', id: r.key, itemId: '', op: 'put', key: r.key })),
      { now },
    );
  });
}

/** The history of these post keys (those never opened are absent). */
export async function readsOf(db: ScrapnoteDB, keys: readonly string[]): Promise<Map<string, ReadRow>> {
  const rows = await db.reads.bulkGet([...new Set(keys)]);
  return new Map(rows.filter((r) => r !== undefined).map((r) => [r.key, r]));
}

/** Forget the whole reading history; returns how many posts it held. */
export async function clearReads(db: ScrapnoteDB, now: Date): Promise<number> {
  return write(db, async () => {
    const keys = (await db.reads.toCollection().primaryKeys()) as string[];
    await db.reads.clear();
    await recordChanges(
      db,
      keys.map((key) => ({ entity: 'read', id: key, itemId: '', op: 'delete', key })),
      { now },
    );
    return keys.length;
  });
}
