/**
 * The search index after an import. An import writes each item's search row in the same
 * transaction as its item row (lib/db/import.ts, through putRows), the one path every write takes.
 * These tests hold it to that: after any import into any library, the `search` table holds
 * exactly `searchRowOf` of every stored item row, and the search finds what the import brought.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScrapnoteDB, searchRowOf } from '@/lib/db';
import { importText } from '@/lib/db/import';
import { searchLibrary } from '@/lib/db/search';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import type { Highlight, SavedItem } from '@/lib/model';
import { docNumber } from '@/lib/search/engine';
import { canonicalize } from '@/lib/sites/identity';
import { makeHighlight, makeItem } from '../../support/items';
import { type Library, seed, sharedIdsLibraryArb } from '../../support/library';

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

const byItemId = <T extends { itemId: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));

/** The search table equals the search rows of the stored items: one per item, none left over. */
async function expectSearchRowsOfItems(db: ScrapnoteDB) {
  const expected = byItemId((await db.items.toArray()).map(searchRowOf));
  expect(byItemId(await db.search.toArray())).toEqual(expected);
}

const found = async (db: ScrapnoteDB, query: string) =>
  (await searchLibrary(db, query, { limit: 1000 })).hits.map((h) => h.itemId).sort();

describe('search rows of an import', () => {
  it('are the search rows of the stored items, for random libraries and random files over them', async () => {
    const fileArb = fc.tuple(sharedIdsLibraryArb, sharedIdsLibraryArb, fc.array(fc.nat(3), { maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(fileArb, async ([start, other, moves]) => {
        // The file: another library plus copies of some of the first one's items, each earlier
        // (move 0: skipped) or later than the stored one, with a marked note.
        const changed: SavedItem[] = [];
        const changedHighlights: Highlight[] = [];
        const winners: string[] = [];
        start.items.forEach((item, i) => {
          const move = moves[i];
          if (move === undefined) return;
          const later = new Date(Date.parse(item.updatedAt) + (move === 0 ? -1000 : 1000)).toISOString();
          if (move !== 0) winners.push(item.id);
          changed.push({
            ...item,
            note: move === 2 ? '갱신표지' : `${item.note} 갱신표지`,
            // Move 3 changes the save time: the item's place in recency order moves.
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
        const db = fresh();
        try {
          await seed(db, start);
          // A search before the import: the one after must see the import's changes.
          await searchLibrary(db, '하이라이트');
          await importText(db, file);
          await expectSearchRowsOfItems(db);
          // The newer copies' notes replaced the stored ones; the older copies changed nothing.
          expect(await found(db, '갱신표지')).toEqual([...winners].sort());
          // Every copy, older or newer, brought its new highlight, and its note is found.
          expect(await found(db, '하이라이트')).toEqual([...ids].sort());
        } finally {
          await db.delete();
        }
      }),
      { numRuns: 30 },
    );
  });
});

/** Ids whose document numbers collide for the same save time (same FNV hash modulo 1000). */
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

describe('items whose document numbers collide', () => {
  it('are each found, whether new, stored, or moved into or out of the same save time', async () => {
    const [a, b, c, d, e] = collidingIds('c', 5) as [string, string, string, string, string];
    const words = new Map([
      [a, 'alpha'],
      [b, 'bravo'],
      [c, 'charlie'],
      [d, 'delta'],
      [e, 'echo'],
    ]);
    const at = '2026-01-01T00:00:00.000Z';
    const item = (id: string, n: number, over: Partial<SavedItem> = {}) => {
      const url = `https://www.hani.co.kr/arti/${n}.html`;
      return makeItem({
        id,
        url,
        canonicalUrl: url,
        canonicalKey: canonicalize(url).key,
        title: `충돌 ${words.get(id)}`,
        savedAt: at,
        ...over,
      });
    };
    // Stored: `a` shares the save time and moves out of it; `d` was saved at another time and
    // moves into it; `e` stays where it is.
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
        item(d, 4, { savedAt: at, updatedAt: newer }),
        item(e, 5),
      ],
      [makeHighlight(b, { id: 'hb' }), makeHighlight(e, { id: 'he2', note: '두 번째' })],
    );
    const db = fresh();
    try {
      await seed(db, start);
      expect(await found(db, '충돌')).toEqual([a, d, e].sort());
      const report = await importText(db, file);
      expect(report.items).toEqual({ added: 2, updated: 2, skipped: 1 });
      expect(report.highlights.added).toBe(2);
      await expectSearchRowsOfItems(db);
      expect(await found(db, '충돌')).toEqual([a, b, c, d, e].sort());
      for (const [id, word] of words) expect(await found(db, word), word).toEqual([id]);
      // Most recent first: `a` (moved to June) before the four sharing the first of January.
      const hits = (await searchLibrary(db, '충돌')).hits.map((h) => h.itemId);
      expect(hits[0]).toBe(a);
      expect(await found(db, '번째')).toEqual([e]);
    } finally {
      await db.delete();
    }
  });
});
