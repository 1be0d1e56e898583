/**
 * Typed messengers for each direction of lib/messaging/protocol.ts (@webext-core/messaging).
 * Each type has exactly one listener, in the receiving context.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { BackgroundToContent, ContentToBackground, UiToBackground } from './protocol';

const config = { logger: undefined } as const;

export const contentToBackground = defineExtensionMessaging<ContentToBackground>(config);
export const uiToBackground = defineExtensionMessaging<UiToBackground>(config);
export const backgroundToContent = defineExtensionMessaging<BackgroundToContent>(config);
