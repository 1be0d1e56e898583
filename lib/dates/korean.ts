/**
 * Korean page dates: every format Korean boards and news pages print, resolved to an ISO 8601
 * instant in Korea Standard Time (+09:00). Dates without a year or a day (`02-05`, `14:32`,
 * `3분 전`) are resolved relative to `now`, the moment the page was seen.
 */

const KST_MS = 9 * 3600_000;

/** Calendar fields of an instant as seen in Korea. */
export interface KstParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** The KST calendar fields of an instant. */
export function kstParts(d: Date): KstParts {
  const k = new Date(d.getTime() + KST_MS);
  return {
    year: k.getUTCFullYear(),
    month: k.getUTCMonth() + 1,
    day: k.getUTCDate(),
    hour: k.getUTCHours(),
    minute: k.getUTCMinutes(),
    second: k.getUTCSeconds(),
  };
}

/** `2025-02-05T14:32:00+09:00`, or null when the fields are not a real date and time. */
export function kstIso(p: KstParts): string | null {
  const { year, month, day, hour, minute, second } = p;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}+09:00`;
}

/** The instant `ms` milliseconds since the epoch, written in +09:00. */
export function instantToKstIso(ms: number): string {
  const p = kstParts(new Date(ms));
  return kstIso(p)!;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/** Hour in 24 h from a 12 h clock with 오전/오후 (AM/PM). */
function hour24(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = /오후|pm/i.test(ampm);
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

// Time part: optional 오전/오후 before, `H:i[:s]`, optional AM/PM after.
const TIME = String.raw`(?:\s*(오전|오후|AM|PM))?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(AM|PM))?`;
// Y.m.d / Y-m-d / Y/m/d / Y. m. d. with optional trailing dot, optional time.
// The time may follow a weekday (`2025.02.05(수) 14:32`) and stand in parentheses (`2025.02.05 (07:05)`, broadcasters).
const FULL = new RegExp(
  String.raw`(\d{4}|\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\.?(?:\s*\([월화수목금토일]\))?(?:[T\s]*\(?${TIME}\)?)?`,
  'i',
);
const KOREAN = new RegExp(
  String.raw`(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*\([^)]*\))?(?:\s*${TIME}|\s*(오전|오후)?\s*(\d{1,2})\s*시(?:\s*(\d{1,2})\s*분)?)?`,
);
const MONTH_DAY = new RegExp(String.raw`^(\d{1,2})[.\-/](\d{1,2})\.?(?:\s+${TIME})?$`, 'i');
const TIME_ONLY = new RegExp(`^${TIME}$`, 'i');
const RELATIVE = /(\d+)\s*(초|분|시간|일|주|개월|달|년)\s*전/;
const UNIT_MS: Record<string, number> = {
  초: 1000,
  분: 60_000,
  시간: 3600_000,
  일: 86400_000,
  주: 7 * 86400_000,
};

/** The result of reading a printed date. */
export interface ParsedDate {
  /** ISO 8601 instant with +09:00. */
  iso: string;
  /** True when the year, the day or the whole date came from `now`. */
  inferred: boolean;
}

function timeFields(m: RegExpMatchArray, i: number): { hour: number; minute: number; second: number } | null {
  if (m[i + 1] === undefined) return null;
  const ampm = m[i] ?? m[i + 4];
  return { hour: hour24(Number(m[i + 1]), ampm), minute: Number(m[i + 2]), second: Number(m[i + 3] ?? 0) };
}

/**
 * Read a Korean page date: `2025.02.05`, `2025.02.05 14:32`, `25-02-05 14:32`, `2025. 2. 5. 14:32`,
 * `2025.02.05. 오후 2:32`, `2025년 2월 5일 오후 2시 32분`, `입력 2025.02.05. 08:15`, `02-05`, `14:32`,
 * `3분 전`, `방금`, `어제 14:32`, ISO 8601, a compact stamp (`20250205060012`). Labels before the date (입력, 등록, 수정...) are skipped.
 * Returns null when the text holds no date.
 */
export function parseKoreanDate(text: string, now: Date): ParsedDate | null {
  const s = text.replace(/\s+/g, ' ').trim();
  if (!s || s.length > 200) return null;
  // ISO 8601 with a zone (meta tags, data attributes): keep the instant, write it in +09:00.
  const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/.exec(s);
  if (iso) {
    const ms = Date.parse(iso[0]);
    if (!Number.isNaN(ms)) return { iso: instantToKstIso(ms), inferred: false };
  }
  // A compact stamp (Daum's og:regDate `20250205060012`): Korean time, to the second.
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(s);
  if (compact) {
    const [, y, mo, d, h, mi, sec] = compact;
    const out = kstIso({
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(sec ?? 0),
    });
    if (out) return { iso: out, inferred: false };
  }
  const today = kstParts(now);
  if (/방금|just now/i.test(s)) return { iso: instantToKstIso(now.getTime()), inferred: true };
  const rel = RELATIVE.exec(s);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]!;
    const ms = UNIT_MS[unit];
    if (ms) return { iso: instantToKstIso(now.getTime() - n * ms), inferred: true };
    // Months and years: calendar arithmetic in KST.
    const back = unit === '년' ? n * 12 : n;
    const total = today.year * 12 + (today.month - 1) - back;
    const p = { ...today, year: Math.floor(total / 12), month: (total % 12) + 1 };
    p.day = Math.min(p.day, new Date(Date.UTC(p.year, p.month, 0)).getUTCDate());
    return { iso: kstIso(p)!, inferred: true };
  }
  const full = FULL.exec(s);
  if (full) {
    const t = timeFields(full, 4) ?? { hour: 0, minute: 0, second: 0 };
    const out = kstIso({ year: fullYear(full[1]!), month: Number(full[2]), day: Number(full[3]), ...t });
    if (out) return { iso: out, inferred: false };
  }
  const ko = KOREAN.exec(s);
  if (ko) {
    let t = timeFields(ko, 4);
    if (!t && ko[10] !== undefined) t = { hour: hour24(Number(ko[10]), ko[9]), minute: Number(ko[11] ?? 0), second: 0 };
    const p = {
      year: ko[1] ? Number(ko[1]) : today.year,
      month: Number(ko[2]),
      day: Number(ko[3]),
      ...(t ?? { hour: 0, minute: 0, second: 0 }),
    };
    const out = ko[1] ? kstIso(p) : resolveYearless(p, now);
    if (out) return { iso: out, inferred: !ko[1] };
  }
  const unlabeled = s.replace(/^(?:입력|등록|수정|작성|게재|송고|기사입력|최종수정|업데이트|발행)\s*:?\s*/, '');
  const md = MONTH_DAY.exec(unlabeled);
  if (md) {
    const t = timeFields(md, 3) ?? { hour: 0, minute: 0, second: 0 };
    const out = resolveYearless({ year: today.year, month: Number(md[1]), day: Number(md[2]), ...t }, now);
    if (out) return { iso: out, inferred: true };
  }
  const yest = /^(어제|그제|그저께)\s*(.*)$/.exec(unlabeled);
  const timeText = yest ? yest[2]! : unlabeled;
  const tm = TIME_ONLY.exec(timeText);
  if (tm) {
    const t = timeFields(tm, 1)!;
    const back = yest ? (yest[1] === '어제' ? 1 : 2) : 0;
    const day = kstParts(new Date(now.getTime() - back * 86400_000));
    const out = kstIso({ ...day, ...t });
    if (out) return { iso: out, inferred: true };
  }
  return null;
}

/** A month and day without a year is this year's, unless that lies more than a day ahead: then last year's. */
function resolveYearless(p: KstParts, now: Date): string | null {
  const out = kstIso(p);
  if (!out) return kstIso({ ...p, year: p.year - 1 }); // 02-29 in a non-leap year
  if (Date.parse(out) - now.getTime() > 86400_000) return kstIso({ ...p, year: p.year - 1 });
  return out;
}

/** parseKoreanDate's ISO string, or null. */
export function resolveKoreanDate(text: string | null | undefined, now: Date): string | null {
  return text ? (parseKoreanDate(text, now)?.iso ?? null) : null;
}

/** A label, then the date it introduces. Compiled once: extraction calls this for many lines of a page. */
const labelled = (labels: string) =>
  new RegExp(`(?:${labels})(?:일시|일|시간)?\\s*[:：]?\\s*([0-9][0-9.\\-/: 년월일시분오전후AMP()화수목금토]+)`, 'i');
/** The labels of a published time, as a regex alternation (lib/extract/analyze.ts pre-checks lines with it). */
export const PUBLISHED_LABELS = '기사입력|입력|등록|작성|게재|송고|기사전송|전송|승인|발행';
const PUBLISHED_LABEL = labelled(PUBLISHED_LABELS);
const MODIFIED_LABEL = labelled('최종수정|수정|업데이트|갱신');

/** Labelled dates in a line such as `입력 2025.02.05. 08:15 수정 2025.02.05. 09:00`. */
export function labelledDates(text: string, now: Date): { published: ParsedDate | null; modified: ParsedDate | null } {
  const s = text.replace(/\s+/g, ' ');
  const grab = (re: RegExp) => {
    const m = re.exec(s);
    return m ? parseKoreanDate(m[1]!, now) : null;
  };
  return { published: grab(PUBLISHED_LABEL), modified: grab(MODIFIED_LABEL) };
}
