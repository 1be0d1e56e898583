// Storage and search: 10,000 generated Korean articles of about 2,000 characters (seeded)
// in real IndexedDB through lib/db; search p95 (target ≤ 50 ms), save + index one article median
// (target ≤ 20 ms), the library's first page of rows; MiniSearch and FlexSearch on the same corpus
// with their best Korean set-ups, time and recall side by side.
//
// Peers' Korean set-ups: character bigrams of each word, all query bigrams required (AND), for
// both. Whitespace words with prefix search miss every compound (정책 in 경제정책); FlexSearch's
// tokenize 'full' (every substring of a word) finds them too but needed 0.56 GB of heap for
// 1,000 articles, so 10,000 would not fit; its CJK charset indexes single syllables. Both are
// in-memory indexes; the product's numbers are IndexedDB ones (plus its own in-memory index, the
// same terms and ranking, for an apples-to-apples row).
//
// Ground truth: an item is relevant when every query word occurs as a substring of its title,
// text, note or tags. Recall = relevant items found / relevant items; precision = found items that
// are relevant / found items (each asked for all results).
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { ScrapnoteDB, toRow } from '../../lib/db/index';
import { upsertItem } from '../../lib/db/items';
import { libraryHead, libraryIds, libraryRows } from '../../lib/db/library';
import { rebuildSearchIndex, searchLibrary } from '../../lib/db/search';
import { MemoryIndex } from '../../lib/search/memory';
import { searchFields } from '../../lib/search/terms';
import { koreanItems, koreanText } from '../lib/korean.mjs';
import { importedLibrary, LIBRARY_SEED, librarySize } from '../lib/library.mjs';

export const name = 'search';
/** Runs after the export suite in the same profile: searches the library imported there. */
export const profile = 'library';
export const description =
  'lib/db + lib/search on generated Korean articles (seed 20261128, ~2,000 characters each) in real IndexedDB, against MiniSearch (bigram tokenizer, AND) and FlexSearch (bigrams), in memory. Targets: search p95 ≤ 50 ms, save + index median ≤ 20 ms.';

const bigrams = (text) => {
  const out = [];
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!w) continue;
    if (w.length === 1) out.push(w);
    for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
};

const docText = (item) => [item.title, item.text, item.note, ...item.tags].join('\n');

function makeMini() {
  return new MiniSearch({
    fields: ['title', 'body'],
    tokenize: bigrams,
    processTerm: (t) => t,
    searchOptions: { combineWith: 'AND', boost: { title: 3 } },
  });
}
const miniDoc = (item) => ({ id: item.id, title: item.title, body: [item.text, item.note, ...item.tags].join('\n') });

function makeFlex() {
  // tokenize 'full' (every substring) finds the same but took 0.56 GB of heap per 1,000 articles.
  return new FlexSearch.Index({ tokenize: 'strict', encode: bigrams });
}

/** Seeded queries: common nouns, rare proper nouns, two-word queries, nouns with a particle. */
function makeQueries(seed) {
  const g = koreanText(seed);
  const pick = (list, i) => list[i % list.length];
  const q = [];
  for (let i = 0; i < 12; i++) q.push(pick(g.nouns, i * 13 + 5));
  for (let i = 0; i < 10; i++) q.push(pick(g.proper, 40 + i * 97));
  for (let i = 0; i < 10; i++) q.push(`${pick(g.nouns, i * 7 + 1)} ${pick(g.nouns, i * 11 + 3)}`);
  for (let i = 0; i < 6; i++) q.push(`${pick(g.nouns, i * 17 + 2)}${['가', '는', '의', '를', '에서', '와'][i]}`);
  return q;
}

const heapMB = (ctx) => {
  ctx.gc();
  const h = ctx.heap();
  return h == null ? null : h / 2 ** 20;
};

export async function setup(ctx) {
  const n = librarySize(ctx.quick);
  const t0 = performance.now();
  const saves = ctx.quick ? 30 : 200;
  const all = koreanItems(n + 10 + saves, { seed: LIBRARY_SEED });
  const items = all.slice(0, n);
  const fresh = all.slice(n + 10); // saved one by one in the "save" case
  const warm = all.slice(n, n + 10);
  ctx.log(
    `generated ${n} articles in ${Math.round(performance.now() - t0)} ms (${Math.round(items.reduce((s, i) => s + i.text.length, 0) / n)} chars each on average)`,
  );
  const build = {};

  const imported = importedLibrary(n);
  const db = new ScrapnoteDB(imported ?? `scrapnote-bench-search-${Date.now()}`);
  await db.open();
  let t = performance.now();
  if (imported && (await db.items.count()) === n) {
    build.scrapnote = 'the library imported by the export suite (importText, with 5 highlights per item)';
  } else {
    // Run alone (--only=search): load the same articles without highlights.
    for (let i = 0; i < items.length; i += 500)
      await db.items.bulkPut(items.slice(i, i + 500).map((item) => toRow(item, [])));
    build['IndexedDB items bulkPut ms'] = Math.round(performance.now() - t);
    t = performance.now();
    await rebuildSearchIndex(db);
    build['scrapnote rebuildSearchIndex ms'] = Math.round(performance.now() - t);
  }

  let h0 = heapMB(ctx);
  t = performance.now();
  const memory = new MemoryIndex();
  for (const it of items) memory.add(it.id, it.savedAt, searchFields(it, []));
  build['scrapnote MemoryIndex build ms'] = Math.round(performance.now() - t);
  build['scrapnote MemoryIndex heap MB'] = h0 == null ? null : Math.round(heapMB(ctx) - h0);

  h0 = heapMB(ctx);
  t = performance.now();
  const mini = makeMini();
  mini.addAll(items.map(miniDoc));
  build['MiniSearch addAll ms'] = Math.round(performance.now() - t);
  build['MiniSearch heap MB'] = h0 == null ? null : Math.round(heapMB(ctx) - h0);
  await ctx.idle();

  h0 = heapMB(ctx);
  t = performance.now();
  const flex = makeFlex();
  for (const it of items) flex.add(it.id, docText(it));
  build['FlexSearch add ms'] = Math.round(performance.now() - t);
  build['FlexSearch heap MB'] = h0 == null ? null : Math.round(heapMB(ctx) - h0);
  ctx.log(`indexes built: ${JSON.stringify(build)}`);

  // Warm the save path (first transactions open object stores, JIT) with items not measured.
  for (const it of warm) {
    await upsertItem(db, it);
    mini.add(miniDoc(it));
    flex.add(it.id, docText(it));
  }

  const queries = makeQueries(99);
  const corpus = [...items, ...warm].map((it) => ({ id: it.id, text: docText(it) }));
  const relevant = queries.map((q) => {
    const words = q.split(/\s+/);
    return new Set(corpus.filter((d) => words.every((w) => d.text.includes(w))).map((d) => d.id));
  });
  return { db, memory, mini, flex, queries, relevant, fresh, build, n };
}

export function cases(s, ctx) {
  const { db, memory, mini, flex, queries, relevant, fresh, build, n } = s;
  const reps = ctx.quick ? 2 : 5;
  const limit = 50;
  const peers = [
    { name: 'MiniSearch (bigrams, AND)', fn: (q) => void mini.search(q).slice(0, limit) },
    { name: 'FlexSearch (bigrams)', fn: (q) => void flex.search(q, { limit }) },
  ];
  const quality = async () => {
    const score = (found, i) => {
      const rel = relevant[i];
      let hit = 0;
      for (const id of found) if (rel.has(id)) hit++;
      return { hit, found: found.length, rel: rel.size };
    };
    const agg = (list) => {
      const hit = list.reduce((a, r) => a + r.hit, 0);
      const rel = list.reduce((a, r) => a + r.rel, 0);
      const found = list.reduce((a, r) => a + r.found, 0);
      return { recall: rel ? +(hit / rel).toFixed(3) : null, precision: found ? +(hit / found).toFixed(3) : null };
    };
    const product = [];
    const ms = [];
    const fs = [];
    for (const [i, q] of queries.entries()) {
      product.push(
        score(
          (await searchLibrary(db, q, { limit: n + 100 })).hits.map((h) => h.itemId),
          i,
        ),
      );
      ms.push(
        score(
          mini.search(q).map((r) => r.id),
          i,
        ),
      );
      fs.push(score(flex.search(q, { limit: n + 100 }), i));
    }
    return {
      queries: queries.length,
      'relevant items per query (median)': [...relevant].map((r) => r.size).sort((a, b) => a - b)[relevant.length >> 1],
      scrapnote: agg(product),
      MiniSearch: agg(ms),
      FlexSearch: agg(fs),
      'index build': build,
    };
  };
  return [
    {
      name: `search, ${n} articles, IndexedDB (limit ${limit})`,
      inputs: queries,
      reps,
      product: { name: 'scrapnote searchLibrary', fn: (q) => searchLibrary(db, q, { limit }) },
      peers,
      info: quality,
      note: "per query; the product reads IndexedDB (terms, then candidates' text), the peers are in memory. info: recall and precision over all results, index build times and heap.",
    },
    {
      name: `search, ${n} articles, in memory (limit ${limit})`,
      inputs: queries,
      reps,
      product: { name: 'scrapnote MemoryIndex', fn: (q) => memory.search(q, { limit }) },
      peers,
      note: "the product's in-memory index (same terms and ranking) against the same in-memory peers.",
    },
    {
      name: 'save + index one article',
      inputs: fresh,
      reps: 1,
      warmup: false,
      product: { name: 'scrapnote upsertItem (IndexedDB)', fn: (it) => upsertItem(db, it) },
      peers: [
        { name: 'MiniSearch add (memory)', fn: (it) => void mini.add(miniDoc(it)) },
        { name: 'FlexSearch add (memory)', fn: (it) => void flex.add(it.id, docText(it)) },
      ],
      note: 'per new article, into the loaded library: the product writes the item and its index rows in one IndexedDB transaction; the peers only update memory.',
    },
    {
      name: 'library first page (first ids + 30 rows)',
      reps: ctx.quick ? 5 : 20,
      product: {
        name: 'scrapnote libraryHead + libraryRows',
        fn: async () => {
          const ids = await libraryHead(db, 'saved', 40);
          await libraryRows(db, ids.slice(0, 30));
        },
      },
      peers: [
        {
          name: 'every id (libraryIds) + libraryRows',
          fn: async () => {
            const ids = await libraryIds(db, 'saved');
            await libraryRows(db, ids.slice(0, 30));
          },
        },
      ],
      note: "the data part of the library's first paint: the side panel reads the first screen's ids from the end of the sort index, then the whole id list once those rows are shown (the peer: reading the whole list first, as before). The whole paint is measured by the library suite (target ≤ 300 ms).",
    },
  ];
}
