/**
 * DOMPurify for HTML that came from a web page. Everything page-derived passes here before an
 * extension page renders it, and again at render time (components/SafeHtml).
 */
import createDOMPurify, { type Config } from 'dompurify';

const CONFIG: Config = {
  // Body markup only: no forms, no embedded documents, no styles that can load things.
  FORBID_TAGS: [
    'style',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'iframe',
    'frame',
    'object',
    'embed',
    'link',
    'meta',
    'base',
  ],
  FORBID_ATTR: ['style', 'srcset', 'ping', 'action', 'formaction'],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
};

const instances = new WeakMap<object, ReturnType<typeof createDOMPurify>>();

/** Attributes holding a URL that a relative value would break once the HTML leaves its page. */
const URL_ATTRS = new Set(['href', 'src', 'poster', 'cite']);

/** The page URL relative URLs resolve against during one sanitizeHtml call (null: none). */
let currentBase: string | null = null;

function purifier(win: Window & typeof globalThis) {
  let p = instances.get(win);
  if (!p) {
    p = createDOMPurify(win);
    // Parsed once here: sanitize() with a config argument rebuilds every allow-list on each call.
    p.setConfig(CONFIG);
    // Links open outside the extension page and never tell the site who sent them.
    p.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    // Relative URLs are made absolute against the page they came from before the URI check, which
    // keeps only absolute http(s) and mailto URLs: in an extension page `/files/a.jpg` would point
    // into the extension, so without this a board post's own images and links would be dropped.
    p.addHook('uponSanitizeAttribute', (_node, data) => {
      if (!currentBase || !URL_ATTRS.has(data.attrName)) return;
      const v = data.attrValue.trim();
      if (!v || v.startsWith('#') || /^[a-z][a-z\d+.-]*:/i.test(v)) return;
      try {
        data.attrValue = new URL(v, currentBase).href;
      } catch {
        // Not a URL: the URI check decides.
      }
    });
    instances.set(win, p);
  }
  return p;
}

/**
 * Sanitize an HTML fragment with the given window's DOM. With `baseUrl` (the page the fragment
 * came from), relative link and media URLs are kept, made absolute against it.
 */
export function sanitizeHtml(html: string, win: Window & typeof globalThis, baseUrl?: string | null): string {
  const p = purifier(win);
  currentBase = baseUrl ?? null;
  try {
    return p.sanitize(html) as string;
  } finally {
    currentBase = null;
  }
}

/** The URL a page's relative URLs resolve against: its `<base href>` (resolved), else its URL. */
export function baseUrlOf(doc: Document, url: string): string {
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  if (href) {
    try {
      return new URL(href, url).href;
    } catch {
      // A broken <base> is ignored, as a browser would.
    }
  }
  return url;
}
