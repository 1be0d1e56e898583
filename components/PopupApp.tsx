/**
 * The toolbar popup: what this page is, and keeping it in one or two gestures. Article pages get
 * Save, tags and a note; board lists get their posts to pick and save; a page that is both gets
 * both; any other page still gets Save anyway. Never blank: loading and errors say so.
 */

import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { uiToBackground } from '@/lib/messaging';
import type { ArticleData, PageAnalysis, PageKind } from '@/lib/model';
import { type MessageKey, t } from './i18n';
import ArticleCard from './popup/ArticleCard';
import BoardPanel from './popup/BoardPanel';
import { openSidePanel } from './popup/openSidePanel';

export interface PopupAppProps {
  /** The tab the popup acts on (the active tab, or ?tab= when the popup page is opened in a tab). */
  tabId: number | null;
}

/** The host access the manifest asks for. */
const HOSTS = ['http://*/*', 'https://*/*'];

const KIND_LABEL: Record<PageKind, MessageKey> = {
  article: 'kindArticle',
  board: 'kindBoard',
  'article+board': 'kindArticleBoard',
  other: 'kindOther',
};

/** For a page with nothing recognized: keep its text anyway. */
function SaveAnyway({
  tabId,
  onSaved,
  onError,
}: {
  tabId: number;
  onSaved(article: ArticleData): void;
  onError(e: string | null): void;
}) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    onError(null);
    try {
      const res = await uiToBackground.sendMessage('saveTab', { tabId, force: true });
      if (!res.ok) onError(res.error);
      else
        onSaved({
          title: res.value.title,
          byline: res.value.byline,
          authors: res.value.authors,
          poster: res.value.poster,
          siteName: res.value.site.name,
          publishedAt: res.value.publishedAt,
          publishedText: res.value.publishedText,
          modifiedAt: null,
          lang: res.value.lang,
          excerpt: res.value.excerpt,
          text: res.value.text,
          html: res.value.html,
          postId: res.value.board?.postId ?? null,
        });
    } catch (e) {
      onError(String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="actions">
      <button type="button" class="primary" disabled={busy} onClick={run}>
        {busy ? t('saving') : t('saveAnyway')}
      </button>
    </div>
  );
}

export default function PopupApp({ tabId }: PopupAppProps) {
  const [analysis, setAnalysis] = useState<PageAnalysis | null>(null);
  const [error, setError] = useState<string | null>(tabId === null ? t('noTab') : null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [needsAccess, setNeedsAccess] = useState(false);

  useEffect(() => {
    if (tabId === null) return;
    uiToBackground
      .sendMessage('analyzeTab', { tabId })
      .then(async (res) => {
        if (res.ok) return setAnalysis(res.value);
        setError(res.error);
        // Firefox leaves MV3 host access to the user: offer to grant it.
        const granted = await browser.permissions.contains({ origins: HOSTS }).catch(() => true);
        setNeedsAccess(!granted);
      })
      .catch((e: unknown) => setError(String(e)));
  }, [tabId]);

  const kind = analysis?.kind ?? (error ? 'other' : 'loading');
  return (
    <main class="popup" data-page-kind={kind} aria-busy={!analysis && !error}>
      <header class="popup-head">
        <span class="kind">{analysis ? t(KIND_LABEL[analysis.kind]) : error ? t('kindOther') : t('analyzing')}</span>
        {analysis && <span class="site muted">{analysis.site.name ?? analysis.site.host}</span>}
        <button type="button" class="link" onClick={() => void openSidePanel()}>
          {t('openSidePanel')}
        </button>
        <button
          type="button"
          class="link"
          onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}
        >
          {t('settings')}
        </button>
      </header>
      {!analysis && !error && (
        <p class="muted" role="status">
          {t('analyzing')}
        </p>
      )}
      {analysis && tabId !== null && (
        <>
          {analysis.kind === 'other' && <p class="muted">{t('otherExplain')}</p>}
          {!analysis.article && !analysis.board?.rows.length && (
            <SaveAnyway
              tabId={tabId}
              onSaved={(a) => setAnalysis({ ...analysis, article: a })}
              onError={setActionError}
            />
          )}
          {analysis.article && <ArticleCard analysis={analysis} tabId={tabId} onError={setActionError} />}
          {analysis.board && analysis.board.rows.length > 0 && <BoardPanel board={analysis.board} tabId={tabId} />}
        </>
      )}
      {needsAccess && (
        <div class="actions">
          <p>{t('needsAccess')}</p>
          <button
            type="button"
            class="primary"
            onClick={async () => {
              if (await browser.permissions.request({ origins: HOSTS }).catch(() => false)) location.reload();
            }}
          >
            {t('grantAccess')}
          </button>
        </div>
      )}
      {(error || actionError) && (
        <p class="error" role="alert">
          {t('errorPrefix')} {error ?? actionError}
        </p>
      )}
    </main>
  );
}
