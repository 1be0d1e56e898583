/**
 * The always-on content script: small and cheap. It asks the background whether this page has
 * saved highlights and only then loads anything heavier.
 */
import { backgroundToContent, contentToBackground } from '@/lib/messaging';
import type { PageState } from '@/lib/messaging/protocol';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    // Kept in the content script's isolated world only: nothing of the library goes into the page.
    let state: PageState = { item: null, highlights: [] };
    const apply = (next: PageState) => {
      state = next;
    };
    backgroundToContent.onMessage('pageStateChanged', ({ data }) => apply(data));
    void contentToBackground
      .sendMessage('getPageState', { url: location.href })
      .then((res) => {
        if (ctx.isValid && res.ok) apply(res.value);
      })
      .catch(() => undefined);
  },
});
