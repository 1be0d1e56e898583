/** Dexie liveQuery as a Preact hook: re-renders when the queried tables change, in any tab. */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

export function useLiveQuery<T>(
  query: () => Promise<T> | T,
  deps: unknown[],
): { value: T | undefined; error: string | null } {
  const [state, setState] = useState<{ value: T | undefined; error: string | null }>({ value: undefined, error: null });
  useEffect(() => {
    const sub = liveQuery(query).subscribe({
      next: (value) => setState({ value, error: null }),
      error: (e: unknown) => setState((s) => ({ value: s.value, error: e instanceof Error ? e.message : String(e) })),
    });
    return () => sub.unsubscribe();
  }, deps);
  return state;
}
