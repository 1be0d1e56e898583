/**
 * The popup's board part: the posts of the list with markers for what is saved or highlighted;
 * select some (or all) and save them. Each post is fetched from the tab (same origin, two at a
 * time, spaced), extracted by the same pipeline and saved with its board data. Progress, cancel,
 * and every failure with its reason and a retry.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { uiToBackground } from '@/lib/messaging';
import type { BoardData, BoardRow } from '@/lib/model';
import { runQueue } from '@/lib/queue';
import { hostName } from '@/lib/sites/dom';
import { lookupKeys } from '@/lib/sites/identity';
import { AuthorEditor, useAuthors } from '../AuthorNotes';
import { t } from '../i18n';
import { reads, useLibrary } from '../library';
import { MarksSiteSwitch } from '../MarksSettings';
import { listSession } from '../sidepanel/listSession';
import { openSidePanel } from './openSidePanel';

export interface BoardPanelProps {
  board: BoardData;
  tabId: number;
}

type Status = { state: 'saving' } | { state: 'done' } | { state: 'failed'; error: string } | { state: 'cancelled' };

/** Spacing between two fetches of the same site, in ms. */
const SPACING_MS = 400;

function rowKeys(key: string, url: string): string[] {
  try {
    return [...new Set([key, ...lookupKeys(url)])];
  } catch {
    return [key];
  }
}

export default function BoardPanel({ board, tabId }: BoardPanelProps) {
  const rows = useMemo(() => board.rows.filter((r) => r.url), [board]);
  // Each row's candidate keys: an XE post at /mid/N is saved under host/N (lib/sites/identity.ts).
  const lookups = useMemo(() => new Map(rows.map((r) => [r.key, rowKeys(r.key, r.url)])), [rows]);
  const keys = useMemo(() => [...new Set([...lookups.values()].flat())], [lookups]);
  // What of this list is in the library already: row key -> highlight count.
  const { value: marks } = useLibrary(async () => {
    const saved = await reads.savedKeys(keys);
    const out = new Map<string, number>();
    for (const [rowKey, candidates] of lookups) {
      const count = candidates.map((k) => saved.get(k)).find((x) => x !== undefined);
      if (count !== undefined) out.set(rowKey, count);
    }
    return out;
  }, [keys.join('\n')]);
  const host = hostName(new URL(board.url));
  const authors = useAuthors(host);
  /** The row whose author's note is being edited. */
  const [editing, setEditing] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<Map<string, Status>>(new Map());
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const selectable = rows.filter((r) => !marks?.has(r.key));
  const allSelected = selectable.length > 0 && selectable.every((r) => selected.has(r.url));
  const done = [...status.values()].filter((s) => s.state === 'done').length;
  const failed = rows.filter((r) => status.get(r.url)?.state === 'failed');
  const total = [...status.values()].length;

  const toggle = (url: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(url)) n.delete(url);
      else n.add(url);
      return n;
    });

  /** Read the list from this post on in the side panel (the click opens it: a user gesture). */
  function readInPanel(at: number) {
    const handed = listSession
      .start({
        tabId,
        board: { name: board.name, url: board.url },
        rows: rows.map((r) => ({
          url: r.url,
          key: r.key,
          title: r.title.slice(0, 2000),
          author: r.author,
          postId: r.postId,
          number: r.number,
          comments: r.comments,
        })),
        index: at,
      })
      .catch(() => undefined);
    void openSidePanel(handed);
  }

  async function saveRows(list: BoardRow[]) {
    if (!list.length || running) return;
    const ctrl = new AbortController();
    abort.current = ctrl;
    setRunning(true);
    setStatus((s) => {
      const n = new Map(s);
      for (const r of list) n.set(r.url, { state: 'saving' });
      return n;
    });
    await runQueue(
      list,
      (row) =>
        uiToBackground.sendMessage('savePost', {
          tabId,
          url: row.url,
          board: { name: board.name, url: board.url, postId: row.postId, number: row.number },
          poster: row.author,
        }),
      { concurrency: 2, spacingMs: SPACING_MS, signal: ctrl.signal },
      (row, outcome) =>
        setStatus((s) => {
          const n = new Map(s);
          n.set(
            row.url,
            outcome.ok
              ? { state: 'done' }
              : 'cancelled' in outcome
                ? { state: 'cancelled' }
                : { state: 'failed', error: outcome.error },
          );
          return n;
        }),
    );
    setRunning(false);
    setSelected((s) => {
      const n = new Set(s);
      for (const r of list) n.delete(r.url);
      return n;
    });
  }

  return (
    <section class="board-panel" aria-labelledby="board-title">
      <h2 id="board-title">
        {board.name ?? t('kindBoard')} <span class="muted">· {t('postCount', String(rows.length))}</span>
      </h2>
      <MarksSiteSwitch host={host} />
      <div class="board-tools">
        <label>
          <input
            type="checkbox"
            checked={allSelected}
            disabled={running || selectable.length === 0}
            onChange={() => setSelected(allSelected ? new Set() : new Set(selectable.map((r) => r.url)))}
          />{' '}
          {t('selectAll')}
        </label>
        <button
          type="button"
          class="primary"
          disabled={running || selected.size === 0}
          onClick={() => saveRows(rows.filter((r) => selected.has(r.url)))}
        >
          {t('saveSelected')}
          {selected.size ? ` (${selected.size})` : ''}
        </button>
        {running && (
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('cancel')}
          </button>
        )}
      </div>
      {total > 0 && (
        <div class="progress" role="status">
          <progress max={total} value={done + failed.length} aria-label={t('saveProgress')} />
          <span>{t('savedOfTotal', String(done), String(total))}</span>
          {failed.length > 0 && !running && (
            <button type="button" onClick={() => saveRows(failed)}>
              {t('retryFailed', String(failed.length))}
            </button>
          )}
        </div>
      )}
      <ul class="posts">
        {rows.map((r, at) => {
          const st = status.get(r.url);
          const hl = marks?.get(r.key);
          const isSaved = hl !== undefined;
          const author = r.authorId ? authors.get(r.authorId) : undefined;
          return (
            <li
              key={r.url}
              data-post-url={r.url}
              data-saved={isSaved ? 'true' : 'false'}
              class={`${r.current ? 'current ' : ''}${r.notice ? 'notice ' : ''}${author?.muted ? 'muted-author' : ''}`}
            >
              <label>
                <input
                  type="checkbox"
                  checked={selected.has(r.url)}
                  disabled={running || isSaved}
                  onChange={() => toggle(r.url)}
                />
                <span class="post-title">
                  {r.notice && <span class="badge">{t('notice')}</span>}
                  {r.title}
                </span>
              </label>
              <span class="post-meta muted">
                {r.author && r.authorId ? (
                  <button
                    type="button"
                    class="link author"
                    aria-expanded={editing === r.url}
                    aria-label={t('authorEdit', r.author)}
                    onClick={() => setEditing(editing === r.url ? null : r.url)}
                  >
                    {r.author}
                    {author?.note ? ` ✎ ${author.note}` : ''}
                  </button>
                ) : (
                  r.author
                )}
                {author?.muted === 1 && <span class="badge">{t('authorMuted')}</span>}
                {[r.dateText, r.comments ? t('commentCount', String(r.comments)) : null]
                  .filter(Boolean)
                  .map((x) => (r.author ? ` · ${x}` : x))
                  .join(r.author ? '' : ' · ')}
              </span>
              <button
                type="button"
                class="link read-in-panel"
                aria-label={t('readInPanelLabel', r.title)}
                onClick={() => readInPanel(at)}
              >
                {t('readInPanel')}
              </button>
              {editing === r.url && r.author && r.authorId && (
                <AuthorEditor
                  host={host}
                  authorId={r.authorId}
                  name={r.author}
                  record={author}
                  onDone={() => setEditing(null)}
                />
              )}
              {isSaved && (
                <span class="badge saved">
                  {hl ? `${t('saved')} · ${t('highlightCount', String(hl))}` : t('saved')}
                </span>
              )}
              {st?.state === 'saving' && <span class="badge">{t('saving')}</span>}
              {st?.state === 'failed' && (
                <span class="failure" role="alert">
                  {st.error}{' '}
                  <button type="button" disabled={running} onClick={() => saveRows([r])}>
                    {t('retry')}
                  </button>
                </span>
              )}
              {st?.state === 'cancelled' && <span class="badge">{t('cancelled')}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
