import { describe, expect, it } from 'vitest';
import { type JobOutcome, runQueue } from '@/lib/queue';

describe('runQueue', () => {
  it('never runs more than `concurrency` jobs at once and reports every outcome', async () => {
    let running = 0;
    let peak = 0;
    const outcomes: Array<[number, JobOutcome<number>]> = [];
    await runQueue(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return n === 4 ? { ok: false, error: 'HTTP 404' } : { ok: true, value: n * 10 };
      },
      { concurrency: 2, spacingMs: 0 },
      (n, o) => outcomes.push([n, o]),
    );
    expect(peak).toBe(2);
    expect(outcomes).toHaveLength(7);
    expect(outcomes.find(([n]) => n === 4)?.[1]).toEqual({ ok: false, error: 'HTTP 404' });
    expect(outcomes.find(([n]) => n === 7)?.[1]).toEqual({ ok: true, value: 70 });
  });

  it('spaces starts apart', async () => {
    const starts: number[] = [];
    await runQueue(
      [1, 2, 3],
      async () => {
        starts.push(Date.now());
        return { ok: true, value: 0 };
      },
      { concurrency: 2, spacingMs: 30 },
      () => {},
    );
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(25);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(25);
  });

  it('cancel stops new starts; unstarted jobs report cancelled, started ones finish', async () => {
    const ctrl = new AbortController();
    const outcomes: JobOutcome<number>[] = [];
    await runQueue(
      [1, 2, 3, 4, 5],
      async (n) => {
        if (n === 2) ctrl.abort();
        await new Promise((r) => setTimeout(r, 5));
        return { ok: true, value: n };
      },
      { concurrency: 1, spacingMs: 0, signal: ctrl.signal },
      (_n, o) => outcomes.push(o),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
    expect(outcomes.filter((o) => 'cancelled' in o)).toHaveLength(3);
  });

  it('a job that throws is a failure with its message', async () => {
    const outcomes: JobOutcome<number>[] = [];
    await runQueue<number, number>(
      [1],
      async () => {
        throw new Error('network down');
      },
      { concurrency: 2, spacingMs: 0 },
      (_n, o) => outcomes.push(o),
    );
    expect(outcomes).toEqual([{ ok: false, error: 'network down' }]);
  });
});
