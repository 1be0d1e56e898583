/**
 * A saved item's highlights, anchored in a reader's copy of its text and painted there with the
 * CSS Custom Highlight API: again whenever the highlights or the copy change, cleared when the
 * reader goes. Shared by the library's reader and the reader of a board's list.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { anchorAll } from '@/lib/anchor';
import { browserHighlightEnv, HIGHLIGHT_CSS, Painter } from '@/lib/highlight/paint';
import type { Highlight } from '@/lib/model';

/** The ::highlight() rules, once per document. */
function ensureHighlightCss(doc: Document) {
  if (doc.getElementById('scrapnote-highlight-css')) return;
  const style = doc.createElement('style');
  style.id = 'scrapnote-highlight-css';
  style.textContent = HIGHLIGHT_CSS;
  doc.head.append(style);
}

/**
 * Paint `list` in the element of `article` once `ready`; `copy` is what changes when a new copy
 * of the text is put in place. Returns whether each highlight was found, and the painter (to
 * scroll to a highlight). The element's `data-painted` says how many are painted (a test hook).
 */
export function usePaintedHighlights(
  article: RefObject<HTMLElement | null>,
  list: Highlight[] | undefined,
  copy: unknown,
  ready: boolean,
): { anchored: Map<string, boolean>; painter: RefObject<Painter | null> } {
  const painter = useRef<Painter | null>(null);
  const [anchored, setAnchored] = useState<Map<string, boolean>>(new Map());
  useEffect(() => {
    const el = article.current;
    if (!el || !list || !ready) return;
    ensureHighlightCss(document);
    painter.current?.clear();
    const p = new Painter(browserHighlightEnv(window));
    painter.current = p;
    const abort = new AbortController();
    void anchorAll(
      el,
      list.map((h) => ({ id: h.id, selectors: h.target.selector })),
      { yieldToPage: () => new Promise((r) => setTimeout(r, 0)), now: () => performance.now(), signal: abort.signal },
    ).then((found) => {
      if (abort.signal.aborted) return;
      const state = new Map<string, boolean>();
      for (const h of list) {
        const r = found.get(h.id);
        if (r) p.set(h.id, r.range, h.color, Boolean(h.note.trim()));
        state.set(h.id, Boolean(r));
      }
      el.dataset.painted = String([...state.values()].filter(Boolean).length);
      setAnchored(state);
    });
    return () => abort.abort();
  }, [list, copy]);
  useEffect(() => () => painter.current?.clear(), []);
  return { anchored, painter };
}
