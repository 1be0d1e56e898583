/**
 * Schema version 4: XE/Rhymix posts are keyed by host + document_srl (lib/sites/identity.ts), no
 * longer by host + mid + document_srl. Saved XE items get their new key, so the short form `/N`
 * and the long forms of one post find the same item.
 */
import type { Transaction } from 'dexie';
import { urlKey } from '../sites/identity';
import type { ItemRow } from './index';

/** The key a stored XE item has under the current identity rules; null for other items. */
function xeKey(row: ItemRow): string | null {
  if (row.site?.engine !== 'xe') return null;
  try {
    return urlKey(row.url, 'xe');
  } catch {
    return null; // a stored URL that does not parse keeps its key
  }
}

/**
 * Recompute the keys of stored XE items. When two items become one post (the same post saved
 * from its `/N` and `/mid/N` forms), the one that already has the key, else the earliest saved,
 * takes it; the other keeps its old key, so nothing is merged or lost.
 */
export async function upgradeXeKeys(tx: Transaction): Promise<void> {
  const items = tx.table<ItemRow, string>('items');
  const rows = await items.toArray();
  const taken = new Set(rows.map((r) => r.canonicalKey));
  const changes: { row: ItemRow; key: string }[] = [];
  const candidates = rows
    .map((row) => ({ row, key: xeKey(row) }))
    .filter((c): c is { row: ItemRow; key: string } => c.key !== null && c.key !== c.row.canonicalKey)
    .sort((a, b) => (a.row.savedAt < b.row.savedAt ? -1 : a.row.savedAt > b.row.savedAt ? 1 : 0));
  for (const c of candidates) {
    if (taken.has(c.key)) continue;
    taken.add(c.key);
    changes.push(c);
  }
  // The unique index allows the new key only once it is free: the old keys being given up are
  // never another change's new key (they have the host/mid/N shape, new XE keys host/N).
  for (const { row, key } of changes) await items.update(row.id, { canonicalKey: key });
}
