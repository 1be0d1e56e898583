/**
 * What WXT's fakeBrowser lacks to run the real background and pages in one test context: English
 * UI messages, and runtime.sendMessage delivered as Chrome delivers it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

const root = path.resolve(__dirname, '../..');

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** A locale's messages file. */
export const locale = (lang: string): Messages =>
  JSON.parse(readFileSync(path.join(root, `public/_locales/${lang}/messages.json`), 'utf8')) as Messages;

const en = locale('en');

/** browser.i18n.getMessage over the English messages, placeholders included. */
export function getMessage(key: string, subs?: string | string[]): string {
  const entry = en[key];
  if (!entry) return '';
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? '');
  });
}

/** A value as it arrives after JSON serialization (how Chrome passes messages). */
export const json = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/**
 * runtime.sendMessage as Chrome delivers it: JSON-serialized, to every runtime.onMessage
 * listener with the sending page as `sender`; the first answer wins. runtime.lastError is set
 * only in the callback of a message nobody answered (fakeBrowser keeps one, with an empty
 * message, at all times, which fails every callback). fakeBrowser's own sendMessage takes no
 * callback and names no sender, which the background refuses.
 */
export function deliverFrom(sender: { id: string; url: string; origin: string }): void {
  const runtime = fakeBrowser.runtime as { lastError?: { message?: string } };
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(((
    message: unknown,
    callback?: (r: unknown) => void,
  ) => {
    let answered = false;
    const respond = (r: unknown) => {
      if (answered) return;
      answered = true;
      const kept = runtime.lastError;
      runtime.lastError =
        r === undefined ? { message: 'Could not establish connection. Receiving end does not exist.' } : undefined;
      try {
        callback?.(json(r));
      } finally {
        runtime.lastError = kept;
      }
    };
    const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown[]>;
    // A listener that throws answers nothing, as in Chrome (no unhandled rejection in the test).
    void trigger(json(message), sender, respond).then(
      (kept) => {
        if (!kept.includes(true)) respond(undefined);
      },
      () => respond(undefined),
    );
  }) as never);
}
