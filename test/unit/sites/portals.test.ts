/**
 * Portal articles: the press outlet is the site's name, the portal is `via`, and the link to the
 * original article is kept; on the outlets' own sites there is no `via`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '@/lib/extract/analyze';
import { itemFromAnalysis } from '@/lib/extract/to-item';

const DIR = path.resolve(__dirname, '../../fixtures/corpus/articles');
const NOW = new Date('2025-02-06T00:00:00Z');

interface Truth {
  url: string;
  outlet: string;
  via: string | null;
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.truth.json'))
  .map((f) => {
    const truth = JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Truth;
    const html = readFileSync(path.join(DIR, f.replace(/\.truth\.json$/, '.html')), 'utf8');
    return {
      name: f.replace(/\.truth\.json$/, ''),
      truth,
      analysis: analyzePage(new JSDOM(html, { url: truth.url }).window.document, truth.url, NOW),
    };
  });

describe('portal articles', () => {
  it('name their portal as via, on every portal page of the corpus, and nothing elsewhere', () => {
    expect(fixtures.filter((f) => f.truth.via).length).toBeGreaterThanOrEqual(10);
    for (const { name, truth, analysis } of fixtures) expect(analysis.site.via, name).toBe(truth.via);
  });

  it('take the press outlet as the site where the page names it, and keep the original article link', () => {
    const naver = fixtures.find((f) => f.name === 'naver-news-daily-bareun')!;
    expect(naver.analysis.site.name).toBe('바른겨레');
    expect(naver.analysis.originalUrl).toBe('https://www.www.bareun.example/928/0002734567');
    const item = itemFromAnalysis(naver.analysis, { id: 'x', now: NOW });
    expect(item.site.via).toBe('네이버 뉴스');
    expect(item.originalUrl).toBe('https://www.www.bareun.example/928/0002734567');
    // Every portal page of the corpus, in every layout (Naver's old and new news, entertainment
    // and sports pages, Daum, Nate): the press outlet is the site's name.
    for (const f of fixtures.filter((x) => x.truth.via)) expect(f.analysis.site.name, f.name).toBe(f.truth.outlet);
  });

  it('a link back into the portal is not the original article', () => {
    const back = fixtures.find((f) => f.name === 'naver-news-regional-hanbit')!;
    expect(back.analysis.originalUrl).toBeNull();
    for (const f of fixtures.filter((x) => !x.truth.via)) expect(f.analysis.originalUrl, f.name).toBeNull();
  });
});
