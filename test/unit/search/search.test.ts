import { describe, expect, it } from 'vitest';
import { findMatches, segments } from '@/lib/search/match';
import { MemoryIndex } from '@/lib/search/memory';
import { parseQuery } from '@/lib/search/query';
import { indexTerms, type SearchFields, searchFields } from '@/lib/search/terms';
import { normalize } from '@/lib/search/text';

function fields(over: Partial<SearchFields>): SearchFields {
  return { title: '', meta: [], body: '', ...over };
}

function build(docs: Array<{ id: string; savedAt?: string } & Partial<SearchFields>>): MemoryIndex {
  const index = new MemoryIndex();
  for (const [i, d] of docs.entries()) {
    index.add(d.id, d.savedAt ?? `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`, fields(d));
  }
  return index;
}

async function ids(index: MemoryIndex, q: string, prefixLast = false): Promise<string[]> {
  return (await index.search(q, { prefixLast })).hits.map((h) => h.itemId);
}

describe('Korean particles', () => {
  const index = build([
    { id: 'ga', body: '중국 딥시크가 공개한 모델은 저렴하다.' },
    { id: 'ui', body: '딥시크의 등장으로 엔비디아 주가가 급락했다.' },
    { id: 'pres', body: '대통령이 기자회견에서 말했다.' },
    { id: 'none', body: '오늘 날씨는 맑음.' },
  ]);

  it('a word finds its forms with particles', async () => {
    expect((await ids(index, '딥시크')).sort()).toEqual(['ga', 'ui']);
    expect(await ids(index, '대통령')).toEqual(['pres']);
    expect(await ids(index, '딥시크가')).toEqual(['ga']);
  });

  it('a single syllable matches inside words', async () => {
    expect((await ids(index, '시')).sort()).toEqual(['ga', 'ui']);
    expect(await ids(index, '이')).toEqual(['pres']);
  });

  it('decomposed Hangul (NFD) in the query or the text is the same word', async () => {
    const nfd = build([{ id: 'd', body: '딥시크가'.normalize('NFD') }]);
    expect(await ids(nfd, '딥시크')).toEqual(['d']);
    expect(await ids(index, '대통령'.normalize('NFD'))).toEqual(['pres']);
  });
});

describe('false positives', () => {
  it('syllables present but not adjacent do not match', async () => {
    // Every syllable and even every bigram of 대통령 is here, never adjacent: 대통 ... 통령.
    const index = build([
      { id: 'scattered', body: '대한민국 통신사 령 대 통 령' },
      { id: 'bigrams', body: '대통 합의를 거쳐 통령 문서' },
      { id: 'real', body: '대통령실' },
    ]);
    expect(await ids(index, '대통령')).toEqual(['real']);
    expect(await ids(index, '통령실')).toEqual(['real']);
  });

  it('Latin words match whole words (the last one as a prefix only while typing)', async () => {
    const index = build([
      { id: 'deepseek', body: 'DeepSeek released R1' },
      { id: 'seek', body: 'they seek answers' },
    ]);
    expect(await ids(index, 'seek')).toEqual(['seek']);
    expect(await ids(index, 'deep')).toEqual([]);
    expect(await ids(index, 'deep', true)).toEqual(['deepseek']);
    expect(await ids(index, 'deepseek r', true)).toEqual(['deepseek']);
    expect(await ids(index, 'deepseek r', false)).toEqual([]);
  });

  it('every word must match', async () => {
    const index = build([
      { id: 'a', body: '트럼프 대통령' },
      { id: 'b', body: '이시바 총리' },
    ]);
    expect(await ids(index, '트럼프 총리')).toEqual([]);
    expect(await ids(index, '트럼프 대통령')).toEqual(['a']);
  });
});

describe('mixed scripts', () => {
  const index = build([
    { id: 'ai', title: 'AI칩 수출 규제', body: '엔비디아 H100 GPU 2025년 수출' },
    { id: 'covid', body: '코로나19 확진자 1,234명' },
    { id: 'wide', body: 'ＧＰＴ－４ 출시' },
  ]);

  it('Korean with Latin and digits inside one word', async () => {
    expect(await ids(index, 'ai칩')).toEqual(['ai']);
    expect(await ids(index, 'AI')).toEqual(['ai']);
    expect(await ids(index, 'h100')).toEqual(['ai']);
    expect(await ids(index, '2025년')).toEqual(['ai']);
    expect(await ids(index, '코로나19')).toEqual(['covid']);
    expect(await ids(index, '19')).toEqual(['covid']);
    // A thousands comma joins: 1,234 is 1234 (and 123 is not a word of it).
    expect(await ids(index, '1234')).toEqual(['covid']);
    expect(await ids(index, '1,234명')).toEqual(['covid']);
    expect(await ids(index, '123')).toEqual([]);
  });

  it('case and full-width forms are folded', async () => {
    expect(await ids(index, 'gpt-4')).toEqual(['wide']);
    expect(await ids(index, 'Gpu')).toEqual(['ai']);
  });

  it('punctuation inside a query word is a separator that must also be adjacent', async () => {
    const i2 = build([
      { id: 'dot', body: '이시바·트럼프 회담' },
      { id: 'apart', body: '이시바 총리와 트럼프' },
    ]);
    expect(await ids(i2, '이시바·트럼프')).toEqual(['dot']);
    expect(await ids(i2, '"이시바 트럼프"')).toEqual(['dot']);
    expect((await ids(i2, '이시바 트럼프')).sort()).toEqual(['apart', 'dot']);
  });

  it('an unfinished jamo at the end is ignored while typing', async () => {
    expect(await ids(index, '수출ㄱ', true)).toEqual(['ai']);
  });
});

describe('numbers written together with or apart from words', () => {
  const index = build([
    { id: 'covid-joined', body: '코로나19 확진자가 늘었다' },
    { id: 'covid-spaced', body: '코로나 19 백신 접종' },
    { id: 'covid-apart', body: '코로나 확진자 19명' },
    { id: 'g20-joined', body: 'G20 정상회의' },
    { id: 'g20-spaced', body: 'G 20 회의' },
    { id: 'g20-dash', body: 'G-20 재무장관' },
    { id: 'g200', body: 'G200 모델' },
    { id: '5g-joined', body: '5G 요금제' },
    { id: '5g-spaced', body: '5 G 통신망' },
    { id: 'five', body: '5개 통신사 G마켓' },
  ]);
  const sorted = async (q: string, prefixLast = false) => (await ids(index, q, prefixLast)).sort();

  it('코로나19 and 코로나 19 find each other', async () => {
    expect(await sorted('코로나19')).toEqual(['covid-joined', 'covid-spaced']);
    // A quoted phrase is matched as written.
    expect(await sorted('"코로나 19"')).toEqual(['covid-spaced']);
    expect(await sorted('"코로나19"')).toEqual(['covid-joined']);
    // Two words: each anywhere, as always.
    expect(await sorted('코로나 19')).toEqual(['covid-apart', 'covid-joined', 'covid-spaced']);
    // While typing.
    expect(await sorted('코로나1', true)).toEqual(['covid-joined', 'covid-spaced']);
  });

  it('G20, G 20 and G-20 are the same; G200 is not', async () => {
    const g20 = ['g20-dash', 'g20-joined', 'g20-spaced'];
    expect(await sorted('G20')).toEqual(g20);
    expect(await sorted('G 20')).toEqual(g20);
    expect(await sorted('g-20')).toEqual(g20);
    // Digits end where digits end: G2 is not the start of G20 unless typing.
    expect(await sorted('G2')).toEqual([]);
    expect(await sorted('G2', true)).toEqual([...g20, 'g200'].sort());
  });

  it('5G and 5 G find each other', async () => {
    expect(await sorted('5G')).toEqual(['5g-joined', '5g-spaced']);
    // Two words: also a 5 and a G apart.
    expect(await sorted('5 G')).toEqual(['5g-joined', '5g-spaced', 'five']);
  });

  it('a digit/letter change is no boundary for other words', async () => {
    // `G` alone is not the G of G20 (no query word of digits follows it), nor `gpt4` the start of gpt4o.
    expect(await sorted('G')).toEqual(['5g-spaced', 'five', 'g20-dash', 'g20-spaced']);
    const [w] = parseQuery('GPT4', { prefixLast: false });
    expect(w && findMatches('gpt4o gpt 4 xgpt4', w)).toEqual([6]);
  });

  it('syllables and digits that are not adjacent do not match a longer query', async () => {
    const apart = build([
      // Single syllables apart are no spacing variant (코로 나19 would be one: see spacing tests).
      { id: 'apart', body: '코 로나19 대 통령 2024년' },
      { id: 'real', body: '대통령 2024년' },
    ]);
    expect(await ids(apart, '코로나19')).toEqual([]);
    expect(await ids(apart, '대통령2024')).toEqual(['real']);
    expect(await ids(apart, '"대통령 2024년"')).toEqual(['real']);
  });

  it('snippets mark the match with its space', async () => {
    const [hit] = (await index.search('코로나19', { prefixLast: false, limit: 1 })).hits;
    expect(hit?.itemId).toBe('covid-spaced');
    expect(hit?.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['코로나 19']);
  });
});

describe('ranking and snippets', () => {
  it('title > notes, highlights and tags > body; recency breaks ties', async () => {
    const index = build([
      { id: 'body-old', body: '반도체 이야기', savedAt: '2026-01-01T00:00:00Z' },
      { id: 'body-new', body: '반도체 이야기', savedAt: '2026-02-01T00:00:00Z' },
      { id: 'title', title: '반도체 특집', savedAt: '2025-01-01T00:00:00Z' },
      { id: 'note', meta: [{ kind: 'note', text: '반도체 읽을 것' }], savedAt: '2025-01-01T00:00:00Z' },
      { id: 'hl', meta: [{ kind: 'highlight', text: '반도체 수출' }], savedAt: '2025-06-01T00:00:00Z' },
    ]);
    expect(await ids(index, '반도체')).toEqual(['title', 'hl', 'note', 'body-new', 'body-old']);
  });

  it('a limit returns the same top hits as a full search', async () => {
    const docs = Array.from({ length: 200 }, (_, i) => ({
      id: `d${i}`,
      savedAt: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 200) * 60_000).toISOString(),
      ...(i % 13 === 0 ? { title: `국회 소식 ${i}` } : {}),
      ...(i % 7 === 0 ? { meta: [{ kind: 'tag' as const, text: '국회' }] } : {}),
      body: i % 3 === 0 ? '국회에서 법안이 통과됐다' : '국 회의가 열렸다',
    }));
    const index = build(docs);
    const all = await index.search('국회', { limit: 1000, prefixLast: false });
    const top = await index.search('국회', { limit: 10, prefixLast: false });
    expect(all.complete).toBe(true);
    expect(top.hits.map((h) => h.itemId)).toEqual(all.hits.slice(0, 10).map((h) => h.itemId));
    // 국 and 회 are in every body, adjacent only in every third.
    expect(all.hits.length).toBe(docs.filter((_, i) => i % 3 === 0 || i % 13 === 0 || i % 7 === 0).length);
  });

  it('snippets mark matches in the original text', async () => {
    const index = build([
      {
        id: 'a',
        title: 'DeepSeek 쇼크',
        body: `${'앞부분 '.repeat(40)}중국 딥시크가 미국 AI 업계를 흔들었다. 딥시크의 모델은 ${'뒷부분 '.repeat(40)}`,
      },
    ]);
    const [hit] = (await index.search('딥시크 deepseek', { prefixLast: false })).hits;
    expect(hit?.title).toEqual([
      { text: 'DeepSeek', match: true },
      { text: ' 쇼크', match: false },
    ]);
    expect(hit?.field).toBe('body');
    const marked = hit?.snippet.filter((s) => s.match).map((s) => s.text);
    expect(marked).toEqual(['딥시크', '딥시크']);
    expect(hit?.snippet[0]?.text.startsWith('…')).toBe(true);
    expect(hit?.snippet.at(-1)?.text.endsWith('…')).toBe(true);
    expect(hit?.snippet.map((s) => s.text).join('').length).toBeLessThan(200);
  });

  it('snippets prefer the matching note or highlight', async () => {
    const index = build([{ id: 'a', meta: [{ kind: 'highlight', text: '금리 인하 가능성' }], body: '금리가 올랐다' }]);
    const [hit] = (await index.search('금리')).hits;
    expect(hit?.field).toBe('highlight');
    expect(hit?.snippet).toEqual([
      { text: '금리', match: true },
      { text: ' 인하 가능성', match: false },
    ]);
  });
});

describe('pieces', () => {
  it('normalize maps back to the source', () => {
    const n = normalize('  Hello,  ＷＯＲＬＤ 대통령!');
    expect(n.norm).toBe('hello world 대통령');
    expect(n.starts[6]).toBe(10);
  });

  it('segments never split a surrogate pair', () => {
    const text = `${'😀'.repeat(100)}딥시크${'😀'.repeat(100)}`;
    const segs = segments(text, [[200, 203]], 40);
    expect(segs.map((s) => s.text).join('')).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('query words know their boundaries', () => {
    const [w] = parseQuery('GPT4', { prefixLast: false });
    expect(w && findMatches('gpt4o gpt4 xgpt4', w)).toEqual([6]);
  });

  it('fields come from the item, its tags and its highlights', () => {
    const f = searchFields({ title: '제목', text: '본문', note: '메모', tags: ['태그'] }, [
      {
        id: 'h',
        note: '형광펜 메모',
        target: { selector: [{ type: 'TextQuoteSelector', exact: '인용' }] },
      },
    ]);
    expect(f.meta.map((m) => `${m.kind}:${m.text}`)).toEqual([
      'note:메모',
      'tag:태그',
      'highlight:인용',
      'highlightNote:형광펜 메모',
    ]);
    expect(indexTerms(f)).toContain('Mb인용');
    expect(indexTerms(f)).toContain('Tb제목');
  });
});

describe('signatures', () => {
  it('never miss a term and rarely admit one that is absent', async () => {
    const { buildSignature, mayContain, termHash } = await import('@/lib/search/signature');
    const terms = Array.from({ length: 1000 }, (_, i) => `b${String.fromCharCode(0xac00 + i)}${i}`);
    const sig = buildSignature(terms);
    expect(terms.every((t) => mayContain(sig, termHash(t)))).toBe(true);
    const absent = Array.from({ length: 20_000 }, (_, i) => `x${i}`);
    const fp = absent.filter((t) => mayContain(sig, termHash(t))).length / absent.length;
    expect(fp).toBeLessThan(0.02);
    expect(sig.byteLength).toBeLessThan(2000);
  });
});
