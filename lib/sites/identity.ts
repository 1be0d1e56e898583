/**
 * Post identity: one canonical key per post that survives query noise, fragments and the
 * different URL forms of the same post. The key is computed from the URL alone, so the
 * background can find a saved item from a tab's URL without reading the page.
 *
 * Keys:
 * - Naver News: `naver:<oid>/<aid>` for /mnews/article/oid/aid, /article/oid/aid and the
 *   read.naver / read.nhn `?oid=&aid=` forms on any naver.com host.
 * - Daum News: `daum:<id>` for v.daum.net/v/<id>.
 * - XE/Rhymix: `<host>/<mid>/<document_srl>` for `?mid=x&document_srl=N` and `/x/N`;
 *   `<host>/<document_srl>` for `?document_srl=N` and `/N` (the mid is not in those URLs).
 * - GNUBoard: `<host>/<bo_table>/<wr_id>` for `bbs/board.php?bo_table=t&wr_id=n` and `/t/n`.
 * - Anything else: host + path + the query without noise parameters, sorted.
 *
 * Why `/x/N` keeps the board name: from a URL alone, XE's `/x/N` and GNUBoard's `/t/n` look
 * the same, and GNUBoard's wr_id is only unique within its table. Dropping the name would make
 * two GNUBoard posts collide (and a save would overwrite the other post); keeping it only
 * means XE's `/N` and `/x/N` forms of one post are kept apart. See docs/sites.md.
 */

/** Query parameters that never change which post a URL shows. */
const NOISE =
  /^(utm_.*|page|sca|stx|sfl|sst|sod|spt|sop|search_target|search_keyword|listStyle|sort_index|order_type|cpage|comment_srl|fbclid|gclid|dclid|msclkid|igshid|_ga)$/i;

/** Identity of a URL that shows one post or article of a known engine. */
export interface PostIdentity {
  engine: 'naver' | 'daum' | 'xe' | 'gnuboard' | 'path';
  /** Board (mid or bo_table), when the URL names it. */
  board: string | null;
  /** The engine's post id (document_srl, wr_id, `oid/aid`, Daum id). */
  postId: string;
  key: string;
}

function hostOf(u: URL): string {
  return u.hostname.toLowerCase().replace(/^(www|m)\./, '');
}

/** The post a URL points at, when its form says so; null for lists and unknown forms. */
export function postIdentity(url: string | URL): PostIdentity | null {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  if (!/^https?:$/.test(u.protocol)) return null;
  const host = hostOf(u);
  const q = u.searchParams;
  const path = u.pathname.replace(/\/+$/, '');
  if (host === 'naver.com' || host.endsWith('.naver.com')) {
    const m = /\/(?:mnews\/)?(?:article|hotissue\/article)\/(?:comment\/)?(\d{3})\/(\d{10})$/.exec(path);
    const oid = m?.[1] ?? q.get('oid');
    const aid = m?.[2] ?? q.get('aid');
    if (oid && aid && /^\d{3}$/.test(oid) && /^\d{10}$/.test(aid)) {
      return { engine: 'naver', board: null, postId: `${oid}/${aid}`, key: `naver:${oid}/${aid}` };
    }
    return null;
  }
  if (host.endsWith('daum.net')) {
    const m = /^\/v\/(\d{17}|[A-Za-z0-9]{17,20})$/.exec(path);
    if (m) return { engine: 'daum', board: null, postId: m[1]!, key: `daum:${m[1]}` };
  }
  const srl = q.get('document_srl');
  if (srl && /^\d+$/.test(srl)) {
    const mid = q.get('mid') || (/^\/([\w-]+)$/.exec(path)?.[1] ?? null);
    return { engine: 'xe', board: mid, postId: srl, key: mid ? `${host}/${mid}/${srl}` : `${host}/${srl}` };
  }
  const table = q.get('bo_table');
  const wr = q.get('wr_id');
  if (table && wr && /^\d+$/.test(wr)) {
    return { engine: 'gnuboard', board: table, postId: wr, key: `${host}/${table}/${wr}` };
  }
  // Short forms: `/N` (XE) and `/board/N` (XE mid or GNUBoard bo_table).
  const short = /^(?:\/([A-Za-z][\w-]{0,40}))?\/(\d{1,12})$/.exec(path);
  if (short && onlyNoise(q)) {
    const [, board, id] = short;
    return {
      engine: 'path',
      board: board ?? null,
      postId: id!,
      key: board ? `${host}/${board}/${id}` : `${host}/${id}`,
    };
  }
  return null;
}

function onlyNoise(q: URLSearchParams): boolean {
  for (const k of q.keys()) if (!NOISE.test(k)) return false;
  return true;
}

/** The URL without its fragment and noise parameters, query sorted. */
export function cleanUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  // forEach, not an iterator: in a Firefox content script URLSearchParams iterators are not
  // iterable (Xray wrappers).
  const noisy: string[] = [];
  u.searchParams.forEach((_value, name) => {
    if (NOISE.test(name)) noisy.push(name);
  });
  for (const name of noisy) u.searchParams.delete(name);
  u.searchParams.sort();
  return u.href;
}

/** Identity key of any URL (see the module comment). Throws on a string that is not a URL. */
export function urlKey(url: string): string {
  const id = postIdentity(url);
  if (id) return id.key;
  const u = new URL(cleanUrl(url));
  const path = u.pathname.replace(/\/(index\.(html?|php|jsp|asp))?$/i, '').replace(/\/+$/, '');
  return `${hostOf(u)}${path}${u.search}`;
}

/**
 * The page's canonical URL and its identity key. The key depends on the URL only (so the
 * background can compute it without the page); the document may supply the canonical URL.
 */
export function canonicalize(url: string, doc?: Document): { canonicalUrl: string; key: string } {
  const key = urlKey(url);
  let canonicalUrl = cleanUrl(url);
  const id = postIdentity(url);
  if (id?.engine === 'naver') canonicalUrl = `https://n.news.naver.com/mnews/article/${id.postId}`;
  else if (id?.engine === 'daum') canonicalUrl = `https://v.daum.net/v/${id.postId}`;
  const link = doc?.querySelector('link[rel="canonical"]')?.getAttribute('href');
  if (link && !id) {
    try {
      const c = new URL(link, url);
      // Only trust a canonical link on the same site; some sites point every page at the home page.
      if (hostOf(c) === hostOf(new URL(url)) && c.pathname.length > 1) canonicalUrl = c.href;
    } catch {
      // A broken canonical link is ignored.
    }
  }
  return { canonicalUrl, key };
}
