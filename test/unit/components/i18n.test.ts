/**
 * The UI's messages: Korean and English have the same keys with the same placeholders, and every
 * key the code names exists (the type MessageKey makes a missing key a compile error; this checks
 * the files themselves).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Messages = Record<string, { message: string; placeholders?: Record<string, unknown> }>;
const read = (lang: string): Messages =>
  JSON.parse(readFileSync(join(__dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'));

describe('_locales', () => {
  const en = read('en');
  const ko = read('ko');

  it('Korean and English have the same message keys', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });

  it('each message has the same placeholders in both languages, and uses each one', () => {
    for (const key of Object.keys(en)) {
      const names = (m: Messages[string] | undefined) => Object.keys(m?.placeholders ?? {}).sort();
      expect(names(ko[key]), key).toEqual(names(en[key]));
      for (const lang of [en, ko]) {
        for (const name of names(lang[key]))
          expect(lang[key]!.message, `${key} uses $${name}$`).toMatch(new RegExp(`\\$${name}\\$`, 'i'));
      }
    }
  });

  it('every message has text', () => {
    for (const [key, m] of [...Object.entries(en), ...Object.entries(ko)]) expect(m.message.trim(), key).not.toBe('');
  });
});
