// Korean search at scale: 100,000 generated Korean articles (about 2,000 characters each, five
// highlights each) in Chromium's real IndexedDB through lib/db, and 10,000 of them in a second
// database, searched with the labelled query set test/fixtures/search/labelled-queries.json
// (139 queries: spacing variants, quoted phrases, particles, typing prefixes, initial consonants,
// syllables mixed with initials, middle dots, numbers, facets), written before any tuning against
// this suite. MiniSearch and FlexSearch, configured for Korean (character bigrams of each word,
// all query bigrams required), index the same articles in memory in the same run; recall and
// precision over all results of every query are reported next to the times, per query kind.
//
// Ground truth: the generator plants each concept of the fixture (챗봇규제 / 챗봇 규제, 쿠팡·배민,
// 1,234억 원...) in some articles' bodies, titles and tags, in one of its forms and followed by a
// particle or a space, and remembers where. A query's relevant items hold its concept (in the
// forms the query lists, with its particle, passing its facets). Initial-consonant queries are
// relevant where a title or tag has words whose syllables start with those consonants, by a rule
// written here (initialsRelevant), not by the product's matcher. The forms are checked to never
// occur in the filler text of the first 2,000 articles.
//
// Peers hold everything in memory. Building them for 100,000 articles is tried with a heap
// guard (2.5 GB of its own, 3.5 GB for the page); a peer that does not fit is reported as such
// and left out of the 100,000 case.
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { ScrapnoteDB, toRow } from '../../lib/db/index';
import { putRows, upsertItem } from '../../lib/db/items';
import { libraryHead, libraryRows } from '../../lib/db/library';
import { searchLibrary } from '../../lib/db/search';
import { parseFacets } from '../../lib/search/facets';
import LABELS from '../../test/fixtures/search/labelled-queries.json';
import { koreanText } from '../lib/korean.mjs';

export const name = 'search-scale';
export const description =
  'lib/db + lib/search with 100,000 and 10,000 generated Korean articles (2,000 characters, five highlights each) in real IndexedDB, the labelled query set (139 queries: spacing, 초성, particles, prefixes, numbers, middle dots, facets), against MiniSearch and FlexSearch (Korean bigrams, in memory) in the same run. Targets: 100,000: search p95 ≤ 100 ms with recall 1.0, save + index ≤ 30 ms median, search memory < 300 MB; 10,000: p95 ≤ 30 ms and faster than MiniSearch.';

const SEED = 20261207;
const HEAP_GUARD = 2.5 * 2 ** 30;
const PARTICLES = ['', '', '이', '가', '은', '는', '을', '를', '의', '에서', '로', '도'];

// ------------------------------------------------------------------ peers (as in the search suite)

const bigrams = (text) => {
  const out = [];
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!w) continue;
    if (w.length === 1) out.push(w);
    for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
};
const makeMini = () =>
  new MiniSearch({
    fields: ['title', 'body'],
    tokenize: bigrams,
    processTerm: (t) => t,
    searchOptions: { combineWith: 'AND', boost: { title: 3 } },
  });
const makeFlex = () => new FlexSearch.Index({ tokenize: 'strict', encode: bigrams });
const peerText = (q) => parseFacets(q).text.replace(/"/g, ' ');

// ------------------------------------------------------------------ generation

const heap = () => performance.memory?.usedJSHeapSize ?? 0;
const MB = (b) => Math.round(b / 2 ** 20);

/** The fixture's concepts as a list, each with its forms. */
const CONCEPTS = Object.entries(LABELS.concepts).map(([id, c]) => ({ id, ...c, formList: Object.entries(c.forms) }));
/** Planting weights: 김치 more often than 기초 (ㄱㅊ ranks by how the library uses them). */
const WEIGHT = { kimchi: 3, pension: 1 };

/** Articles in batches, with what was planted where. */
function* articles(n, batch) {
  const g = koreanText(SEED);
  const r = g.r;
  const pick = (list) => list[Math.floor(r() * list.length)];
  const weighted = CONCEPTS.flatMap((c) => Array(WEIGHT[c.id] ?? 2).fill(c));
  const t0 = Date.parse('2020-01-01T00:00:00Z');
  for (let from = 0; from < n; from += batch) {
    const items = [];
    const planted = [];
    for (let i = from; i < Math.min(n, from + batch); i++) {
      const paras = [];
      let len = 0;
      while (len < 2000) {
        const p = g.paragraph(150 + Math.floor(r() * 300));
        paras.push(p);
        len += p.length + 1;
      }
      let title = g.title();
      const tags = i % 5 === 0 ? [g.noun()] : [];
      const filler = i < 2000 ? `${title}\n${paras.join('\n')}\n${tags.join('\n')}` : null;
      // About one article in twelve holds a concept, one in a hundred two.
      const count = r() < 0.08 ? (r() < 0.12 ? 2 : 1) : 0;
      const marks = [];
      for (let k = 0; k < count; k++) {
        const c = pick(weighted);
        const [form, text] = pick(c.formList);
        const particle = pick(PARTICLES);
        const where = r();
        const mark = { concept: c.id, form, particle, title: false, tag: false };
        if (where < 0.3) {
          const words = title.split(' ');
          words[0] = text + particle;
          title = words.join(' ');
          mark.title = true;
        } else if (where < 0.4 && form === 'joined') {
          tags.push(text);
          mark.tag = true;
          mark.particle = '';
        }
        // Always in the body too (with the mark's particle): at a sentence start of some paragraph.
        const p = Math.floor(r() * paras.length);
        paras[p] = `${text}${mark.particle} ${paras[p]}`;
        marks.push(mark);
      }
      const board = i % 4 === 3;
      const host = `news${i % 37}.example.kr`;
      const savedAt = new Date(t0 + i * 600_000).toISOString();
      const text = paras.join('\n');
      const id = `scale-${String(i).padStart(6, '0')}`;
      items.push({
        id,
        kind: board ? 'post' : 'article',
        url: `https://${host}/article/${i}`,
        canonicalUrl: `https://${host}/article/${i}`,
        originalUrl: null,
        canonicalKey: `${host}/article/${i}`,
        site: { host, name: `뉴스${i % 37}`, engine: board ? 'xe' : 'generic', via: null },
        board: board ? { name: '자유게시판', url: `https://${host}/free`, postId: String(i), number: i } : null,
        title,
        byline: `${g.proper[i % g.proper.length]} 기자`,
        authors: [g.proper[i % g.proper.length]],
        poster: board ? `회원${i % 500}` : null,
        publishedAt: new Date(t0 + i * 600_000 - 60_000).toISOString(),
        publishedText: null,
        lang: 'ko',
        excerpt: paras[0].slice(0, 120),
        text,
        html: paras.map((x) => `<p>${x}</p>`).join(''),
        tags,
        note: i % 9 === 0 ? g.sentence() : '',
        savedAt,
        updatedAt: savedAt,
      });
      planted.push({ id, marks, filler, kind: board ? 'post' : 'article', host, site: `뉴스${i % 37}`, title, tags });
    }
    yield { items, planted };
  }
}

/** Five highlights of an item: slices of its text, one with a note. */
function highlightsOf(it) {
  return [0, 1, 2, 3, 4].map((k) => {
    const start = (k * 331) % Math.max(1, it.text.length - 40);
    const exact = it.text.slice(start, start + 30);
    return {
      id: `${it.id}-h${k}`,
      itemId: it.id,
      color: 'yellow',
      note: k === 0 ? '다시 읽을 부분' : '',
      createdAt: it.savedAt,
      updatedAt: it.savedAt,
      target: {
        source: it.url,
        selector: [
          { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
          { type: 'TextPositionSelector', start, end: start + exact.length },
        ],
      },
    };
  });
}

// ------------------------------------------------------------------ ground truth

const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const initialOf = (ch) => {
  const c = ch.charCodeAt(0);
  return c >= 0xac00 && c <= 0xd7a3 ? INITIALS[Math.floor((c - 0xac00) / 588)] : null;
};
const ENDINGS = new Set(PARTICLES);

/**
 * The rule for initial-consonant queries: a title or tag has, at a word's start, syllables whose
 * initials spell the query; the match may run on into the next word (written apart) when the word
 * it leaves has at least two syllables, and then must end its last word or leave only a particle.
 */
function initialsRelevant(query, texts) {
  const want = [...query.replace(/\s/g, '')];
  for (const text of texts) {
    // ㆍ (U+318D) is a letter to Unicode but a middle dot in Korean writing.
    const words = text
      .normalize('NFC')
      .split(/[^\p{L}\p{N}]+|ㆍ/u)
      .filter(Boolean);
    for (let w = 0; w < words.length; w++) {
      let k = 0;
      let x = w;
      let crossed = false;
      let ok = true;
      while (ok && k < want.length && x < words.length) {
        const syl = [...words[x]];
        let s = 0;
        while (s < syl.length && k < want.length && initialOf(syl[s]) === want[k]) {
          s++;
          k++;
        }
        if (k === want.length) {
          if (crossed && !ENDINGS.has(syl.slice(s).join(''))) ok = false;
          break;
        }
        // Run on into the next word only from the end of this one, of two or more syllables.
        if (s < syl.length || syl.length < 2) ok = false;
        crossed = true;
        x++;
      }
      if (ok && k === want.length) return true;
    }
  }
  return false;
}

/** The relevant item ids of each labelled query. */
function groundTruth(queries, docs) {
  return queries.map((entry) => {
    const rel = entry.relevant;
    const { facets } = parseFacets(entry.q);
    const passes = (d) =>
      (facets.kind === undefined || d.kind === facets.kind) &&
      facets.outlet.every((o) => d.site === o) &&
      facets.site.every((s) => d.host === s) &&
      facets.board.every(() => d.kind === 'post');
    const out = new Set();
    if (entry.kind === 'initials') {
      for (const d of docs) if (passes(d) && initialsRelevant(entry.q, [d.title, ...d.tags])) out.add(d.id);
      return out;
    }
    const concepts = new Set(rel.concept.split('+'));
    for (const d of docs) {
      if (!passes(d)) continue;
      const ok = d.marks.some(
        (m) =>
          concepts.has(m.concept) &&
          (!rel.forms || rel.forms.includes(m.form)) &&
          (rel.particle === undefined || m.particle === rel.particle),
      );
      if (ok) out.add(d.id);
    }
    return out;
  });
}

/** Throw when a concept's form (or a query's text) occurs in filler text: the labels would be wrong. */
function checkFiller(docs) {
  const forms = CONCEPTS.flatMap((c) => c.formList.map(([, t]) => t));
  for (const d of docs) {
    if (!d.filler) continue;
    const squeezed = d.filler.replace(/[\s·ㆍ,]/g, '');
    for (const f of forms) {
      if (squeezed.includes(f.replace(/[\s·ㆍ,]/g, ''))) throw new Error(`form ${f} occurs in the filler of ${d.id}`);
    }
  }
}

// ------------------------------------------------------------------ suite

export async function setup(ctx) {
  const N = ctx.quick ? 5_000 : 100_000;
  const SMALL = ctx.quick ? 1_000 : 10_000;
  const build = {};
  const stamp = Date.now();
  const big = new ScrapnoteDB(`scrapnote-bench-scale-${N}-${stamp}`);
  const small = new ScrapnoteDB(`scrapnote-bench-scale-${SMALL}-${stamp}`);
  await Promise.all([big.open(), small.open()]);
  const docs = [];
  const miniSmall = makeMini();
  const flexSmall = makeFlex();
  let writeMs = 0;
  let generateMs = 0;
  let t = performance.now();
  const gen = articles(N, 500);
  for (;;) {
    const g0 = performance.now();
    const next = gen.next();
    generateMs += performance.now() - g0;
    if (next.done) break;
    const { items, planted } = next.value;
    for (const p of planted) docs.push(p);
    const rows = items.map((it) => toRow(it, highlightsOf(it)));
    const w0 = performance.now();
    // The product's own write of items with their search rows (as an import does).
    await big.transaction('rw', big.writeTables, () => putRows(big, rows));
    writeMs += performance.now() - w0;
    if (docs.length <= SMALL) {
      await small.transaction('rw', small.writeTables, () => putRows(small, rows));
      miniSmall.addAll(
        items.map((it) => ({ id: it.id, title: it.title, body: [it.text, it.note, ...it.tags].join('\n') })),
      );
      for (const it of items) flexSmall.add(it.id, [it.title, it.text, it.note, ...it.tags].join('\n'));
    }
    if (docs.length % 10_000 === 0)
      ctx.log(`written ${docs.length} articles (${Math.round(performance.now() - t)} ms)`);
    await ctx.idle();
  }
  checkFiller(docs);
  for (const d of docs) d.filler = null;
  build[`generate ${N} ms`] = Math.round(generateMs);
  build[`scrapnote write ${N} (items + search rows, 5 highlights each) ms`] = Math.round(writeMs);
  ctx.log(`library of ${N} written: ${JSON.stringify(build)}`);

  // Peers at N, with a heap guard: article texts are generated again (same seed), never all held.
  const peersBig = {};
  for (const [name, make, add] of [
    [
      'MiniSearch',
      makeMini,
      (ix, it) => ix.add({ id: it.id, title: it.title, body: [it.text, it.note, ...it.tags].join('\n') }),
    ],
    ['FlexSearch', makeFlex, (ix, it) => ix.add(it.id, [it.title, it.text, it.note, ...it.tags].join('\n'))],
  ]) {
    ctx.gc();
    const h0 = heap();
    t = performance.now();
    let ix = make();
    let added = 0;
    let fits = true;
    for (const { items } of articles(N, 500)) {
      for (const it of items) add(ix, it);
      added += items.length;
      await ctx.idle();
      // Its own share, and the page's whole heap (the other peer may be held) under 3.5 GB.
      if (heap() - h0 > HEAP_GUARD || heap() > 3.5 * 2 ** 30) {
        fits = false;
        break;
      }
    }
    const ms = Math.round(performance.now() - t);
    const used = MB(heap() - h0);
    if (fits) {
      peersBig[name] = ix;
      build[`${name} ${N} build ms`] = ms;
      build[`${name} ${N} heap MB`] = used;
    } else {
      build[`${name} ${N}`] =
        `did not fit: ${added} articles indexed in ${ms} ms took ${used} MB of heap (guard ${MB(HEAP_GUARD)} MB)`;
    }
    ix = null;
    ctx.gc();
    ctx.log(`${name} at ${N}: ${fits ? `${ms} ms, ${used} MB` : build[`${name} ${N}`]}`);
  }

  // Search memory: the signatures and heads a context holds after its first search.
  ctx.gc();
  // What a search keeps, not the garbage of reading the rows: the arrays IndexedDB hands over are
  // freed a collection or two after they are dropped, so collect until the heap stops shrinking.
  const settled = async () => {
    let last = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 5 && heap() < last; k++) {
      last = heap();
      ctx.gc();
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await settled();
  let h0 = heap();
  t = performance.now();
  await searchLibrary(big, '정부', { limit: 50 });
  build[`scrapnote first search at ${N} (reads every search row) ms`] = Math.round(performance.now() - t);
  await settled();
  build[`scrapnote search memory at ${N} MB`] = MB(heap() - h0);
  h0 = heap();
  await searchLibrary(small, '정부', { limit: 50 });
  await settled();
  build[`scrapnote search memory at ${SMALL} MB`] = MB(heap() - h0);

  const queries = LABELS.queries;
  const truthBig = groundTruth(queries, docs);
  const truthSmall = groundTruth(queries, docs.slice(0, SMALL));
  const rel = truthBig.map((s) => s.size).sort((a, b) => a - b);
  build['relevant items per query at N (min / median / max)'] = `${rel[0]} / ${rel[rel.length >> 1]} / ${rel.at(-1)}`;
  ctx.log(`ground truth ready; ${JSON.stringify(build)}`);

  // Articles for the save case: texts like the library's, under new ids and keys.
  const extra = [];
  const g2 = articles(60, 60).next().value.items;
  for (const [k, it] of g2.entries()) {
    extra.push({
      ...it,
      id: `fresh-${k}`,
      canonicalKey: `fresh.example.kr/${k}`,
      url: `https://fresh.example.kr/${k}`,
    });
  }
  return { big, small, N, SMALL, queries, truthBig, truthSmall, peersBig, miniSmall, flexSmall, build, extra };
}

/** Recall and precision per query kind and overall; `search(q, entry)` returns every hit's id. */
async function quality(queries, truth, search) {
  const byKind = {};
  const all = { hit: 0, rel: 0, found: 0, perfect: 0 };
  const misses = [];
  for (const [i, entry] of queries.entries()) {
    const found = await search(entry.q, entry);
    let hit = 0;
    for (const id of found) if (truth[i].has(id)) hit++;
    byKind[entry.kind] ??= { hit: 0, rel: 0, found: 0, queries: 0, perfect: 0 };
    const k = byKind[entry.kind];
    for (const agg of [k, all]) {
      agg.hit += hit;
      agg.rel += truth[i].size;
      agg.found += found.length;
      if (hit === truth[i].size && hit === found.length) agg.perfect++;
    }
    k.queries++;
    if (hit !== truth[i].size || hit !== found.length)
      misses.push(`${entry.q}: ${hit}/${truth[i].size} relevant, ${found.length} found`);
  }
  const ratio = (a, b) => (b ? +(a / b).toFixed(4) : null);
  const out = {
    recall: ratio(all.hit, all.rel),
    precision: ratio(all.hit, all.found),
    'queries exactly right': `${all.perfect}/${queries.length}`,
  };
  for (const [kind, k] of Object.entries(byKind)) {
    out[kind] = `recall ${ratio(k.hit, k.rel)} precision ${ratio(k.hit, k.found)} (${k.perfect}/${k.queries} exact)`;
  }
  if (misses.length) out['first queries not exactly right'] = misses.slice(0, 12);
  return out;
}

/**
 * A labelled query's search options: `prefix` queries are typed in the search box (the last word a
 * prefix); `typing` ones are a word caught mid-keystroke, its last syllable still being composed.
 */
const optionsOf = (entry, limit) => ({
  limit,
  prefixLast: Boolean(entry.prefix),
  composing: entry.kind === 'typing',
});

export function cases(s, ctx) {
  const { big, small, N, SMALL, queries, truthBig, truthSmall, peersBig, miniSmall, flexSmall, build, extra } = s;
  const reps = ctx.quick ? 1 : 3;
  const limit = 50;
  const product = (db) => ({
    name: 'scrapnote searchLibrary (IndexedDB)',
    fn: (entry) => searchLibrary(db, entry.q, optionsOf(entry, limit)),
  });
  const peerSides = (mini, flex) => [
    ...(mini
      ? [
          {
            name: 'MiniSearch (bigrams, AND, memory)',
            fn: (entry) => void mini.search(peerText(entry.q)).slice(0, limit),
          },
        ]
      : []),
    ...(flex
      ? [{ name: 'FlexSearch (bigrams, memory)', fn: (entry) => void flex.search(peerText(entry.q), { limit }) }]
      : []),
  ];
  const info = (db, n, truth, mini, flex) => async () => {
    // The slowest queries of the timed search (limit 50), once more, one by one.
    const times = [];
    for (const entry of queries) {
      const t0 = performance.now();
      await searchLibrary(db, entry.q, optionsOf(entry, limit));
      times.push([Math.round(performance.now() - t0), entry.q]);
    }
    times.sort((a, b) => b[0] - a[0]);
    const out = {
      queries: queries.length,
      'slowest queries (ms, limit 50)': times.slice(0, 10).map(([ms, q]) => `${ms} ${q}`),
      scrapnote: await quality(queries, truth, async (q, entry) =>
        (await searchLibrary(db, q, optionsOf(entry, n + 100))).hits.map((h) => h.itemId),
      ),
    };
    if (mini) out.MiniSearch = await quality(queries, truth, async (q) => mini.search(peerText(q)).map((r) => r.id));
    else out.MiniSearch = build[`MiniSearch ${n}`] ?? 'not run';
    if (flex) out.FlexSearch = await quality(queries, truth, async (q) => flex.search(peerText(q), { limit: n + 100 }));
    else out.FlexSearch = build[`FlexSearch ${n}`] ?? 'not run';
    out['index build'] = build;
    return out;
  };
  let freshAt = 0;
  return [
    {
      name: `search, ${N} articles, labelled queries (limit ${limit})`,
      inputs: queries,
      reps,
      product: product(big),
      peers: peerSides(peersBig.MiniSearch, peersBig.FlexSearch),
      info: info(big, N, truthBig, peersBig.MiniSearch, peersBig.FlexSearch),
      note: "per query; the product reads IndexedDB (signatures in memory, then candidates' text), the peers (when they fit) are in memory. info: recall and precision over all results, per query kind.",
    },
    {
      name: `search, ${SMALL} articles, labelled queries (limit ${limit})`,
      inputs: queries,
      reps,
      product: product(small),
      peers: peerSides(miniSmall, flexSmall),
      info: info(small, SMALL, truthSmall, miniSmall, flexSmall),
      note: 'the same queries on the first 10,000 articles, with both peers in memory.',
    },
    {
      name: `save + index one article into ${N}, then search`,
      inputs: extra.slice(0, 30),
      reps: 1,
      warmup: false,
      product: {
        name: 'scrapnote upsertItem (IndexedDB)',
        fn: (it) =>
          upsertItem(big, { ...it, id: `${it.id}-${freshAt++}`, canonicalKey: `${it.canonicalKey}-${freshAt}` }),
      },
      peers: [
        {
          name: 'the next search after it (reads the changed rows)',
          fn: () => searchLibrary(big, '챗봇규제', { limit }),
        },
      ],
      note: 'per new article into the 100,000-article library: the item and its search row in one transaction; the peer row is the search right after a save, which reads only the changed rows.',
    },
    {
      name: `library first page at ${N} (first ids + 30 rows)`,
      reps: ctx.quick ? 5 : 20,
      product: {
        name: 'scrapnote libraryHead + libraryRows',
        fn: async () => {
          const ids = await libraryHead(big, 'saved', 40);
          await libraryRows(big, ids.slice(0, 30));
        },
      },
      note: "the data part of the side panel's first rows at 100,000 items (the page's own paint is the library suite's).",
    },
  ];
}
