/**
 * The import writes the search index in bulk (lib/db/search.ts startBulkIndex with the fast
 * signatures of lib/db/bulk-signature.ts). These tests hold it to the one-by-one path: the same
 * import data written to a twin database and indexed with reindexItems, in file order, must give
 * exactly the same searchSigs rows (doc numbers included; only `gen` may differ).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { importText } from '@/lib/db/import';
import { rebuildSearchIndex, reindexItems } from '@/lib/db/search';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import type { Highlight, SavedItem } from '@/lib/model';
import { docNumber } from '@/lib/search/engine';
import { canonicalize } from '@/lib/sites/identity';
import { makeHighlight, makeItem } from '../../support/items';
import { type Library, libraryArb, seed } from './library';

const NOW = new Date('2026-11-28T09:00:00.000Z');
const fresh = () => new ScrapnoteDB(`test-${Math.random()}`);

function fileOf(items: SavedItem[], highlights: Highlight[]): string {
  const by = (id: string) => highlights.filter((h) => h.itemId === id);
  return [
    ...exportChunks(
      exportHeader(NOW, '0.1.0'),
      items.map((i) => exportItem(i, by(i.id))),
    ),
  ].join('');
}

/** Index rows without their write generations, in doc order. */
async function indexRows(db: ScrapnoteDB) {
  return (await db.searchSigs.orderBy('doc').toArray()).map((r) => ({
    doc: r.doc,
    itemId: r.itemId ?? null,
    sig: r.sig ? Array.from(r.sig) : null,
  }));
}

/**
 * Import `file` into a library seeded with `start`, and into its twin write the resulting items
 * and highlights directly and index the file's items one by one; both indexes must be equal.
 */
async function expectSameIndexAsOneByOne(start: Library, file: string) {
  const db = fresh();
  const twin = fresh();
  try {
    for (const d of [db, twin]) {
      await seed(d, start);
      await rebuildSearchIndex(d);
    }
    const report = await importText(db, file);
    const items = await db.items.toArray();
    const fileIds = (JSON.parse(file) as { items: Array<{ id: string }> }).items.map((i) => i.id);
    const rejected = new Set(report.rejected.map((r) => r.id));
    await twin.items.bulkPut(items);
    await reindexItems(
      twin,
      fileIds.filter((id) => !rejected.has(id)),
    );
    expect(await indexRows(db)).toEqual(await indexRows(twin));
    return report;
  } finally {
    await db.delete();
    await twin.delete();
  }
}

/** Two ids whose doc numbers collide for the same save time (same FNV hash modulo 1000). */
function collidingIds(prefix: string, count: number): string[] {
  const byBucket = new Map<number, string[]>();
  for (let i = 0; ; i++) {
    const id = `${prefix}${i}`;
    const bucket = docNumber('2026-01-01T00:00:00.000Z', id) % 1000;
    const list = byBucket.get(bucket) ?? [];
    list.push(id);
    byBucket.set(bucket, list);
    if (list.length === count) return list;
  }
}

describe('bulk index of an import', () => {
  it('equals one-by-one indexing for random libraries and random files over them', async () => {
    const fileArb = fc.tuple(libraryArb, libraryArb, fc.array(fc.nat(3), { maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(fileArb, async ([start, other, moves]) => {
        // The file: another library plus changed copies of some of the first one's items.
        const changed: SavedItem[] = [];
        const changedHighlights: Highlight[] = [];
        start.items.forEach((item, i) => {
          const move = moves[i];
          if (move === undefined) return;
          const later = new Date(Date.parse(item.updatedAt) + (move === 0 ? -1000 : 1000)).toISOString();
          changed.push({
            ...item,
            note: move === 2 ? `${item.note} 새 메모` : item.note,
            // Move 3 changes the save time: the item's doc number moves.
            savedAt: move === 3 ? '2030-01-01T00:00:00.000Z' : item.savedAt,
            updatedAt: later,
          });
          const own = start.highlights.filter((h) => h.itemId === item.id);
          for (const h of own.slice(0, 1)) changedHighlights.push({ ...h, note: '고친 메모', updatedAt: later });
          changedHighlights.push(makeHighlight(item.id, { id: `${item.id}~new`, note: '새 하이라이트' }));
        });
        const ids = new Set(changed.map((i) => i.id));
        const others = other.items.filter((i) => !ids.has(i.id));
        const file = fileOf(
          [...others, ...changed],
          [...other.highlights.filter((h) => !ids.has(h.itemId)), ...changedHighlights],
        );
        await expectSameIndexAsOneByOne(start, file);
      }),
      { numRuns: 30 },
    );
  });

  it('numbers colliding documents like one-by-one indexing, in new, stored and moved items', async () => {
    const [a, b, c, d, e] = collidingIds('c', 5) as [string, string, string, string, string];
    const at = '2026-01-01T00:00:00.000Z';
    const item = (id: string, n: number, over: Partial<SavedItem> = {}) => {
      const url = `https://www.hani.co.kr/arti/${n}.html`;
      return makeItem({ id, url, canonicalUrl: url, canonicalKey: canonicalize(url).key, savedAt: at, ...over });
    };
    // Stored: `a` holds the bucket's first number and moves out of it (a new save time), which
    // frees that number for `b`; `d` was saved at another time and moves into the bucket; `e`
    // stays where it is.
    const start: Library = {
      items: [item(a, 1), item(d, 4, { savedAt: '2025-01-01T00:00:00.000Z' }), item(e, 5)],
      highlights: [makeHighlight(e, { id: 'he' })],
    };
    const newer = '2026-11-29T00:00:00.000Z';
    const file = fileOf(
      [
        item(a, 1, { savedAt: '2026-06-01T00:00:00.000Z', updatedAt: newer }),
        item(b, 2),
        item(c, 3),
        item(d, 4, { updatedAt: newer }),
        item(e, 5),
      ],
      [makeHighlight(b, { id: 'hb' }), makeHighlight(e, { id: 'he2', note: '두 번째' })],
    );
    const report = await expectSameIndexAsOneByOne(start, file);
    expect(report.items).toEqual({ added: 2, updated: 2, skipped: 1 });
    expect(report.highlights.added).toBe(2);
  });
});
