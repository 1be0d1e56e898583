/**
 * The page highlighter (lib/highlight), injected on demand by the background (loadHighlighter)
 * into the top frame of one tab, in the same isolated world as entrypoints/content.ts. Kept out
 * of the always-on content script because it carries the anchoring code, approx-string-match and
 * the toolbar; the content script loads it only when the page has highlights or text is selected.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { t } from '@/components/i18n';
import { Highlighter } from '@/lib/highlight/controller';
import { browserHighlightEnv } from '@/lib/highlight/paint';
import { contentToBackground } from '@/lib/messaging';

/** How entrypoints/content.ts finds the highlighter once injected. */
export interface HighlighterGlobal {
  __scrapnoteHighlighter?: Highlighter;
}

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as HighlighterGlobal;
  if (g.__scrapnoteHighlighter) return;
  const send = contentToBackground.sendMessage;
  g.__scrapnoteHighlighter = new Highlighter({
    doc: document,
    t,
    env: browserHighlightEnv(window),
    now: () => performance.now(),
    api: {
      add: (data) => send('addHighlight', { url: location.href, ...data }),
      update: (data) => send('updateHighlight', data),
      remove: (id) => send('deleteHighlight', { id }),
      copy: async (text) => {
        try {
          await navigator.clipboard.writeText(text);
          return true;
        } catch {
          // Non-secure pages have no async clipboard: copy the (still selected) text the old way.
          return document.execCommand('copy');
        }
      },
    },
  });
});
