/**
 * Reader view of a saved item: its saved HTML (sanitized at render), highlights painted with the
 * CSS Custom Highlight API after anchoring their selectors in the reader's own DOM, notes
 * editable, a link to the original.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { anchorAll } from '@/lib/anchor';
import { browserHighlightEnv, HIGHLIGHT_CSS, Painter } from '@/lib/highlight/paint';
import type { Highlight } from '@/lib/model';
import { errorMessage } from '@/lib/result';
import { t } from '../i18n';
import { ask, reads, useLibrary } from '../library';
import Comments from './Comments';
import { shortDate } from './format';
import { readerFragment } from './readerHtml';

export interface ReaderViewProps {
  itemId: string;
  onBack: () => void;
}

/** The ::highlight() rules, once per document. */
function ensureHighlightCss(doc: Document) {
  if (doc.getElementById('scrapnote-highlight-css')) return;
  const style = doc.createElement('style');
  style.id = 'scrapnote-highlight-css';
  style.textContent = HIGHLIGHT_CSS;
  doc.head.append(style);
}

function quoteOf(h: Highlight): string {
  const q = h.target.selector.find((s) => s.type === 'TextQuoteSelector');
  return q?.type === 'TextQuoteSelector' ? q.exact : '';
}

export function ReaderView({ itemId, onBack }: ReaderViewProps) {
  // null: the item is gone; undefined: still loading.
  const item = useLibrary(async () => (await reads.item(itemId)) ?? null, [itemId]);
  const highlights = useLibrary(() => reads.highlights(itemId), [itemId]);
  const article = useRef<HTMLDivElement>(null);
  const painter = useRef<Painter | null>(null);
  const [anchored, setAnchored] = useState<Map<string, boolean>>(new Map());
  const heading = useRef<HTMLHeadingElement>(null);
  const html = item.value?.html;

  useEffect(() => heading.current?.focus(), [itemId]);

  // Render the saved HTML.
  useEffect(() => {
    const el = article.current;
    if (!el || html === undefined) return;
    el.replaceChildren(readerFragment(html, document));
  }, [html]);

  // Anchor and paint highlights in the rendered copy.
  useEffect(() => {
    const el = article.current;
    const list = highlights.value;
    if (!el || !list || html === undefined) return;
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
    return () => {
      abort.abort();
    };
  }, [highlights.value, html]);

  useEffect(() => () => painter.current?.clear(), []);

  function scrollTo(id: string) {
    const range = painter.current?.rangeOf(id);
    const target = range?.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  if (item.error) {
    return (
      <p class="error" role="alert">
        {t('errorPrefix')} {item.error}
      </p>
    );
  }
  const it = item.value;
  if (!it) {
    return (
      <section class="reader">
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
        <p class="muted">{item.value === undefined ? t('loading') : t('itemGone')}</p>
      </section>
    );
  }

  return (
    <section class="reader" aria-labelledby="reader-title" data-reader-item={it.id}>
      <div class="reader-bar">
        <button type="button" onClick={onBack}>
          {t('back')}
        </button>
        <a href={it.url} target="_blank" rel="noopener noreferrer">
          {t('openOriginal')}
        </a>
      </div>
      <h2 id="reader-title" tabIndex={-1} ref={heading}>
        {it.title}
      </h2>
      <p class="muted">
        {[it.site.name ?? it.site.host, it.byline, shortDate(it.publishedAt)].filter(Boolean).join(' · ')}
      </p>
      <ItemNotes id={it.id} note={it.note} tags={it.tags} />
      {highlights.value && highlights.value.length > 0 && (
        <section class="reader-highlights" aria-labelledby="reader-hl-title">
          <h3 id="reader-hl-title">{t('highlights')}</h3>
          <ul>
            {highlights.value.map((h) => (
              <li key={h.id} data-highlight-id={h.id} data-anchored={String(anchored.get(h.id) ?? false)}>
                <button type="button" class={`quote swatch-${h.color}`} onClick={() => scrollTo(h.id)}>
                  {quoteOf(h)}
                </button>
                {anchored.get(h.id) === false && <span class="muted"> {t('orphanInReader')}</span>}
                <HighlightNote highlight={h} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="reader-body" ref={article} lang={it.lang ?? undefined} />
      {it.comments && it.comments.length > 0 && <Comments comments={it.comments} />}
    </section>
  );
}

function ItemNotes({ id, note, tags }: { id: string; note: string; tags: string[] }) {
  const [draft, setDraft] = useState(note);
  const [tagDraft, setTagDraft] = useState(tags.join(', '));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(note), [note]);
  useEffect(() => setTagDraft(tags.join(', ')), [tags.join('\n')]);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const nextTags = tagDraft
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean);
      await ask('updateItems', { ids: [id], patch: { note: draft, tags: nextTags } });
      setSaved(true);
      setTimeout(() => setSaved(false), 1500);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form class="item-notes" onSubmit={save}>
      <label>
        {t('note')}
        <textarea rows={3} value={draft} onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <label>
        {t('tags')}
        <input type="text" value={tagDraft} onInput={(e) => setTagDraft((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit">{saved ? t('saved') : t('saveNotes')}</button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function HighlightNote({ highlight }: { highlight: Highlight }) {
  const [draft, setDraft] = useState(highlight.note);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(highlight.note), [highlight.note]);

  async function commit() {
    if (draft === highlight.note) return;
    setError(null);
    try {
      await ask('updateHighlight', { itemId: highlight.itemId, id: highlight.id, note: draft });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <>
      <label class="hl-note">
        <span class="visually-hidden">{t('highlightNote')}</span>
        <textarea
          rows={1}
          placeholder={t('highlightNote')}
          value={draft}
          onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)}
          onBlur={commit}
        />
      </label>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
