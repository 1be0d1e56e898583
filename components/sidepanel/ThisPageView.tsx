/**
 * "This page": what the library holds for the active tab: saved or not, its highlights and
 * notes. Clicking a highlight scrolls the page to it (through the background, which forwards
 * scrollToHighlight to the tab's content script). Highlights that cannot be placed, in the saved
 * copy or on the page, are listed as orphans.
 */

import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { anchorAll } from '@/lib/anchor';
import { uiToBackground } from '@/lib/messaging';
import type { Highlight } from '@/lib/model';
import { lookupKeys } from '@/lib/sites/identity';
import { t } from '../i18n';
import { reads, useLibrary } from '../library';
import { shortDate } from './format';

export interface ThisPageViewProps {
  onOpen: (id: string) => void;
}

interface TabInfo {
  id: number;
  url: string;
}

/** The active tab of this window, kept current as tabs change. */
function useActiveTab(): TabInfo | null | undefined {
  const [tab, setTab] = useState<TabInfo | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      try {
        const [active] = await browser.tabs.query({ active: true, currentWindow: true });
        if (alive) setTab(active?.id !== undefined && active.url ? { id: active.id, url: active.url } : null);
      } catch {
        if (alive) setTab(null);
      }
    };
    void refresh();
    const onActivated = () => void refresh();
    const onUpdated = (_id: number, change: { url?: string; status?: string }) => {
      if (change.url || change.status === 'complete') void refresh();
    };
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.windows?.onFocusChanged?.addListener(onActivated);
    return () => {
      alive = false;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.windows?.onFocusChanged?.removeListener(onActivated);
    };
  }, []);
  return tab;
}

function quoteOf(h: Highlight): string {
  const q = h.target.selector.find((s) => s.type === 'TextQuoteSelector');
  return q?.type === 'TextQuoteSelector' ? q.exact : '';
}

/** Ids of highlights that do not anchor in the saved copy of the page. */
async function orphansInSavedCopy(html: string, highlights: Highlight[]): Promise<Set<string>> {
  // An inert document: parsing runs no scripts and loads nothing.
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const found = await anchorAll(
    doc.body,
    highlights.map((h) => ({ id: h.id, selectors: h.target.selector })),
    { yieldToPage: () => new Promise((r) => setTimeout(r, 0)), now: () => performance.now() },
  );
  return new Set(highlights.filter((h) => !found.get(h.id)).map((h) => h.id));
}

export function ThisPageView({ onOpen }: ThisPageViewProps) {
  const tab = useActiveTab();
  const web = tab && /^https?:/.test(tab.url) ? tab : null;
  // The URL's candidate keys (one, or two for an ambiguous /x/N post URL); `key` names them.
  const keys = web ? lookupKeys(web.url) : null;
  const key = keys ? keys.join(' ') : null;
  const item = useLibrary(async () => (keys ? ((await reads.findSaved(keys)) ?? null) : null), [key]);
  const itemId = item.value?.id;
  const highlights = useLibrary(async () => (itemId ? reads.highlights(itemId) : []), [itemId]);
  const [orphans, setOrphans] = useState<Set<string>>(new Set());
  const [notFound, setNotFound] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setNotFound(new Set());
    setError(null);
  }, [key]);

  useEffect(() => {
    const html = item.value?.html;
    const list = highlights.value;
    if (html === undefined || !list?.length) {
      setOrphans(new Set());
      return;
    }
    let alive = true;
    void orphansInSavedCopy(html, list).then((o) => alive && setOrphans(o));
    return () => {
      alive = false;
    };
  }, [item.value?.html, highlights.value]);

  async function show(h: Highlight) {
    if (!web) return;
    setError(null);
    try {
      const res = await uiToBackground.sendMessage('showHighlight', { tabId: web.id, id: h.id });
      if (!res.ok) {
        setNotFound(new Set([...notFound, h.id]));
        setError(res.error);
      }
    } catch (e) {
      setError(String(e));
    }
  }

  async function save() {
    if (!web) return;
    setSaving(true);
    setError(null);
    try {
      const res = await uiToBackground.sendMessage('saveTab', { tabId: web.id });
      if (!res.ok) setError(res.error);
    } catch (e) {
      setError(String(e));
    } finally {
      setSaving(false);
    }
  }

  if (tab === undefined) return <p class="muted">{t('loading')}</p>;
  if (!web) return <p class="muted">{t('noTab')}</p>;

  const it = item.value;
  const list = highlights.value ?? [];
  const isOrphan = (h: Highlight) => orphans.has(h.id) || notFound.has(h.id);
  const placed = list.filter((h) => !isOrphan(h));
  const lost = list.filter(isOrphan);

  return (
    <section class="this-page" aria-labelledby="this-page-title" data-page-saved={String(Boolean(it))}>
      <h2 id="this-page-title" class="visually-hidden">
        {t('thisPage')}
      </h2>
      {error && (
        <p class="error" role="alert">
          {t('errorPrefix')} {error}
        </p>
      )}
      {it === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : it === null ? (
        <div class="card">
          <p>{t('pageNotSaved')}</p>
          <button type="button" class="primary" onClick={save} disabled={saving}>
            {saving ? t('saving') : t('save')}
          </button>
        </div>
      ) : (
        <div class="card">
          <p class="saved-state">
            <strong>{t('savedOn', shortDate(it.savedAt))}</strong>
          </p>
          <p class="page-title">{it.title}</p>
          {it.tags.length > 0 && <p class="muted">{it.tags.map((x) => `#${x}`).join(' ')}</p>}
          {it.note.trim() && (
            <blockquote class="note" aria-label={t('note')}>
              {it.note}
            </blockquote>
          )}
          <button type="button" onClick={() => onOpen(it.id)}>
            {t('openReader')}
          </button>
        </div>
      )}
      {it && (
        <>
          <h3>{t('highlightsCount', String(list.length))}</h3>
          {list.length === 0 && <p class="muted">{t('noHighlights')}</p>}
          <ul class="highlight-list">
            {placed.map((h) => (
              <li key={h.id} data-highlight-id={h.id}>
                <button type="button" class={`quote swatch-${h.color}`} onClick={() => show(h)}>
                  {quoteOf(h)}
                </button>
                {h.note.trim() && <p class="hl-note-text">{h.note}</p>}
              </li>
            ))}
          </ul>
          {lost.length > 0 && (
            <>
              <h3>{t('orphans')}</h3>
              <p class="muted">{t('orphansHint')}</p>
              <ul class="highlight-list orphans">
                {lost.map((h) => (
                  <li key={h.id} data-highlight-id={h.id} data-orphan="true">
                    <button type="button" class={`quote swatch-${h.color}`} onClick={() => show(h)}>
                      {quoteOf(h)}
                    </button>
                    {h.note.trim() && <p class="hl-note-text">{h.note}</p>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
