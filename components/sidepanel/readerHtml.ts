/**
 * The reader's copy of a saved page: sanitized again at render time (the stored HTML came from a
 * web page), then stripped of everything that would load from the network except images. Given
 * the item's stored images (`images`: image URL → blob: URL of its copy), an image shows its
 * copy and an image without one shows a placeholder with its alt text and a link to it: the
 * reader then makes no request at all (a hotlink-protected or vanished image would only fail,
 * and tell the site who reads it). Without `images` (items saved before images were kept),
 * images load from their site without a referrer, as before.
 */
import { sanitizeHtml } from '@/lib/extract/sanitize';

/** Elements that fetch or play remote media, or carry foreign markup; images stay. */
const REMOVE =
  'script, style, video, audio, source, track, picture > source, svg, math, iframe, object, embed, link, meta, base';
/** Attributes that can make a request besides img src. */
const REMOTE_ATTRS = ['srcset', 'poster', 'background', 'ping', 'lowsrc', 'dynsrc', 'longdesc', 'cite', 'xlink:href'];

export interface ReaderImages {
  /** Image URL (as the saved HTML names it, without #fragment) → blob: URL of its stored copy. */
  copies: ReadonlyMap<string, string>;
  /** Image URLs not shown at all (tracking pixels). */
  hidden?: ReadonlySet<string>;
  /** The placeholder's text for an image without a copy (its alt text, may be empty). */
  missing: (alt: string) => string;
  /** The text of the placeholder's link to the original image. */
  openOriginal: string;
}

/** An image URL as the item's image list names it (lib/images/collect.ts imageUrls). */
function imageKey(src: string): string | null {
  try {
    const u = new URL(src);
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** A fragment of the reader document holding the saved HTML, safe to insert. */
export function readerFragment(html: string, doc: Document, images?: ReaderImages): DocumentFragment {
  const clean = sanitizeHtml(html, doc.defaultView as Window & typeof globalThis);
  const template = doc.createElement('template');
  template.innerHTML = clean;
  const root = template.content;
  for (const el of root.querySelectorAll(REMOVE)) el.remove();
  for (const el of root.querySelectorAll('*')) {
    for (const a of REMOTE_ATTRS) el.removeAttribute(a);
    // Belt and braces should the sanitizer be unavailable: no handlers, no script URLs.
    for (const a of [...el.attributes]) if (/^on/i.test(a.name)) el.removeAttribute(a.name);
    if (el.hasAttribute('style')) el.removeAttribute('style');
    if (el.localName === 'img') {
      const src = el.getAttribute('src') ?? '';
      if (!/^(https?:|data:image\/)/i.test(src)) el.removeAttribute('src');
      if (images && /^https?:/i.test(src)) {
        const key = imageKey(src) ?? '';
        const copy = images.copies.get(key);
        if (images.hidden?.has(key)) {
          el.remove();
          continue;
        }
        if (copy) {
          el.setAttribute('src', copy);
          el.setAttribute('data-original-src', src);
        } else {
          el.replaceWith(placeholder(doc, src, el.getAttribute('alt') ?? '', images));
          continue;
        }
      }
      el.setAttribute('loading', 'lazy');
      el.setAttribute('decoding', 'async');
      el.setAttribute('referrerpolicy', 'no-referrer');
      if (!el.hasAttribute('alt')) el.setAttribute('alt', '');
    } else if (el.localName === 'a') {
      if (!/^(https?:|mailto:|#)/i.test(el.getAttribute('href') ?? '')) el.removeAttribute('href');
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    } else {
      // Only links (to open in a tab) and images may hold URLs.
      for (const a of ['src', 'href', 'action', 'data']) el.removeAttribute(a);
    }
  }
  return root;
}

/** What an image without a stored copy shows: its alt text and a link to the original. */
function placeholder(doc: Document, src: string, alt: string, images: ReaderImages): HTMLElement {
  const box = doc.createElement('span');
  box.className = 'img-missing';
  box.setAttribute('data-original-src', src);
  box.append(images.missing(alt.trim()), ' ');
  const link = doc.createElement('a');
  link.href = src;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.referrerPolicy = 'no-referrer';
  link.textContent = images.openOriginal;
  box.append(link);
  return box;
}
