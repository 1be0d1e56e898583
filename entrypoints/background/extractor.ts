/** The scripts the background injects into a tab on demand, asked through their typed messages. */
import { browser } from 'wxt/browser';
import { backgroundToBoardReader, backgroundToExtractor } from '@/lib/messaging';
import type { BackgroundToBoardReader, BackgroundToExtractor } from '@/lib/messaging/protocol';
import { err, errorMessage, type Result } from '@/lib/result';

type Protocol = Record<string, (data: never) => Result<unknown>>;
type Sender = {
  sendMessage(type: string, data: unknown, options: { tabId: number; frameId: number }): Promise<unknown>;
};

/**
 * Inject `file` into a tab's top frame (once: the script keeps itself from registering twice),
 * then ask it `type`; its answer, or why there was none.
 */
async function ask<P extends Protocol, K extends keyof P & string>(
  file: '/extractor.js' | '/board.js',
  messenger: unknown,
  tabId: number,
  type: K,
  data: Parameters<P[K]>[0],
): Promise<ReturnType<P[K]>> {
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [file] });
    const answer = await (messenger as Sender).sendMessage(type, data, { tabId, frameId: 0 });
    return (answer ?? err('The page did not answer. Reload it and try again.')) as ReturnType<P[K]>;
  } catch (e) {
    return err(`This page cannot be read by the extension (${errorMessage(e)}).`) as ReturnType<P[K]>;
  }
}

/** Ask the on-demand article extractor (entrypoints/extractor.ts) of a tab. */
export function inExtractor<K extends keyof BackgroundToExtractor & string>(
  tabId: number,
  type: K,
  data: Parameters<BackgroundToExtractor[K]>[0],
): Promise<ReturnType<BackgroundToExtractor[K]>> {
  return ask<BackgroundToExtractor & Protocol, K>('/extractor.js', backgroundToExtractor, tabId, type, data);
}

/** Ask the on-demand board reader (entrypoints/board.ts) of a tab. */
export function inBoardReader<K extends keyof BackgroundToBoardReader & string>(
  tabId: number,
  type: K,
  data: Parameters<BackgroundToBoardReader[K]>[0],
): Promise<ReturnType<BackgroundToBoardReader[K]>> {
  return ask<BackgroundToBoardReader & Protocol, K>('/board.js', backgroundToBoardReader, tabId, type, data);
}
