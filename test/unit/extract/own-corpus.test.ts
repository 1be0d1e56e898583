// @vitest-environment node
/**
 * Our own Korean corpus (test/fixtures/corpus/articles, the generic boards with truth files and
 * the not-boards), scored by test/support/score-corpus.ts, the scorer `npm run score:corpus`
 * prints in full. The overall numbers may not fall below their floors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ArticleTruth, type CorpusScore, formatScore, REPO_ROOT, scoreCorpus } from '../../support/score-corpus';

// Floors, in percent: what the corpus scored at the commit that set them. They may only be raised
// (set them to a new `npm run score:corpus` result when extraction gets better); never lower one
// to let a change through. A null floor had nothing to score when it was set (no board truth files
// yet): set it to the first number the scorer prints for it.
const ARTICLE_FIELDS_FLOOR: number | null = 100;
const BOARD_F1_FLOOR: number | null = 100;
const BOARD_TITLES_FLOOR: number | null = 100;
const NOT_BOARD_KINDS_FLOOR: number | null = 100;
const ARTICLE_KINDS_FLOOR: number | null = 98;

const ARTICLES = path.join(REPO_ROOT, 'test/fixtures/corpus/articles');

let cached: CorpusScore | null = null;
const score = () => {
  cached ??= scoreCorpus();
  return cached;
};

describe('own Korean corpus', () => {
  it('has at least 40 article fixtures from at least 15 outlets, each with a well-formed truth', () => {
    const truths = readdirSync(ARTICLES).filter((f) => f.endsWith('.truth.json'));
    expect(truths.length).toBeGreaterThanOrEqual(40);
    const outlets = new Set<string>();
    for (const f of truths) {
      const t = JSON.parse(readFileSync(path.join(ARTICLES, f), 'utf8')) as ArticleTruth;
      expect(readdirSync(ARTICLES)).toContain(f.replace(/\.truth\.json$/, '.html'));
      expect(t.kind, f).toBe('article');
      expect(() => new URL(t.url), f).not.toThrow();
      expect(t.publishedAt, f).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      expect(t.title && t.outlet && t.bodyStart && t.bodyEnd, f).toBeTruthy();
      expect(Array.isArray(t.reporters) && Array.isArray(t.mustHave) && Array.isArray(t.mustNotHave), f).toBe(true);
      outlets.add(t.outlet);
    }
    expect(outlets.size).toBeGreaterThanOrEqual(15);
  });

  it('holds every overall number at its floor', () => {
    const s = score();
    const report = formatScore(s, false);
    expect(s.articles.length).toBeGreaterThanOrEqual(40);
    const hold = (name: string, value: number | null, floor: number | null) => {
      if (floor !== null) expect(value ?? -1, `${name}\n${report}`).toBeGreaterThanOrEqual(floor);
    };
    hold('article fields', s.articleFields, ARTICLE_FIELDS_FLOOR);
    hold('board F1', s.boardF1, BOARD_F1_FLOOR);
    hold('board titles', s.boardTitles, BOARD_TITLES_FLOOR);
    hold('not-board kinds', s.notBoardKinds, NOT_BOARD_KINDS_FLOOR);
    hold('article kinds', s.articleKinds, ARTICLE_KINDS_FLOOR);
  });
});
