import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from '@/lib/content-script-context';

type G = { chrome?: { runtime?: { id?: string } }; browser?: unknown; __scrapnoteContentScripts?: unknown };
const g = globalThis as unknown as G;
const saved = { chrome: g.chrome, browser: g.browser };

describe('content script context (in place of WXT 0.21’s)', () => {
  beforeEach(() => {
    g.browser = undefined;
    g.chrome = { runtime: { id: 'abcdefghijklmnopabcdefghijklmnop' } };
    g.__scrapnoteContentScripts = undefined;
  });
  afterEach(() => {
    g.chrome = saved.chrome;
    g.browser = saved.browser;
    vi.restoreAllMocks();
  });

  it('tells the page nothing when it starts: no message, no event on window or document', () => {
    const posted = vi.spyOn(window, 'postMessage');
    const onWindow = vi.spyOn(window, 'dispatchEvent');
    const onDocument = vi.spyOn(document, 'dispatchEvent');
    const heard: string[] = [];
    window.addEventListener('message', (e) => heard.push(String(e.data)));
    const ctx = new ContentScriptContext('content');
    expect(ctx.isValid).toBe(true);
    expect(posted).not.toHaveBeenCalled();
    expect(onWindow).not.toHaveBeenCalled();
    expect(onDocument).not.toHaveBeenCalled();
    expect(heard).toEqual([]);
  });

  it('a newer copy of the same script stops the older one; another script is left alone', () => {
    const old = new ContentScriptContext('content');
    const other = new ContentScriptContext('other');
    const stopped = vi.fn();
    old.onInvalidated(stopped);
    const calls: string[] = [];
    old.addEventListener(document, 'click', () => calls.push('old'));
    const fresh = new ContentScriptContext('content');
    fresh.addEventListener(document, 'click', () => calls.push('new'));
    document.dispatchEvent(new Event('click'));
    expect(stopped).toHaveBeenCalledOnce();
    expect(old.isValid).toBe(false);
    expect(fresh.isValid).toBe(true);
    expect(other.isValid).toBe(true);
    expect(calls).toEqual(['new']);
  });

  it('a copy whose extension went away stops on its next event, and its timers end', () => {
    vi.useFakeTimers();
    try {
      const ctx = new ContentScriptContext('content');
      const ticks = vi.fn();
      const handler = vi.fn();
      const stopped = vi.fn();
      ctx.setInterval(ticks, 100);
      ctx.addEventListener(document, 'pointerup', handler);
      ctx.onInvalidated(stopped);
      vi.advanceTimersByTime(250);
      expect(ticks).toHaveBeenCalledTimes(2);
      // The extension is reloaded: the old copy's runtime has no id any more.
      g.chrome = { runtime: {} };
      document.dispatchEvent(new Event('pointerup'));
      expect(handler).not.toHaveBeenCalled();
      expect(stopped).toHaveBeenCalledOnce();
      vi.advanceTimersByTime(1000);
      expect(ticks).toHaveBeenCalledTimes(2);
      expect(ctx.isInvalid).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses WXT’s location-change event instead of silently never firing it', () => {
    const ctx = new ContentScriptContext('content');
    expect(() => ctx.addEventListener(window, 'wxt:locationchange', () => undefined)).toThrow(/not supported/);
  });
});
