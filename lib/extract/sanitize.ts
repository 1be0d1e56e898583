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
    instances.set(win, p);
  }
  return p;
}

/** Sanitize an HTML fragment with the given window's DOM. */
export function sanitizeHtml(html: string, win: Window & typeof globalThis): string {
  return purifier(win).sanitize(html) as string;
}
