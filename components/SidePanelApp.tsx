/**
 * The side panel (Chrome side panel, Firefox sidebar, or a tab): "This page" and "Library" views,
 * a reader view of one saved item, Export JSON and the export/import options.
 */

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { exportFileName } from '@/lib/export/json';
import { downloadFile } from './download';
import ExportImport from './ExportImport';
import { t } from './i18n';
import { reads } from './library';
import { LibraryView } from './sidepanel/LibraryView';
import { ListReader, useListReading } from './sidepanel/ListReader';
import { listSession } from './sidepanel/listSession';
import { ReaderView } from './sidepanel/ReaderView';
import { ThisPageView } from './sidepanel/ThisPageView';

type View = 'page' | 'library';

export interface SidePanelAppProps {
  /** The view to start with (the side panel page accepts ?view=page). */
  initialView?: View;
  /** An item to open in the reader at start (?item=). */
  initialItem?: string | null;
}

export default function SidePanelApp({ initialView = 'library', initialItem = null }: SidePanelAppProps) {
  const [view, setView] = useState<View>(initialView);
  const [reading, setReading] = useState<string | null>(initialItem);
  /** The search a reader was opened from (it scrolls to the first match). */
  const [readingFind, setReadingFind] = useState('');
  const [listed, setListed] = useState<string[]>([]);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const tabs = useRef<Record<View, HTMLButtonElement | null>>({ page: null, library: null });
  const onListed = useCallback((ids: string[]) => setListed(ids), []);
  /** A board list handed over by the popup, read post by post (components/sidepanel/ListReader.tsx). */
  const listReading = useListReading();

  // Escape leaves the reader.
  useEffect(() => {
    if (!reading) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target as HTMLElement).matches('input, textarea, select')) setReading(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [reading]);

  async function exportJson() {
    setExporting(true);
    setExportError(null);
    try {
      const now = new Date();
      const chunks = await reads.exportLibrary(now, browser.runtime.getManifest().version);
      await downloadFile(chunks, exportFileName(now), 'application/json');
    } catch (e) {
      setExportError(String(e));
    } finally {
      setExporting(false);
    }
  }

  function onTabKey(e: KeyboardEvent) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next: View = e.key === 'Home' ? 'page' : e.key === 'End' ? 'library' : view === 'page' ? 'library' : 'page';
    setView(next);
    tabs.current[next]?.focus();
  }

  const tab = (id: View, label: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      ref={(el) => {
        tabs.current[id] = el;
      }}
      aria-selected={view === id && !reading}
      aria-controls="panel-view"
      tabIndex={view === id ? 0 : -1}
      onClick={() => {
        setView(id);
        setReading(null);
      }}
    >
      {label}
    </button>
  );

  return (
    <main class="sidepanel">
      <header class="toolbar">
        <h1>{t('extName')}</h1>
        <button type="button" onClick={exportJson} disabled={exporting}>
          {exporting ? t('exporting') : t('exportJson')}
        </button>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('settings')}
        </button>
      </header>
      {exportError && (
        <p class="error" role="alert">
          {t('errorPrefix')} {exportError}
        </p>
      )}
      <div class="tabs" role="tablist" aria-label={t('views')} onKeyDown={onTabKey}>
        {tab('page', t('thisPage'))}
        {tab('library', t('library'))}
      </div>
      <div id="panel-view" role="tabpanel" aria-labelledby={`tab-${view}`} class="view">
        {listReading ? (
          <ListReader key={listReading.at} reading={listReading} onClose={() => void listSession.clear()} />
        ) : reading ? (
          <ReaderView itemId={reading} find={readingFind} onBack={() => setReading(null)} />
        ) : view === 'page' ? (
          <ThisPageView
            onOpen={(id) => {
              setReadingFind('');
              setReading(id);
            }}
          />
        ) : (
          <LibraryView
            onOpen={(id, find) => {
              setReadingFind(find ?? '');
              setReading(id);
            }}
            onListed={onListed}
          />
        )}
      </div>
      {!listReading && !reading && view === 'library' && (
        <details class="export-import">
          <summary>{t('exportImportTitle')}</summary>
          <ExportImport filteredIds={listed} />
        </details>
      )}
      {!listReading && reading && (
        <details class="export-import">
          <summary>{t('exportImportTitle')}</summary>
          <ExportImport itemId={reading} />
        </details>
      )}
    </main>
  );
}
