// Page classification: classifyPage per page over the shared corpus and the Korean
// fixtures. Target: p95 at most 5 ms per page. Reference: Readability's isProbablyReaderable,
// the cheap pre-check the product calls inside (it is the floor, not a competitor).
import { isProbablyReaderable } from '@mozilla/readability';
import { classifyPage } from '../../lib/extract/classify';
import { loadPages, parse } from '../lib/pages.mjs';

export const name = 'classify';
export const description =
  'classifyPage (lib/extract/classify.ts) on every corpus page and Korean fixture, one call per page on a parsed document (DOMParser, no layout). Target: p95 ≤ 5 ms per page.';

export async function setup(ctx) {
  const pages = await loadPages(ctx, { limit: ctx.quick ? 30 : undefined });
  return pages.map((p) => ({ ...p, doc: parse(p) }));
}

/** The pages with the highest median time: where to look first when the p95 moves. */
function slowest(times, n = 5) {
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return Object.entries(times)
    .map(([id, t]) => [id, med(t)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([id, ms]) => `${id.replace(/^corpus\//, '')} ${ms.toFixed(1)}ms`)
    .join(', ');
}

export function cases(pages, ctx) {
  const kinds = {};
  const times = {};
  return [
    {
      name: `classifyPage per page (${pages.length} pages)`,
      inputs: pages,
      reps: ctx.quick ? 3 : 6,
      product: {
        name: 'scrapnote classifyPage',
        fn: (p) => {
          const t0 = performance.now();
          const c = classifyPage(p.doc, p.url);
          const ms = performance.now() - t0;
          times[p.id] ??= [];
          times[p.id].push(ms);
          kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
        },
      },
      peers: [{ name: 'readability isProbablyReaderable', fn: (p) => void isProbablyReaderable(p.doc) }],
      info: () => ({
        kinds: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, Math.round(v / (ctx.quick ? 3 : 6))])),
        slowest: slowest(times),
      }),
    },
    {
      name: `classifyPage, Korean fixtures only (${pages.filter((p) => p.korean).length} pages)`,
      inputs: pages.filter((p) => p.korean),
      reps: ctx.quick ? 5 : 30,
      product: { name: 'scrapnote classifyPage', fn: (p) => void classifyPage(p.doc, p.url) },
      peers: [{ name: 'readability isProbablyReaderable', fn: (p) => void isProbablyReaderable(p.doc) }],
    },
  ];
}
