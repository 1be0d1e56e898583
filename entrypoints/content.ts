/**
 * The always-on content script: small and cheap. On load it does one thing: once the page is
 * idle, it asks the background whether this page has saved highlights; it loads the page
 * highlighter (entrypoints/highlighter.ts) only when there are some to paint or the user selects
 * text, or a command asks for it.
 *
 * It classifies its page only when the background asks (tabInfo): fingerprintPage, the site
 * profiles' detectors (selectors, URL, metadata), Readability's isProbablyReaderable pre-check
 * and a labelled-table check, never a reader or Readability itself. Nothing on screen needs it
 * on load (the popup and side panel run their own analysis on demand), so no page pays for it.
 *
 * Why an injected script rather than a dynamic import(): the background injects
 * /highlighter.js with scripting.executeScript into this tab's top frame, where it shares this
 * script's isolated world; nothing has to be listed in web_accessible_resources, so pages cannot
 * probe for the extension or load our code, and the same path works in Chrome and Firefox.
 */

import { defineContentScript } from 'wxt/utils/define-content-script';
import { fingerprintPage } from '@/lib/extract/classify';
import { backgroundToContent, contentToBackground } from '@/lib/messaging';
import type { PageState } from '@/lib/messaging/protocol';
import { err, ok } from '@/lib/result';
import type { HighlighterGlobal } from './highlighter';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    if (window.top !== window) return;
    const g = globalThis as unknown as HighlighterGlobal;
    // Kept in the content script's isolated world only: nothing of the library goes into the page.
    let state: PageState = { item: null, highlights: [] };
    let loading: Promise<boolean> | null = null;

    const load = (): Promise<boolean> => {
      if (g.__scrapnoteHighlighter) return Promise.resolve(true);
      loading ??= contentToBackground
        .sendMessage('loadHighlighter', { url: location.href })
        .then((res) => {
          const h = g.__scrapnoteHighlighter;
          if (!res.ok || !h || !ctx.isValid) {
            loading = null;
            return false;
          }
          void h.setState(state);
          return true;
        })
        .catch(() => {
          loading = null;
          return false;
        });
      return loading;
    };

    const apply = (next: PageState) => {
      state = next;
      const h = g.__scrapnoteHighlighter;
      if (h) void h.setState(next);
      else if (next.highlights.length) void load();
    };

    // A selection anywhere outside form fields is the cue to load the toolbar.
    const onSelect = () => {
      if (g.__scrapnoteHighlighter) return;
      const sel = document.getSelection();
      if (!sel || sel.isCollapsed || !sel.toString().trim()) return;
      void load().then((ok) => ok && g.__scrapnoteHighlighter?.checkSelection());
    };
    ctx.addEventListener(document, 'pointerup', onSelect, { passive: true });
    ctx.addEventListener(document, 'keyup', (e) => e.shiftKey && onSelect(), { passive: true });

    backgroundToContent.onMessage('pageStateChanged', ({ data }) => apply(data));
    backgroundToContent.onMessage('highlightSelection', async ({ data }) => {
      if (!(await load())) return err('The highlighter could not start on this page.');
      return g.__scrapnoteHighlighter!.highlightSelection(data.color);
    });
    backgroundToContent.onMessage('scrollToHighlight', async ({ data }) => {
      if (!(await load())) return err('The highlighter could not start on this page.');
      const h = g.__scrapnoteHighlighter!;
      await h.setState(state);
      return h.scrollTo(data.id);
    });
    // The cheap fingerprint (lib/extract/classify.ts), when asked; Readability never runs here.
    backgroundToContent.onMessage('classifyPage', () => {
      const { kind, profile, confidence } = fingerprintPage(document, location.href);
      return ok({ url: location.href, kind, profile, confidence });
    });
    ctx.onInvalidated(() => {
      g.__scrapnoteHighlighter?.destroy();
      g.__scrapnoteHighlighter = undefined;
    });

    // In the page's first idle period, not during its own load work. The timeout bounds how long
    // saved highlights wait on a page that is never idle.
    const report = () =>
      void contentToBackground
        .sendMessage('getPageState', { url: location.href })
        .then((res) => {
          if (ctx.isValid && res.ok) apply(res.value);
        })
        .catch(() => undefined);
    if (typeof requestIdleCallback === 'function') ctx.requestIdleCallback(report, { timeout: 2000 });
    else ctx.setTimeout(report, 0);
  },
});
