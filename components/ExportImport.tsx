/**
 * Export and import of the library: the whole library, a filtered list or one item, as JSON,
 * Markdown, Web Annotation JSON-LD or CSV of board posts; import of a JSON export with a report of
 * what was added, updated, skipped and rejected; persistent storage and the automatic backup.
 */

import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ExportFormat, ImportReport } from '@/lib/db/reads';
import { BACKUP_INTERVALS, type BackupSettings, DEFAULT_BACKUP } from '@/lib/export/backup';
import { checkImportSize, ImportError } from '@/lib/export/parse';
import { backupSettings } from '@/lib/settings';
import { MutedSettings } from './AuthorNotes';
import { downloadFile } from './download';
import ImageSettings from './ImageSettings';
import { type MessageKey, t, uiLang } from './i18n';
import { ask, onImportProgress, reads } from './library';
import MarksSettings from './MarksSettings';

export interface ExportImportProps {
  /** Ids of the items the library view currently shows (its filter); offers "filtered" when set. */
  filteredIds?: string[];
  /** One item (e.g. the one open in the side panel); offers "this item" when set. */
  itemId?: string;
}

type Scope = 'all' | 'filtered' | 'item';

const FORMATS: Array<{ value: ExportFormat; label: MessageKey }> = [
  { value: 'json', label: 'exportFormatJson' },
  { value: 'markdown', label: 'exportFormatMarkdown' },
  { value: 'jsonld', label: 'exportFormatJsonld' },
  { value: 'csv', label: 'exportFormatCsv' },
];

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(uiLang() === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** The translated sentence for a fatal import error, with the English detail after it. */
function importErrorText(e: unknown): string {
  if (e instanceof ImportError) {
    const sentence = t(`importError_${e.code}`);
    return sentence.startsWith('importError_') ? e.message : `${sentence} (${e.message})`;
  }
  return e instanceof Error ? e.message : String(e);
}

export default function ExportImport({ filteredIds, itemId }: ExportImportProps) {
  const [scope, setScope] = useState<Scope>(itemId ? 'item' : filteredIds ? 'filtered' : 'all');
  const [format, setFormat] = useState<ExportFormat>('json');
  // Off by default: a JSON export is also the library's backup and diffs item by item; images as
  // base64 would make it many times larger. The Markdown zip always holds them.
  const [includeImages, setIncludeImages] = useState(false);
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [progress, setProgress] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [backup, setBackup] = useState<BackupSettings>(DEFAULT_BACKUP);

  // A scope whose prop went away falls back to the whole library.
  const effectiveScope: Scope =
    scope === 'item' && !itemId ? 'all' : scope === 'filtered' && !filteredIds ? 'all' : scope;

  useEffect(() => {
    void navigator.storage?.persisted?.().then(setPersisted, () => setPersisted(null));
    void backupSettings.get().then(setBackup);
    return backupSettings.watch(setBackup);
  }, []);

  async function runExport() {
    setBusy('export');
    setError(null);
    setStatus(null);
    setProgress(0);
    try {
      const ids = effectiveScope === 'item' ? [itemId!] : effectiveScope === 'filtered' ? filteredIds : undefined;
      const file = await reads.exportFile(format, {
        now: new Date(),
        appVersion: browser.runtime.getManifest().version,
        ids,
        includeImages: format === 'json' && includeImages,
        labels: {
          note: t('mdNote'),
          highlights: t('mdHighlights'),
          source: t('mdSource'),
          comments: t('mdComments'),
          byPoster: t('mdByPoster'),
          images: t('mdImages'),
        },
        onProgress: (done) => setProgress(done),
      });
      const name = await downloadFile(file.parts, file.name, file.type);
      setStatus(t('exportDone', name, String(file.count)));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  async function runImport(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy('import');
    setError(null);
    setStatus(null);
    setReport(null);
    setProgress(0);
    // The background's library service imports: it reads the file from this page's blob URL.
    let url: string | null = null;
    try {
      checkImportSize(file.size);
      url = URL.createObjectURL(file);
      onImportProgress((done, total) => setProgress(Math.round((done / total) * 100)));
      const outcome = await ask('importFile', { url });
      if ('refused' in outcome) throw new ImportError(outcome.refused.code, outcome.refused.message);
      setReport(outcome.report);
    } catch (e) {
      setError(`${t('importFailed')} ${importErrorText(e)}`);
    } finally {
      if (url) URL.revokeObjectURL(url);
      onImportProgress(null);
      setBusy(null);
    }
  }

  async function askPersist() {
    try {
      setPersisted(await navigator.storage.persist());
    } catch {
      setPersisted(false);
    }
  }

  async function saveBackup(patch: Partial<BackupSettings>) {
    const next = { ...backup, ...patch };
    setBackup(next);
    await backupSettings.set(next);
  }

  return (
    // No heading of its own: the side panel shows it under a "Export and import" disclosure.
    <section class="export-import-panel" aria-label={t('exportImportTitle')}>
      <fieldset disabled={busy !== null}>
        <legend>{t('exportTitle')}</legend>
        <label>
          {t('exportScope')}{' '}
          <select value={effectiveScope} onChange={(e) => setScope(e.currentTarget.value as Scope)}>
            <option value="all">{t('exportScopeAll')}</option>
            {filteredIds && <option value="filtered">{t('exportScopeFiltered', String(filteredIds.length))}</option>}
            {itemId && <option value="item">{t('exportScopeItem')}</option>}
          </select>
        </label>{' '}
        <label>
          {t('exportFormat')}{' '}
          <select value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </label>{' '}
        {format === 'json' && (
          <>
            <label>
              <input
                type="checkbox"
                checked={includeImages}
                onChange={(e) => setIncludeImages(e.currentTarget.checked)}
              />{' '}
              {t('exportIncludeImages')}
            </label>{' '}
          </>
        )}
        <button type="button" class="primary" onClick={runExport}>
          {busy === 'export' ? t('exporting') : t('exportAction')}
        </button>
      </fieldset>

      <fieldset disabled={busy !== null}>
        <legend>{t('importTitle')}</legend>
        <label>
          {t('importChoose')}{' '}
          <input type="file" accept=".json,application/json" onChange={(e) => runImport(e.currentTarget)} />
        </label>
        <p class="muted">{t('importHint')}</p>
      </fieldset>

      {busy && (
        <p>
          <progress max={100} value={progress} aria-label={busy === 'export' ? t('exporting') : t('importing')} />{' '}
          {busy === 'import' ? t('importing') : t('exporting')}
        </p>
      )}
      <div aria-live="polite">
        {status && <p class="status">{status}</p>}
        {error && (
          <p class="error" role="alert">
            {t('errorPrefix')} {error}
          </p>
        )}
        {report && <ImportReportView report={report} />}
      </div>

      <fieldset>
        <legend>{t('safetyTitle')}</legend>
        <p>
          {persisted ? t('persistOn') : t('persistOff')}{' '}
          {!persisted && (
            <button type="button" onClick={askPersist}>
              {t('persistAsk')}
            </button>
          )}
        </p>
        <label>
          <input
            type="checkbox"
            checked={backup.enabled}
            onChange={(e) => void saveBackup({ enabled: e.currentTarget.checked })}
          />{' '}
          {t('backupEnable')}
        </label>{' '}
        <label>
          {t('backupEvery')}{' '}
          <select
            value={String(backup.everyDays)}
            disabled={!backup.enabled}
            onChange={(e) =>
              void saveBackup({ everyDays: Number(e.currentTarget.value) as BackupSettings['everyDays'] })
            }
          >
            {BACKUP_INTERVALS.map((days) => (
              <option key={days} value={String(days)}>
                {t(`backupEvery${days}`)}
              </option>
            ))}
          </select>
        </label>
        <p class="muted">
          {backup.lastAt ? t('backupLast', formatTime(backup.lastAt)) : t('backupNever')} {t('backupWhere')}
        </p>
        {backup.lastError && (
          <p class="error">
            {t('backupFailed')} {backup.lastError}
          </p>
        )}
      </fieldset>
      <MarksSettings />
      <MutedSettings />
      <ImageSettings />
    </section>
  );
}

/** Rejections listed on screen; a hostile file could have millions. */
const SHOWN = 500;

/**
 * Counts, then the rejected items, reading history entries, notes on authors and muted words
 * with their reasons (the first SHOWN); an entry is named by its array, its place there and its key.
 */
function ImportReportView({ report }: { report: ImportReport }) {
  const { items, highlights, history, rules, rejected, rejectedHistory } = report;
  const historyCounts = [
    history.added,
    history.updated,
    history.skipped,
    rejectedHistory.filter((r) => r.list === 'readingHistory').length,
  ].map(String);
  const lines = [
    ...rejected.map((r) => ({
      key: `item-${r.index}`,
      text: `#${r.index + 1}${r.id ? ` (${r.id})` : ''}${r.title ? ` ${r.title}` : ''}: ${r.reason}`,
    })),
    ...rejectedHistory.map((r) => ({
      key: `${r.list}-${r.index}`,
      text: `${r.list} #${r.index + 1}${r.key ? ` (${r.key})` : ''}: ${r.reason}`,
    })),
  ];
  return (
    <div class="import-report" data-testid="import-report">
      <p>
        {t('importDone')}{' '}
        {t('importItems', String(items.added), String(items.updated), String(items.skipped), String(rejected.length))}{' '}
        {t('importHighlights', String(highlights.added), String(highlights.updated), String(highlights.skipped))}{' '}
        {t('importHistory', ...historyCounts)}{' '}
        {rules.added + rules.updated + rules.skipped > 0 &&
          t('importRules', String(rules.added), String(rules.updated), String(rules.skipped))}
      </p>
      {lines.length > 0 && (
        <details open={lines.length <= 10}>
          <summary>{t('importRejected', String(lines.length))}</summary>
          <ul>
            {lines.slice(0, SHOWN).map((line) => (
              <li key={line.key}>{line.text}</li>
            ))}
            {lines.length > SHOWN && <li>{t('importMore', String(lines.length - SHOWN))}</li>}
          </ul>
        </details>
      )}
    </div>
  );
}
