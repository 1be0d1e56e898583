/**
 * Typed messengers for each direction of lib/messaging/protocol.ts (@webext-core/messaging).
 * Receivers answer through lib/messaging/handle.ts, which checks the sender and the data; this
 * module stays small because the always-on content script sends through it.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type {
  BackgroundToBoardReader,
  BackgroundToContent,
  BackgroundToExtractor,
  BackgroundToParser,
  BackgroundToUi,
  ContentToBackground,
  UiToBackground,
} from './protocol';
import { retryOnNoAnswer } from './retry';

const config = { logger: undefined } as const;

/**
 * UI requests that are safe to send twice, so they are sent again when the service worker stops
 * before answering: reads, and saves (an upsert by canonical key; a repeat updates the one item).
 */
export const RETRY_SAFE: ReadonlySet<keyof UiToBackground> = new Set<keyof UiToBackground>([
  'analyzeTab',
  'tabInfo',
  'saveTab',
]);

export const contentToBackground = defineExtensionMessaging<ContentToBackground>(config);
const ui = defineExtensionMessaging<UiToBackground>(config);
export const uiToBackground: typeof ui = {
  ...ui,
  sendMessage: ((type: keyof UiToBackground, ...rest: unknown[]) => {
    const send = () => (ui.sendMessage as (t: string, ...r: unknown[]) => Promise<unknown>)(type, ...rest);
    return RETRY_SAFE.has(type) ? retryOnNoAnswer(send) : send();
  }) as typeof ui.sendMessage,
};
export const backgroundToContent = defineExtensionMessaging<BackgroundToContent>(config);
export const backgroundToExtractor = defineExtensionMessaging<BackgroundToExtractor>(config);
export const backgroundToBoardReader = defineExtensionMessaging<BackgroundToBoardReader>(config);
export const backgroundToUi = defineExtensionMessaging<BackgroundToUi>(config);
export const backgroundToParser = defineExtensionMessaging<BackgroundToParser>(config);
