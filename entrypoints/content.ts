/**
 * The always-on content script: small and cheap. On load it does nothing but register its
 * listeners; it sends nothing. The background tells it its page's saved state when the page has
 * finished loading (tabs.onUpdated, entrypoints/background/pages.ts refreshTab), and only when the
 * library holds the page. It loads the page highlighter (entrypoints/highlighter.ts) only when
 * there are highlights to paint or the user selects text, or a command asks for it.
 *
 * It never classifies or reads its page: the popup and side panel run the on-demand extractor
 * (entrypoints/extractor.ts), so no page pays for recognition it does not use.
 *
 * Why an injected script rather than a dynamic import(): the background injects
 * /highlighter.js with scripting.executeScript into this tab's top frame, where it shares this
 * script's isolated world; nothing has to be listed in web_accessible_resources, so pages cannot
 * probe for the extension or load our code, and the same path works in Chrome and Firefox.
 */

import { defineContentScript } from 'wxt/utils/define-content-script';
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
    backgroundToContent.onMessage('hello', () => ok({ url: location.href }));
    ctx.onInvalidated(() => {
      g.__scrapnoteHighlighter?.destroy();
      g.__scrapnoteHighlighter = undefined;
    });
  },
});
