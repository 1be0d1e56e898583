/**
 * Korean news bylines: `홍석재 기자`, `도쿄/홍석재 특파원`, `(서울=연합뉴스) 김동현 기자 =`,
 * `김철수·이영희 기자`, a closing e-mail (`hong@hani.co.kr`). Pure string functions.
 */

/** What one byline line says. */
export interface Byline {
  /** The byline as printed (trimmed). */
  text: string;
  /** Reporter names. */
  authors: string[];
  /** Dateline place (`도쿄`, `서울`), if any. */
  place: string | null;
  /** Role as printed: 기자, 특파원, 선임기자, 논설위원... */
  role: string | null;
  /** Outlet named in a wire dateline (`연합뉴스` in `(서울=연합뉴스)`). */
  outlet: string | null;
  email: string | null;
}

const ROLE =
  '(선임기자|수석기자|전문기자|객원기자|수습기자|인턴기자|사진기자|영상기자|기자|특파원|논설위원|편집위원|대기자|통신원|앵커|리포터|칼럼니스트)';
const NAME = '[가-힣]{2,4}';
const NAMES = `(${NAME}(?:\\s*[·,ㆍ/]\\s*${NAME})*)`;
/** An outlet named between the reporter and the role: `김수연 가온닷컴 기자`. */
const OUTLET_WORD = '[가-힣A-Za-z]{1,8}(?:닷컴|일보|뉴스|신문|방송|경제|미디어|타임스|데일리|통신)';
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
/** `(서울=연합뉴스) 홍길동 기자 =`, `[인천공항=뉴시스]홍길동 기자 =`: place=outlet in brackets, then the reporter. */
const WIRE = new RegExp(
  `^(?:\\(([^=()[\\]]{1,20})=([^()[\\]]{1,20})\\)|\\[([^=()[\\]]{1,20})=([^()[\\]\\s=]{1,20})\\])\\s*(?:${NAMES}\\s*${ROLE}\\s*=?)?`,
);
/** `[머니투데이 홍길동 기자]`, `[머니투데이 세종=홍길동 기자]`, `[한빛일보=홍길동 기자]`: outlet, place, reporter. */
const BRACKET = new RegExp(
  `^\\[([^\\]=\\s]{1,20})(?:\\s+([가-힣A-Za-z]{1,10})\\s*=)?\\s*=?\\s*${NAMES}\\s*${ROLE}\\s*\\]`,
);
const PLACE_NAME = new RegExp(
  `(?:^|[\\s\\[(/])(?:([가-힣A-Za-z]{1,10})\\s*[/=]\\s*)?(?:글·사진\\s*|사진·글\\s*|글\\s*)?${NAMES}\\s*(?:${OUTLET_WORD}\\s+)?${ROLE}(?=$|[\\s=()\\].,·]|[\\w.+-]+@)`,
);

/** A broadcast sign-off: `한결방송 뉴스 임재현입니다.`, `사회부에서 24시뉴스 황보민입니다.`. */
const SIGN_OFF = /(?:^|\s)([가-힣A-Za-z0-9]{1,10}(?:방송|뉴스|TV|티비))(?:\s*뉴스)?\s+([가-힣]{2,4})입니다\.?$/;

/**
 * Words that stand where a name does in broadcast and photo credits (`촬영기자 : 이영희`,
 * `영상기자`, `사진기자`, `취재기자`): a job, not the reporter's name.
 */
const NOT_NAMES = new Set([
  '촬영',
  '영상',
  '사진',
  '취재',
  '편집',
  '그래픽',
  '디자인',
  '카메라',
  '인턴',
  '수습',
  '객원',
  '전문',
  '선임',
  '수석',
  '담당',
  '현장',
  '영상취재',
  '영상편집',
  '촬영기',
]);

/** Split `김철수·이영희` into names (credit words are no names). */
function names(s: string | undefined): string[] {
  return s ? s.split(/\s*[·,ㆍ/]\s*/).filter((n) => n && !NOT_NAMES.has(n)) : [];
}

/** A reporter credited by role and colon, as broadcasters print it: `취재기자 : 홍길동`, `기자: 홍길동`. */
const CREDITED = new RegExp(`^(?:취재\\s*)?기자\\s*[:：]\\s*${NAMES}\\s*$`);
/** Any other credit by role and colon (`촬영기자 : 이영희`, `영상편집 : 정다운`): never the reporter. */
const OTHER_CREDIT =
  /^[([]?\s*(?:영상\s*(?:취재|편집|디자인|촬영|기자)|촬영(?:\s*기자)?|사진(?:\s*기자)?|카메라|그래픽|디자인|편집|자막|CG|VJ|구성|작가)\s*[:：]/;
/** The reporter at the start of a byline element whose parts ran together (`하윤서 기자사는 이야기를 씁니다.구독하기`). */
const LEADING = new RegExp(`^${NAMES}\\s*${ROLE}`);

const NAMES_ONLY = new RegExp(`^${NAMES}$`);

/** A byline that is Korean names alone (`이도윤`, `김철수·이영희`: JSON-LD authors as Readability reads them). */
export function namesOnly(byline: string | null): string[] {
  const m = NAMES_ONLY.exec(byline?.trim() ?? '');
  return m ? names(m[1]) : [];
}

/**
 * Read a byline from one short line of text; null when the line is not a byline.
 * Lines longer than 80 characters are body text, not bylines (except for a wire lead, which
 * starts a paragraph: only its head is read).
 */
export function parseByline(line: string): Byline | null {
  const s = line.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const first = s.charCodeAt(0);
  // Wire and bracket leads open with ( or [: no regex runs on other lines for them.
  const wire = first === 40 || first === 91 ? WIRE.exec(s) : null;
  const bracket = !wire && first === 91 ? BRACKET.exec(s) : null;
  // A long line is only read for its lead: not even its e-mail is needed otherwise.
  if (!wire && !bracket && s.length > 80) return null;
  const email = EMAIL.exec(s)?.[0] ?? null;
  if (!wire && !bracket) {
    const credited = CREDITED.exec(s);
    if (credited) return { text: s, authors: names(credited[1]), place: null, role: '기자', outlet: null, email };
    if (OTHER_CREDIT.test(s)) return null;
  }
  if (wire) {
    const round = wire[1] !== undefined;
    return {
      text: wire[0].trim(),
      authors: names(wire[5]),
      place: (round ? wire[1] : wire[3])!.trim(),
      role: wire[6] ?? null,
      outlet: (round ? wire[2] : wire[4])!.trim(),
      email,
    };
  }
  if (bracket) {
    return {
      text: bracket[0],
      authors: names(bracket[3]),
      place: bracket[2] ?? null,
      role: bracket[4]!,
      outlet: bracket[1]!,
      email,
    };
  }
  const m = PLACE_NAME.exec(s);
  if (m && names(m[2]).length) {
    const text = s.slice(m.index).trim().replace(/^[[(]/, '');
    return { text, authors: names(m[2]), place: m[1] ?? null, role: m[3]!, outlet: null, email };
  }
  // A broadcast report closes with its reporter's sign-off: `한결방송 뉴스 임재현입니다.`.
  const signOff = s.length <= 50 ? SIGN_OFF.exec(s) : null;
  if (signOff) {
    return { text: s, authors: [signOff[2]!], place: null, role: '기자', outlet: signOff[1]!.trim(), email };
  }
  // A line that is only an e-mail address closes many stories.
  if (email && s.replace(email, '').replace(/[\s()<>[\]·|/-]/g, '').length === 0) {
    return { text: s, authors: [], place: null, role: null, outlet: null, email };
  }
  return null;
}

/**
 * The reporters of a byline as a page prints it in its own element (Readability's byline, a
 * `.reporter` link): the line read as parseByline does, else the reporter at its start when the
 * element's parts ran together without a space (`하윤서 기자사는 이야기를 씁니다.구독하기`).
 */
export function printedReporters(byline: string | null): string[] {
  if (!byline) return [];
  const s = byline.replace(/\s+/g, ' ').trim();
  const parsed = parseByline(s);
  if (parsed?.authors.length) return parsed.authors;
  const m = LEADING.exec(s);
  return m ? names(m[1]) : [];
}

/**
 * Whether a line closing a story is its reporter's line (`신유나 기자 yuna@…`, `도쿄/홍재석 특파원`,
 * `백지수/남도현 기자`) or an e-mail address alone: such a line is no body text.
 */
export function isClosingByline(line: string): boolean {
  const b = parseByline(line);
  if (!b || b.outlet) return false;
  return b.authors.length > 0 || (b.email !== null && b.role === null);
}

/**
 * The byline of a story from its body lines: the wire lead of the first line, or a byline line
 * among the last lines (closing e-mail lines are merged in). Null when there is none.
 */
export function findByline(lines: string[]): Byline | null {
  // The first non-blank line and the last six, read in place: a story has hundreds of lines.
  let first = 0;
  while (first < lines.length && !lines[first]!.trim()) first++;
  if (first === lines.length) return null;
  const lead = parseByline(lines[first]!.trim());
  // A wire dateline without a reporter (`(서울=연합뉴스) 정부는…`) still lets a closing byline name one.
  if (lead?.authors.length) return lead;
  let found: Byline | null = null;
  let email: string | null = null;
  for (let i = lines.length - 1, n = 0; i >= first && n < 6; i--) {
    const line = lines[i]!.trim();
    if (!line) continue;
    n++;
    const b = parseByline(line);
    if (!b) continue;
    if (b.authors.length && !found) found = b;
    if (b.email && !email) email = b.email;
  }
  if (found) return { ...found, email: found.email ?? email, outlet: found.outlet ?? lead?.outlet ?? null };
  if (lead) return lead.email || !email ? lead : { ...lead, email };
  return email ? { text: email, authors: [], place: null, role: null, outlet: null, email } : null;
}
