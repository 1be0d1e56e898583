// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { classifyPage } from '../../../lib/extract/classify';
import { postIdentity } from '../../../lib/sites/identity';
import { genericProfile, PROFILES } from '../../../lib/sites/index';
import { load, PROFILE_FIXTURES } from './fixtures';

describe('every profile accepts its own fixtures and rejects the others', () => {
  const specific = PROFILES.filter((p) => p.id !== 'generic');
  for (const f of PROFILE_FIXTURES) {
    it(`${f.file} is ${f.kind} by ${f.profile}`, () => {
      const doc = load(f.file, f.url);
      const url = new URL(f.url);
      for (const p of specific) {
        const m = p.detect(doc, url);
        const accepts = Boolean(m && (m.article || m.board));
        expect(accepts, `${p.id} on ${f.file}`).toBe(p.id === f.profile);
      }
      const c = classifyPage(doc, f.url);
      expect(c.profile).toBe(f.profile);
      expect(c.kind).toBe(f.kind);
      expect(c.confidence).toBeGreaterThan(0.5);
    });
  }
});

describe('generic articles too short for the readerable check', () => {
  const brief = (head: string) =>
    new JSDOM(
      `<html><head>${head}</head><body><article><p>5일 오전 부산항 신항에서 크레인 두 대가 멈춰 하역이 지연되고 있다.</p></article></body></html>`,
      { url: 'https://www.bada.example/news/articleView.html?idxno=1' },
    ).window.document;
  const og = '<meta property="og:type" content="article">';
  const published = '<meta property="article:published_time" content="2025-02-05T09:41:00+09:00">';
  const ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "크레인 멈춰"}</script>';
  it.each([
    ['og:type article and a published time', og + published, true],
    ['JSON-LD NewsArticle and og:type article', ld + og, true],
    ['og:type article alone', og, false],
    ['a published time alone', published, false],
    ['no metadata', '', false],
  ])('%s: article %s', (_name, head, article) => {
    const m = genericProfile.detect(brief(head), new URL('https://www.bada.example/'));
    expect(m?.article).toBe(article);
  });
});

describe('example URLs', () => {
  const engines: Record<string, string[]> = {
    xe: ['xe', 'path'],
    gnuboard: ['gnuboard', 'path'],
    naver: ['naver'],
    daum: ['daum'],
  };
  for (const p of PROFILES) {
    it(`${p.id} has example URLs that no other engine claims`, () => {
      expect(p.examples.length).toBeGreaterThan(0);
      for (const u of p.examples) {
        const engine = postIdentity(u)?.engine ?? null;
        const own = engines[p.id];
        if (engine === null) continue; // list pages and unknown sites have no post identity
        if (own) expect(own, u).toContain(engine);
        else expect(['naver', 'daum', 'xe', 'gnuboard'], u).not.toContain(engine);
      }
    });
  }
});
