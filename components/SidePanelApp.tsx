/** The side panel: the library, live, and Export JSON. */
import { useState } from 'preact/hooks';
import { getDb } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { exportFileName } from '@/lib/export/json';
import { downloadFile } from './download';
import { t } from './i18n';
import { useLiveQuery } from './useLiveQuery';

export default function SidePanelApp() {
  const db = getDb();
  const { value: items, error } = useLiveQuery(() => db.items.orderBy('savedAt').reverse().toArray(), []);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportJson() {
    setExporting(true);
    setExportError(null);
    try {
      const now = new Date();
      const chunks = await exportLibrary(db, now, browser.runtime.getManifest().version);
      await downloadFile(chunks, exportFileName(now), 'application/json');
    } catch (e) {
      setExportError(String(e));
    } finally {
      setExporting(false);
    }
  }

  return (
    <main class="sidepanel">
      <header class="toolbar">
        <h1>{t('library')}</h1>
        <button type="button" onClick={exportJson} disabled={exporting}>
          {exporting ? t('exporting') : t('exportJson')}
        </button>
      </header>
      {(error || exportError) && (
        <p class="error" role="alert">
          {t('errorPrefix')} {error ?? exportError}
        </p>
      )}
      {items && <p class="muted">{t('itemCount', String(items.length))}</p>}
      {items?.length === 0 && <p class="muted">{t('emptyLibrary')}</p>}
      <ul class="items">
        {items?.map((item) => (
          <li key={item.id} data-item-id={item.id} data-item-url={item.url}>
            <a href={item.url} target="_blank" rel="noopener noreferrer">
              {item.title}
            </a>
            <span class="muted"> · {item.site.name ?? item.site.host}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
