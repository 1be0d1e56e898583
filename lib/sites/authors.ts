/**
 * Who wrote a post, as a board shows it: an identity that notes on authors and mute rules can
 * hold on to across lists and pages of one site.
 *
 * Identity, most certain first:
 * - `m:<id>`: a member id the engine's markup carries: XE/Rhymix `class="member_123"`, GNUBoard's
 *   `mb_id=` links (profile, memo, search by id), data attributes (`data-uid`, `data-member-srl`,
 *   `data-mb-id`, ...), profile links with `member_srl=` or `user_id=`;
 * - `g:<nickname>@<ip prefix>`: a guest's nickname with the address prefix the board prints
 *   (`ㅇㅇ(121.130)`, `data-ip="121.130"`);
 * - `n:<nickname>`: a nickname alone, on boards that show nothing else.
 * A row whose author has a member id is only ever matched by that id: two members may share a
 * nickname, and a guest may take a member's.
 */
import { textOf } from './dom';

/** Data attributes that hold a member id on some engine or skin. */
const ID_ATTRIBUTES = [
  'data-uid',
  'data-member-srl',
  'data-member_srl',
  'data-mb-id',
  'data-mb_id',
  'data-member-id',
  'data-user-id',
  'data-userid',
  'data-author-id',
];

/** Query parameters of profile, memo and search links that name a member. */
const ID_PARAMS = ['mb_id', 'me_recv_mb_id', 'member_srl', 'user_id', 'userid', 'memberId'];

/** XE/Rhymix: the member link's class; 0 or a negative number is a guest or an anonymous board. */
const XE_MEMBER_CLASS = /(?:^|\s)member_(\d+)(?:\s|$)/;

/** The address prefix boards print after a guest's nickname: `(121.130)`, `(121.130.*.*)`. */
const IP_SUFFIX = /\((\d{1,3}\.\d{1,3}(?:\.[\d*x]{1,3}){0,2})\)\s*$/;

/** GNUBoard's "search by id" link: `sfl=mb_id,1&stx=admin`. */
function searchById(url: URL): string | null {
  const field = url.searchParams.get('sfl') ?? '';
  return /^mb_id/.test(field) ? url.searchParams.get('stx') : null;
}

/** A member id carried by `el` itself (attribute, class or link), or null. */
function idOn(el: Element): string | null {
  for (const name of ID_ATTRIBUTES) {
    const value = el.getAttribute(name)?.trim();
    if (value && value !== '0' && !value.startsWith('-')) return value;
  }
  const member = XE_MEMBER_CLASS.exec(el.getAttribute('class') ?? '')?.[1];
  if (member && Number(member) > 0) return member;
  const href = el.tagName === 'A' ? el.getAttribute('href') : null;
  if (href && /[?&](?:mb_id|me_recv_mb_id|member_srl|user_id|userid|memberId|sfl)=/.test(href)) {
    try {
      const url = new URL(href, 'https://x.invalid/');
      for (const p of ID_PARAMS) {
        const value = url.searchParams.get(p)?.trim();
        if (value && value !== '0') return value;
      }
      const byId = searchById(url)?.trim();
      if (byId) return byId;
    } catch {
      // Not a URL: no id here.
    }
  }
  return null;
}

/** Elements that may carry a member id. */
const ID_CARRIERS = ['[class*="member_"]', 'a[href]', ...ID_ATTRIBUTES.map((a) => `[${a}]`)].join(', ');

/** The member id in `scope` or its descendants, in document order, or null. */
function memberIdIn(scope: Element): string | null {
  const own = idOn(scope);
  if (own) return own;
  for (const el of scope.querySelectorAll(ID_CARRIERS)) {
    const id = idOn(el);
    if (id) return id;
  }
  return null;
}

/** The printed address prefix of a guest, from a data attribute or the text after the nickname. */
function guestAddress(scope: Element): string | null {
  const attr = (scope.closest('[data-ip]') ?? scope.querySelector('[data-ip]'))?.getAttribute('data-ip')?.trim();
  if (attr) return attr;
  return IP_SUFFIX.exec(textOf(scope))?.[1] ?? null;
}

/**
 * The identity of a post's author. `cell` is the element showing the author (null when the list
 * has no author cell: then only member markers anywhere in the row count), `name` the nickname as
 * read (without its address). Null when the row names no author.
 */
export function authorIdentity(cell: Element | null, row: Element, name: string | null): string | null {
  const id = cell ? memberIdIn(cell) : memberIdInRow(row);
  if (id) return `m:${id}`;
  if (!name) return null;
  const nick = name.normalize('NFC').trim();
  const ip = cell ? guestAddress(cell) : null;
  return ip ? `g:${nick}@${ip}` : `n:${nick}`;
}

/** In a row without a known author cell: a member marker that is not a link (the post's own link has ids too). */
function memberIdInRow(row: Element): string | null {
  for (const el of row.querySelectorAll(
    ['[class*="member_"]', '.sv_member', ...ID_ATTRIBUTES.map((a) => `[${a}]`)].join(', '),
  )) {
    const id = memberIdIn(el);
    if (id) return id;
  }
  return null;
}

/**
 * Where a page names a member by their id outside its board list (a post's header, a comment):
 * the elements that carry the id and show the name (not the menus beside it: "쪽지보내기").
 */
export function memberNameElements(doc: Document, memberId: string, name: string): Element[] {
  const out: Element[] = [];
  for (const el of doc.body?.querySelectorAll(ID_CARRIERS) ?? []) {
    if (idOn(el) !== memberId) continue;
    const text = el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    if (!text.endsWith(name) && !text.startsWith(name)) continue;
    if (out.some((o) => o.contains(el) || el.contains(o))) continue;
    out.push(el);
  }
  return out;
}
