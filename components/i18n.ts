/** UI strings from _locales through the browser's i18n (Korean or English by browser locale). */
import { browser } from 'wxt/browser';
import type en from '../public/_locales/en/messages.json';

/**
 * The name of a UI message: a key of the English messages file, so a misspelt or removed key is a
 * type error (test/unit/i18n.test.ts checks that Korean has the same keys).
 */
export type MessageKey = keyof typeof en;

/** getMessage for any message name (WXT types it as one overload per name). */
const getMessage = browser.i18n.getMessage as (name: string, subs?: string[]) => string;

/** A message of _locales; the key itself when it is missing, so a gap shows rather than hides. */
export function t(key: MessageKey, ...subs: string[]): string {
  return getMessage(key, subs) || key;
}

/** The UI language, for `lang` attributes and date formatting. */
export function uiLang(): string {
  // The language the messages really come from (a message of each locale file names it):
  // Chromium's getUILanguage() and @@ui_locale can say en-US while the messages are Korean.
  let used = '';
  try {
    used = getMessage('uiLang') ?? '';
  } catch {
    // Test doubles may not know the message.
  }
  if (used === 'ko' || used === 'en') return used;
  return browser.i18n.getUILanguage().toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** A date and time in the UI language, e.g. `2025. 2. 5. 오후 2:32` or `Feb 5, 2025, 2:32 PM`. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(uiLang(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
