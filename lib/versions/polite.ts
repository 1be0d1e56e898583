/**
 * Fetching posts of many sites politely ("Check again" on a selection): at most PER_HOST requests
 * to one host at once, and a site that answers 429 (too many requests) or 503 (unavailable) is
 * left alone for as long as its Retry-After asks (seconds or an HTTP date), up to MAX_WAIT_MS;
 * then the request is tried again, at most RETRIES times. A longer wait is not waited for: the
 * check fails with the site's answer and can be run later. Pure apart from the fetch and the
 * clock it is handed (the background gives it the browser's fetch and timers).
 */

/** Requests to one host at once. */
export const PER_HOST = 2;
/** The longest Retry-After honoured by waiting (longer: the check fails and says why). */
export const MAX_WAIT_MS = 60_000;
/** Tries after the first when a site answers 429 or 503. */
export const RETRIES = 2;
/** The wait when a 429 or 503 names none: 2 s, then 4 s. */
export const DEFAULT_WAIT_MS = 2_000;

/** What a fetch answered: the status, the final URL, the content type and the bytes. */
export interface FetchedPage {
  status: number;
  url: string;
  contentType: string;
  body: ArrayBuffer;
}

export type Fetcher = (url: string) => Promise<{
  status: number;
  url: string;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** Milliseconds a Retry-After value asks to wait (delta seconds or an HTTP date), or null when it is none. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** At most `perHost` jobs per host at once, and no job for a host before the time it asked for. */
export class HostLimiter {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly notBefore = new Map<string, number>();

  constructor(
    readonly perHost = PER_HOST,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => number = Date.now,
  ) {}

  /** Leave `host` alone until `until` (ms). */
  pause(host: string, until: number): void {
    this.notBefore.set(host, Math.max(this.notBefore.get(host) ?? 0, until));
  }

  /** How many jobs of `host` run now. */
  active(host: string): number {
    return this.running.get(host) ?? 0;
  }

  async run<T>(host: string, job: () => Promise<T>): Promise<T> {
    while (this.active(host) >= this.perHost) {
      await new Promise<void>((resolve) => this.waiting.set(host, [...(this.waiting.get(host) ?? []), resolve]));
    }
    this.running.set(host, this.active(host) + 1);
    try {
      for (let wait = (this.notBefore.get(host) ?? 0) - this.now(); wait > 0; ) {
        await this.sleep(wait);
        wait = (this.notBefore.get(host) ?? 0) - this.now();
      }
      return await job();
    } finally {
      this.running.set(host, this.active(host) - 1);
      const next = this.waiting.get(host)?.shift();
      next?.();
    }
  }
}

export interface PoliteOptions {
  limiter: HostLimiter;
  fetch: Fetcher;
  now?: () => number;
  maxWaitMs?: number;
  retries?: number;
}

/**
 * Fetch `url` within its host's limit; 429 and 503 pause the host for Retry-After and try again.
 * Answers whatever status the site gave last (the caller decides what 404 or 410 mean); throws
 * when the site asks for a wait longer than `maxWaitMs`.
 */
export async function politeFetch(url: string, opts: PoliteOptions): Promise<FetchedPage> {
  const now = opts.now ?? Date.now;
  const host = new URL(url).host;
  const retries = opts.retries ?? RETRIES;
  const maxWait = opts.maxWaitMs ?? MAX_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    const page = await opts.limiter.run(host, async () => {
      const res = await opts.fetch(url);
      const busy = res.status === 429 || res.status === 503;
      return {
        status: res.status,
        url: res.url || url,
        contentType: res.headers.get('content-type') ?? '',
        retryAfter: busy ? res.headers.get('retry-after') : null,
        body: busy ? new ArrayBuffer(0) : await res.arrayBuffer(),
      };
    });
    if ((page.status !== 429 && page.status !== 503) || attempt >= retries) {
      const { retryAfter: _r, ...out } = page;
      return out;
    }
    const asked = retryAfterMs(page.retryAfter, now());
    const wait = asked ?? DEFAULT_WAIT_MS * 2 ** attempt;
    if (wait > maxWait) {
      throw new Error(
        `${host} answered ${page.status} and asks to wait ${Math.ceil(wait / 1000)} s before trying again; check again later.`,
      );
    }
    opts.limiter.pause(host, now() + wait);
  }
}
