// The fixture news site on loopback, under real host names. One port serves as an HTTP proxy:
// browsers are pointed at it (--proxy-server), plain http requests are answered by host name and
// https CONNECT tunnels are answered by an in-process TLS server with a throw-away self-signed
// certificate (browsers run with certificate errors ignored). Nothing leaves the machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { route } from './site/pages.mjs';

function selfSignedCert() {
  const dir = mkdtempSync(join(tmpdir(), 'scrapnote-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=scrapnote-fixtures',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (e) {
    throw new Error(`openssl is needed to make the fixture site's certificate (apt-get install openssl): ${e.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Start the site. `log` receives one line per request. Returns { port, proxy, close, requests },
 * where requests is the list of `host path` strings served (tests assert on fetch behaviour).
 */
export async function startSite({ log = () => {}, extraRoutes, forwardPorts = [] } = {}) {
  const requests = [];
  const handle = (req, res, defaultHost) => {
    // Requests for another loopback server of the test (a sync server): passed through as they are.
    const target = /^http:\/\/(127\.0\.0\.1|localhost):(\d+)\//.exec(req.url ?? '');
    if (target && forwardPorts.includes(Number(target[2]))) {
      const out = http.request(req.url, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(out);
      return;
    }
    let host = (req.headers.host ?? defaultHost ?? '').replace(/:\d+$/, '');
    let path = req.url ?? '/';
    if (/^https?:\/\//.test(path)) {
      const u = new URL(path);
      host = u.hostname;
      path = u.pathname + u.search;
    }
    // Direct access without a proxy: http://127.0.0.1:PORT/<host>/<path>
    if (host === '127.0.0.1' || host === 'localhost') {
      const m = path.match(/^\/([^/]+)(\/.*)?$/);
      if (m?.[1].includes('.')) {
        host = m[1];
        path = m[2] ?? '/';
      }
    }
    requests.push(`${host} ${path}`);
    log(`${req.method} ${host}${path}`);
    const answer = extraRoutes?.(host, path, req.headers) ?? route(host, path, req.headers);
    if (!answer) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>404</title></head><body><h1>페이지를 찾을 수 없습니다</h1></body></html>',
      );
      return;
    }
    // `headers`: more response headers a page needs (Retry-After on a 429).
    res.writeHead(answer.status, { 'content-type': answer.type, 'cache-control': 'no-store', ...answer.headers });
    res.end(answer.body);
  };

  const tls = https.createServer(selfSignedCert(), (req, res) => handle(req, res));
  const proxy = http.createServer((req, res) => handle(req, res));
  proxy.on('connect', (_req, socket, head) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head?.length) socket.unshift(head);
    tls.emit('connection', socket);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address();
  return {
    port,
    proxy: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        proxy.closeAllConnections?.();
        proxy.close(() => resolve());
        tls.close();
      }),
  };
}
