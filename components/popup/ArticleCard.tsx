/** The popup's article part: what was recognized, Save, then tags, note, and remove with undo. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getDb } from '@/lib/db';
import { highlightCount } from '@/lib/db/highlights';
import { deleteItems, findByKey, restoreItems, tagCounts, updateItemMeta } from '@/lib/db/items';
import { uiToBackground } from '@/lib/messaging';
import type { Highlight, PageAnalysis, SavedItem } from '@/lib/model';
import { formatDateTime, t } from '../i18n';
import TagEditor from '../TagEditor';
import { useLiveQuery } from '../useLiveQuery';

export interface ArticleCardProps {
  analysis: PageAnalysis;
  tabId: number;
  /** Called with the error text of a failed action, or null to clear it. */
  onError(error: string | null): void;
}

export default function ArticleCard({ analysis, tabId, onError }: ArticleCardProps) {
  const db = getDb();
  const article = analysis.article;
  const { value: saved } = useLiveQuery(() => findByKey(db, analysis.canonicalKey), [analysis.canonicalKey]);
  const { value: hlCount } = useLiveQuery(() => (saved ? highlightCount(db, saved.id) : 0), [saved?.id]);
  const { value: known } = useLiveQuery(async () => (await tagCounts(db)).map((x) => x.tag), []);
  const [saving, setSaving] = useState(false);
  const [removed, setRemoved] = useState<{ items: SavedItem[]; highlights: Highlight[] } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const noteTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The note field follows the stored note until the reader types.
  useEffect(() => {
    if (saved && note === null) setNote(saved.note);
  }, [saved, note]);

  if (!article) return null;

  async function save() {
    setSaving(true);
    onError(null);
    try {
      const res = await uiToBackground.sendMessage('saveTab', { tabId });
      if (!res.ok) onError(res.error);
      else setRemoved(null);
    } catch (e) {
      onError(String(e));
    } finally {
      setSaving(false);
    }
  }

  async function editTags(patch: { addTags?: string[]; removeTags?: string[] }) {
    if (!saved) return;
    try {
      await updateItemMeta(db, saved.id, patch, new Date());
    } catch (e) {
      onError(String(e));
    }
  }

  function editNote(value: string) {
    setNote(value);
    clearTimeout(noteTimer.current);
    const id = saved?.id;
    if (!id) return;
    // Saved as it is typed, at most every 400 ms, and at once on blur.
    noteTimer.current = setTimeout(() => {
      updateItemMeta(db, id, { note: value }, new Date()).catch((e: unknown) => onError(String(e)));
    }, 400);
  }

  function flushNote() {
    if (!saved || note === null || note === saved.note) return;
    clearTimeout(noteTimer.current);
    updateItemMeta(db, saved.id, { note }, new Date()).catch((e: unknown) => onError(String(e)));
  }

  async function remove() {
    if (!saved) return;
    flushNote();
    try {
      setRemoved(await deleteItems(db, [saved.id]));
      setNote(null);
    } catch (e) {
      onError(String(e));
    }
  }

  async function undo() {
    if (!removed) return;
    try {
      await restoreItems(db, removed);
      setRemoved(null);
    } catch (e) {
      onError(String(e));
    }
  }

  const published = article.publishedAt ? formatDateTime(article.publishedAt) : article.publishedText;
  const reporter = article.authors.length ? article.authors.join(', ') : article.byline;
  return (
    <section class="article-card" aria-labelledby="article-title">
      <h1 id="article-title" class="title">
        {article.title || analysis.url}
      </h1>
      <dl class="facts">
        {(article.siteName || analysis.site.name) && (
          <>
            <dt>{t('outlet')}</dt>
            <dd>{article.siteName ?? analysis.site.name}</dd>
          </>
        )}
        {reporter && (
          <>
            <dt>{t('reporter')}</dt>
            <dd>{reporter}</dd>
          </>
        )}
        {article.poster && (
          <>
            <dt>{t('poster')}</dt>
            <dd>{article.poster}</dd>
          </>
        )}
        {published && (
          <>
            <dt>{t('published')}</dt>
            <dd>
              <time dateTime={article.publishedAt ?? undefined}>{published}</time>
            </dd>
          </>
        )}
      </dl>
      {!saved && (
        <div class="actions">
          <button type="button" class="primary" disabled={saving} onClick={save}>
            {saving ? t('saving') : analysis.kind === 'other' ? t('saveAnyway') : t('save')}
          </button>
          {removed && (
            <span role="status">
              {t('removed')}{' '}
              <button type="button" onClick={undo}>
                {t('undo')}
              </button>
            </span>
          )}
        </div>
      )}
      {saved && (
        <div class="saved-state" data-saved-id={saved.id}>
          <div class="actions">
            <button type="button" class="primary" disabled aria-describedby="saved-when">
              {t('saved')}
            </button>
            <button type="button" onClick={remove}>
              {t('remove')}
            </button>
          </div>
          <p id="saved-when" class="muted">
            {t('savedOn', formatDateTime(saved.savedAt))}
            {hlCount ? ` · ${t('highlightCount', String(hlCount))}` : ''}
          </p>
          <TagEditor
            tags={saved.tags}
            known={known ?? []}
            onAdd={(tag) => editTags({ addTags: [tag] })}
            onRemove={(tag) => editTags({ removeTags: [tag] })}
            label={t('tags')}
          />
          <label class="note">
            <span>{t('note')}</span>
            <textarea
              rows={3}
              value={note ?? saved.note}
              onInput={(e) => editNote((e.target as HTMLTextAreaElement).value)}
              onBlur={flushNote}
            />
          </label>
        </div>
      )}
    </section>
  );
}
