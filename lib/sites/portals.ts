/**
 * Portal news sections: pages where a portal (Naver, Daum, Nate) shows an article of a press
 * outlet. There the outlet is what the reader means by the source (the item's `site.name`) and
 * the portal is the way it came (`site.via`); the page's "기사원문"/"원문 보기" link, when it has
 * one, leads to the article on the outlet's own site.
 */

/** Portal news hosts and the name the reader knows the section by. */
const PORTALS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:m\.)?entertain\.naver\.com$/, '네이버 엔터'],
  [/^(?:m\.)?sports\.(?:news\.)?naver\.com$/, '네이버 스포츠'],
  [/^(?:n\.|m\.)?news\.naver\.com$|^n\.news\.naver\.com$/, '네이버 뉴스'],
  [/^(?:news\.)?v\.daum\.net$|^news\.daum\.net$/, '다음뉴스'],
  [/^(?:m\.)?news\.nate\.com$/, '네이트 뉴스'],
];

/** The portal section a page belongs to, by its host; null for any other site. */
export function portalOf(url: URL): string | null {
  const host = url.hostname.toLowerCase();
  return PORTALS.find(([re]) => re.test(host))?.[1] ?? null;
}

/** Link texts that lead to the original article. */
const ORIGINAL = /^(?:기사\s*)?원문(?:\s*기사)?(?:\s*보기)?$|^언론사\s*(?:홈|원문)$/;

/**
 * The link to the article on its outlet's own site ("기사원문", "원문 보기"), if the page has
 * one: an http(s) address on another host than the page's.
 */
export function originalLinkOf(doc: Document, url: URL): string | null {
  const links = doc.querySelectorAll<HTMLAnchorElement>('a[href]');
  for (let i = 0; i < links.length && i < 3000; i++) {
    const a = links[i]!;
    const text = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text.length > 12 || !ORIGINAL.test(text)) continue;
    try {
      const to = new URL(a.getAttribute('href') ?? '', url);
      if (/^https?:$/.test(to.protocol) && to.hostname !== url.hostname) return to.href;
    } catch {
      // not an address
    }
  }
  return null;
}

/** Whether a name is a portal's own (its section names, `네이버`, `Daum`): no press outlet. */
export function isPortalName(name: string): boolean {
  const n = name.replace(/\s+/g, ' ').trim();
  return (
    PORTALS.some(([, p]) => p === n) ||
    /^(?:네이버|다음|네이트|naver|daum|nate)(?:\s*(?:뉴스|news|엔터|스포츠|연예))?$/i.test(n)
  );
}

/** Where portals print the press outlet of an article: its logo (alt or title) or its name. */
const PRESS_MARKS = [
  '.media_end_head_top_logo img[title]',
  '.media_end_head_top_logo img[alt]',
  '[class*="press_logo"] img[alt]',
  '[class*="PressLogo"] img[alt]',
  '.articleInfo .medium',
  '.info_view .link_cp img[alt]',
  '#kakaoServiceLogo',
];

/**
 * The press outlet of an article shown on a portal: `og:article:author` (`별빛연예 | 네이버`,
 * Naver's form), the press logo's alt or title (Naver's news, entertainment and sports pages,
 * Daum), the outlet's name beside the date (Nate's `.articleInfo .medium`). Null when the page
 * names none but the portal.
 */
export function pressOf(doc: Document, meta: (...names: string[]) => string | null): string | null {
  const ok = (n: string | null | undefined) => {
    const t = (n ?? '').replace(/\s+/g, ' ').trim();
    return t && t.length <= 30 && !/^https?:/.test(t) && !isPortalName(t) ? t : null;
  };
  const author = ok(meta('og:article:author', 'article:author')?.split(/\s*[|｜]\s*/)[0]);
  if (author) return author;
  for (const sel of PRESS_MARKS) {
    const el = doc.querySelector(sel);
    if (!el) continue;
    const name = ok(el.tagName === 'IMG' ? (el.getAttribute('title') ?? el.getAttribute('alt')) : el.textContent);
    if (name) return name;
  }
  return null;
}
