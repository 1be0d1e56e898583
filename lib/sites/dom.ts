/** Small DOM helpers shared by the site profiles. No heavy imports: classification uses these. */

/** Text content with whitespace collapsed. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The first element matching any selector, in selector order. */
export function pick(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const s of selectors) {
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}

/** Absolute http(s) URL of an href, or null for javascript:, #, mailto: and broken links. */
export function absUrl(href: string | null | undefined, base: string | URL): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || h.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    return /^https?:$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** An integer as printed (`1,234`, `[12]`, `(3)`), or null. */
export function intOf(s: string | null | undefined): number | null {
  if (!s) return null;
  const m = /^[[(]?\s*([\d,]+)\s*[\])]?$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** Content of the first meta tag with one of these names or properties. */
export function metaContent(doc: Document, ...names: string[]): string | null {
  // A loop over the meta elements, not querySelector per name: each selector miss would match
  // against every element of the page, and classification asks for several names.
  const metas = doc.getElementsByTagName('meta');
  for (const n of names) {
    for (let i = 0; i < metas.length; i++) {
      const m = metas[i]!;
      if (m.getAttribute('property') !== n && m.getAttribute('name') !== n && m.getAttribute('itemprop') !== n)
        continue;
      const v = m.getAttribute('content')?.trim();
      if (v) return v;
      break;
    }
  }
  return null;
}

/** Whether any of the first inline scripts matches; bounded so huge pages stay cheap. */
export function inlineScriptMatches(doc: Document, re: RegExp, maxScripts = 40, maxChars = 20_000): boolean {
  const scripts = doc.getElementsByTagName('script');
  let seen = 0;
  for (let i = 0; i < scripts.length && seen < maxScripts; i++) {
    const s = scripts[i]!;
    if (s.hasAttribute('src')) continue;
    seen++;
    const t = s.textContent ?? '';
    if (re.test(t.length > maxChars ? t.slice(0, maxChars) : t)) return true;
  }
  return false;
}

/** Host name, lower case, without `www.`. */
export function hostName(url: URL): string {
  return url.hostname.toLowerCase().replace(/^www\./, '');
}

/** The site's name: og:site_name, else the last part of the title (`글 제목 | 사이트`). */
export function siteNameOf(doc: Document): string | null {
  const og = metaContent(doc, 'og:site_name', 'application-name');
  if (og) return og;
  const parts = (doc.title ?? '').split(/\s+[|\-–—:]\s+|\s*[|]\s*/).map((p) => p.trim());
  const last = parts.length > 1 ? parts[parts.length - 1] : null;
  return last && last.length <= 30 ? last : null;
}
