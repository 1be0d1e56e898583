// @vitest-environment node
/**
 * The polite fetch against a real HTTP server on loopback (port 0): at most two requests to one
 * host at once, Retry-After honoured (seconds), a wait longer than the bound refused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostLimiter, politeFetch, retryAfterMs } from '@/lib/versions/polite';

let server: http.Server;
let base = '';
let inFlight = 0;
let maxInFlight = 0;
const hits: Array<{ path: string; at: number }> = [];
let busyLeft = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '', at: Date.now() });
    if (req.url?.startsWith('/busy') && busyLeft > 0) {
      busyLeft--;
      res.writeHead(429, { 'retry-after': '1' });
      res.end();
      return;
    }
    if (req.url?.startsWith('/long')) {
      res.writeHead(503, { 'retry-after': '3600' });
      res.end();
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(req.url?.startsWith('/gone') ? 410 : 200, { 'content-type': 'text/html; charset=euc-kr' });
      res.end('<p>ok</p>');
    }, 80);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const realFetch = (url: string) => fetch(url);

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-07T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});

describe('politeFetch', () => {
  it('sends at most two requests to one host at once', async () => {
    const limiter = new HostLimiter();
    maxInFlight = 0;
    const pages = await Promise.all(
      Array.from({ length: 6 }, (_, i) => politeFetch(`${base}/post/${i}`, { limiter, fetch: realFetch })),
    );
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(pages[0]!.contentType).toBe('text/html; charset=euc-kr');
    expect(new TextDecoder().decode(pages[0]!.body)).toBe('<p>ok</p>');
    expect(maxInFlight).toBe(2);
  });

  it('waits as long as Retry-After asks, then tries again; answers 410 as it is', async () => {
    const limiter = new HostLimiter();
    busyLeft = 1;
    const from = hits.length;
    const page = await politeFetch(`${base}/busy`, { limiter, fetch: realFetch });
    expect(page.status).toBe(200);
    const mine = hits.slice(from).filter((h) => h.path === '/busy');
    expect(mine).toHaveLength(2);
    expect(mine[1]!.at - mine[0]!.at).toBeGreaterThanOrEqual(950);
    expect((await politeFetch(`${base}/gone`, { limiter, fetch: realFetch })).status).toBe(410);
  });

  it('refuses to wait longer than the bound, saying how long the site asked', async () => {
    await expect(politeFetch(`${base}/long`, { limiter: new HostLimiter(), fetch: realFetch })).rejects.toThrow(
      /asks to wait 3600 s/,
    );
  });
});
