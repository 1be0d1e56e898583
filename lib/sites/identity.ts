/**
 * Post identity: one canonical key per post that survives query noise, fragments and the
 * different URL forms of the same post.
 *
 * Keys:
 * - Naver News: `naver:<oid>/<aid>` for /mnews/article/oid/aid, /article/oid/aid, their
 *   /article/comment/ forms and the read.naver / read.nhn `?oid=&aid=` forms on any naver.com
 *   host (n.news, news, m.news...).
 * - Daum News: `daum:<id>` for v.daum.net/v/<id>.
 * - XE/Rhymix: `<host>/<document_srl>` for `?mid=x&document_srl=N`, `?document_srl=N`, `/N` and
 *   `/x/N`. A document_srl is unique across a whole XE site (one sequence for every board), and
 *   the short form `/N` does not name the board, so the board is left out of the key.
 * - GNUBoard: `<host>/<bo_table>/<wr_id>` for `bbs/board.php?bo_table=t&wr_id=n` and `/t/n`
 *   (a wr_id is only unique within its table).
 * - Anything else: host + path + the query without noise parameters, sorted.
 *
 * The one form a URL alone cannot settle is `/x/N`: XE's `/mid/srl` and GNUBoard's
 * `/bo_table/wr_id` look the same. Given the site's engine (the page's recognized profile, or
 * the engine stored with a saved item), `/x/N` takes that engine's key. Without it, the key is
 * `<host>/x/N` (never two posts on one key), and lookupKeys() adds `<host>/N` as a second
 * candidate, so a URL alone still finds an XE post saved from any of its forms.
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
  /** Other keys the same post may be saved under, when the URL alone cannot tell (`/x/N`). */
  alternates: string[];
}

function hostOf(u: URL): string {
  return u.hostname.toLowerCase().replace(/^(www|m)\./, '');
}

function identity(
  engine: PostIdentity['engine'],
  board: string | null,
  postId: string,
  key: string,
  alternates: string[] = [],
): PostIdentity {
  return { engine, board, postId, key, alternates };
}

/**
 * The post a URL points at, when its form says so; null for lists and unknown forms. `engine`
 * is the site's engine when known (`xe`, `gnuboard`): it settles the `/x/N` form.
 */
export function postIdentity(url: string | URL, engine?: string | null): PostIdentity | null {
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
    // /mnews/article/, /article/, /mnews/hotissue/article/, /ranking/article/, with /comment/.
    const m = /\/(?:mnews\/)?(?:[a-z]+\/)?article\/(?:comment\/)?(\d{3})\/(\d{10})$/.exec(path);
    const oid = m?.[1] ?? q.get('oid');
    const aid = m?.[2] ?? q.get('aid');
    if (oid && aid && /^\d{3}$/.test(oid) && /^\d{10}$/.test(aid)) {
      return identity('naver', null, `${oid}/${aid}`, `naver:${oid}/${aid}`);
    }
    return null;
  }
  if (host.endsWith('daum.net')) {
    const m = /^\/v\/(\d{17}|[A-Za-z0-9]{17,20})$/.exec(path);
    if (m) return identity('daum', null, m[1]!, `daum:${m[1]}`);
  }
  const srl = q.get('document_srl');
  if (srl && /^\d+$/.test(srl)) {
    const mid = q.get('mid') || (/^\/([\w-]+)$/.exec(path)?.[1] ?? null);
    return identity('xe', mid, srl, `${host}/${srl}`);
  }
  const table = q.get('bo_table');
  const wr = q.get('wr_id');
  if (table && wr && /^\d+$/.test(wr)) return identity('gnuboard', table, wr, `${host}/${table}/${wr}`);
  // Short forms: `/N` (XE) and `/board/N` (XE mid or GNUBoard bo_table).
  const short = /^(?:\/([A-Za-z][\w-]{0,40}))?\/(\d{1,12})$/.exec(path);
  if (short && onlyNoise(q)) {
    const [, board, id] = short;
    if (!board) return identity(engine === 'gnuboard' ? 'gnuboard' : 'xe', null, id!, `${host}/${id}`);
    if (engine === 'xe') return identity('xe', board, id!, `${host}/${id}`);
    if (engine === 'gnuboard') return identity('gnuboard', board, id!, `${host}/${board}/${id}`);
    return identity('path', board, id!, `${host}/${board}/${id}`, [`${host}/${id}`]);
  }
  return null;
}

/**
 * Whether every parameter is noise. forEach, not an iterator: in a Firefox content script a
 * URLSearchParams iterator is not iterable (every XE short URL then failed to be recognized).
 */
function onlyNoise(q: URLSearchParams): boolean {
  let noise = true;
  q.forEach((_value, name) => {
    if (!NOISE.test(name)) noise = false;
  });
  return noise;
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

/** Identity key of any URL (see the module comment), given the site's engine when known. Throws on a string that is not a URL. */
export function urlKey(url: string, engine?: string | null): string {
  const id = postIdentity(url, engine);
  if (id) return id.key;
  const u = new URL(cleanUrl(url));
  const path = u.pathname.replace(/\/(index\.(html?|php|jsp|asp))?$/i, '').replace(/\/+$/, '');
  return `${hostOf(u)}${path}${u.search}`;
}

/**
 * Every key a post seen at this URL may be saved under, the URL's own key first: for `/x/N`
 * with no engine known, also the XE key `<host>/N`. Look a URL up with all of them (Dexie
 * `anyOf`), preferring the first that is found. Throws on a string that is not a URL.
 */
export function lookupKeys(url: string): string[] {
  const id = postIdentity(url);
  return id ? [id.key, ...id.alternates] : [urlKey(url)];
}

/**
 * The page's canonical URL and its identity key. The key depends on the URL and, for the
 * `/x/N` form, on the site's engine (see the module comment); the document may supply the
 * canonical URL.
 */
export function canonicalize(
  url: string,
  doc?: Document,
  engine?: string | null,
): { canonicalUrl: string; key: string } {
  const id = postIdentity(url, engine);
  const key = urlKey(url, engine);
  let canonicalUrl = cleanUrl(url);
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
