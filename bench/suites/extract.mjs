// Extraction: analyzePage (profile first, Readability fallback, cleanup, sanitizing)
// against plain Readability.parse and defuddle on the same parsed pages. Target: median ratio
// against Readability at most 1.2. Every implementation gets the same parsed document and works
// on its own copy (analyzePage copies internally; the peers' copies are timed too).
//
// What each side includes, per page:
// - scrapnote analyzePage: unreadable check, URL identity, recognition (every profile's detect,
//   generic board search and isProbablyReaderable), board extraction, the profile's body or a
//   whole-document clone + Readability.parse (no HTML serialization: it hands back the element),
//   cleanup, byline, dates, text. The DOMParser document has no window, so its HTML is the text
//   as escaped paragraphs: this is the path of a post fetched from a board list.
// - "... with DOMPurify": the same plus DOMPurify on the body's HTML (serialize, parse, walk,
//   serialize), as when the page is read in its tab; the bench page's window runs DOMPurify.
// - readability parse: `doc.cloneNode(true)` + Readability.parse, which serializes the article
//   to an HTML string (innerHTML) and extracts nothing else.
// - defuddle parse: `doc.cloneNode(true)` + Defuddle.parse (its own cleanup and metadata).
import { Readability } from '@mozilla/readability';
import Defuddle from 'defuddle';
import { analyzePage } from '../../lib/extract/analyze';
import { loadPages, NOW, parse } from '../lib/pages.mjs';

export const name = 'extract';
export const description =
  'analyzePage (lib/extract/analyze.ts; once as for a fetched post, once with DOMPurify as in a tab) against `new Readability(doc.cloneNode(true)).parse()` and `new Defuddle(doc.cloneNode(true), {url}).parse()` per page. Target: median ratio against Readability ≤ 1.2.';

export async function setup(ctx) {
  const pages = await loadPages(ctx, { limit: ctx.quick ? 25 : undefined });
  return pages.map((p) => ({ ...p, doc: parse(p) }));
}

export function cases(pages, ctx) {
  const reps = ctx.quick ? 1 : 2;
  const extractCase = (label, options) => {
    const found = { product: new Set(), readability: new Set(), defuddle: new Set() };
    return {
      name: `extract per page${label} (${pages.length} pages)`,
      inputs: pages,
      reps,
      product: {
        name: `scrapnote analyzePage${label}`,
        fn: (p) => {
          const a = analyzePage(p.doc, p.url, NOW, options);
          if (a.article?.text) found.product.add(p.id);
        },
      },
      peers: [
        {
          name: 'readability parse',
          fn: (p) => {
            const r = new Readability(p.doc.cloneNode(true)).parse();
            if (r?.textContent) found.readability.add(p.id);
          },
        },
        {
          name: 'defuddle parse',
          fn: (p) => {
            const r = new Defuddle(p.doc.cloneNode(true), { url: p.url }).parse();
            if (r?.content) found.defuddle.add(p.id);
          },
        },
      ],
      info: () => ({
        'pages with an article found': Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.size])),
      }),
    };
  };
  return [extractCase('', {}), extractCase(' with DOMPurify', { window })];
}
