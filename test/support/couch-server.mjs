#!/usr/bin/env node
/**
 * A CouchDB-protocol server for the sync tests: pouchdb-server's own express-pouchdb and PouchDB
 * (LevelDB on disk, so a restart keeps the data; or in memory), on a loopback port.
 *
 *   node test/support/couch-server.mjs --dir <folder> [--port 0] [--user u --password p]
 *
 * prints `listening <port>` on its first line. In front of the database it can:
 * - require HTTP Basic credentials (--user/--password), answering 401 like CouchDB for a
 *   database with members;
 * - answer 429 or 503 to the next N requests (POST /_test/fail {status, count}), to test backoff;
 * - drop the connection of the next N requests whose address contains a text, without an answer
 *   (POST /_test/drop {match, count}), as a network that fails in the middle of a round does;
 * - count the requests it served and the bytes of request bodies (GET /_test/stats), so tests
 *   can see what a round sent.
 * The /_test routes exist only in this test server.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(import.meta.dirname, '../../node_modules/pouchdb-server/lib/index.js'));
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-replication'));
const expressPouch = require('express-pouchdb');
const express = require('express');

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split(/\s*--/)
    .filter(Boolean)
    .map((pair) => {
      const [k, ...v] = pair.split(' ');
      return [k, v.join(' ')];
    }),
);

let Pouch;
if (args.dir) {
  mkdirSync(args.dir, { recursive: true });
  PouchDB.plugin(require('pouchdb-adapter-leveldb'));
  Pouch = PouchDB.defaults({ adapter: 'leveldb', prefix: `${args.dir}/` });
} else {
  PouchDB.plugin(require('pouchdb-adapter-memory'));
  Pouch = PouchDB.defaults({ adapter: 'memory' });
}

const app = express();
const stats = { requests: 0, bytesIn: 0, byMethod: {}, urls: [] };
let failing = { status: 0, count: 0 };
let dropping = { match: '', count: 0 };

app.post('/_test/fail', express.json(), (req, res) => {
  failing = { status: Number(req.body.status), count: Number(req.body.count) };
  res.json({ ok: true });
});
app.post('/_test/drop', express.json(), (req, res) => {
  dropping = { match: String(req.body.match), count: Number(req.body.count) };
  res.json({ ok: true });
});
app.get('/_test/stats', (_req, res) => res.json(stats));
app.post('/_test/stats/reset', (_req, res) => {
  stats.requests = 0;
  stats.bytesIn = 0;
  stats.byMethod = {};
  stats.urls = [];
  res.json({ ok: true });
});

app.use((req, res, next) => {
  stats.requests++;
  stats.byMethod[req.method] = (stats.byMethod[req.method] ?? 0) + 1;
  if (stats.urls.length < 10_000) stats.urls.push(req.originalUrl);
  // The declared length: reading the body here would take it from the database's own parser.
  stats.bytesIn += Number(req.headers['content-length'] ?? 0);
  if (dropping.count > 0 && req.originalUrl.includes(dropping.match)) {
    dropping.count--;
    req.socket.destroy();
    return;
  }
  if (failing.count > 0) {
    failing.count--;
    res.status(failing.status).set('Retry-After', '0').json({ error: 'unavailable', reason: 'test failure' });
    return;
  }
  if (args.user) {
    const header = req.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`${args.user}:${args.password ?? ''}`).toString('base64')}`;
    if (header !== expected) {
      res.status(401).json({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
      return;
    }
  }
  next();
});
app.use(expressPouch(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));

const server = app.listen(Number(args.port ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
