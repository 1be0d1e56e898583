/**
 * Typed messengers for each direction of lib/messaging/protocol.ts (@webext-core/messaging).
 * Each type has exactly one listener, in the receiving context.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { BackgroundToContent, ContentToBackground, UiToBackground } from './protocol';
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
