/**
 * The headline alone from a page title that carries the outlet (`헤드라인 | 연합뉴스`,
 * `헤드라인 - 매일경제`, `헤드라인 : 네이트 뉴스`, `헤드라인 < 사회 < 기사본문 - 한빛일보`).
 * Pure string functions: the caller gives the page's site names and <h1> texts, so outlets no
 * one listed are recognized by what their own page says.
 */

/** Outlet names of hosts whose pages do not always name themselves (og:site_name). */
const KNOWN_HOSTS: Record<string, string> = {
  'yna.co.kr': '연합뉴스',
  'newsis.com': '뉴시스',
  'news1.kr': '뉴스1',
  'mk.co.kr': '매일경제',
  'hankyung.com': '한국경제',
  'mt.co.kr': '머니투데이',
  'edaily.co.kr': '이데일리',
  'sedaily.com': '서울경제',
  'asiae.co.kr': '아시아경제',
  'chosun.com': '조선일보',
  'joongang.co.kr': '중앙일보',
  'donga.com': '동아일보',
  'hani.co.kr': '한겨레',
  'khan.co.kr': '경향신문',
  'hankookilbo.com': '한국일보',
  'seoul.co.kr': '서울신문',
  'kmib.co.kr': '국민일보',
  'segye.com': '세계일보',
  'munhwa.com': '문화일보',
  'ohmynews.com': '오마이뉴스',
  'nocutnews.co.kr': '노컷뉴스',
  'news.nate.com': '네이트 뉴스',
  'news.naver.com': '네이버 뉴스',
  'v.daum.net': '다음뉴스',
};

/** The known outlet name of a host (or of a parent domain: `m.yna.co.kr`), else null. */
export function knownOutlet(host: string): string | null {
  let h = host.toLowerCase().replace(/^www\./, '');
  for (;;) {
    const name = KNOWN_HOSTS[h];
    if (name) return name;
    const dot = h.indexOf('.');
    if (dot < 0 || h.indexOf('.', dot + 1) < 0) return null;
    h = h.slice(dot + 1);
  }
}

/**
 * Separators between a headline and what a CMS appends: ` | `, ` - `, ` : `, ` :: `, ` < `, ` – `,
 * `｜` (full width, spaced or not), ` ㅣ ` (the Hangul letter typed as a bar, between spaces).
 */
const SEPARATOR = /\s+(?:\||-|–|—|:|::|<|>|»|·|ㅣ)\s+|\s*[|｜]\s*/g;
/** A separator right at the start of a remainder. */
const STARTS_WITH_SEPARATOR = /^\s*(?:\||｜|-|–|—|:|::|<|>|»|·)\s*\S|^\s+ㅣ\s+\S/;
/** The shape of an outlet name (`한빛일보`, `한빛경제신문`, `OO뉴스`, `OOTV`). */
const OUTLET_SHAPE =
  /^[가-힣A-Za-z0-9]{1,8}(?:신문|일보|뉴스|방송|경제|타임스|미디어|데일리|저널|투데이|헤럴드|비즈|닷컴|TV|tv|News|news)$/;
/** What article-page CMSs print after the headline: `< 사회 < 기사본문`. */
const ARTICLE_PAGE = /^(?:기사\s*본문|기사\s*보기|뉴스\s*보기|본문|기사)$/;

const HANGUL = /[가-힣]/;
const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

export interface TitleHints {
  /** Names the page gives its site (og:site_name, JSON-LD publisher, the host's known name). */
  siteNames: readonly (string | null | undefined)[];
  /** Texts of the page's <h1> elements. */
  headings: readonly string[];
}

/** Whether a title segment names the outlet. */
function isOutlet(seg: string, names: string[]): boolean {
  const n = norm(seg);
  if (!n) return false;
  for (const name of names) if (n === name || (n.length >= 2 && (name.includes(n) || n.includes(name)))) return true;
  return OUTLET_SHAPE.test(seg.trim());
}

/**
 * The headline alone: a title that starts with the page's <h1> and goes on past a separator is
 * that <h1>; otherwise trailing segments that name the outlet (the page's own site names, the
 * shape of an outlet name) and a `< section < 기사본문` trail are cut. A headline's own dashes,
 * colons and bars stay when what follows them names no outlet; `[단독]` stays.
 */
export function headlineOf(title: string, hints: TitleHints): string {
  const given = title.trim();
  // The conventions read here are the Korean press's: other titles are left as Readability reads them.
  if (!HANGUL.test(given)) return given;
  const t = given.replace(/\s+/g, ' ');
  for (const h of hints.headings) {
    const head = h.replace(/\s+/g, ' ').trim();
    if (head.length < 4 || head.length >= t.length || !t.startsWith(head)) continue;
    if (STARTS_WITH_SEPARATOR.test(t.slice(head.length))) return head;
  }
  const names = hints.siteNames.map((n) => norm(n ?? '')).filter((n) => n.length >= 2);
  // Separator positions, then cut from the end while the last segment is outlet or page furniture.
  const cuts: { at: number; end: number; sep: string }[] = [];
  for (const m of t.matchAll(SEPARATOR)) cuts.push({ at: m.index, end: m.index + m[0].length, sep: m[0].trim() });
  let end = t.length;
  let trail = false;
  while (cuts.length) {
    const c = cuts[cuts.length - 1]!;
    const seg = t.slice(c.end, end);
    const furniture = c.sep === '<' && (ARTICLE_PAGE.test(seg.trim()) || (trail && seg.trim().length <= 15));
    if (!furniture && !isOutlet(seg, names)) break;
    if (furniture) trail = true;
    end = c.at;
    cuts.pop();
  }
  if (end === t.length) return given;
  const out = t.slice(0, end).trim();
  // Never cut a title down to nothing (a page titled only with its outlet's name keeps it).
  return out.length >= 2 ? out : given;
}
