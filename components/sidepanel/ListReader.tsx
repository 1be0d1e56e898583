/**
 * Reading a board's list in the side panel: the post the popup's list named, fetched from the
 * list's tab and extracted (not saved), rendered after DOMPurify like every page the extension
 * shows (./readerHtml.ts); the previous and next post of the same list with the buttons or J and
 * K; Save; and highlights made here, stored as a quote with its context, so the post's own page
 * paints them when it is visited (lib/anchor finds the quote in the page's text). Opening a post
 * here records it as read, with the comment count its list showed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeRange } from '@/lib/anchor';
import type { ListedPostCopy } from '@/lib/messaging/protocol';
import { HIGHLIGHT_COLORS, type HighlightColor } from '@/lib/model';
import { errorMessage } from '@/lib/result';
import { lookupKeys } from '@/lib/sites/identity';
import { type MessageKey, t } from '../i18n';
import { ask, reads, useLibrary } from '../library';
import Comments from './Comments';
import { shortDate } from './format';
import { type ListReading, type ListRow, listSession } from './listSession';
import { readerFragment } from './readerHtml';
import { usePaintedHighlights } from './usePaintedHighlights';

/** The list the popup handed over (undefined while it is read, null when there is none). */
export function useListReading(): ListReading | null | undefined {
  const [reading, setReading] = useState<ListReading | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void listSession.get().then((r) => alive && setReading((now) => (now === undefined ? r : now)));
    const stop = listSession.watch((r) => setReading(r));
    return () => {
      alive = false;
      stop();
    };
  }, []);
  return reading;
}

const COLOR_LABEL: Record<HighlightColor, MessageKey> = {
  yellow: 'hlYellow',
  green: 'hlGreen',
  blue: 'hlBlue',
  pink: 'hlPink',
  purple: 'hlPurple',
};

/** How long a selection the click on a colour took away still counts, in ms. */
const SELECTION_GRACE_MS = 1000;

/** Keys that move through the list (by physical key, so a Korean keyboard layout works too). */
const NEXT_KEYS = new Set(['KeyJ']);
const PREVIOUS_KEYS = new Set(['KeyK']);

function keysOf(row: ListRow): string[] {
  try {
    return [...new Set([row.key, ...lookupKeys(row.url)])];
  } catch {
    return [row.key];
  }
}

/** The post being fetched or shown; `url` names the row it is for (a copy of another row is stale). */
type Copy =
  | { state: 'loading'; url: string }
  | { state: 'failed'; url: string; error: string }
  | { state: 'ready'; url: string; post: ListedPostCopy };

export interface ListReaderProps {
  reading: ListReading;
  /** Leave the list (back to the library). */
  onClose: () => void;
}

export function ListReader({ reading, onClose }: ListReaderProps) {
  const [index, setIndex] = useState(reading.index);
  const [fetched, setCopy] = useState<Copy>({ state: 'loading', url: '' });
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  /**
   * The last selection made inside the post's text, and when it went away: a click on a colour
   * may take the live selection away an instant before the click arrives.
   */
  const selection = useRef<{ range: Range; lostAt: number | null } | null>(null);
  const article = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const row = reading.rows[index]!;
  const keys = keysOf(row);
  const previous = index > 0 ? reading.rows[index - 1] : undefined;
  const next = index + 1 < reading.rows.length ? reading.rows[index + 1] : undefined;
  const copy: Copy = fetched.url === row.url ? fetched : { state: 'loading', url: row.url };

  // A new hand-over from the popup starts at its post.
  useEffect(() => setIndex(reading.index), [reading.at, reading.index]);

  // Fetch the post (recorded as read by the background).
  useEffect(() => {
    let alive = true;
    setCopy({ state: 'loading', url: row.url });
    setActionError(null);
    selection.current = null;
    ask('readListedPost', { tabId: reading.tabId, url: row.url, key: row.key, comments: row.comments }).then(
      (post) => alive && setCopy({ state: 'ready', url: row.url, post }),
      (e: unknown) => alive && setCopy({ state: 'failed', url: row.url, error: errorMessage(e) }),
    );
    return () => {
      alive = false;
    };
  }, [reading.tabId, row.url, attempt]);

  useEffect(() => heading.current?.focus(), [row.url, copy.state]);

  const saved = useLibrary(async () => (await reads.findSaved(keys)) ?? null, [keys.join('\n')]);
  const itemId = saved.value?.id ?? null;
  const highlights = useLibrary(async () => (itemId ? reads.highlights(itemId) : []), [itemId]);
  const html = copy.state === 'ready' ? copy.post.article.html : undefined;

  // Render the fetched copy, sanitized.
  useEffect(() => {
    const el = article.current;
    if (!el) return;
    // While the next post loads, the last one's text goes (a selection in it would be lost).
    el.replaceChildren(html === undefined ? '' : readerFragment(html, document));
    delete el.dataset.painted;
  }, [html]);

  // Paint the saved item's highlights on the copy.
  usePaintedHighlights(article, highlights.value, html, html !== undefined);

  // The selection inside the post's text, for the highlight buttons (a click on one keeps it).
  useEffect(() => {
    const onChange = () => {
      const sel = document.getSelection();
      const el = article.current;
      const range = sel && sel.rangeCount > 0 && !sel.isCollapsed ? sel.getRangeAt(0) : null;
      if (el && range && el.contains(range.commonAncestorContainer)) {
        selection.current = { range: range.cloneRange(), lostAt: null };
      } else if (selection.current && selection.current.lostAt === null) selection.current.lostAt = Date.now();
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  function go(to: number) {
    if (to < 0 || to >= reading.rows.length || to === index) return;
    setIndex(to);
    void listSession.moveTo(to);
  }

  // J: next post, K: previous (outside text fields, without modifiers).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      if ((e.target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable]')) return;
      if (NEXT_KEYS.has(e.code)) {
        e.preventDefault();
        go(index + 1);
      } else if (PREVIOUS_KEYS.has(e.code)) {
        e.preventDefault();
        go(index - 1);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const board = { name: reading.board.name, url: reading.board.url, postId: row.postId, number: row.number };

  async function save() {
    setBusy(true);
    setActionError(null);
    try {
      await ask('readerSavePost', { tabId: reading.tabId, url: row.url, board, poster: row.author });
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function highlight(color: HighlightColor) {
    const el = article.current;
    const live = document.getSelection();
    const current = live && live.rangeCount > 0 && !live.isCollapsed ? live.getRangeAt(0) : null;
    const kept = selection.current;
    const range =
      el && current && el.contains(current.commonAncestorContainer)
        ? current
        : kept && (kept.lostAt === null || Date.now() - kept.lostAt < SELECTION_GRACE_MS)
          ? kept.range
          : null;
    const described = el && range && !range.collapsed ? describeRange(el, range) : null;
    if (!described) {
      setActionError(t('listReaderSelectFirst'));
      return;
    }
    setBusy(true);
    setActionError(null);
    try {
      await ask('readerAddHighlight', {
        tabId: reading.tabId,
        url: row.url,
        board,
        poster: row.author,
        color,
        quote: described[0],
      });
      document.getSelection()?.removeAllRanges();
      selection.current = null;
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const post = copy.state === 'ready' ? copy.post : null;
  const title = post?.article.title || row.title;
  return (
    <section
      class="reader list-reader"
      aria-labelledby="list-reader-title"
      aria-busy={copy.state === 'loading'}
      data-list-post={row.url}
      data-state={copy.state}
    >
      <div class="reader-bar">
        <button type="button" onClick={onClose}>
          {t('listReaderClose')}
        </button>
        <a href={row.url} target="_blank" rel="noopener noreferrer">
          {t('openOriginal')}
        </a>
      </div>
      <nav class="list-nav" aria-label={t('listReaderNav')}>
        <button
          type="button"
          disabled={!previous}
          aria-keyshortcuts="K"
          aria-label={previous ? t('listReaderPrevious', previous.title) : t('listReaderNoPrevious')}
          onClick={() => go(index - 1)}
        >
          ← {t('listReaderPreviousShort')}
        </button>
        <span class="muted" aria-live="polite">
          {t('listReaderPosition', String(index + 1), String(reading.rows.length))}
        </span>
        <button
          type="button"
          disabled={!next}
          aria-keyshortcuts="J"
          aria-label={next ? t('listReaderNext', next.title) : t('listReaderNoNext')}
          onClick={() => go(index + 1)}
        >
          {t('listReaderNextShort')} →
        </button>
      </nav>
      <p class="muted list-board">
        {reading.board.name ?? t('kindBoard')} · {t('listReaderKeys')}
      </p>
      <h2 id="list-reader-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {post && (
        <p class="muted">
          {[row.author ?? post.article.poster, post.article.byline, shortDate(post.article.publishedAt)]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {copy.state === 'loading' && (
        <p class="muted" role="status">
          {t('loading')}
        </p>
      )}
      {copy.state === 'failed' && (
        <p class="error" role="alert">
          {t('errorPrefix')} {copy.error}{' '}
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('retry')}
          </button>
        </p>
      )}
      {post && (
        <div class="list-actions">
          <button type="button" class="primary" disabled={busy || Boolean(itemId)} onClick={save}>
            {itemId ? t('saved') : t('save')}
          </button>
          <fieldset class="list-highlight" disabled={busy}>
            <legend>{t('listReaderHighlight')}</legend>
            {HIGHLIGHT_COLORS.map((c) => (
              <button
                type="button"
                key={c}
                class={`swatch swatch-${c}`}
                aria-label={t(COLOR_LABEL[c])}
                title={t(COLOR_LABEL[c])}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => highlight(c)}
              />
            ))}
          </fieldset>
          {actionError && (
            <span class="error" role="alert">
              {actionError}
            </span>
          )}
        </div>
      )}
      <div class="reader-body" ref={article} lang={post?.article.lang ?? undefined} hidden={!post} />
      {post && post.comments.length > 0 && <Comments comments={post.comments} />}
    </section>
  );
}
