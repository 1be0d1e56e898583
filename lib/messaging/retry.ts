/**
 * Retry a message that got no answer. A Chrome MV3 service worker can be stopped at any moment
 * (idle timeout, update, crash); a message in flight then rejects with "message port closed" or
 * "receiving end does not exist" instead of answering. The background writes before it answers
 * (lib/db transactions commit before the reply is sent), so after no answer either the write
 * committed or it aborted as a whole, and an idempotent request can simply be sent again.
 *
 * Only requests that are safe to repeat are retried (see RETRY_SAFE in lib/messaging/index.ts):
 * a save is an upsert by the page's canonical key, so a repeat updates the one item.
 */

/** Errors that mean "the other side went away without answering", not "it answered no". */
const NO_ANSWER =
  /message port closed|receiving end does not exist|message channel closed|could not establish connection|no response|no answer|extension context invalidated|message manager disconnected|disconnected port/i;

/** Whether a rejected sendMessage means no answer came (the worker stopped or restarted). */
export function isNoAnswer(e: unknown): boolean {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return NO_ANSWER.test(message);
}

export interface RetryOptions {
  /** Tries in all, the first included (default 3). */
  attempts?: number;
  /** Wait before each retry, in ms (default 250 then 1000: a stopped worker restarts in well under a second). */
  delays?: readonly number[];
  /** How to wait (tests pass an instant one). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Give up waiting on one try after this long (default 20 s) and send again: a safety net for a
   * request left neither answered nor rejected. A stopped worker normally makes Chromium reject
   * at once ("message channel closed", security.e2e.mjs); the one hang seen was a worker that
   * restarted paused for a DevTools session. The repeat is safe; a late first answer is not used.
   */
  timeoutMs?: number;
}

/** `promise`, or a no-answer error after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${Math.round(ms / 1000)} s.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Run `send`, sending again when it gets no answer; any answer (ok or error) is returned as is. */
export async function retryOnNoAnswer<T>(send: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  const delays = options.delays ?? [250, 1000];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = options.timeoutMs ?? 20_000;
  for (let i = 1; ; i++) {
    try {
      return await within(send(), timeoutMs);
    } catch (e) {
      if (i >= attempts || !isNoAnswer(e)) throw e;
      await sleep(delays[Math.min(i - 1, delays.length - 1)] ?? 0);
    }
  }
}
