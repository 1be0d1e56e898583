/**
 * Recognition holds where URLSearchParams iterators are not iterable, as in a Firefox content
 * script (the page's URL objects come through Xray wrappers whose iterators have no
 * Symbol.iterator). Here the iterators are taken away from URLSearchParams for the length of each
 * test, so code that iterates search parameters instead of using forEach fails as Firefox does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzePage } from '@/lib/extract/analyze';
import { canonicalize, lookupKeys, postIdentity } from '@/lib/sites/identity';
import { load, NOW } from './fixtures';

const proto = URLSearchParams.prototype as unknown as Record<string | symbol, unknown>;
const NAMES: Array<string | symbol> = ['keys', 'values', 'entries', Symbol.iterator];
let saved: Map<string | symbol, unknown>;

beforeEach(() => {
  saved = new Map(NAMES.map((n) => [n, proto[n]]));
  // A Firefox content script's iterator: an object, but not iterable.
  for (const n of NAMES) proto[n] = () => ({ next: undefined });
});
afterEach(() => {
  for (const [n, fn] of saved) proto[n] = fn;
});

describe('without URLSearchParams iterators (Firefox content scripts)', () => {
  it('post identities and keys of XE, GNUBoard and query URLs', () => {
    expect(postIdentity('https://www.ranknews.kr/47321')?.key).toBe('ranknews.kr/47321');
    expect(lookupKeys('https://www.ranknews.kr/board/47321?utm_source=x')).toContain('ranknews.kr/47321');
    expect(canonicalize('https://example.co.kr/bbs/board.php?wr_id=5&bo_table=free&page=2').key).toBe(
      canonicalize('https://example.co.kr/bbs/board.php?bo_table=free&wr_id=5').key,
    );
  });

  it('XE posts (short and long addresses) read as they do with iterators', () => {
    const cases = [
      ['sites/xe-sketchbook5-read.html', 'http://camplove.example.com/1185520'],
      ['sites/xe-xedition-read.html', 'https://town.example.org/index.php?mid=town&document_srl=5521'],
      ['sites/xe-default-list.html', 'https://devclub.example.kr/free'],
    ] as const;
    for (const [file, url] of cases) {
      const without = analyzePage(load(file, url), url, NOW);
      for (const [n, fn] of saved) proto[n] = fn;
      const withIterators = analyzePage(load(file, url), url, NOW);
      for (const n of NAMES) proto[n] = () => ({ next: undefined });
      expect(without.profile, url).toBe('xe');
      expect(without, url).toEqual(withIterators);
    }
  });
});
