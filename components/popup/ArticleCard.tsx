/** The popup's article part: what was recognized, Save, then tags, note, and remove with undo. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { uiToBackground } from '@/lib/messaging';
import type { Deleted } from '@/lib/messaging/protocol';
import type { PageAnalysis } from '@/lib/model';
import { errorMessage } from '@/lib/result';
import { formatDateTime, t } from '../i18n';
import { ask, reads, useLibrary } from '../library';
import TagEditor from '../TagEditor';

export interface ArticleCardProps {
  analysis: PageAnalysis;
  tabId: number;
  /** Called with the error text of a failed action, or null to clear it. */
  onError(error: string | null): void;
}

export default function ArticleCard({ analysis, tabId, onError }: ArticleCardProps) {
  const article = analysis.article;
  const { value: saved } = useLibrary(() => reads.findSaved(analysis.canonicalKey), [analysis.canonicalKey]);
  const { value: hlCount } = useLibrary(
    async () => (saved ? (await reads.savedKeys([saved.canonicalKey])).get(saved.canonicalKey) : 0),
    [saved?.id],
  );
  const { value: known } = useLibrary(async () => (await reads.tags()).map((x) => x.tag), []);
  const [saving, setSaving] = useState(false);
  const [removed, setRemoved] = useState<Deleted | null>(null);
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
      onError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  async function editTags(patch: { addTags?: string[]; removeTags?: string[] }) {
    if (!saved) return;
    try {
      await ask('updateItems', { ids: [saved.id], patch });
    } catch (e) {
      onError(errorMessage(e));
    }
  }

  function editNote(value: string) {
    setNote(value);
    clearTimeout(noteTimer.current);
    const id = saved?.id;
    if (!id) return;
    // Saved as it is typed, at most every 400 ms, and at once on blur.
    noteTimer.current = setTimeout(() => {
      ask('updateItems', { ids: [id], patch: { note: value } }).catch((e: unknown) => onError(errorMessage(e)));
    }, 400);
  }

  function flushNote() {
    if (!saved || note === null || note === saved.note) return;
    clearTimeout(noteTimer.current);
    ask('updateItems', { ids: [saved.id], patch: { note } }).catch((e: unknown) => onError(errorMessage(e)));
  }

  async function remove() {
    if (!saved) return;
    flushNote();
    try {
      setRemoved(await ask('deleteItems', { ids: [saved.id] }));
      setNote(null);
    } catch (e) {
      onError(errorMessage(e));
    }
  }

  async function undo() {
    if (!removed) return;
    try {
      await ask('restoreItems', { ids: removed.ids });
      setRemoved(null);
    } catch (e) {
      onError(errorMessage(e));
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
