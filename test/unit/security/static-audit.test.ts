/**
 * A static guard over the extension's own code: page-derived content reaches extension pages only
 * as text or sanitized HTML. Any new way of writing HTML or URLs into a page must be reviewed and
 * added here with the reason it is safe.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const DIRS = ['components', 'entrypoints', 'lib'];

function sources(): Array<{ file: string; text: string }> {
  return DIRS.flatMap((d) =>
    readdirSync(path.join(root, d), { recursive: true })
      .map(String)
      .filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => ({ file: `${d}/${f}`, text: readFileSync(path.join(root, d, f), 'utf8') })),
  );
}

/** Sinks that turn a string into markup or code, with the places allowed to use them and why. */
const SINKS: Array<{ name: string; pattern: RegExp; allowed: Record<string, string> }> = [
  { name: 'dangerouslySetInnerHTML', pattern: /dangerouslySetInnerHTML/, allowed: {} },
  {
    name: 'innerHTML/outerHTML assignment',
    pattern: /\.(inner|outer)HTML\s*=(?!=)/,
    allowed: { 'components/sidepanel/readerHtml.ts': 'a <template> filled with DOMPurify output, then stripped again' },
  },
  { name: 'insertAdjacentHTML', pattern: /insertAdjacentHTML/, allowed: {} },
  { name: 'document.write', pattern: /document\.write/, allowed: {} },
  { name: 'eval / new Function', pattern: /\beval\(|new Function\(/, allowed: {} },
  { name: 'createContextualFragment', pattern: /createContextualFragment/, allowed: {} },
  { name: 'srcdoc', pattern: /srcdoc/i, allowed: {} },
];

/** JSX attributes that take a URL from data, with why each is safe. */
const URL_ATTRS: Record<string, string> = {
  'components/sidepanel/ListReader.tsx':
    'row.url: a listed post read back from storage.session through listSession.ts, whose schema takes http(s) addresses only',
  'components/sidepanel/ReaderView.tsx':
    'it.url: saved from an http(s) tab or imported through the http(s)-only schema',
};

describe('static audit of HTML and URL sinks', () => {
  const files = sources();

  for (const sink of SINKS) {
    it(`${sink.name} only where reviewed`, () => {
      const found = files.filter((f) => sink.pattern.test(f.text)).map((f) => f.file);
      expect(found.sort()).toEqual(Object.keys(sink.allowed).sort());
    });
  }

  it('URLs from data in JSX (href/src/action) only where reviewed', () => {
    const found = files
      .filter((f) => f.file.endsWith('.tsx') && /\b(href|src|action|formAction|srcSet)=\{/.test(f.text))
      .map((f) => f.file);
    expect(found.sort()).toEqual(Object.keys(URL_ATTRS).sort());
  });

  it('the extractor HTML goes through DOMPurify', () => {
    const analyze = files.find((f) => f.file === 'lib/extract/analyze.ts')?.text ?? '';
    expect(analyze).toMatch(/sanitizeHtml\(el\.innerHTML/);
    const reader = files.find((f) => f.file === 'components/sidepanel/readerHtml.ts')?.text ?? '';
    expect(reader).toMatch(/const clean = sanitizeHtml\(html/);
  });
});
