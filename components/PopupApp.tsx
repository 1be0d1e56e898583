/** The toolbar popup: what this page is, and Save. */
import { useEffect, useState } from 'preact/hooks';
import { uiToBackground } from '@/lib/messaging';
import type { PageAnalysis, PageKind, SavedItem } from '@/lib/model';
import { t } from './i18n';

export interface PopupAppProps {
  /** The tab the popup acts on (the active tab, or ?tab= for tests). */
  tabId: number | null;
}

const KIND_LABEL: Record<PageKind, string> = {
  article: 'kindArticle',
  board: 'kindBoard',
  'article+board': 'kindArticleBoard',
  other: 'kindOther',
};

export default function PopupApp({ tabId }: PopupAppProps) {
  const [analysis, setAnalysis] = useState<PageAnalysis | null>(null);
  const [error, setError] = useState<string | null>(tabId === null ? t('noTab') : null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SavedItem | null>(null);

  useEffect(() => {
    if (tabId === null) return;
    uiToBackground
      .sendMessage('analyzeTab', { tabId })
      .then((res) => (res.ok ? setAnalysis(res.value) : setError(res.error)))
      .catch((e: unknown) => setError(String(e)));
  }, [tabId]);

  async function save() {
    if (tabId === null) return;
    setSaving(true);
    setError(null);
    try {
      const res = await uiToBackground.sendMessage('saveTab', { tabId });
      if (res.ok) setSaved(res.value);
      else setError(res.error);
    } catch (e) {
      setError(String(e));
    } finally {
      setSaving(false);
    }
  }

  const kind = analysis?.kind;
  return (
    <main class="popup" data-page-kind={kind ?? 'loading'} aria-busy={!analysis && !error}>
      {!analysis && !error && <p class="muted">{t('analyzing')}</p>}
      {analysis && (
        <section>
          <p class="kind muted">{t(KIND_LABEL[analysis.kind])}</p>
          <h1 class="title">{analysis.article?.title ?? analysis.board?.name ?? analysis.url}</h1>
          <p class="site muted">{analysis.site.name ?? analysis.site.host}</p>
          {analysis.article?.byline && <p class="byline">{analysis.article.byline}</p>}
          {analysis.article && (
            <button type="button" class="primary" disabled={saving || saved !== null} onClick={save}>
              {saved ? t('saved') : saving ? t('saving') : analysis.kind === 'other' ? t('saveAnyway') : t('save')}
            </button>
          )}
        </section>
      )}
      {error && (
        <p class="error" role="alert">
          {t('errorPrefix')} {error}
        </p>
      )}
    </main>
  );
}
