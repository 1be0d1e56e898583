// A seeded generator of Korean news-like text: the same seed gives the same articles anywhere.
// Words follow a Zipf-like distribution over a vocabulary of real nouns and generated proper
// nouns; nouns take particles (정부가, 정부의...) and sometimes form compounds (경제정책), which
// is what makes Korean search hard for whitespace tokenizers.
import { rng } from './stats.mjs';

const NOUNS = (
  '정부 국회 대통령 장관 경제 정책 시장 기업 은행 금리 물가 부동산 주택 전세 수출 반도체 자동차 배터리 ' +
  '에너지 전기 가스 기후 환경 교육 학교 학생 교사 대학 입시 의료 병원 의사 환자 보험 연금 노동 임금 ' +
  '일자리 청년 노인 인구 출산 지역 도시 농촌 서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 제주 ' +
  '외교 안보 북한 미국 중국 일본 러시아 유럽 동맹 회담 선거 여당 야당 의원 후보 투표 여론 조사 법원 ' +
  '검찰 경찰 수사 재판 판결 사건 사고 화재 지진 태풍 폭우 교통 철도 지하철 버스 공항 항공 여행 관광 ' +
  '문화 예술 영화 음악 드라마 방송 언론 기자 신문 인터넷 플랫폼 인공지능 데이터 보안 개인정보 통신 ' +
  '스마트폰 게임 스포츠 축구 야구 농구 올림픽 선수 감독 경기장 팬 커뮤니티 게시판 회원 댓글 조회수 ' +
  '예산 세금 재정 부채 투자 주식 코스피 환율 달러 원화 무역 관세 공장 생산 소비 유통 식품 농산물 ' +
  '가격 소비자 상품 서비스 계약 협상 합의 발표 보고서 연구 과학 기술 우주 위성 로봇 개발 시험'
).split(' ');
const PARTICLES = [
  '이',
  '가',
  '은',
  '는',
  '을',
  '를',
  '의',
  '에',
  '에서',
  '와',
  '과',
  '도',
  '로',
  '으로',
  '만',
  '까지',
  '',
];
const VERBS = [
  '밝혔다',
  '전했다',
  '발표했다',
  '설명했다',
  '강조했다',
  '지적했다',
  '예상된다',
  '나타났다',
  '증가했다',
  '감소했다',
  '추진한다',
  '검토하고 있다',
  '논의했다',
  '결정했다',
  '우려했다',
  '주장했다',
  '보도했다',
];
const ADVERBS = ['올해', '지난해', '최근', '이번', '앞으로', '특히', '또한', '다만', '한편', '이날', '현재', '당시'];
const SYLLABLES =
  '가나다라마바사아자차카타파하강남동서북민국한대성진영수지현준호석우태희연정윤재훈경미선옥철광명주원상도혁'.split('');

/** Text generator with a fixed seed. */
export function koreanText(seed) {
  const r = rng(seed);
  const proper = [];
  for (let i = 0; i < 3000; i++) {
    const n = 2 + Math.floor(r() * 2);
    let w = '';
    for (let k = 0; k < n; k++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    proper.push(w);
  }
  const vocab = [...NOUNS, ...proper];
  // Zipf-like: index = floor(N * u^2.2) favours the front of the list (the real nouns).
  const noun = () => vocab[Math.floor(vocab.length * r() ** 2.2)];
  const pick = (list) => list[Math.floor(r() * list.length)];
  const word = () => {
    let w = noun();
    if (r() < 0.12) w += noun(); // compound noun written without a space
    return w + pick(PARTICLES);
  };
  const sentence = () => {
    const parts = [];
    if (r() < 0.4) parts.push(pick(ADVERBS));
    const n = 3 + Math.floor(r() * 6);
    for (let i = 0; i < n; i++) parts.push(word());
    if (r() < 0.3) parts.push(`${Math.floor(r() * 1000)}${pick(['%', '억 원', '명', '건', '개'])}`);
    parts.push(pick(VERBS));
    return `${parts.join(' ')}.`;
  };
  const paragraph = (chars) => {
    let p = '';
    while (p.length < chars) p += (p ? ' ' : '') + sentence();
    return p;
  };
  const title = () => {
    const n = 3 + Math.floor(r() * 4);
    const w = [];
    for (let i = 0; i < n; i++) w.push(i === n - 1 ? noun() : word());
    return w.join(' ');
  };
  return { r, noun, word, sentence, paragraph, title, vocab, nouns: NOUNS, proper };
}

/** `count` articles of about `chars` characters each, as library items (lib/model.ts SavedItem). */
export function koreanItems(count, { seed = 20261128, chars = 2000 } = {}) {
  const g = koreanText(seed);
  const items = [];
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const paras = [];
    let len = 0;
    while (len < chars) {
      const p = g.paragraph(150 + Math.floor(g.r() * 300));
      paras.push(p);
      len += p.length + 1;
    }
    const text = paras.join('\n');
    const savedAt = new Date(t0 + i * 3_600_000).toISOString();
    const id = `bench-${String(i).padStart(6, '0')}`;
    const board = i % 4 === 3;
    items.push({
      id,
      kind: board ? 'post' : 'article',
      url: `https://news${i % 37}.example.kr/article/${i}`,
      canonicalUrl: `https://news${i % 37}.example.kr/article/${i}`,
      canonicalKey: `news${i % 37}.example.kr/article/${i}`,
      site: { host: `news${i % 37}.example.kr`, name: `뉴스${i % 37}`, engine: board ? 'xe' : 'generic' },
      board: board
        ? { name: '자유게시판', url: `https://news${i % 37}.example.kr/free`, postId: String(i), number: i }
        : null,
      title: g.title(),
      byline: `${g.proper[i % g.proper.length]} 기자`,
      authors: [`${g.proper[i % g.proper.length]}`],
      poster: board ? `회원${i % 500}` : null,
      publishedAt: new Date(t0 + i * 3_600_000 - 600_000).toISOString(),
      publishedText: null,
      lang: 'ko',
      excerpt: paras[0].slice(0, 120),
      text,
      html: paras.map((p) => `<p>${p}</p>`).join(''),
      tags: i % 5 === 0 ? [g.noun()] : [],
      note: i % 9 === 0 ? g.sentence() : '',
      savedAt,
      updatedAt: savedAt,
    });
  }
  return items;
}

const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'];

/**
 * `count` highlights of a generated item, as a reader makes them: a quote of 10 to 60 characters
 * with 32 characters of context, its position, and a range (the export and sync benches).
 */
export function benchHighlights(item, r, count) {
  const out = [];
  for (let k = 0; k < count; k++) {
    const len = 10 + Math.floor(r() * 50);
    const start = Math.floor(r() * (item.text.length - len));
    const end = start + len;
    out.push({
      id: `${item.id}-h${k}`,
      itemId: item.id,
      color: COLORS[k % COLORS.length],
      note: k % 3 === 0 ? '다시 읽을 부분' : '',
      createdAt: item.savedAt,
      updatedAt: item.savedAt,
      target: {
        source: item.url,
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: item.text.slice(start, end),
            prefix: item.text.slice(Math.max(0, start - 32), start),
            suffix: item.text.slice(end, end + 32),
          },
          { type: 'TextPositionSelector', start, end },
          { type: 'RangeSelector', startContainer: '/p[1]', startOffset: 0, endContainer: '/p[1]', endOffset: 1 },
        ],
      },
    });
  }
  return out;
}
