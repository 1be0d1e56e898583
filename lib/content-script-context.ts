/**
 * The content script's context, in place of WXT 0.21's `ContentScriptContext` (wxt.config.ts
 * aliases `wxt/utils/content-script-context` to this file, so WXT's content-script wrapper builds
 * this one and hands it to `main(ctx)`).
 *
 * Why: WXT's context announces every start to the page it runs in, with
 * `window.postMessage({type: "<extension id>:content:wxt:content-script-started", …}, "*")` and a
 * CustomEvent of that name on `document` (to retire an older copy after an update). Any page can
 * listen for message events, so every http(s) page would learn that Scrapnote is installed, and
 * its id. WXT 0.21 has no option to turn this off. This context keeps the same API and sends the
 * page nothing: an older copy is found through the isolated world the copies share (a global the
 * page's scripts cannot see), and a copy whose extension was reloaded or removed (no runtime id)
 * stops itself on its next event or check.
 *
 * Pure TypeScript on purpose (lib/): it reads `globalThis.chrome` / `browser` only to ask whether
 * the extension context is still alive, and takes no browser API as import.
 */
import type { ContentScriptContext as WxtContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Where the running copy of each content script leaves its stop function (isolated world); the
 * background asks it whether the content script runs in a tab.
 */
export const REGISTRY = '__scrapnoteContentScripts';

type Registry = Record<string, (() => void) | undefined>;
// The runtime names as string keys: WXT's auto-import takes a bare `browser` (even a type's key)
// for a use of its API and would bundle webextension-polyfill (9 KB, run on every page) here.
type RuntimeGlobal = { [REGISTRY]?: Registry } & Partial<Record<'chrome' | 'browser', { runtime?: { id?: string } }>>;

/** Whether this script's extension is still installed and running (false once it is reloaded). */
function runtimeAlive(): boolean {
  const g = globalThis as unknown as RuntimeGlobal;
  return (g.browser ?? g.chrome)?.runtime?.id != null;
}

/** The API of WXT's context that content scripts use, without its page announcements. */
export class ContentScriptContext
  implements
    Pick<
      WxtContentScriptContext,
      | 'signal'
      | 'abort'
      | 'isInvalid'
      | 'isValid'
      | 'onInvalidated'
      | 'block'
      | 'setInterval'
      | 'setTimeout'
      | 'requestAnimationFrame'
      | 'requestIdleCallback'
      | 'addEventListener'
      | 'notifyInvalidated'
    >
{
  readonly id = Math.random().toString(36).slice(2);
  readonly #abortController = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: unknown,
  ) {
    const g = globalThis as unknown as RuntimeGlobal;
    g[REGISTRY] ??= {};
    const registry = g[REGISTRY];
    // A copy started earlier in this document (before an update or reload) stops now.
    registry[contentScriptName]?.();
    const stop = () => this.notifyInvalidated();
    registry[contentScriptName] = stop;
    this.onInvalidated(() => {
      if (registry[contentScriptName] === stop) registry[contentScriptName] = undefined;
    });
  }

  get signal(): AbortSignal {
    return this.#abortController.signal;
  }

  abort(reason?: unknown): void {
    this.#abortController.abort(reason);
  }

  get isInvalid(): boolean {
    if (!this.signal.aborted && !runtimeAlive()) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  /** Run `cb` when the context is invalidated; returns a function that removes it. */
  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }

  /** A promise that never settles, for code that must not go on once invalidated. */
  block<T>(): Promise<T> {
    return new Promise<T>(() => {});
  }

  setInterval(handler: () => void, timeout?: number): number {
    const id = setInterval(() => {
      if (this.isValid) handler();
    }, timeout) as unknown as number;
    this.onInvalidated(() => clearInterval(id));
    return id;
  }

  setTimeout(handler: () => void, timeout?: number): number {
    const id = setTimeout(() => {
      if (this.isValid) handler();
    }, timeout) as unknown as number;
    this.onInvalidated(() => clearTimeout(id));
    return id;
  }

  requestAnimationFrame(callback: FrameRequestCallback): number {
    // Not `t`: WXT's auto-import would read it as components/i18n.ts's t() and bundle the UI
    // strings module with webextension-polyfill into the content script.
    const id = requestAnimationFrame((time) => {
      if (this.isValid) callback(time);
    });
    this.onInvalidated(() => cancelAnimationFrame(id));
    return id;
  }

  requestIdleCallback(callback: IdleRequestCallback, options?: IdleRequestOptions): number {
    const id = requestIdleCallback((deadline) => {
      if (this.isValid) callback(deadline);
    }, options);
    this.onInvalidated(() => cancelIdleCallback(id));
    return id;
  }

  /**
   * Listen until the context is invalidated. A listener of a copy whose extension went away
   * invalidates it on the next event instead of running. (WXT's `wxt:locationchange` event is
   * not supported: nothing here uses it.)
   */
  addEventListener(
    target: EventTarget,
    type: string,
    handler: (event: never) => void,
    options?: AddEventListenerOptions | boolean,
  ): void {
    if (type.startsWith('wxt:')) throw new Error(`${type} is not supported by Scrapnote's content script context.`);
    const opts = typeof options === 'boolean' ? { capture: options } : options;
    target.addEventListener(
      type,
      (event) => {
        if (this.isValid) (handler as (e: Event) => void)(event);
      },
      { ...opts, signal: this.signal },
    );
  }

  /** Abort the context: its listeners, timers and `onInvalidated` callbacks end. */
  notifyInvalidated(): void {
    this.abort('Content script context invalidated');
  }
}
