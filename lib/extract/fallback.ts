/**
 * "Save anyway": when no article can be found, keep what the page says: its title and the text
 * of its body, paragraph by paragraph, as escaped HTML. Nothing of the page's markup survives.
 */
import type { ArticleData } from '../model';

const SKIP = 'script, style, noscript, template, nav, header, footer, form, button, select, svg, iframe';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The page as plain paragraphs; null when the body has no text at all. */
export function pageTextArticle(doc: Document): ArticleData | null {
  const body = doc.body;
  if (!body) return null;
  const copy = body.cloneNode(true) as HTMLElement;
  for (const el of Array.from(copy.querySelectorAll(SKIP))) el.remove();
  // Block boundaries become line breaks so paragraphs stay apart.
  for (const el of Array.from(copy.querySelectorAll('p, div, li, tr, h1, h2, h3, h4, h5, h6, br, section, article'))) {
    el.append(doc.createTextNode('\n'));
  }
  for (const el of Array.from(copy.querySelectorAll('td, th'))) el.append(doc.createTextNode(' '));
  const lines = (copy.textContent ?? '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  if (!lines.length) return null;
  const text = lines.join('\n');
  const title = (doc.title || lines[0] || '').trim();
  return {
    title,
    byline: null,
    authors: [],
    poster: null,
    siteName: doc.querySelector('meta[property="og:site_name"]')?.getAttribute('content')?.trim() || null,
    publishedAt: null,
    publishedText: null,
    modifiedAt: null,
    lang: doc.documentElement.getAttribute('lang') || null,
    excerpt: text.slice(0, 200),
    text,
    html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
    postId: null,
  };
}
