// Sync: the first sync of 10,000 items with 50,000 highlights to an empty server database and
// from it into a fresh library, against PouchDB replicating the same documents directly (same
// browser, same server, same run); and one changed item synced from one library to another.
// Targets: first sync ≤ 1.5x PouchDB's own replication; one changed item < 1 s. The libraries
// run in a Chromium page (real IndexedDB: Dexie for the library, PouchDB's idb adapter for the
// sync documents); the server is pouchdb-server's express-pouchdb on LevelDB
// (test/support/couch-server.mjs), reached through this suite's loopback origin.
import http from 'node:http';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { startCouch } from '../../test/support/couch.mjs';
import { summarize } from '../lib/stats.mjs';

export const node = true;
export const name = 'sync';
export const description =
  'lib/pouch/engine.ts syncRound in Chromium (Dexie + PouchDB idb) against pouchdb-server on loopback: first sync of a generated library up to an empty server database and down into a fresh library, against PouchDB replicating the same documents directly; one changed item from one library to another. Targets: first sync ≤ 1.5x the direct replication; one changed item < 1 s.';

async function bundle(root) {
  const r = await esbuild.build({
    entryPoints: [join(root, 'bench/lib/sync-page.mjs')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    tsconfig: join(root, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.DEV': 'false', global: 'globalThis' },
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

/** The page, its bundle, and /couch/* passed to the server (one origin: no CORS). */
function serve(js, couch) {
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/couch/')) {
      const out = http.request(
        `${couch.url}${req.url.slice('/couch'.length)}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.writeHead(502).end());
      req.pipe(out);
    } else if (req.url === '/sync.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/sync.js"></script>',
        );
    }
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ server, base: `http://127.0.0.1:${server.address().port}` })),
  );
}

export async function run(ctx) {
  const n = ctx.quick ? 500 : 10_000;
  const couch = await startCouch({ user: 'bench', password: 'bench-pw' });
  const js = await bundle(ctx.root);
  const { server, base } = await serve(js, couch);
  const { browser, close } = await ctx.launch();
  const cases = [];
  try {
    const page = await ctx.loopbackPage(browser);
    page.setDefaultTimeout(0);
    page.on('pageerror', (e) => ctx.log(`page error: ${e.message}`));
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.title === 'ready');
    const seeded = await page.evaluate((n) => window.syncBench.seed(n), n);
    ctx.log(`library: ${JSON.stringify(seeded)}`);
    const up = await page.evaluate(() => window.syncBench.up('lib'));
    ctx.log(`first sync up: ${Math.round(up.ms)} ms, ${up.docs} documents`);
    const down = await page.evaluate(() => window.syncBench.down('lib'));
    ctx.log(`first sync down: ${Math.round(down.ms)} ms, ${down.items} items`);
    const floor = await page.evaluate(() => window.syncBench.floor('floor'));
    ctx.log(
      `PouchDB direct: up ${Math.round(floor.up)} ms, down ${Math.round(floor.down)} ms, ${floor.docs} documents`,
    );
    for (const [side, ms, peerMs] of [
      ['up to an empty server', up.ms, floor.up],
      ['down into a fresh library', down.ms, floor.down],
    ]) {
      const product = summarize([ms], [], { name: 'scrapnote syncRound' });
      const peer = summarize([peerMs], [], { name: 'PouchDB replicate of the same documents (floor)' });
      const c = {
        name: `first sync ${side}: ${n} items + ${n * 5} highlights`,
        unit: 'ms',
        reps: 1,
        product,
        peers: [{ ...peer, ratio: { median: ms / peerMs, p95: ms / peerMs } }],
        info: { documents: up.docs, target: '≤ 1.5x' },
        note:
          side === 'up to an empty server'
            ? 'one sample = a whole round: the library read from the change feed into sync documents (PouchDB idb), replication to the server, and the check for conflicts and changes to apply. The floor replicates the same documents from the same PouchDB to another empty database of the same server.'
            : 'one sample = a whole round into an empty library: replication from the server into a fresh PouchDB, then every item built from its documents and written through the library service (items, search rows, change feed). The floor replicates the same documents into a fresh PouchDB only.',
      };
      ctx.printCase(c);
      cases.push(c);
    }
    // Before the one-change samples: the round after the first sync, nothing changed (its own case,
    // so the one-time check it does is seen rather than mixed into the samples below).
    const next = await page.evaluate(() => window.syncBench.after());
    const settle = {
      name: `the round after the first sync, nothing changed, in a library of ${n}: the device that sent it all`,
      unit: 'ms',
      reps: 1,
      product: summarize([next.a], [], { name: 'syncRound (its pull checks once the documents it pushed)' }),
      peers: [
        {
          ...summarize([next.b], [], { name: 'syncRound on the device that received it all' }),
          ratio: { median: null, p95: null },
        },
      ],
      info: { documents: up.docs },
      note: 'once after a first upload: the server has the uploaded documents as changes after the pull of that first round, so the next pull reads and checks them (nothing is written). The device that downloaded everything checks nothing.',
    };
    ctx.printCase(settle);
    cases.push(settle);
    const aMs = [];
    const bMs = [];
    for (let k = 0; k < (ctx.quick ? 3 : 7); k++) {
      const one = await page.evaluate((k) => window.syncBench.one(k), k);
      if (!one.got) throw new Error('the changed tag did not reach the other library');
      aMs.push(one.a);
      bMs.push(one.b);
    }
    const c = {
      name: `one changed item (a tag), in a library of ${n}: round on the device that changed it`,
      unit: 'ms',
      reps: aMs.length,
      product: summarize(aMs, [], { name: 'syncRound (sends it)' }),
      peers: [
        {
          ...summarize(bMs, [], { name: 'syncRound on the other device (receives and applies it)' }),
          ratio: { median: null, p95: null },
        },
      ],
      info: { target: '< 1 s each' },
      note: 'each sample: a tag added to one item, then a round on that library (one small document sent) and a round on the other (received and applied).',
    };
    ctx.printCase(c);
    cases.push(c);
    await page.evaluate(() => window.syncBench.cleanup());
  } finally {
    await close();
    server.close();
    await couch.stop();
  }
  return cases;
}
