/**
 * Start and stop the test CouchDB-protocol server (./couch-server.mjs, pouchdb-server's
 * express-pouchdb) as a child process on a free loopback port. Used by the sync unit tests, the
 * sync end-to-end tests and the sync bench.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, 'couch-server.mjs');

/**
 * A running server: `url` is its root (no trailing slash). `restart()` stops the process and
 * starts it again on the same port with the same data folder; `stop()` ends it and removes the data.
 */
export async function startCouch({ user, password, memory = false } = {}) {
  const dir = memory ? undefined : mkdtempSync(join(tmpdir(), 'scrapnote-couch-'));
  let port = 0;
  let child;
  const launch = () =>
    new Promise((resolve, reject) => {
      const args = [SCRIPT, '--port', String(port)];
      if (dir) args.push('--dir', dir);
      if (user) args.push('--user', user, '--password', password ?? '');
      child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.once('exit', (code) => reject(new Error(`couch server exited (${code}): ${err}`)));
      child.stdout.on('data', (d) => {
        const m = /listening (\d+)/.exec(String(d));
        if (m) {
          port = Number(m[1]);
          resolve();
        }
      });
    });
  await launch();
  const stopChild = () =>
    new Promise((resolve) => {
      // Ended already (a kill leaves a signal, not an exit code): its 'exit' will not come again.
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  const server = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    async restart() {
      await stopChild();
      // The port can be held for a moment after the kill: try again briefly.
      for (let i = 0; ; i++) {
        try {
          await launch();
          return;
        } catch (e) {
          if (i > 20) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    kill: stopChild,
    async stop() {
      await stopChild();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async fail(status, count) {
      await fetch(`${server.url}/_test/fail`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status, count }),
      });
    },
    /** Drop the connection of the next `count` requests whose address contains `match`. */
    async drop(match, count) {
      await fetch(`${server.url}/_test/drop`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ match, count }),
      });
    },
    async stats() {
      return (await fetch(`${server.url}/_test/stats`)).json();
    },
    async resetStats() {
      await fetch(`${server.url}/_test/stats/reset`, { method: 'POST' });
    },
  };
  return server;
}
