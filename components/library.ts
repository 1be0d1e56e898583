/**
 * How extension pages use the library: they read through the data-access layer (lib/db/reads.ts)
 * and re-read when the background says the library changed (the change feed's libraryChanged),
 * and they write only by asking the background's library service (lib/messaging/protocol.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { backgroundToUi, uiToBackground } from '@/lib/messaging';
import type { UiToBackground } from '@/lib/messaging/protocol';

export { reads } from '@/lib/db/reads';

type Listener = () => void;
const listeners = new Set<Listener>();
let listening = false;
let progressListener: ((done: number, total: number) => void) | null = null;
let checkListener: ((done: number, total: number) => void) | null = null;

/** Start hearing the background once per page (one handler per message name and context). */
function listen(): void {
  if (listening) return;
  listening = true;
  backgroundToUi.onMessage('libraryChanged', () => {
    for (const listener of [...listeners]) listener();
  });
  backgroundToUi.onMessage('importProgress', ({ data }) => progressListener?.(data.done, data.total));
  backgroundToUi.onMessage('checkProgress', ({ data }) => checkListener?.(data.done, data.total));
}

/** Hear the progress of "Check again" on a selection (one from a page at a time). */
export function onCheckProgress(listener: ((done: number, total: number) => void) | null): void {
  listen();
  checkListener = listener;
}

/** Call `listener` after every change of the library (in any window); returns the unsubscribe. */
export function onLibraryChange(listener: Listener): () => void {
  listen();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Hear an import's progress (one import at a time runs from a page). */
export function onImportProgress(listener: ((done: number, total: number) => void) | null): void {
  listen();
  progressListener = listener;
}

/**
 * The value of a library read, read again whenever the library changes or `deps` do. Reads that
 * finish out of order never overwrite a newer one.
 */
export function useLibrary<T>(
  read: () => Promise<T> | T,
  deps: unknown[],
): { value: T | undefined; error: string | null } {
  const [state, setState] = useState<{ value: T | undefined; error: string | null }>({ value: undefined, error: null });
  useEffect(() => {
    let latest = 0;
    let alive = true;
    const run = () => {
      const mine = ++latest;
      Promise.resolve()
        .then(read)
        .then(
          (value) => alive && mine === latest && setState({ value, error: null }),
          (e: unknown) =>
            alive &&
            mine === latest &&
            setState((s) => ({ value: s.value, error: e instanceof Error ? e.message : String(e) })),
        );
    };
    run();
    const stop = onLibraryChange(run);
    return () => {
      alive = false;
      stop();
    };
  }, deps);
  return state;
}

type Value<K extends keyof UiToBackground> =
  ReturnType<UiToBackground[K]> extends { ok: true; value: infer V } | { ok: false } ? V : never;

/** Ask the background for a change; its value, or an Error with the background's message. */
export async function ask<K extends keyof UiToBackground>(
  type: K,
  data: Parameters<UiToBackground[K]>[0],
): Promise<Value<K>> {
  const send = uiToBackground.sendMessage as (t: K, d: typeof data) => Promise<ReturnType<UiToBackground[K]>>;
  const res = (await send(type, data)) as { ok: true; value: Value<K> } | { ok: false; error: string } | undefined;
  if (!res) throw new Error('The extension did not answer. Close this page and open it again.');
  if (!res.ok) throw new Error(res.error);
  return res.value;
}
