import { describe, expect, it } from 'vitest';
import { RETRY_SAFE } from '@/lib/messaging';
import { isNoAnswer, retryOnNoAnswer } from '@/lib/messaging/retry';

const instant = { sleep: async () => undefined };

/** The messages browsers give when the background went away mid-request. */
const NO_ANSWER = [
  'The message port closed before a response was received.',
  'Could not establish connection. Receiving end does not exist.',
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
  'No response', // @webext-core/messaging: the listener answered undefined
  'Message manager disconnected', // Firefox
];

describe('retry on no answer', () => {
  it('knows the browsers’ no-answer errors and nothing else', () => {
    for (const m of NO_ANSWER) expect(isNoAnswer(new Error(m)), m).toBe(true);
    for (const m of ['Refused: not an extension page.', 'Storage is full', 'TypeError: x is undefined', ''])
      expect(isNoAnswer(new Error(m)), m).toBe(false);
    expect(isNoAnswer(undefined)).toBe(false);
  });

  it('sends again after no answer and returns the first answer', async () => {
    let calls = 0;
    const answer = await retryOnNoAnswer(async () => {
      calls++;
      if (calls < 3) throw new Error(NO_ANSWER[calls - 1]);
      return { ok: true, value: calls };
    }, instant);
    expect(answer).toEqual({ ok: true, value: 3 });
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the no-answer error', async () => {
    let calls = 0;
    await expect(
      retryOnNoAnswer(async () => {
        calls++;
        throw new Error(NO_ANSWER[0]);
      }, instant),
    ).rejects.toThrow(/port closed/);
    expect(calls).toBe(3);
  });

  it('never repeats a request that was answered, even with an error', async () => {
    let calls = 0;
    await expect(
      retryOnNoAnswer(async () => {
        calls++;
        throw new Error('Refused: not an extension page.');
      }, instant),
    ).rejects.toThrow(/Refused/);
    expect(calls).toBe(1);
    let answered = 0;
    expect(
      await retryOnNoAnswer(async () => {
        answered++;
        return { ok: false, error: 'No article text could be found on this page.' };
      }, instant),
    ).toEqual({ ok: false, error: 'No article text could be found on this page.' });
    expect(answered).toBe(1);
  });

  it('waits between tries', async () => {
    const waits: number[] = [];
    let calls = 0;
    await retryOnNoAnswer(
      async () => {
        if (++calls < 3) throw new Error(NO_ANSWER[1]);
        return 1;
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([250, 1000]);
  });

  it('a try that is neither answered nor rejected is sent again after the timeout', async () => {
    let calls = 0;
    const answer = await retryOnNoAnswer(
      () => {
        calls++;
        // The first try hangs forever, as when the worker stops as the message arrives.
        return calls === 1 ? new Promise<never>(() => undefined) : Promise.resolve({ ok: true, value: 'saved' });
      },
      { ...instant, timeoutMs: 20 },
    );
    expect(answer).toEqual({ ok: true, value: 'saved' });
    expect(calls).toBe(2);
    await expect(
      retryOnNoAnswer(() => new Promise<never>(() => undefined), { ...instant, timeoutMs: 5 }),
    ).rejects.toThrow(/No answer within/);
  });

  it('retries only requests that are safe to repeat', () => {
    // Deleting or restoring a highlight twice is not the same as once: never retried.
    expect([...RETRY_SAFE].sort()).toEqual(['analyzeTab', 'saveTab', 'tabInfo']);
  });
});
