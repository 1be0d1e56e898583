import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { addHighlight, deleteHighlight, getHighlight } from '@/lib/db/highlights';
import { deleteItems, type Removed, restoreItems, updateItemMeta, upsertItem } from '@/lib/db/items';
import { rebuildSearchIndex, searchLibrary } from '@/lib/db/search';
import { LibraryService } from '@/lib/db/service';
import type { Highlight } from '@/lib/model';
import { MemoryIndex } from '@/lib/search/memory';
import { searchFields } from '@/lib/search/terms';
import { allHighlights, makeHighlight, makeItem } from '../../support/items';

let db: ScrapnoteDB;
beforeEach(() => {
  db = new ScrapnoteDB(`search-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

/** The search rows as a comparable value: per item, its save time and signature. */
async function snapshot(d: ScrapnoteDB) {
  const [rows, items] = await Promise.all([d.search.toArray(), d.items.toArray()]);
  const savedMs = new Map(items.map((i) => [i.id, Date.parse(i.savedAt)]));
  return {
    byItem: Object.fromEntries(rows.map((r) => [r.itemId, { savedMs: r.savedMs, sig: [...r.sig] }])),
    count: rows.length,
    savedTimes: rows.every((r) => r.savedMs === savedMs.get(r.itemId)),
  };
}

const words = ['딥시크가', '대통령이', '정부', 'AI', 'GPT-4', '반도체', '국회의', '2025년', '통령', '대한'];
const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

type Op =
  | { op: 'save'; key: number; title: string; body: string; tags: string[]; at: number }
  | { op: 'meta'; pick: number; tags: string[]; note: string }
  | { op: 'delete'; pick: number }
  | { op: 'undo' }
  | { op: 'highlight'; pick: number; quote: string; slot: number }
  | { op: 'unhighlight'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('save' as const),
    key: fc.nat(5),
    title: text,
    body: text,
    tags: fc.array(fc.constantFrom('AI', '정치', '경제'), { maxLength: 2 }),
    at: fc.nat(3),
  }),
  fc.record({
    op: fc.constant('meta' as const),
    pick: fc.nat(),
    tags: fc.array(fc.constantFrom('AI', '정치', '반도체'), { maxLength: 2 }),
    note: text,
  }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('undo' as const) }),
  // Few highlight ids, so items hold highlights with the same id (ids are unique within an item only).
  fc.record({ op: fc.constant('highlight' as const), pick: fc.nat(), quote: text, slot: fc.nat(2) }),
  fc.record({ op: fc.constant('unhighlight' as const), pick: fc.nat() }),
);

async function apply(ops: Op[]) {
  const undo: Removed[] = [];
  let n = 0;
  for (const o of ops) {
    const ids = (await db.items.toCollection().primaryKeys()).sort();
    const pick = (i: number) => ids[i % Math.max(1, ids.length)];
    if (o.op === 'save') {
      await upsertItem(
        db,
        makeItem({
          id: `i${n++}`,
          canonicalKey: `k${o.key}`,
          title: o.title,
          text: o.body,
          tags: o.tags,
          // Equal save times on purpose: the document numbers given in memory must still be unique,
          // and rank equal hits as the memory index does.
          savedAt: new Date(Date.UTC(2026, 0, 1, o.at)).toISOString(),
        }),
      );
    } else if (o.op === 'meta' && ids.length) {
      await updateItemMeta(db, pick(o.pick)!, { tags: o.tags, note: o.note }, new Date('2026-02-01T00:00:00Z'));
    } else if (o.op === 'delete' && ids.length) {
      undo.push(await deleteItems(db, [pick(o.pick)!]));
    } else if (o.op === 'undo' && undo.length) {
      await restoreItems(db, undo.pop()!);
    } else if (o.op === 'highlight' && ids.length) {
      const ref = { itemId: pick(o.pick)!, id: `h${o.slot}` };
      if (await getHighlight(db, ref)) continue;
      await addHighlight(db, {
        ...ref,
        color: 'yellow',
        source: 'x',
        selector: [{ type: 'TextQuoteSelector', exact: o.quote, prefix: '', suffix: '' }],
        now: new Date('2026-02-01T00:00:00Z'),
      });
    } else if (o.op === 'unhighlight') {
      const before = await allHighlights(db);
      const h = before[o.pick % Math.max(1, before.length)];
      if (!h) continue;
      // Exactly that highlight goes: not one of the same id in another item.
      expect(await deleteHighlight(db, { itemId: h.itemId, id: h.id })).toEqual(h);
      const key = (x: Highlight) => `${x.itemId}/${x.id}`;
      expect((await allHighlights(db)).map(key).sort()).toEqual(
        before
          .filter((x) => x !== h)
          .map(key)
          .sort(),
      );
    }
    // A search after every write: the signatures in memory follow the change feed step by step.
    await searchLibrary(db, '정부');
  }
}

describe('IndexedDB search index', () => {
  it('finds saved items, ranked, and forgets deleted ones', async () => {
    await upsertItem(db, makeItem({ id: 'a', canonicalKey: 'a', title: '딥시크 충격', text: '본문' }));
    await upsertItem(
      db,
      makeItem({
        id: 'b',
        canonicalKey: 'b',
        title: '다른 기사',
        text: '중국 딥시크가 공개한 모델',
        savedAt: '2026-11-29T00:00:00Z',
      }),
    );
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a', 'b']);
    await updateItemMeta(db, 'b', { note: '대통령이 언급' }, new Date());
    expect((await searchLibrary(db, '대통령')).hits.map((h) => [h.itemId, h.field])).toEqual([['b', 'note']]);
    const removed = await deleteItems(db, ['a']);
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['b']);
    await restoreItems(db, removed);
    expect((await searchLibrary(db, '딥시크')).hits.map((h) => h.itemId)).toEqual(['a', 'b']);
    expect((await searchLibrary(db, '통령이 딥')).hits.map((h) => h.itemId)).toEqual(['b']);
    expect((await searchLibrary(db, '대령')).hits).toEqual([]);
  });

  it('common words among false candidates: at any limit exactly the memory index results', async () => {
    const memory = new MemoryIndex();
    for (let i = 0; i < 120; i++) {
      // Runs of matching items, items in between that do not match, syllables that are there but
      // apart (false candidates), numbers written together and apart, a few title matches.
      const text =
        i % 7 === 3 ? '정 부 관계자' : i % 5 === 0 ? '코로나 19 이후 정부 대책' : '정부가 발표한 코로나19 대책';
      const item = makeItem({
        id: `n${i}`,
        canonicalKey: `n${i}`,
        title: i % 11 === 0 ? '정부 발표' : `기사 ${i}`,
        text,
        savedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      });
      await upsertItem(db, item);
      memory.add(item.id, item.savedAt, searchFields(item, []));
    }
    for (const q of ['정부', '코로나19', '대책 정부', '부관']) {
      for (const limit of [5, 30, 200]) {
        const a = (await searchLibrary(db, q, { limit })).hits.map((h) => [h.itemId, h.score]);
        const b = (await memory.search(q, { limit })).hits.map((h) => [h.itemId, h.score]);
        expect(a).toEqual(b);
      }
    }
  });

  it('a search follows writes made through another connection (the background), by the change feed', async () => {
    // The side panel searches on its own connection, keeping signatures in memory; the background
    // writes through the library service on another.
    const page = new ScrapnoteDB(db.name);
    const library = new LibraryService(db, () => new Date('2026-12-01T00:00:00Z'));
    const found = async (q: string) => (await searchLibrary(page, q)).hits.map((h) => [h.itemId, h.field]);
    try {
      expect(await found('딥시크')).toEqual([]);
      await library.save(makeItem({ id: 'a', canonicalKey: 'a', title: '딥시크 충격', text: '본문' }));
      expect(await found('딥시크')).toEqual([['a', 'title']]);
      await library.updateItems(['a'], { note: '반도체 수출 규제' });
      expect(await found('반도체')).toEqual([['a', 'note']]);
      await library.addHighlight({
        id: 'h1',
        itemId: 'a',
        color: 'green',
        source: 'https://n.news.naver.com/mnews/article/028/0002731000',
        selector: makeHighlight('a').target.selector,
      });
      expect(await found('첫 정상회담')).toEqual([['a', 'highlight']]);
      await library.deleteHighlight({ itemId: 'a', id: 'h1' });
      expect(await found('첫 정상회담')).toEqual([]);
      const removed = await library.deleteItems(['a']);
      expect(await found('딥시크')).toEqual([]);
      await library.restoreDeleted(removed.items.map((i) => i.id));
      expect(await found('딥시크')).toEqual([['a', 'title']]);
      // The page's signatures were kept, not re-read: they equal a new connection's.
      const fresh = new ScrapnoteDB(db.name);
      for (const q of ['딥시크', '반도체', '본문']) {
        expect((await searchLibrary(page, q)).hits).toEqual((await searchLibrary(fresh, q)).hits);
      }
      fresh.close();
    } finally {
      page.close();
    }
  });

  it('the search rows kept by each write equal rebuilt ones, and searches equal the memory index', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (ops) => {
        await db.delete();
        db = new ScrapnoteDB(`search-${Math.random()}`);
        await apply(ops);
        const incremental = await snapshot(db);
        expect(incremental.savedTimes).toBe(true);
        expect(incremental.count).toBe(await db.items.count());

        const memory = new MemoryIndex();
        const highlights = await allHighlights(db);
        for (const item of await db.items.toArray()) {
          memory.add(
            item.id,
            item.savedAt,
            searchFields(
              item,
              highlights.filter((h) => h.itemId === item.id),
            ),
          );
        }
        // `db` kept its signatures from the feed; a new connection reads them all.
        const fresh = new ScrapnoteDB(db.name);
        for (const q of ['딥시크', '대통령', '통령', 'gpt', 'ai 정부', '국회']) {
          const a = (await searchLibrary(db, q)).hits.map((h) => [h.itemId, h.score]);
          const b = (await memory.search(q)).hits.map((h) => [h.itemId, h.score]);
          const c = (await searchLibrary(fresh, q)).hits.map((h) => [h.itemId, h.score]);
          expect(a).toEqual(b);
          expect(c).toEqual(b);
        }
        fresh.close();

        // Undo never duplicates a post nor orphans a highlight.
        const rows = await db.items.toArray();
        expect(new Set(rows.map((r) => r.canonicalKey)).size).toBe(rows.length);
        const ids = new Set(rows.map((r) => r.id));
        expect(highlights.filter((h) => !ids.has(h.itemId))).toEqual([]);
        // Each highlight's row holds it under its item, once, and it is found by its item and id.
        expect(rows.flatMap((r) => (r.highlights ?? []).filter((h) => h.itemId !== r.id))).toEqual([]);
        for (const r of rows) {
          const own = (r.highlights ?? []).map((h) => h.id);
          expect(new Set(own).size).toBe(own.length);
        }
        for (const h of highlights) expect(await getHighlight(db, { itemId: h.itemId, id: h.id })).toEqual(h);

        await rebuildSearchIndex(db);
        expect(await snapshot(db)).toEqual(incremental);
      }),
      {
        numRuns: 25,
        // Always run the sequence that once failed at random: save, highlight, delete, save the
        // same post again, undo (the key is then held by the newer item).
        examples: [
          [
            [
              { op: 'save', key: 1, title: '딥시크', body: '대통령', tags: ['AI'], at: 0 },
              { op: 'highlight', pick: 0, quote: '국회', slot: 0 },
              { op: 'delete', pick: 0 },
              { op: 'save', key: 1, title: '딥시크 다시', body: '정부', tags: ['정치'], at: 1 },
              { op: 'meta', pick: 0, tags: ['반도체'], note: 'gpt' },
              { op: 'undo' },
            ],
          ],
          // Two items with a highlight of the same id; one of them goes.
          [
            [
              { op: 'save', key: 1, title: '딥시크', body: '대통령', tags: [], at: 0 },
              { op: 'save', key: 2, title: '정부', body: '반도체', tags: [], at: 0 },
              { op: 'highlight', pick: 0, quote: '국회', slot: 0 },
              { op: 'highlight', pick: 1, quote: '통령', slot: 0 },
              { op: 'unhighlight', pick: 1 },
            ],
          ],
        ],
      },
    );
  });
});

describe('comments of saved posts', () => {
  it('are found, said to be where the words are, and rank below a match in the body', async () => {
    const comment = (text: string) => ({
      id: '1',
      parent: null,
      depth: 0,
      author: '독자1',
      memberId: null,
      ip: null,
      dateText: null,
      date: null,
      text,
      byPoster: false,
    });
    await upsertItem(
      db,
      makeItem({
        id: 'c',
        canonicalKey: 'kc',
        title: '주말 나들이',
        text: '날씨가 좋았다.',
        comments: [comment('사진 잘 봤습니다 단풍놀이')],
      }),
    );
    await upsertItem(
      db,
      makeItem({
        id: 'b',
        canonicalKey: 'kb',
        title: '가을 여행',
        text: '단풍놀이 명소를 소개한다.',
        savedAt: '2024-01-01T00:00:00.000Z',
      }),
    );
    const { hits } = await searchLibrary(db, '단풍놀이');
    expect(hits.map((h) => h.itemId)).toEqual(['b', 'c']);
    expect(hits[1]!.places).toEqual(['comment']);
  });
});
