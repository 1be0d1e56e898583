/**
 * The always-on content script: small and cheap. On load it only registers two DOM listeners
 * (pointerup, and keyup with Shift) in the page's document; it touches no extension API and sends
 * nothing, so a page pays for nothing it does not use. A text selection is the cue to ask the
 * background for the page highlighter (entrypoints/highlighter.ts).
 *
 * Everything else comes from the background when needed: it injects the highlighter itself when
 * the page has saved highlights (after the page has loaded), when a command highlights the
 * selection, or when the side panel shows a highlight; the highlighter then takes the
 * background's messages. Recognition and extraction run in the on-demand extractor
 * (entrypoints/extractor.ts) when the popup or side panel asks.
 *
 * Why injected scripts rather than a dynamic import(): the background injects /highlighter.js
 * with scripting.executeScript into this tab's top frame, where it shares this script's isolated
 * world; nothing has to be listed in web_accessible_resources, so pages cannot probe for the
 * extension or load our code, and the same path works in Chrome and Firefox.
 */

import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentToBackground } from '@/lib/messaging';
import type { HighlighterGlobal } from './highlighter';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    if (window.top !== window) return;
    const g = globalThis as unknown as HighlighterGlobal;
    let loading = false;

    // A selection anywhere outside form fields is the cue to load the toolbar; once loaded, the
    // highlighter watches selections itself.
    const onSelect = () => {
      if (g.__scrapnoteHighlighter || loading) return;
      const sel = document.getSelection();
      if (!sel || sel.isCollapsed || !sel.toString().trim()) return;
      loading = true;
      void contentToBackground
        .sendMessage('loadHighlighter', { url: location.href })
        .then((res) => {
          if (res.ok && ctx.isValid) g.__scrapnoteHighlighter?.checkSelection();
        })
        .catch(() => undefined)
        .finally(() => {
          loading = false;
        });
    };
    ctx.addEventListener(document, 'pointerup', onSelect, { passive: true });
    ctx.addEventListener(document, 'keyup', (e) => e.shiftKey && onSelect(), { passive: true });

    // The extension was reloaded or removed: the highlighter this copy asked for stops too.
    ctx.onInvalidated(() => {
      g.__scrapnoteHighlighter?.destroy();
      g.__scrapnoteHighlighter = undefined;
    });
  },
});
