/**
 * Duplicate headlines (pure): whether two Korean headlines report the same story, and which rows
 * of a board list repeat an earlier row or an item already in the library.
 *
 * How: each title is normalized once (NFKC, lower case; [속보]/(종합2보)-style tags, a trailing
 * outlet name and punctuation dropped; 1,000 → 1000, 7천 → 7000, 北 → 북; particles cut from word
 * ends; spaces ignored). Two titles are the same story when their character bigrams mostly agree
 * (Jaccard, or containment when one adds a clause), unless one of three vetoes says otherwise:
 * - numbers: each title has a number the other lacks (코스피 2,500 돌파 / 2,600 돌파);
 * - key predicates: both speak of the same kind of outcome and differ (통과/부결, 상승/하락,
 *   사망/부상, 찬성/반대, 우승/준우승 …);
 * - a substitution: each title has a word the other does not contain anywhere (강서구 / 강남구,
 *   검찰 / 경찰): the same template about something else.
 * Clause order does not matter: bigrams are taken within clauses (split at …, ·, commas, quotes).
 */

/** What is kept of a title for comparing. */
export interface Headline {
  /** The clauses, particles cut and spaces removed, joined (equal keys: the same headline). */
  key: string;
  /** The clauses as written, spaces and punctuation removed (where another title's words are looked for). */
  text: string;
  /** Words of two or more characters (particles cut), without digits. */
  words: string[];
  /** Numbers as written after unifying their formats. */
  numbers: Set<string>;
  /** For each predicate group (PREDICATES), the classes the title uses, as a bit set. */
  predicates: number[];
  /** Character bigrams within clauses, as written and with particles cut (a one-character clause counts as itself). */
  grams: Set<string>;
}

/** Tags that lead (or trail) a headline without being part of the story. */
const TAG =
  '속보|단독|종합|종합\\s*\\d*\\s*보|\\d+\\s*보|상보|긴급|포토|사진|영상|화보|인터뷰|르포|팩트체크|이슈|날씨|특징주|사설|칼럼|기획|분석|해설|그래픽|카드뉴스|오늘의\\s*[^\\s]{1,4}';
const LEAD = new RegExp(
  `^\\s*(?:\\[[^\\]]{1,14}\\]|【[^】]{1,14}】|〔[^〕]{1,14}〕|<[^>]{1,14}>|\\((?:${TAG})\\)|〈(?:${TAG})〉|《(?:${TAG})》)\\s*`,
  'u',
);
const TRAIL_TAG = new RegExp(`\\s*(?:\\[(?:${TAG})\\]|【(?:${TAG})】|\\((?:${TAG})\\))\\s*$`, 'u');
/** A trailing outlet in parentheses: (연합뉴스), (뉴스1), (광주일보). */
const TRAIL_PAREN = /\s*\((?:[^()\d]{1,10}|뉴스\s?1|[^()]{0,8}(?:뉴스|일보|신문|경제|방송|tv))\)\s*$/u;
/** A trailing outlet after a spaced separator: " - 연합뉴스", " | 뉴시스", " :: 한국경제". */
const TRAIL_OUTLET = /\s+(?:-|–|—|\||ㅣ|::|:)\s+[^-–—|:"'“”‘’…·]{1,15}$/u;
/** A portal's section path: " < IT < 기사본문". */
const TRAIL_SECTION = /(?:\s<\s[^<>]{1,15})+$/u;

/** One-character Hanja abbreviations of headlines. */
const HANJA: Record<string, string> = {
  北: '북',
  南: '남',
  美: '미',
  中: '중',
  日: '일',
  韓: '한',
  與: '여',
  野: '야',
  亞: '아',
  英: '영',
  佛: '불',
  獨: '독',
  露: '러',
  印: '인',
  靑: '청',
  檢: '검',
  軍: '군',
  高: '고',
  企: '기',
  株: '주',
  銀: '은',
  前: '전',
  現: '현',
  新: '신',
};
const HANJA_RE = new RegExp(`[${Object.keys(HANJA).join('')}]`, 'gu');

/** Word endings dropped (longest first): particles and the plain verb endings of headlines. */
const ENDINGS_LONG = ['에서', '에게', '으로', '까지', '부터', '했다', '한다', '된다'];
const ENDINGS_SHORT = ['에', '의', '을', '를', '이', '가', '은', '는', '로', '서', '다'];
/** Nouns that end in 의 (회의, 합의, 건의 …): not a particle. */
const NOUN_UI = /(?:회|논|합|협|동|건|결|주|정|민|모|심|특)의$/u;
const HANGUL = /[가-힣]/u;

/**
 * Predicate groups: classes of words that contradict each other. When both titles use words of
 * a group and not the same classes, they report different events. Longer words are matched
 * first and blanked, so 불구속 is not also 구속 and 준우승 is not also 우승.
 */
const PREDICATES: string[][][] = [
  [
    ['통과', '가결', '의결'],
    ['부결', '계류', '폐기'],
  ],
  [
    [
      '상승',
      '급등',
      '인상',
      '오른',
      '올라',
      '올려',
      '증가',
      '늘어',
      '늘린',
      '확대',
      '반등',
      '강세',
      '흑자',
      '최고',
      '회복',
      '돌파',
    ],
    ['하락', '급락', '인하', '내린', '내려', '떨어', '감소', '줄어', '줄인', '축소', '약세', '적자', '최저', '붕괴'],
    ['동결', '보합'],
  ],
  [['사망', '숨져', '숨진'], ['부상', '다쳐', '중상', '경상'], ['실종'], ['구조', '생환', '구출'], ['대피'], ['고립']],
  [['찬성'], ['반대']],
  [['승리', '이겨', '꺾고', '꺾어', '연승', '우승'], ['패배', '패해', '패했', '연패', '준우승'], ['무승부']],
  [['발부', '인용', '유죄'], ['기각', '무죄', '파기'], ['청구']],
  [['구속'], ['불구속']],
  [
    [
      '확정',
      '강행',
      '합의',
      '채택',
      '재개',
      '개최',
      '허용',
      '발령',
      '돌입',
      '출마',
      '도전',
      '선임',
      '취임',
      '상륙',
      '제출',
    ],
    [
      '무산',
      '결렬',
      '좌절',
      '불발',
      '철회',
      '취소',
      '보류',
      '중단',
      '해제',
      '불허',
      '불출마',
      '사퇴',
      '사임',
      '비켜',
      '연기',
    ],
  ],
  [['거부권'], ['공포']],
  [['출국'], ['귀국']],
  [['입원'], ['퇴원']],
];
/** Every predicate word with its group, class bit and class name (the class's first word), longest first. */
const PREDICATE_WORDS = new Map(
  PREDICATES.flatMap((group, g) =>
    group.flatMap((words, c) => words.map((word) => [word, { g, bit: 1 << c, name: words[0]! }] as const)),
  ),
);
/** A word as a pattern that also matches it spaced out (추 가경정 → 추가경정). */
const spaced = (word: string) => [...word].join('\\s?');
/** Matches predicate words leftmost-longest (합의결렬 is 합의 + 결렬, not 의결). */
const PREDICATE_RE = new RegExp(
  [...PREDICATE_WORDS.keys()]
    .sort((a, b) => b.length - a.length)
    .map(spaced)
    .join('|'),
  'gu',
);

/** Common short forms of headlines, written one way. */
const SHORT_FORMS: Array<[RegExp, string]> = (
  [
    ['한국은행', '한은'],
    ['추가경정예산', '추경'],
    ['대법원', '대법'],
    ['헌법재판소', '헌재'],
    ['공정거래위원회', '공정위'],
    ['북한', '북'],
    ['미국', '미'],
  ] as const
).map(([long, short]) => [new RegExp(spaced(long), 'gu'), short]);

/** Drop a word's particle or verb ending (only after Hangul, keeping at least two characters). */
function stem(word: string): string {
  for (const e of ENDINGS_LONG) {
    if (word.length >= e.length + 2 && word.endsWith(e) && HANGUL.test(word[word.length - e.length - 1]!)) {
      return word.slice(0, -e.length);
    }
  }
  for (const e of ENDINGS_SHORT) {
    if (word.length >= 3 && word.endsWith(e) && HANGUL.test(word[word.length - 2]!)) {
      return e === '의' && NOUN_UI.test(word) ? word : word.slice(0, -1);
    }
  }
  return word;
}

/** The headline with tags, outlet names and format differences taken out (still with spaces and punctuation). */
export function cleanTitle(title: string): string {
  let s = title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(LEAD, '').replace(TRAIL_TAG, '').replace(TRAIL_PAREN, '').replace(TRAIL_SECTION, '').trim();
    // An outlet after " - " only when enough headline is left before it.
    const outlet = TRAIL_OUTLET.exec(s);
    if (outlet && outlet.index >= 6) s = s.slice(0, outlet.index).trim();
  }
  return s
    .replace(HANJA_RE, (c) => HANJA[c]!)
    .replace(/(\d),(?=\d{3})/g, '$1')
    .replace(/(\d)\s*천/g, '$1000')
    .replace(/\s*퍼센트/g, '%');
}

/** Prepare a title for comparing (do it once per title). */
export function headline(title: string): Headline {
  let clean = cleanTitle(title);
  for (const [re, short] of SHORT_FORMS) clean = clean.replace(re, short);
  // Predicates: note their classes, and write each as its class's name (올려, 인상 → 상승).
  const predicates = PREDICATES.map(() => 0);
  clean = clean.replace(PREDICATE_RE, (word) => {
    const p = PREDICATE_WORDS.get(word.replace(/\s/g, ''))!;
    predicates[p.g]! |= p.bit;
    return p.name;
  });
  // Clauses: split at everything but letters, digits, spaces, % and a decimal point.
  const clauses = clean
    .replace(/(?<!\d)\.|\.(?!\d)/g, ',')
    .split(/[^\p{L}\p{N}\s%.]+/u)
    .map((c) => c.split(' ').filter(Boolean))
    .filter((c) => c.length);
  const words: string[] = [];
  const grams = new Set<string>();
  const stemmed: string[] = [];
  const raw: string[] = [];
  const addGrams = (joined: string) => {
    if (joined.length === 1) grams.add(joined);
    for (let i = 0; i + 1 < joined.length; i++) grams.add(joined.slice(i, i + 2));
  };
  for (const clause of clauses) {
    const stems = clause.map(stem);
    // Words with digits are left to the number check.
    for (const w of stems) if (w.length >= 2 && !/\d/.test(w)) words.push(w);
    stemmed.push(stems.join(''));
    raw.push(clause.join(''));
    // Bigrams of the clause as written and with particles cut: cutting depends on the spacing
    // (전공의 → 전공, 전 공의 → 공의), the written form does not.
    addGrams(stemmed.at(-1)!);
    addGrams(raw.at(-1)!);
  }
  return {
    key: stemmed.join(' '),
    text: raw.join(''),
    words,
    numbers: new Set(clean.match(/\d+(?:\.\d+)?/g) ?? []),
    predicates,
    grams,
  };
}

/** Whether each set has an element the other lacks. */
function bothLack(a: Set<string>, b: Set<string>): boolean {
  let aOnly = false;
  for (const x of a) if (!b.has(x)) aOnly = true;
  if (!aOnly) return false;
  for (const x of b) if (!a.has(x)) return true;
  return false;
}

/** Whether some word of `a` appears nowhere in `b`'s text (spaces aside). */
function hasForeignWord(a: Headline, b: Headline): boolean {
  return a.words.some((w) => !b.text.includes(w));
}

/** Share of bigrams: Jaccard, and containment of the smaller set. */
const SAME_JACCARD = 0.5;
const SAME_CONTAINMENT = 0.8;
/** Containment counts only for titles of at least this many bigrams (short ones match too easily). */
const MIN_CONTAINED = 6;

/** Whether two prepared headlines report the same story. */
export function sameHeadline(a: Headline, b: Headline): boolean {
  if (!a.grams.size || !b.grams.size) return false;
  if (a.key === b.key) return true;
  if (bothLack(a.numbers, b.numbers)) return false;
  for (let g = 0; g < a.predicates.length; g++) {
    const x = a.predicates[g]!;
    const y = b.predicates[g]!;
    if (x && y && x !== y) return false;
  }
  if (hasForeignWord(a, b) && hasForeignWord(b, a)) return false;
  let shared = 0;
  const [small, large] = a.grams.size <= b.grams.size ? [a.grams, b.grams] : [b.grams, a.grams];
  for (const x of small) if (large.has(x)) shared++;
  const jaccard = shared / (a.grams.size + b.grams.size - shared);
  return jaccard >= SAME_JACCARD || (small.size >= MIN_CONTAINED && shared / small.size >= SAME_CONTAINMENT);
}

/** Whether two headlines report the same story. */
export function sameStory(a: string, b: string): boolean {
  return sameHeadline(headline(a), headline(b));
}

/** Prepared headlines by title: the library's titles come back with every paint of a list. */
const prepared = new Map<string, Headline>();

function cachedHeadline(title: string): Headline {
  let h = prepared.get(title);
  if (!h) {
    if (prepared.size >= 5000) prepared.clear();
    h = headline(title);
    prepared.set(title, h);
  }
  return h;
}

/** An inverted index of bigrams over some headlines, to find the few worth comparing. */
class GramIndex {
  private readonly lists = new Map<string, number[]>();
  private readonly shared: number[] = [];
  constructor(private readonly heads: Headline[]) {}

  add(i: number): void {
    this.shared[i] = 0;
    for (const g of this.heads[i]!.grams) {
      const list = this.lists.get(g);
      if (list) list.push(i);
      else this.lists.set(g, [i]);
    }
  }

  /**
   * The first indexed headline (lowest index) that tells the same story as `h`. Only those
   * sharing at least half of the smaller bigram set are compared: below that neither the Jaccard
   * nor the containment threshold can be met.
   */
  first(h: Headline): number | undefined {
    const touched: number[] = [];
    for (const g of h.grams) {
      for (const j of this.lists.get(g) ?? []) {
        if (this.shared[j] === 0) touched.push(j);
        this.shared[j]!++;
      }
    }
    let best: number | undefined;
    for (const j of touched) {
      const other = this.heads[j]!;
      const enough = this.shared[j]! * 2 >= Math.min(h.grams.size, other.grams.size);
      this.shared[j] = 0;
      if (enough && (best === undefined || j < best) && sameHeadline(h, other)) best = j;
    }
    return best;
  }
}

/**
 * Which rows of a list repeat an earlier story. For each title: null when it is the first of its
 * story in the list and not in the library; `{ of: j }` when it tells the story of row j (the
 * first row of that story, j < i); `{ of: 'library', index: k }` when it is the first row of its
 * story and tells the story of `library[k]`. A row is compared only with the first rows of
 * stories (and library titles) that share enough bigrams with it, so a 200-row list costs far
 * less than its 20,000 pairs.
 */
export function groupDuplicates(
  titles: readonly string[],
  library: readonly string[] = [],
): Array<{ of: number | 'library'; index?: number } | null> {
  const rows = titles.map(headline);
  const lib = library.map(cachedHeadline);
  const firsts = new GramIndex(rows);
  const libIndex = new GramIndex(lib);
  for (let k = 0; k < lib.length; k++) libIndex.add(k);
  return rows.map((h, i) => {
    const earlier = firsts.first(h);
    if (earlier !== undefined) return { of: earlier };
    firsts.add(i);
    const k = libIndex.first(h);
    return k === undefined ? null : { of: 'library', index: k };
  });
}
