// @vitest-environment jsdom
/**
 * What the always-on content script reports on load (classifyPage: detectors only, no readers)
 * against what the popup shows on demand (analyzePage: the same detection, then extraction).
 * The load-time answer must come from the same detection as recognize(); the on-demand kind
 * differs only where extraction finds less than detection promised (no body, no rows).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../lib/extract/analyze';
import { classifyPage } from '../../../lib/extract/classify';
import { DETECTORS } from '../../../lib/sites/detect';
import { genericProfile, PROFILES, recognize } from '../../../lib/sites/index';
import { FIXTURES, load, NOW, PROFILE_FIXTURES } from './fixtures';

const corpus = path.resolve(__dirname, '../../../../shared/corpus/readability');
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`load-time classification over the corpus did not run: ${corpus} is missing`);

interface Page {
  name: string;
  url: string;
  doc: () => Document;
}

const GENERIC_URL = 'https://unknown.example/board/list';
const fixturePages: Page[] = [
  ...PROFILE_FIXTURES.map((f) => ({ name: f.file, url: f.url, doc: () => load(f.file, f.url) })),
  ...['generic/boards', 'generic/not-boards'].flatMap((dir) =>
    readdirSync(path.join(FIXTURES, dir)).map((f) => ({
      name: `${dir}/${f}`,
      url: GENERIC_URL,
      doc: () => load(`${dir}/${f}`, GENERIC_URL),
    })),
  ),
];
const CORPUS_URL = 'http://fakehost/test/page.html';
const corpusPages: Page[] = hasCorpus
  ? readdirSync(corpus)
      .filter((d) => existsSync(path.join(corpus, d, 'source.html')))
      // Every third page: analyzePage under jsdom takes over a second a page on a busy machine,
      // and corpus.test.ts already extracts every page.
      .filter((_, i) => i % 3 === 0)
      .map((d) => ({
        name: `corpus/${d}`,
        url: CORPUS_URL,
        doc: () =>
          new JSDOM(readFileSync(path.join(corpus, d, 'source.html'), 'utf8'), { url: CORPUS_URL }).window.document,
      }))
  : [];

describe('detectors', () => {
  it('are the profiles’ own detect functions, in the profiles’ order, generic last', () => {
    expect([...DETECTORS.map((d) => d.id), 'generic']).toEqual(PROFILES.map((p) => p.id));
    for (const d of DETECTORS) expect(d.detect).toBe(PROFILES.find((p) => p.id === d.id)!.detect);
    expect(PROFILES.at(-1)).toBe(genericProfile);
  });
});

/** Load-time classification and on-demand analysis of each page; the disagreements, described. */
function compare(pages: Page[]): { agree: number; total: number; differ: string[] } {
  const differ: string[] = [];
  for (const p of pages) {
    const doc = p.doc();
    const atLoad = classifyPage(doc, p.url);
    // The same detection as extraction's: same profile, same verdicts.
    const rec = recognize(doc, new URL(p.url));
    expect(atLoad.profile, p.name).toBe(rec.profile.id);
    expect(atLoad.engine, p.name).toBe(rec.engine);
    const onDemand = analyzePage(doc, p.url, NOW);
    if (atLoad.kind !== onDemand.kind) differ.push(`${p.name}: on load ${atLoad.kind}, on demand ${onDemand.kind}`);
  }
  return { agree: pages.length - differ.length, total: pages.length, differ };
}

function report(label: string, r: { agree: number; total: number; differ: string[] }) {
  console.log(
    `${label}: load-time kind agrees with the on-demand analysis on ${r.agree}/${r.total} (${((100 * r.agree) / r.total).toFixed(1)}%)`,
  );
  if (r.differ.length) console.log(`  ${r.differ.join('\n  ')}`);
}

describe('load-time classification against the on-demand analysis', () => {
  it('Korean fixtures and generic boards and look-alikes: at least 95% agree', () => {
    const r = compare(fixturePages);
    report('fixtures', r);
    expect(r.total).toBeGreaterThanOrEqual(20);
    expect(r.agree / r.total).toBeGreaterThanOrEqual(0.95);
  });

  it.skipIf(!hasCorpus)(
    'Readability corpus (every third page): at least 95% agree',
    () => {
      const r = compare(corpusPages);
      report('corpus', r);
      expect(r.total).toBeGreaterThan(40);
      expect(r.agree / r.total).toBeGreaterThanOrEqual(0.95);
    },
    600_000,
  );
});
