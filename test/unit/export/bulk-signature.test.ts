import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { BulkSigner, checkedSigner, referenceSignature } from '@/lib/db/bulk-signature';
import { type MetaEntry, type SearchFields, searchFields } from '@/lib/search/terms';
import { makeHighlight, makeItem } from '../../support/items';

/**
 * Pieces of text the fast path must read exactly like lib/search: Hangul, ASCII in both cases,
 * separators, and everything that sends it to lib/search's own normalize and runs (jamo, Han,
 * kana, full-width, accents, combining marks, case folding that changes length, astral and lone
 * surrogates, zero-width and no-break spaces), plus words longer than the 16-character prefix cap.
 */
const PIECES = [
  '정부가',
  '딥시크',
  '경제정책',
  '가',
  ' ',
  '  ',
  '\n',
  '.',
  ',',
  '·',
  '“',
  '”',
  '…',
  '「',
  'GPT',
  'gpt-4',
  'AI',
  'Abc',
  '2026',
  '10',
  'x',
  'internationalization',
  'ABCDEFGHIJKLMNOPQRSTU',
  'ᄒᆞᆫ',
  'ㅋㅋ',
  '韓國',
  '漢',
  'カタカナ',
  'ひら',
  'ＡＢＣ１２３',
  '！',
  'Éclair',
  'é',
  'e\u0301',
  '\u0301',
  'Σίσυφος',
  'İstanbul',
  'ß',
  'ﬁ',
  '😀',
  '𠀀',
  '\ud800',
  '\udc00x',
  '\u200b',
  '\u00a0',
  '\t',
  '_',
  '١٢٣',
  'Привет',
];

const mixed = (max: number) => fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((p) => p.join(''));

const fieldsArb: fc.Arbitrary<SearchFields> = fc.record({
  title: mixed(8),
  meta: fc.array(
    fc.record({
      kind: fc.constantFrom<MetaEntry['kind']>('note', 'tag', 'highlight', 'highlightNote'),
      text: mixed(6),
    }),
    { maxLength: 4 },
  ),
  body: mixed(60),
});

const same = (a: Uint32Array, b: Uint32Array) => expect(Array.from(a)).toEqual(Array.from(b));

describe('BulkSigner', () => {
  it('gives the reference signature for any mix of scripts, separators and odd code points', () => {
    const signer = new BulkSigner();
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        same(signer.sign(fields), referenceSignature(fields));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the reference signature for arbitrary Unicode', () => {
    const signer = new BulkSigner();
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (title, body) => {
          const fields = { title, meta: [{ kind: 'note' as const, text: body.slice(0, 20) }], body };
          same(signer.sign(fields), referenceSignature(fields));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the reference signature for an item with highlights, and for long articles', () => {
    const signer = new BulkSigner();
    const item = makeItem({ note: '두물머리 산책 Note', tags: ['경제', 'AI', 'Économie'] });
    const fields = searchFields(item, [makeHighlight(item.id, { note: '양수리 메모' })]);
    same(signer.sign(fields), referenceSignature(fields));
    // Thousands of terms: the term buffers and the pair set grow past their first sizes.
    const long = {
      title: item.title,
      meta: [],
      body: Array.from({ length: 4000 }, (_, i) => `${item.text}${i} 韓${String.fromCharCode(0xac00 + i)}`).join(' '),
    };
    same(signer.sign(long), referenceSignature(long));
    // The buffers are reused: the item after a long one is still right.
    same(signer.sign(fields), referenceSignature(fields));
  });
});

describe('checkedSigner', () => {
  it('signs like the reference', () => {
    const sign = checkedSigner();
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        same(sign(fields), referenceSignature(fields));
      }),
      { numRuns: 50 },
    );
  });

  it('falls back to the reference for the whole batch when the fast signer disagrees', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken = vi.spyOn(BulkSigner.prototype, 'sign').mockReturnValue(new Uint32Array(32));
    try {
      const sign = checkedSigner();
      const a = { title: '정부', meta: [], body: '경제 정책' };
      const b = { title: '국회', meta: [], body: '예산 심사' };
      same(sign(a), referenceSignature(a));
      same(sign(b), referenceSignature(b));
      expect(broken).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      broken.mockRestore();
      warn.mockRestore();
    }
  });
});
