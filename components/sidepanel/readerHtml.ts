/**
 * The reader's copy of a saved page: sanitized again at render time (the stored HTML came from a
 * web page), then stripped of everything that would load from the network except images.
 */
import { sanitizeHtml } from '@/lib/extract/sanitize';

/** Elements that fetch or play remote media, or carry foreign markup; images stay. */
const REMOVE =
  'script, style, video, audio, source, track, picture > source, svg, math, iframe, object, embed, link, meta, base';
/** Attributes that can make a request besides img src. */
const REMOTE_ATTRS = ['srcset', 'poster', 'background', 'ping', 'lowsrc', 'dynsrc', 'longdesc', 'cite', 'xlink:href'];

/** A fragment of the reader document holding the saved HTML, safe to insert. */
export function readerFragment(html: string, doc: Document): DocumentFragment {
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
