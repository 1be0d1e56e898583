import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signFields } from '@/lib/search/sign';
import { buildSignature, mayContain, termHash } from '@/lib/search/signature';
import { indexTerms, type MetaEntry, type SearchFields } from '@/lib/search/terms';

/**
 * signFields against the reference it replaces: build every term string of indexTerms, then
 * hash each one from its first character. Both must give the same bits and the same size, or
 * stored signatures and query lookups (termHash, mayContain) would stop agreeing.
 */
const reference = (fields: SearchFields) => buildSignature(indexTerms(fields));

const same = (fields: SearchFields): void => {
  expect(Array.from(signFields(fields))).toEqual(Array.from(reference(fields)));
};

const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((cp) => String.fromCodePoint(cp));

/** One character from the classes the index treats differently. */
const anyChar = fc.oneof(
  { weight: 6, arbitrary: char(0xac00, 0xd7a3) }, // Hangul syllables
  { weight: 1, arbitrary: char(0x1100, 0x11ff) }, // conjoining jamo
  { weight: 1, arbitrary: char(0x3131, 0x318e) }, // compatibility jamo
  { weight: 3, arbitrary: fc.constantFrom(...'abcxyzABCXYZ') },
  { weight: 2, arbitrary: fc.constantFrom(...'0123456789') },
  { weight: 3, arbitrary: fc.constantFrom(...' \n\t.,·“”…「」!?%()-_/~\u00a0\u200b\u3000') },
  { weight: 1, arbitrary: fc.constantFrom('韓', '國', 'カ', 'ひ', 'Ａ', '１', '！') },
  { weight: 1, arbitrary: fc.constantFrom('é', '\u0301', 'İ', 'ß', 'ﬁ', 'Σ', 'ς', 'Я', '١') },
  { weight: 1, arbitrary: fc.constantFrom('😀', '𠀀', '𝐀', '\ud800', '\udc00') },
);

/** Text of those characters, sometimes decomposed (NFD Hangul is jamo) or with long words. */
const mixedText = (maxLength: number) =>
  fc.oneof(
    fc.array(anyChar, { maxLength }).map((cs) => cs.join('')),
    fc.array(anyChar, { maxLength }).map((cs) => cs.join('').normalize('NFD')),
    fc.array(fc.oneof(fc.string({ minLength: 15, maxLength: 40 }), anyChar), { maxLength: 8 }).map((p) => p.join(' ')),
    fc.constant(''),
  );

/** Korean news-like sentences: nouns with particles, compounds, numbers, acronyms, punctuation. */
const NOUNS = '정부 국회 경제 정책 반도체 금리 물가 서울 딥시크 인공지능 코스피 올림픽'.split(' ');
const PARTICLES = ['', ...'가 이 는 을 를 의 에서 으로 까지'.split(' ')];
const OTHERS = ['GPT-4', 'AI', 'G20', '코로나19', '2026년', '3.5%', '10억 원', '“', '”', '·', '(', ')', '…'];
const articleWord = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...NOUNS), fc.constantFrom(...PARTICLES)).map(([n, p]) => n + p) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...NOUNS), fc.constantFrom(...NOUNS)).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHERS) },
  { weight: 1, arbitrary: fc.array(char(0xac00, 0xd7a3), { minLength: 2, maxLength: 4 }).map((cs) => cs.join('')) },
);
const article = (maxWords: number) =>
  fc.array(articleWord, { maxLength: maxWords }).map((ws) => ws.join(' ').replace(/(.{40,60}?) /g, '$1. '));

const fieldsOf = (text: (n: number) => fc.Arbitrary<string>): fc.Arbitrary<SearchFields> =>
  fc.record({
    title: text(12),
    meta: fc.array(
      fc.record({
        kind: fc.constantFrom<MetaEntry['kind']>('note', 'tag', 'highlight', 'highlightNote'),
        text: text(10),
      }),
      { maxLength: 6 },
    ),
    body: text(300),
  });

describe('signFields', () => {
  it('equals the reference for any mix of scripts, separators, NFD and odd code points', () => {
    fc.assert(fc.property(fieldsOf(mixedText), same), { numRuns: 400 });
  });

  it('equals the reference for arbitrary Unicode', () => {
    const text = (n: number) => fc.string({ unit: 'binary', maxLength: n * 4 });
    fc.assert(fc.property(fieldsOf(text), same), { numRuns: 300 });
  });

  it('equals the reference for Korean article-like text', () => {
    fc.assert(fc.property(fieldsOf(article), same), { numRuns: 200 });
  });

  it('equals the reference when every field is empty', () => {
    same({ title: '', meta: [], body: '' });
    same({ title: ' ', meta: [{ kind: 'tag', text: '' }], body: '.,!' });
  });

  it('equals the reference for a long article with thousands of distinct terms', () => {
    // Well past the first sizes of the term tree: it grows several times.
    const syllables = Array.from({ length: 12_000 }, (_, i) => String.fromCharCode(0xac00 + ((i * 7919) % 11172)));
    const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x${'y'.repeat(i % 20)}`);
    same({
      title: '딥시크 충격, 반도체 주가 급락',
      meta: [{ kind: 'highlight', text: syllables.slice(0, 500).join('') }],
      body: `${syllables.join('')} ${words.join(' ')}`,
    });
  });

  it('gives the signatures stored before it (a change here needs a new SEARCH_INDEX_VERSION)', () => {
    // Computed with buildSignature(indexTerms(fields)) for index version 2 (lib/db/search.ts).
    const digest = (sig: Uint32Array) => sig.reduce((h, w) => Math.imul(h ^ w, 16777619), 2166136261) >>> 0;
    const fields: SearchFields = {
      title: '이시바·트럼프 첫 정상회담서 ‘AI 공동 개발’ 논의',
      meta: [
        { kind: 'note', text: '두물머리 산책 Note' },
        { kind: 'tag', text: 'Économie' },
        { kind: 'highlight', text: '첫 정상회담' },
        { kind: 'highlightNote', text: '양수리 메모 G20' },
      ],
      body: '오는 7일 예정된 이시바 시게루 일본 총리와 도널드 트럼프 미국 대통령의 첫 정상회담에서 GPT-4o·ＡＢＣ１２３ internationalization 韓國 😀𠀀',
    };
    const sig = signFields(fields);
    expect([sig.length, digest(sig)]).toEqual([85, 3658984127]);
    expect(indexTerms(fields).every((term) => mayContain(sig, termHash(term)))).toBe(true);
  });
});
