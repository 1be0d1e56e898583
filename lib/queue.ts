/**
 * A polite work queue: at most `concurrency` jobs at once, each start at least `spacingMs` after
 * the previous one, stoppable through an AbortSignal. Used to fetch a board's posts without
 * hammering the site.
 */

export interface QueueOptions {
  concurrency: number;
  spacingMs: number;
  signal?: AbortSignal;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: string } | { ok: false; cancelled: true };

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Run `job` over `inputs`; `onDone` hears each outcome as it lands. Jobs not started when the
 * signal aborts report `cancelled`; started jobs finish (a save is never cut in half).
 */
export async function runQueue<T, R>(
  inputs: readonly T[],
  job: (input: T) => Promise<{ ok: true; value: R } | { ok: false; error: string }>,
  opts: QueueOptions,
  onDone: (input: T, outcome: JobOutcome<R>, index: number) => void,
): Promise<void> {
  const sleep = opts.sleep ?? defaultSleep;
  let next = 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  let gate = Promise.resolve();

  // Starts are serialized through `gate` so spacing holds across workers.
  const claim = async (): Promise<number | null> => {
    const mine = gate.then(async () => {
      if (opts.signal?.aborted || next >= inputs.length) return null;
      const wait = lastStart + opts.spacingMs - Date.now();
      if (wait > 0) await sleep(wait);
      if (opts.signal?.aborted) return null;
      lastStart = Date.now();
      return next++;
    });
    gate = mine.then(() => undefined);
    return mine;
  };

  const worker = async () => {
    for (;;) {
      const i = await claim();
      if (i === null) return;
      const input = inputs[i] as T;
      try {
        onDone(input, await job(input), i);
      } catch (e) {
        onDone(input, { ok: false, error: e instanceof Error ? e.message : String(e) }, i);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, inputs.length)) }, worker));
  for (let i = next; i < inputs.length; i++) onDone(inputs[i] as T, { ok: false, cancelled: true }, i);
}
