// The browser side of the sync bench (bench/suites/sync.mjs): real IndexedDB in Chromium, the
// library (Dexie) with its service, PouchDB on IndexedDB (the adapter the extension uses), and
// the server reached over HTTP on the same loopback origin.

import { importText } from '../../lib/db/import';
import { ScrapnoteDB } from '../../lib/db/index';
import { LibraryService } from '../../lib/db/service';
import { exportChunks, exportHeader, exportItem } from '../../lib/export/json';
import { openLocal } from '../../lib/pouch/browser';
import { syncRound } from '../../lib/pouch/engine';
import { openRemote } from '../../lib/pouch/index';
import { benchHighlights, koreanItems } from './korean.mjs';
import { rng } from './stats.mjs';

const NOW = new Date('2026-11-28T00:00:00Z');

const remote = (name) =>
  openRemote({ url: `${location.origin}/couch/${name}`, username: 'bench', password: 'bench-pw' });
const libs = {};
let counter = 0;

function library(name) {
  const db = new ScrapnoteDB(`bench-sync-${name}`);
  const lib = {
    db,
    library: new LibraryService(db),
    local: openLocal(`bench-sync-pouch-${name}`),
  };
  libs[name] = lib;
  return lib;
}

const time = async (fn) => {
  const t0 = performance.now();
  const out = await fn();
  return { ms: performance.now() - t0, out };
};

window.syncBench = {
  /** A library of n items with 5 highlights each on A (imported: untimed). */
  async seed(n) {
    const items = koreanItems(n, { seed: 777 });
    const r = rng(778);
    const text = [
      ...exportChunks(
        exportHeader(NOW, 'bench'),
        items.map((it) => exportItem(it, benchHighlights(it, r, 5))),
      ),
    ].join('');
    const a = library('a');
    const report = await importText(a.db, text, { now: NOW });
    return { items: report.items, highlights: report.highlights };
  },
  /** First sync of A to an empty server database. */
  async up(server) {
    const a = libs.a;
    const { ms, out } = await time(() => syncRound({ ...a, remote: remote(server) }));
    return { ms, report: out, docs: (await a.local.info()).doc_count };
  },
  /** First sync from the server into a fresh library B. */
  async down(server) {
    const b = library('b');
    const { ms, out } = await time(() => syncRound({ ...b, remote: remote(server) }));
    return { ms, report: out, items: await b.db.items.count() };
  },
  /** The floor: PouchDB replicating A's documents directly to an empty server database, then into a fresh PouchDB. */
  async floor(server) {
    const up = await time(() => libs.a.local.replicate.to(remote(server), { batch_size: 500, batches_limit: 4 }));
    const fresh = openLocal(`bench-sync-floor-${counter++}`);
    const down = await time(() => fresh.replicate.from(remote(server), { batch_size: 500, batches_limit: 4 }));
    await fresh.destroy();
    return { up: up.ms, down: down.ms, docs: up.out.docs_written };
  },
  /**
   * The round after the first sync, nothing changed, on A then B. A's pull checks once the
   * documents A itself pushed in its first round (they are new on the server since its pull).
   */
  async after() {
    const sa = await time(() => syncRound({ ...libs.a, remote: remote('lib') }));
    const sb = await time(() => syncRound({ ...libs.b, remote: remote('lib') }));
    return { a: sa.ms, b: sb.ms };
  },
  /** One item's tag changed on A; A syncs, then B. */
  async one(k) {
    const a = libs.a;
    const b = libs.b;
    const [first] = await a.db.items.limit(1).toArray();
    await a.library.updateItems([first.id], { addTags: [`태그${k}`] });
    const sa = await time(() => syncRound({ ...a, remote: remote('lib') }));
    const sb = await time(() => syncRound({ ...b, remote: remote('lib') }));
    const got = (await b.db.items.get(first.id))?.tags.includes(`태그${k}`);
    return { a: sa.ms, b: sb.ms, got, sent: sa.out.sent, written: sa.out.written };
  },
  async cleanup() {
    for (const l of Object.values(libs)) {
      l.db.close();
      await l.db.delete();
      await l.local.destroy();
    }
  },
};
document.title = 'ready';
