/** The on-demand extractor of a tab, asked through its typed messages. */
import { browser } from 'wxt/browser';
import { backgroundToExtractor } from '@/lib/messaging';
import type { BackgroundToExtractor } from '@/lib/messaging/protocol';
import { err, errorMessage } from '@/lib/result';

/**
 * Inject the on-demand extractor (entrypoints/extractor.ts) into a tab's top frame, then ask it
 * one of its typed messages; its answer, or why there was none.
 */
export async function inExtractor<K extends keyof BackgroundToExtractor>(
  tabId: number,
  type: K,
  data: Parameters<BackgroundToExtractor[K]>[0],
): Promise<ReturnType<BackgroundToExtractor[K]>> {
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['/extractor.js'] });
    const send = backgroundToExtractor.sendMessage as (
      t: K,
      d: typeof data,
      o: { tabId: number; frameId: number },
    ) => Promise<ReturnType<BackgroundToExtractor[K]> | undefined>;
    const answer = await send(type, data, { tabId, frameId: 0 });
    return answer ?? (err('The page did not answer. Reload it and try again.') as ReturnType<BackgroundToExtractor[K]>);
  } catch (e) {
    return err(`This page cannot be read by the extension (${errorMessage(e)}).`) as ReturnType<
      BackgroundToExtractor[K]
    >;
  }
}
