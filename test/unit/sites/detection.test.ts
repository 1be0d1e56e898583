// @vitest-environment jsdom
/**
 * classifyPage (what tabInfo reports) runs the same detection as extraction's recognize(): same
 * profile, same engine, on every page; and its kind against what the popup shows on demand
 * (analyzePage). Also that lib/sites/detect.ts lists every profile's own detector.
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
if (!hasCorpus) console.warn(`classification against detection over the corpus did not run: ${corpus} is missing`);

interface Page {
  name: string;
  url: string;
  doc: () => Document;
}

const GENERIC_URL = 'https://unknown.example/board/list';
const fixturePages: Page[] = [
  ...PROFILE_FIXTURES.map((f) => ({ name: f.file, url: f.url, doc: () => load(f.file, f.url) })),
  ...['generic/boards', 'generic/not-boards'].flatMap((dir) =>
    readdirSync(path.join(FIXTURES, dir))
      .filter((f) => f.endsWith('.html'))
      .map((f) => ({
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

interface Tally {
  total: number;
  /** classifyPage and the on-demand analysis: same kind. */
  agree: number;
  differ: string[];
}

/** Classification, detection and on-demand analysis of each page; the disagreements, described. */
function compare(pages: Page[]): Tally {
  const t: Tally = { total: pages.length, agree: 0, differ: [] };
  for (const p of pages) {
    const doc = p.doc();
    const full = classifyPage(doc, p.url);
    // classifyPage is the same detection as extraction's: same profile, same engine.
    const rec = recognize(doc, new URL(p.url));
    expect(full.profile, p.name).toBe(rec.profile.id);
    expect(full.engine, p.name).toBe(rec.engine);
    const onDemand = analyzePage(doc, p.url, NOW);
    if (full.kind === onDemand.kind) t.agree++;
    else t.differ.push(`${p.name}: classifyPage ${full.kind}, on demand ${onDemand.kind}`);
  }
  return t;
}

function report(label: string, t: Tally) {
  const pct = (n: number) => `${n}/${t.total} (${((100 * n) / t.total).toFixed(1)}%)`;
  console.log(`${label}: classifyPage agrees with the on-demand analysis on ${pct(t.agree)}`);
  if (t.differ.length) console.log(`  ${t.differ.join('\n  ')}`);
}

describe('classification against detection and the on-demand analysis', () => {
  it('Korean fixtures, generic boards and look-alikes: same detection, at least 90% same kind', () => {
    const t = compare(fixturePages);
    report('fixtures', t);
    expect(t.total).toBeGreaterThanOrEqual(20);
    expect(t.agree / t.total).toBeGreaterThanOrEqual(0.9);
  });

  it.skipIf(!hasCorpus)(
    'Readability corpus (every third page): same detection, at least 95% same kind',
    () => {
      const t = compare(corpusPages);
      report('corpus', t);
      expect(t.total).toBeGreaterThan(40);
      expect(t.agree / t.total).toBeGreaterThanOrEqual(0.95);
    },
    600_000,
  );
});
