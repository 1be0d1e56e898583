// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { classifyPage } from '../../../lib/extract/classify';
import { postIdentity } from '../../../lib/sites/identity';
import { PROFILES } from '../../../lib/sites/index';
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
