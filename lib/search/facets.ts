/**
 * Facets a news reader thinks in, written into the search box as prefixes: `언론사:한겨레`,
 * `기자:홍길동`, `tag:경제`, `site:hani.co.kr`, `게시판:자유게시판`, `kind:post`, dates. Each
 * narrows the items searched; the rest of the query is searched as text. A prefix's value may be
 * quoted (`언론사:"한겨레 신문"`). Pure: lib/db/search.ts applies the facets to the items.
 */
import type { ItemKind } from '../model';
import { normalize } from './text';

export interface Facets {
  /** Press outlet or site name (or the portal read through) containing each of these. */
  outlet: string[];
  /** A byline author containing each of these (`홍길동`; a trailing 기자 is dropped). */
  author: string[];
  /** Exactly these tags. */
  tag: string[];
  /** The host or one of its parents (`hani.co.kr` finds `www.hani.co.kr`, `m.hani.co.kr`). */
  site: string[];
  /** A board name containing each of these. */
  board: string[];
  kind?: ItemKind;
  /** Inclusive bounds in milliseconds on the date the list sorts by (saved or published). */
  fromMs?: number;
  toMs?: number;
}

export interface ParsedFacets {
  /** The query without its facets. */
  text: string;
  facets: Facets;
  /** Facets whose value was not understood, as written (`date:어제쯤`): shown to the reader. */
  problems: string[];
}

type Key = 'outlet' | 'author' | 'tag' | 'site' | 'board' | 'kind' | 'date' | 'from' | 'to';

/** Each prefix (lower case, without the colon) and what it means, in Korean and English. */
const KEYS: Record<string, Key> = {
  언론사: 'outlet',
  매체: 'outlet',
  outlet: 'outlet',
  press: 'outlet',
  기자: 'author',
  작성자: 'author',
  author: 'author',
  reporter: 'author',
  태그: 'tag',
  tag: 'tag',
  사이트: 'site',
  site: 'site',
  게시판: 'board',
  board: 'board',
  종류: 'kind',
  kind: 'kind',
  날짜: 'date',
  date: 'date',
  이후: 'from',
  after: 'from',
  from: 'from',
  이전: 'to',
  before: 'to',
  to: 'to',
};

const KINDS: Record<string, ItemKind> = {
  article: 'article',
  기사: 'article',
  post: 'post',
  글: 'post',
  게시글: 'post',
};

/** A facet is `key:value` or `key:"value with spaces"` at a word start. */
const FACET = /(^|\s)([^\s:"]+):(?:"([^"]*)"?|(\S+))/gu;

/** Whether `facets` narrows anything. */
export function hasFacets(f: Facets): boolean {
  return (
    f.outlet.length + f.author.length + f.tag.length + f.site.length + f.board.length > 0 ||
    f.kind !== undefined ||
    f.fromMs !== undefined ||
    f.toMs !== undefined
  );
}

/**
 * A date as written in a facet: `2025`, `2025-02`, `2025.2`, `2025/02/14`, `2025년 2월`
 * (without spaces: `2025년2월14일`). Returns the first and last millisecond of that year,
 * month or day in the local time zone, or null.
 */
export function dateSpan(text: string): [number, number] | null {
  const m = /^(\d{4})(?:[-./년]\s*(\d{1,2})(?:[-./월]\s*(\d{1,2})일?)?월?)?[.년]?$/u.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? undefined : Number(m[2]) - 1;
  const d = m[3] === undefined ? undefined : Number(m[3]);
  if (mo !== undefined && (mo < 0 || mo > 11)) return null;
  if (d !== undefined && (d < 1 || d > new Date(y, mo! + 1, 0).getDate())) return null;
  const start = new Date(y, mo ?? 0, d ?? 1).getTime();
  const end =
    d !== undefined
      ? new Date(y, mo!, d + 1).getTime()
      : mo !== undefined
        ? new Date(y, mo + 1, 1).getTime()
        : new Date(y + 1, 0, 1).getTime();
  return [start, end - 1];
}

/** Take the facets out of a query. Prefixes that are not facets (`http:`) stay text. */
export function parseFacets(query: string): ParsedFacets {
  const facets: Facets = { outlet: [], author: [], tag: [], site: [], board: [] };
  const problems: string[] = [];
  const text = query.replace(FACET, (whole, lead: string, rawKey: string, quoted?: string, bare?: string) => {
    const key = KEYS[rawKey.normalize('NFC').toLowerCase()];
    if (!key) return whole;
    const value = (quoted ?? bare ?? '').normalize('NFC').trim();
    const written = whole.slice(lead.length);
    if (!value) {
      problems.push(written);
      return lead;
    }
    switch (key) {
      case 'outlet':
      case 'board':
        facets[key].push(value);
        break;
      case 'author':
        facets.author.push(value.replace(/\s*기자$/u, '') || value);
        break;
      case 'tag':
        facets.tag.push(value.replace(/^#/, ''));
        break;
      case 'site':
        facets.site.push(
          value
            .toLowerCase()
            .replace(/^[a-z]+:\/\//, '')
            .replace(/^www\./, '')
            .replace(/\/.*$/, ''),
        );
        break;
      case 'kind': {
        const kind = KINDS[value.toLowerCase()];
        if (kind) facets.kind = kind;
        else problems.push(written);
        break;
      }
      default: {
        // date:2025-02, date:2025-01..2025-03, after:2025-01-15, before:2025.3
        const [a, b] = key === 'date' && value.includes('..') ? value.split('..') : [value, value];
        const from = a ? dateSpan(a) : null;
        const to = b ? dateSpan(b) : null;
        if ((a && !from) || (b && !to)) {
          problems.push(written);
          break;
        }
        if (key !== 'to' && from) facets.fromMs = Math.max(facets.fromMs ?? -Infinity, from[0]);
        if (key !== 'from' && to) facets.toMs = Math.min(facets.toMs ?? Infinity, to[1]);
      }
    }
    return lead;
  });
  return { text: text.replace(/\s+/g, ' ').trim(), facets, problems };
}

/** What facets read of an item (lib/db/rows.ts SearchHead). */
export interface FacetFields {
  site: string;
  via: string;
  host: string;
  authors: readonly string[];
  board: string;
  tags: readonly string[];
  kind: ItemKind;
  /** The date the list sorts by, in milliseconds, or null when the item has none. */
  dateMs: number | null;
}

/** Normalized for containment: case, width, spacing and separators do not matter (한겨레 = 한 겨레). */
const folded = (s: string) => normalize(s.normalize('NFC'), false).norm.replace(/ /g, '');

/** Whether an item passes every facet. */
export function passesFacets(f: Facets, item: FacetFields): boolean {
  const has = (field: string, wanted: string) => folded(field).includes(folded(wanted));
  if (f.kind !== undefined && item.kind !== f.kind) return false;
  if (f.fromMs !== undefined && (item.dateMs === null || item.dateMs < f.fromMs)) return false;
  if (f.toMs !== undefined && (item.dateMs === null || item.dateMs > f.toMs)) return false;
  if (!f.outlet.every((o) => has(item.site, o) || has(item.via, o))) return false;
  if (!f.author.every((a) => item.authors.some((x) => has(x, a)))) return false;
  if (!f.board.every((b) => has(item.board, b))) return false;
  if (!f.tag.every((t) => item.tags.some((x) => x.normalize('NFC').toLowerCase() === t.toLowerCase()))) return false;
  return f.site.every((s) => item.host === s || item.host.endsWith(`.${s}`) || has(item.site, s));
}
