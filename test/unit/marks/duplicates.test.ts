/**
 * Duplicate headlines: precision and recall of sameStory on a labelled set of Korean headline
 * pairs (test/fixtures/headlines/pairs.json, written before the matcher was tuned), properties
 * of sameStory, and how groupDuplicates groups a list's rows and the library.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupDuplicates, sameStory } from '@/lib/marks/duplicates';
import pairs from '../../fixtures/headlines/pairs.json';

interface Pair {
  a: string;
  b: string;
  same: boolean;
  why: string;
}

/** Floors: a false "same story" hides a row, so precision matters more than recall. */
const PRECISION = 0.97;
const RECALL = 0.85;

describe('sameStory on the labelled pairs', () => {
  it(`precision ≥ ${PRECISION}, recall ≥ ${RECALL}`, () => {
    const set = pairs as Pair[];
    expect(set.length).toBeGreaterThanOrEqual(300);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const p of set) {
      const said = sameStory(p.a, p.b);
      if (said && p.same) tp++;
      else if (said) fp++;
      else if (p.same) fn++;
      if (said !== p.same) misses.push(`${said ? 'false same' : 'missed'} (${p.why}): ${p.a} ⟷ ${p.b}`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.info(
      `duplicate headlines: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} on ${set.length} pairs; misses:\n  ${misses.join('\n  ')}`,
    );
    expect({ precision, recall, misses }).toEqual({
      precision: expect.toSatisfy((x: number) => x >= PRECISION),
      recall: expect.toSatisfy((x: number) => x >= RECALL),
      misses,
    });
  });
});

describe('sameStory properties', () => {
  const titles = (pairs as Pair[]).flatMap((p) => [p.a, p.b]);
  const title = fc.constantFrom(...titles);

  it('is symmetric and reflexive', () => {
    fc.assert(
      fc.property(title, title, (a, b) => {
        expect(sameStory(a, b)).toBe(sameStory(b, a));
        expect(sameStory(a, a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores an added [속보] or [단독] and the spacing', () => {
    fc.assert(
      fc.property(
        title,
        fc.constantFrom('[속보] ', '[단독] ', '[속보][단독] ', '【속보】', '(종합2보) '),
        fc.array(fc.nat(), { maxLength: 4 }),
        (t, prefix, cuts) => {
          expect(sameStory(t, prefix + t)).toBe(true);
          // Remove some spaces and put some in between Hangul syllables.
          let spaced = t;
          for (const n of cuts) {
            const i = n % Math.max(1, spaced.length);
            spaced =
              spaced[i] === ' '
                ? spaced.slice(0, i) + spaced.slice(i + 1)
                : /[가-힣]/.test(spaced[i] ?? '') && /[가-힣]/.test(spaced[i + 1] ?? '')
                  ? `${spaced.slice(0, i + 1)} ${spaced.slice(i + 1)}`
                  : spaced;
          }
          expect(sameStory(t, spaced)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells apart the hard negatives: another outcome, other numbers', () => {
    expect(sameStory('국회 본회의 추경 통과', '국회 본회의 추경 부결')).toBe(false);
    expect(sameStory('코스피 2,500 돌파', '코스피 2,600 돌파')).toBe(false);
    expect(sameStory('공장 화재로 3명 사망', '공장 화재로 5명 사망')).toBe(false);
    expect(sameStory('코스피 2,500 돌파', '[속보] 코스피 2500 돌파 - 연합뉴스')).toBe(true);
  });
});

describe('groupDuplicates', () => {
  it('points later rows at the first row of their story, and first rows at the library', () => {
    const list = [
      '[속보] 국회 본회의, 추가경정예산안 통과',
      '서울 지하철 요금 150원 인상 확정',
      '국회 본회의 추가경정예산안 통과 - 연합뉴스',
      '[단독] 서울 지하철 요금 150 원 인상 확정',
      '코스피 2,500 돌파',
      '국회 본회의, 추가경정예산안 부결',
    ];
    expect(groupDuplicates(list)).toEqual([null, null, { of: 0 }, { of: 1 }, null, null]);
    expect(
      groupDuplicates(list, ['코스피 2500 돌파…외국인 순매수', '[속보] 서울 지하철 요금 150원 인상 확정']),
    ).toEqual([null, { of: 'library', index: 1 }, { of: 0 }, { of: 1 }, { of: 'library', index: 0 }, null]);
  });
});
