/**
 * The page highlighter (lib/highlight), injected on demand by the background into the top frame
 * of one tab, in the same isolated world as entrypoints/content.ts: when the page has saved
 * highlights, when the user selects text (the content script asks), or when a command or the
 * side panel needs it. Kept out of the always-on content script because it carries the anchoring
 * code, approx-string-match and the toolbar. From here on it takes the background's messages
 * for this page (BackgroundToContent): the page's state, highlight the selection, show one.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { t } from '@/components/i18n';
import { Highlighter } from '@/lib/highlight/controller';
import { browserHighlightEnv } from '@/lib/highlight/paint';
import { backgroundToContent, contentToBackground } from '@/lib/messaging';

/** How entrypoints/content.ts (and the background, by name) finds the highlighter once injected. */
export interface HighlighterGlobal {
  __scrapnoteHighlighter?: Highlighter;
}

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as HighlighterGlobal;
  if (g.__scrapnoteHighlighter) return;
  const send = contentToBackground.sendMessage;
  const h = new Highlighter({
    doc: document,
    t,
    env: browserHighlightEnv(window),
    now: () => performance.now(),
    api: {
      add: (data) => send('pageAddHighlight', { url: location.href, ...data }),
      update: (data) => send('pageUpdateHighlight', { url: location.href, ...data }),
      remove: (ref) => send('pageDeleteHighlight', { url: location.href, ...ref }),
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
  g.__scrapnoteHighlighter = h;

  // The last state's anchoring: showing a highlight waits for it.
  let placed: Promise<void> = Promise.resolve();
  backgroundToContent.onMessage('pageStateChanged', ({ data }) => {
    placed = h.setState(data);
  });
  backgroundToContent.onMessage('highlightSelection', ({ data }) => h.highlightSelection(data.color));
  backgroundToContent.onMessage('scrollToHighlight', async ({ data }) => {
    await placed;
    return h.scrollTo(data.id);
  });
});
