/**
 * Korean search, round two: spacing variants, middle dots, initial consonants, numbers, exact
 * phrases and where a hit is; property tests for the normalizations and a differential test
 * against a plain substring scan over a generated library.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryIndex } from '@/lib/search/memory';
import { parseQuery } from '@/lib/search/query';
import { signFields } from '@/lib/search/sign';
import { buildSignature } from '@/lib/search/signature';
import { indexTerms, type SearchFields } from '@/lib/search/terms';
import { normalize } from '@/lib/search/text';

type Doc = { id: string } & Partial<SearchFields>;

function build(docs: Doc[]): MemoryIndex {
  const index = new MemoryIndex();
  for (const [i, d] of docs.entries()) {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    index.add(d.id, at, { title: '', meta: [], body: '', ...d });
  }
  return index;
}

async function ids(index: MemoryIndex, q: string, prefixLast = false, composing = false): Promise<string[]> {
  return (await index.search(q, { prefixLast, composing, limit: 1000 })).hits.map((h) => h.itemId).sort();
}

describe('spacing (띄어쓰기)', () => {
  const index = build([
    { id: 'ai-joined', body: '정부는 인공지능 산업을 키운다.' },
    { id: 'ai-spaced', body: '인공 지능을 활용한 서비스가 늘었다.' },
    { id: 'mp-joined', body: '국회의원들은 회의에 참석했다.' },
    { id: 'mp-spaced', body: '국회 의원들은 반대했다.' },
    { id: 'summit-dot', body: '한·일 정상 회담이 열렸다.' },
    { id: 'summit-joined', body: '한일 정상회담에서 합의했다.' },
    { id: 'summit-jamo-dot', body: '한ㆍ일 정상회담 결과' },
    { id: 'office', body: '대통령실 관계자가 말했다.' },
    { id: 'staff', body: '대통령 실무진이 움직였다.' },
    { id: 'company', body: '회사 과장이 출근했다.' },
    { id: 'scattered', body: '대 통 령 이라는 글자' },
    { id: 'won-spaced', body: '예산 3조 원이 편성됐다.' },
    { id: 'won-joined', body: '예산 3조원 규모' },
  ]);

  it('a word written together finds it written apart, and the reverse', async () => {
    expect(await ids(index, '인공지능')).toEqual(['ai-joined', 'ai-spaced']);
    expect(await ids(index, '인공 지능')).toEqual(['ai-joined', 'ai-spaced']);
    expect(await ids(index, '국회의원')).toEqual(['mp-joined', 'mp-spaced']);
    expect(await ids(index, '정상회담')).toEqual(['summit-dot', 'summit-jamo-dot', 'summit-joined']);
    expect(await ids(index, '3조원')).toEqual(['won-joined', 'won-spaced']);
  });

  it('middle dots (·, ㆍ) do not break a word', async () => {
    const summit = ['summit-dot', 'summit-jamo-dot', 'summit-joined'];
    expect(await ids(index, '한일')).toEqual(summit);
    expect(await ids(index, '한·일')).toEqual(summit);
    expect(await ids(index, '한ㆍ일 정상회담')).toEqual(summit);
    expect(await ids(index, '한일정상회담')).toEqual(summit);
  });

  it('the end of one word and the start of the next are not a spacing variant', async () => {
    // 대통령실 is not 대통령 실무진; 사과 is not 회사 과장; 대 통 령 are single syllables.
    expect(await ids(index, '대통령실')).toEqual(['office']);
    expect(await ids(index, '사과')).toEqual([]);
    expect(await ids(index, '대통령')).toEqual(['office', 'staff']);
    // While typing, a spaced prefix is fine.
    expect(await ids(index, '대통령실', true)).toEqual(['office', 'staff']);
  });

  it('a quoted phrase matches as written', async () => {
    expect(await ids(index, '"인공 지능"')).toEqual(['ai-spaced']);
    expect(await ids(index, '"인공지능"')).toEqual(['ai-joined']);
    expect(await ids(index, '"정상 회담"')).toEqual(['summit-dot']);
    // The dot is punctuation: "한 일" and "한·일" are the same phrase, 한일 is not.
    expect(await ids(index, '"한 일"')).toEqual(['summit-dot', 'summit-jamo-dot']);
  });

  it('snippets mark the spaced match in the original text', async () => {
    const hit = (await index.search('인공지능', { prefixLast: false })).hits.find((h) => h.itemId === 'ai-spaced');
    expect(hit?.snippet.find((s) => s.match)?.text).toBe('인공 지능');
  });
});

describe('typing', () => {
  const index = build([
    { id: 'chip', body: '엔비디아칩 수출이 막혔다' },
    { id: 'chip-spaced', body: '엔비디아 칩을 샀다' },
    { id: 'samsung', body: '삼성전자 주가' },
    { id: 'other', body: '엔비디아 주가' },
  ]);

  it('a last syllable still being composed, without its final consonant yet, stands for the syllables that add one', async () => {
    expect(await ids(index, '엔비디아치', true, true)).toEqual(['chip', 'chip-spaced']);
    expect(await ids(index, '삼성저', true, true)).toEqual(['samsung']);
    // Not once the syllable is finished (the input method closed it), nor in a quoted phrase.
    expect(await ids(index, '엔비디아치', true)).toEqual([]);
    expect(await ids(index, '삼성저', true)).toEqual([]);
    expect(await ids(index, '엔비디아치', false, true)).toEqual([]);
    expect(await ids(index, '"엔비디아치"', true, true)).toEqual([]);
  });
});

describe('initial consonants (초성)', () => {
  const index = build([
    { id: 'samsung', title: '삼성전자 실적 발표', body: '반도체 업황이 나아졌다.' },
    { id: 'samsung-spaced', title: '삼성 전자 주가', body: '' },
    { id: 'kimchi1', title: '김치 수출 늘어', body: '' },
    { id: 'kimchi2', title: '김치 가격 올라', body: '' },
    { id: 'kimchi3', title: '겨울 김치 담그기', body: '' },
    { id: 'basics', title: '경제 기초 체력', body: '' },
    { id: 'tagged', title: 'Weekly', meta: [{ kind: 'tag', text: '김치' }] },
    { id: 'body-only', title: '다른 소식', body: '삼성전자 이야기는 본문에만' },
    { id: 'middle', title: '한국삼성전자', body: '' },
  ]);

  it('ㅅㅅㅈㅈ finds 삼성전자 at word starts in titles and tags', async () => {
    expect(await ids(index, 'ㅅㅅㅈㅈ')).toEqual(['samsung', 'samsung-spaced']);
  });

  it('ㄱㅊ finds 김치 and 기초, the words the library uses most first', async () => {
    const hits = (await index.search('ㄱㅊ', { prefixLast: false })).hits.map((h) => h.itemId);
    expect([...hits].sort()).toEqual(['basics', 'kimchi1', 'kimchi2', 'kimchi3', 'tagged']);
    // Titles before tags; among titles, 김치 (three titles) before 기초 (one).
    expect(hits.indexOf('basics')).toBe(3);
    expect(hits.at(-1)).toBe('tagged');
  });

  it('syllables and initials mixed work as a prefix (one syllable: in titles and tags, like initials)', async () => {
    expect(await ids(index, '삼ㅅ', true)).toEqual(['samsung', 'samsung-spaced']);
    expect(await ids(index, '삼성ㅈ', true)).toEqual(['body-only', 'samsung', 'samsung-spaced']);
    expect(await ids(index, '김ㅊ', true)).toEqual(['kimchi1', 'kimchi2', 'kimchi3', 'tagged']);
  });

  it('a single initial waits for the next; vowels while typing are ignored', async () => {
    expect(await ids(index, 'ㅅ', true)).toEqual([]);
    expect(await ids(index, '김치ㅏ', true)).toEqual(['kimchi1', 'kimchi2', 'kimchi3', 'tagged']);
  });

  it('initials combine with words', async () => {
    expect(await ids(index, 'ㄱㅊ 수출')).toEqual(['kimchi1']);
  });
});

describe('numbers and units', () => {
  it('3조원 and 3조 원, 코로나19 and 코로나 19 find each other through the terms joining digits and syllables', async () => {
    const units = build([
      { id: 'joined', body: '예산 3조원을 썼다' },
      { id: 'spaced', body: '예산 3조 원을 썼다' },
      { id: 'other', body: '13조원 규모' },
      { id: 'apart', body: '3건의 조사 원칙' },
    ]);
    expect(await ids(units, '3조원')).toEqual(['joined', 'spaced']);
    expect(await ids(units, '"3조 원"')).toEqual(['spaced']);
    expect(await ids(units, '3조')).toEqual(['joined', 'spaced']);
  });

  const index = build([
    { id: 'comma', body: '확진자 1,234명' },
    { id: 'plain', body: '확진자 1234명' },
    { id: 'other', body: '확진자 12,345명' },
    { id: 'decimal', body: '성장률 3.5%' },
  ]);

  it('1,234 and 1234 are the same number; 3.5 is not 35', async () => {
    expect(await ids(index, '1234')).toEqual(['comma', 'plain']);
    expect(await ids(index, '1,234명')).toEqual(['comma', 'plain']);
    expect(await ids(index, '12345')).toEqual(['other']);
    expect(await ids(index, '35')).toEqual([]);
    expect(await ids(index, '3.5')).toEqual(['decimal']);
  });
});

describe('dates', () => {
  const index = build([
    { id: 'dots', body: '지난 2025.2.14 발표' },
    { id: 'spaced-dots', body: '2025. 2. 3. 오후 2:32 입력' },
    { id: 'korean', body: '2025년 2월 회의' },
    { id: 'dash', body: '기준일 2025-02' },
    { id: 'march', body: '2025년 3월' },
    { id: 'range', body: '2025-2030 계획' },
    { id: 'decimal', body: '지수 2025.25 포인트' },
  ]);

  it('2025년 2월, 2025.2 and 2025-02 are the same month; 2025-2030 and 2025.25 are no dates', async () => {
    const feb = ['dash', 'dots', 'korean', 'spaced-dots'];
    expect(await ids(index, '2025년 2월')).toEqual(feb);
    expect(await ids(index, '2025.2')).toEqual(feb);
    expect(await ids(index, '2025-02')).toEqual(feb);
    expect(await ids(index, '2월')).toEqual(feb);
    expect(await ids(index, '2025.2.14')).toEqual(['dots']);
    expect(await ids(index, '2030')).toEqual(['range']);
    expect(normalize('2025.25').norm).toBe('2025 25');
  });

  it('snippets mark the date as written (with the dot after the month, which reads as 월)', async () => {
    const hit = (await index.search('2025년 2월', { prefixLast: false })).hits.find((h) => h.itemId === 'dots');
    expect(hit?.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['2025.2.']);
  });
});

describe('where a hit is', () => {
  it('title, note, highlight, body and comment, comments ranked below the body', async () => {
    const index = build([
      { id: 'comment', meta: [{ kind: 'comment', text: '환율 이야기' }] },
      { id: 'body', body: '환율이 올랐다' },
      { id: 'hl', body: '환율 급등', meta: [{ kind: 'highlight', text: '환율 급등' }] },
      { id: 'title', title: '환율 전망' },
    ]);
    const hits = (await index.search('환율', { prefixLast: false })).hits;
    expect(hits.map((h) => [h.itemId, h.field])).toEqual([
      ['title', 'title'],
      ['hl', 'highlight'],
      ['body', 'body'],
      ['comment', 'comment'],
    ]);
  });
});

// Property tests: what normalizing may and may not change.
const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
const koreanWord = fc.array(syllable, { minLength: 2, maxLength: 5 }).map((a) => a.join(''));

describe('normalization properties', () => {
  it('NFD text normalizes like its NFC form', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(koreanWord, fc.constantFrom(' ', '·', ', ', '1,234', 'GPT-4')), { maxLength: 12 }),
        (parts) => {
          const text = parts.join('');
          expect(normalize(text.normalize('NFD').normalize('NFC')).norm).toBe(normalize(text).norm);
        },
      ),
    );
  });

  it('spaces and separators between words never join the words, and runs of them count once', () => {
    fc.assert(
      fc.property(koreanWord, koreanWord, fc.constantFrom(' ', '  ', '\n', ' - ', ', ', '/', '\t'), (a, b, sep) => {
        expect(normalize(`${a}${sep}${b}`).norm).toBe(`${a} ${b}`);
      }),
    );
  });

  it('a middle dot between Korean words is one ·, whichever dot is written', () => {
    fc.assert(
      fc.property(koreanWord, koreanWord, fc.constantFrom('·', 'ㆍ', '‧', '・', '･', '∙', '⋅'), (a, b, dot) => {
        expect(normalize(`${a}${dot}${b}`).norm).toBe(`${a}·${b}`);
      }),
    );
  });

  it('a thousands comma joins digits; other commas separate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 999_999_999 }), (n) => {
        expect(normalize(n.toLocaleString('en-US')).norm).toBe(String(n));
        expect(normalize(`${n},${n}`).norm.includes(' ') || String(n).length === 3).toBe(true);
      }),
    );
  });

  it('every normalized character maps back into its source', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(koreanWord, fc.constantFrom(' ', '·', '1,234', 'ＡＢ', 'Éa')), { maxLength: 10 }),
        (parts) => {
          const text = parts.join('');
          const n = normalize(text);
          expect(n.starts.length).toBe(n.norm.length);
          n.starts.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(n.ends[i]!).toBeLessThanOrEqual(text.length);
          });
        },
      ),
    );
  });

  it('a query finds its word whatever spacing the text uses between its syllables of two or more', async () => {
    await fc.assert(
      fc.asyncProperty(koreanWord, koreanWord, fc.constantFrom('', ' ', '·'), async (a, b, sep) => {
        const index = build([{ id: 'x', body: `오늘 ${a}${sep}${b}을 봤다` }]);
        expect(await ids(index, `${a}${b}`)).toEqual(['x']);
        expect(await ids(index, `${a} ${b}`)).toEqual(['x']);
      }),
      { numRuns: 60 },
    );
  });

  it('signFields stays buildSignature(indexTerms) with spaces, dots and commas', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(koreanWord, fc.constantFrom(' ', '·', 'ㆍ', '1,234', 'G20', ' 코로나 19 ')), {
          maxLength: 15,
        }),
        (parts) => {
          const fields: SearchFields = { title: parts.slice(0, 3).join(''), meta: [], body: parts.join('') };
          expect([...signFields(fields)]).toEqual([...buildSignature(indexTerms(fields))]);
        },
      ),
    );
  });
});

// Differential test: a generated library against a plain substring scan. For every query, the
// strict scan (the query's normalized form as a substring of an item's normalized text) finds
// nothing search misses, and search finds nothing the loose scan (the same without spaces and
// middle dots, on both sides) does not justify.
describe('against a substring scan over a generated library', () => {
  const VOCAB = [
    '인공지능',
    '국회의원',
    '정상회담',
    '반도체',
    '수출',
    '정부',
    '코로나19',
    '한일',
    '대통령실',
    '경제정책',
    '부동산',
    '금리',
    '3조원',
  ];
  const SPLITS: Record<string, string[]> = {
    인공지능: ['인공 지능', '인공지능'],
    국회의원: ['국회 의원', '국회의원'],
    정상회담: ['정상 회담', '정상회담'],
    한일: ['한·일', '한ㆍ일', '한일'],
    경제정책: ['경제 정책', '경제정책'],
    '3조원': ['3조 원', '3조원'],
    코로나19: ['코로나 19', '코로나19'],
  };
  const PARTICLES = ['', '이', '가', '은', '는', '을', '를', '의', '에서', '들은', '과'];
  const FILLER = ['오늘', '발표했다', '관계자는', '밝혔다', '지난해', '대비', '크게', '회사', '과장', '실무진'];

  function generate(seed: number, n: number): Doc[] {
    let s = seed;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
    const docs: Doc[] = [];
    for (let i = 0; i < n; i++) {
      const words: string[] = [];
      for (let k = 0; k < 25; k++) {
        if (rand() < 0.35) {
          const w = pick(VOCAB);
          words.push(pick(SPLITS[w] ?? [w]) + pick(PARTICLES));
        } else words.push(pick(FILLER));
      }
      docs.push({ id: `d${i}`, title: words.slice(0, 4).join(' '), body: words.slice(4).join(' ') });
    }
    return docs;
  }

  const docs = generate(20261207, 400);
  const index = build(docs);
  const norm = (s: string) => normalize(s.normalize('NFC')).norm;
  const squeeze = (s: string) => norm(s).replace(/[ ·]/g, '');
  const text = (d: Doc) => [d.title ?? '', d.body ?? ''];
  const queries = [
    ...VOCAB,
    ...Object.values(SPLITS).flat(),
    '지능',
    '의원',
    '회담',
    '정책',
    '3조',
    '부동산 금리',
    '반도체 수출',
  ];

  it.each(queries)('%s', async (q) => {
    const found = new Set(await ids(index, q));
    const words = parseQuery(q, { prefixLast: false });
    const strict = docs
      .filter((d) => words.every((w) => text(d).some((t) => norm(t).includes(w.norm))))
      .map((d) => d.id);
    const loose = new Set(
      docs
        .filter((d) => words.every((w) => text(d).some((t) => squeeze(t).includes(w.norm.replace(/[ ·]/g, '')))))
        .map((d) => d.id),
    );
    for (const id of strict) expect(found, `${q}: ${id} is missed`).toContain(id);
    for (const id of found) expect(loose.has(id), `${q}: ${id} is not justified`).toBe(true);
    // The spacing variants of the vocabulary are all found: the library wrote them on purpose.
    const variants = SPLITS[q.replace(/ /g, '')] ?? [];
    for (const d of docs) {
      if (words.length === 1 && variants.some((v) => text(d).some((t) => t.includes(v)))) {
        expect(found, `${q}: variant in ${d.id} is missed`).toContain(d.id);
      }
    }
  });
});
