/**
 * The versions of a saved post in the reader: "Check again" (fetch it anew from its source), what
 * the check found, the choice of version, and what changed since the version before (paragraphs
 * added, removed and edited, the edit marked inside the paragraph; the title; comments added).
 * Everything shown is text (Preact escapes it); the version's HTML is rendered by the reader view.
 */
import { useState } from 'preact/hooks';
import type { CheckReport } from '@/lib/messaging/protocol';
import type { ItemVersion } from '@/lib/model';
import { errorMessage } from '@/lib/result';
import { diffVersions } from '@/lib/versions/diff';
import { formatDateTime, t } from '../i18n';
import { ask } from '../library';

/** What a check found, in the reader's language. */
export function checkMessage(r: CheckReport): string {
  switch (r.outcome) {
    case 'failed':
      return t('checkFailed', r.error);
    case 'gone':
      return t('checkGone');
    case 'changed':
      return t('checkChanged', String(r.counts.added), String(r.counts.removed), String(r.counts.edited));
    default:
      return r.commentsAdded
        ? t('checkUnchangedComments', String(r.commentsAdded))
        : t('checkUnchanged', formatDateTime(r.checkedAt));
  }
}

/** The "Check again" button of one item and what the check found. */
export function CheckAgain({ itemId }: { itemId: string }) {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; outcome: string } | null>(null);

  async function check() {
    setBusy(true);
    setSaid(null);
    try {
      const [report] = await ask('checkItems', { ids: [itemId] });
      if (report) setSaid({ text: checkMessage(report), outcome: report.outcome });
    } catch (e) {
      setSaid({ text: t('checkFailed', errorMessage(e)), outcome: 'failed' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="check-again">
      <button type="button" onClick={check} disabled={busy} aria-busy={busy}>
        {t('checkAgain')}
      </button>
      <span class="check-result" role="status" aria-live="polite" data-outcome={said?.outcome ?? ''}>
        {busy ? t('checking') : (said?.text ?? '')}
      </span>
    </div>
  );
}

/** The version picker: every version, oldest first, the newest marked. */
export function VersionPicker({
  versions,
  shown,
  onShow,
}: {
  versions: readonly ItemVersion[];
  shown: string;
  onShow: (fetchedAt: string) => void;
}) {
  return (
    <label class="version-picker">
      {t('versionLabel')}{' '}
      <select value={shown} onChange={(e) => onShow((e.currentTarget as HTMLSelectElement).value)}>
        {versions.map((v, i) => (
          <option key={v.fetchedAt} value={v.fetchedAt}>
            {t('versionOption', String(i + 1), formatDateTime(v.fetchedAt)) +
              (i === versions.length - 1 ? ` (${t('versionLatest')})` : '')}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What changed from `before` to `after`. */
export function Changes({ before, after }: { before: ItemVersion; after: ItemVersion }) {
  const diff = diffVersions(before, after);
  return (
    <section class="reader-changes" aria-labelledby="reader-changes-title">
      <h3 id="reader-changes-title">{t('whatChanged')}</h3>
      {diff.title && <p class="changed-title">{t('titleChangedFrom', diff.title.before)}</p>}
      {diff.counts.added + diff.counts.removed + diff.counts.edited === 0 && <p class="muted">{t('noTextChange')}</p>}
      <ol class="diff">
        {diff.paragraphs.map((p, i) =>
          p.op === 'same' ? null : (
            <li key={i} data-op={p.op}>
              <span class="diff-op">
                {t(p.op === 'added' ? 'diffAdded' : p.op === 'removed' ? 'diffRemoved' : 'diffEdited')}
              </span>{' '}
              {p.op === 'edited' ? (
                p.parts.map((part, j) =>
                  part.op === 'added' ? (
                    <ins key={j}>{part.text}</ins>
                  ) : part.op === 'removed' ? (
                    <del key={j}>{part.text}</del>
                  ) : (
                    <span key={j}>{part.text}</span>
                  ),
                )
              ) : p.op === 'added' ? (
                <ins>{p.text}</ins>
              ) : (
                <del>{p.text}</del>
              )}
            </li>
          ),
        )}
      </ol>
      {diff.commentsAdded.length > 0 && (
        <p class="comments-added">{t('commentsAddedSince', String(diff.commentsAdded.length))}</p>
      )}
    </section>
  );
}
