// Export and import: 10,000 items with 50,000 highlights. Targets: import ≤ 1.5x writing its rows
// with plain bulkPut, export ≤ 2x reading them; peak memory reported. The library is generated (seeded Korean articles of about
// 2,000 characters, five highlights each), written as the JSON export file by lib/export/json,
// imported with lib/db/import (validation, merge, search index) into an empty IndexedDB database,
// then exported back with lib/db/export (JSON). No peers: JSON.parse + JSON.stringify of the same
// file are shown as the floor any JSON import/export pays.

import { exportFile } from '../../lib/db/export';
import { importText } from '../../lib/db/import';
import { ScrapnoteDB } from '../../lib/db/index';
import { exportChunks, exportHeader, exportItem } from '../../lib/export/json';
import { benchHighlights, koreanItems } from '../lib/korean.mjs';
import { LIBRARY_SEED, librarySize, rememberLibrary } from '../lib/library.mjs';
import { rng } from '../lib/stats.mjs';

export const name = 'export';
/** The search suite runs next in the same profile and searches the library imported here. */
export const profile = 'library';
export const description =
  'lib/db/import.ts importText and lib/db/export.ts exportFile (JSON) on a generated library in real IndexedDB. Targets: 10,000 items with 50,000 highlights: import ≤ 1.5x writing its rows with plain bulkPut, export ≤ 2x reading them; peak JS heap reported (performance.memory, precise).';

const NOW = new Date('2026-11-28T00:00:00Z');
/** The tables an import writes. */
const WRITTEN = ['items', 'search', 'changes'];

/** Peak JS heap while `work` runs: sampled on a 5 ms timer and whenever progress is reported. */
async function withPeak(ctx, work) {
  ctx.gc();
  const base = ctx.heap() ?? 0;
  let peak = base;
  const sample = () => {
    const h = ctx.heap();
    if (h != null && h > peak) peak = h;
  };
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  try {
    await work(sample);
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  sample();
  return { ms, metrics: { peakHeapMB: peak / 2 ** 20, peakAboveStartMB: (peak - base) / 2 ** 20 } };
}

export async function setup(ctx) {
  const n = librarySize(ctx.quick);
  const t0 = performance.now();
  const items = koreanItems(n, { seed: LIBRARY_SEED });
  const r = rng(778);
  const exportItems = items.map((it) => exportItem(it, benchHighlights(it, r, 5)));
  const text = [...exportChunks(exportHeader(NOW, 'bench'), exportItems)].join('');
  ctx.log(
    `generated ${n} items, ${n * 5} highlights, a ${(text.length / 2 ** 20).toFixed(1)} M-character file in ${Math.round(performance.now() - t0)} ms`,
  );
  return { n, text, db: null, dbs: [] };
}

export function cases(s, ctx) {
  let counter = 0;
  const report = {};
  return [
    {
      name: `import ${s.n} items + ${s.n * 5} highlights (JSON file text → empty library)`,
      // Three samples in a full run: one import is ~10 s of IndexedDB work (some 400 MB written to
      // disk), and a single sample was at the mercy of whatever else the machine was doing then.
      reps: ctx.quick ? 1 : 3,
      warmup: false,
      product: {
        name: 'scrapnote importText',
        fn: async () => {
          // Each sample imports into a new, empty database; the last one is kept for the export.
          const dbName = `scrapnote-bench-export-${Date.now()}-${counter++}`;
          const db = new ScrapnoteDB(dbName);
          await db.open();
          const out = await withPeak(ctx, async (sample) => {
            const r = await importText(db, s.text, { onProgress: sample });
            report.items = r.items;
            report.highlights = r.highlights;
            report.rejected = r.rejected.length;
          });
          if (s.db) {
            s.db.close();
            await s.db.delete();
          }
          s.db = db;
          rememberLibrary(dbName, s.n);
          return out;
        },
      },
      peers: [
        {
          name: 'JSON.parse of the file (floor)',
          fn: () => withPeak(ctx, async () => void JSON.parse(s.text)),
        },
        {
          // What any import into this schema pays: the rows the import wrote (read back from the
          // last imported database, untimed), bulkPut into an empty one in one transaction.
          name: 'IndexedDB write of the same rows (floor)',
          fn: async () => {
            if (!s.db) return { ms: Number.NaN };
            const rows = {};
            for (const t of WRITTEN) rows[t] = await s.db.table(t).toArray();
            const db = new ScrapnoteDB(`scrapnote-bench-floor-${Date.now()}-${counter++}`);
            await db.open();
            try {
              return await withPeak(ctx, () =>
                db.transaction(
                  'rw',
                  WRITTEN.map((t) => db.table(t)),
                  () => Promise.all(WRITTEN.map((t) => db.table(t).bulkPut(rows[t]))),
                ),
              );
            } finally {
              db.close();
              await db.delete();
            }
          },
        },
      ],
      info: () => ({ 'last import report': report }),
      note: 'one sample = the whole import of the file text, including validation, the merge transaction and the search index build. The IndexedDB floor writes the rows the import wrote (items with their highlights, search rows, change-feed rows) with plain bulkPut in one transaction: no JSON, validation, merge or index computation.',
    },
    {
      name: `export ${s.n} items + ${s.n * 5} highlights (JSON)`,
      reps: ctx.quick ? 2 : 3,
      warmup: false,
      product: {
        name: 'scrapnote exportFile json',
        fn: () =>
          withPeak(ctx, async (sample) => {
            const f = await exportFile(s.db, 'json', { now: NOW, appVersion: 'bench', onProgress: sample });
            // What the UI does next: one Blob of the parts.
            const blob = new Blob(f.parts, { type: f.type });
            report.exportBytes = blob.size;
          }),
      },
      peers: [
        {
          name: 'IndexedDB read of items and highlights (floor)',
          fn: () => withPeak(ctx, () => s.db.transaction('r', s.db.items, () => s.db.items.toArray())),
        },
        {
          name: 'JSON.stringify of the parsed file (floor)',
          fn: () => {
            const parsed = JSON.parse(s.text);
            return withPeak(ctx, async () => void new Blob([JSON.stringify(parsed)]));
          },
        },
      ],
      info: () => ({ 'export file bytes': report.exportBytes }),
      note: 'one sample = reading every item and highlight from IndexedDB, building the file chunks and one Blob of them. The export pays both floors: the IndexedDB read and the JSON text (plus its Blob).',
    },
  ];
}
