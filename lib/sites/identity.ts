/**
 * Post identity: one canonical key per post that survives query noise, fragments and the
 * different URL forms of the same post.
 */

const NOISE = /^(utm_.*|page|sca|stx|sfl|sst|sod|spt|search_target|search_keyword|listStyle|fbclid|gclid|ref|from)$/i;

/** The page's canonical URL and its identity key. */
export function canonicalize(url: string, doc?: Document): { canonicalUrl: string; key: string } {
  const u = new URL(url);
  u.hash = '';
  for (const name of [...u.searchParams.keys()]) if (NOISE.test(name)) u.searchParams.delete(name);
  u.searchParams.sort();
  const link = doc?.querySelector('link[rel="canonical"]')?.getAttribute('href');
  let canonicalUrl = u.href;
  if (link) {
    try {
      canonicalUrl = new URL(link, url).href;
    } catch {
      // A broken canonical link is ignored.
    }
  }
  const host = u.hostname.replace(/^www\./, '').toLowerCase();
  return { canonicalUrl, key: `${host}${u.pathname.replace(/\/+$/, '')}${u.search}` };
}
