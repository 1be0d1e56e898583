// @vitest-environment jsdom
/**
 * Over ../shared/corpus/readability (130 real pages with Readability's own expected output):
 * classification agrees with each page's `readerable` flag, and the extracted title and text
 * are Readability's. Pages whose text differs are listed with the reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePage } from '../../../lib/extract/analyze';
import { classifyPage } from '../../../lib/extract/classify';
import { blockText, removeFurniture, stripBoilerplate } from '../../../lib/extract/clean';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/readability');
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`corpus tests did not run: ${corpus} is missing`);

// Readability's own test suite parses every page at this URL.
const URL_ = 'http://fakehost/test/page.html';
const NOW = new Date('2025-02-05T06:00:00Z');

interface Page {
  name: string;
  source: string;
  expected: string;
  meta: { title: string; readerable: boolean; siteName: string | null };
}

function pages(): Page[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(corpus, d.name, 'source.html')))
    .map((d) => ({
      name: d.name,
      source: readFileSync(path.join(corpus, d.name, 'source.html'), 'utf8'),
      expected: readFileSync(path.join(corpus, d.name, 'expected.html'), 'utf8'),
      meta: JSON.parse(readFileSync(path.join(corpus, d.name, 'expected-metadata.json'), 'utf8')),
    }));
}

const squash = (s: string) => s.replace(/\s+/g, '');

interface Outcome {
  name: string;
  /** Classification agrees with the readerable flag; else why not. */
  disagreement: string | null;
  /** 'same', a reason the text differs from Readability's expected output, or an unexplained difference. */
  same: boolean;
  reason: string | null;
  unexplained: string | null;
}

/** Classify and extract one page, and compare with Readability's expected output. */
function check(p: Page): Outcome {
  const out: Outcome = { name: p.name, disagreement: null, same: false, reason: null, unexplained: null };
  const doc = new JSDOM(p.source, { url: URL_ }).window.document;
  const c = classifyPage(doc, URL_);
  const article = c.kind === 'article' || c.kind === 'article+board';
  if (article !== p.meta.readerable) out.disagreement = `readerable=${p.meta.readerable} kind=${c.kind} (${c.profile})`;

  const a = analyzePage(doc, URL_, NOW);
  const expText = squash(new JSDOM(`<body>${p.expected}</body>`).window.document.body.textContent ?? '');
  if (!a.article) {
    out.unexplained = `no article extracted (profile ${a.profile})`;
    return out;
  }
  const ours = squash(a.article.text);
  const titleSame = a.article.title === p.meta.title;
  if (ours === expText && titleSame) {
    out.same = true;
    return out;
  }
  // Plain Readability in this environment, then the same cleanup analyzePage applies.
  const plain = new Readability<Element>(doc.cloneNode(true) as Document, {
    serializer: (el) => el as Element,
  }).parse();
  if (!plain?.content) {
    out.unexplained = 'plain Readability found nothing here, analyzePage did';
    return out;
  }
  const reasons: string[] = [];
  const plainText = squash(plain.content.textContent ?? '');
  if (plainText !== expText || plain.title !== p.meta.title) {
    reasons.push('Readability itself gives a different result under this jsdom than its expected output');
  }
  if (!titleSame && a.article.title !== plain.title) {
    out.unexplained = `title ${JSON.stringify(a.article.title)} vs Readability ${JSON.stringify(plain.title)}`;
    return out;
  }
  removeFurniture(plain.content);
  const { removed } = stripBoilerplate(plain.content, a.article.siteName);
  const cleaned = squash(blockText(plain.content));
  if (ours !== cleaned) {
    const at = [...ours].findIndex((ch, i) => ch !== cleaned[i]);
    const near = (s: string) => JSON.stringify(s.slice(Math.max(0, at - 20), at + 40));
    out.unexplained = `text differs at ${at}: ${near(ours)} vs ${near(cleaned)}`;
    return out;
  }
  if (removed.length)
    reasons.push(`boilerplate removed: ${removed.map((r) => JSON.stringify(r.slice(0, 60))).join(', ')}`);
  else if (plainText !== cleaned) reasons.push('form/script furniture removed');
  out.reason = reasons.join('; ');
  return out;
}

describe.skipIf(!hasCorpus)('readability corpus', () => {
  let outcomes: Outcome[] = [];

  // One parse per page for both checks: jsdom parsing dominates the run time.
  beforeAll(() => {
    outcomes = pages().map(check);
  }, 900_000);

  it('covers the corpus', () => {
    expect(outcomes.length).toBeGreaterThan(100);
  });

  it('classification agrees with the readerable flag on at least 95% of pages', () => {
    const disagree = outcomes.filter((o) => o.disagreement);
    const rate = 1 - disagree.length / outcomes.length;
    console.log(
      `classification agrees on ${outcomes.length - disagree.length}/${outcomes.length} (${(rate * 100).toFixed(1)}%)`,
    );
    if (disagree.length)
      console.log(`disagreements:\n  ${disagree.map((o) => `${o.name}: ${o.disagreement}`).join('\n  ')}`);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it("extracts Readability's title and text on every page; differences are listed with their reason", () => {
    const same = outcomes.filter((o) => o.same).length;
    const differ = outcomes.filter((o) => o.reason);
    const bad = outcomes.filter((o) => o.unexplained);
    console.log(`same title and text as Readability's expected output: ${same}/${outcomes.length}`);
    console.log(
      `pages that differ, with the reason (${differ.length}):\n  ${differ.map((o) => `${o.name}: ${o.reason}`).join('\n  ')}`,
    );
    if (bad.length)
      console.log(`unexplained (${bad.length}):\n  ${bad.map((o) => `${o.name}: ${o.unexplained}`).join('\n  ')}`);
    expect(bad.map((o) => `${o.name}: ${o.unexplained}`)).toEqual([]);
  });
});
