/**
 * Board-list marks: where they show (sites the reader uses, every recognized board, nowhere), and
 * the reading history they read, which can be cleared. In the side panel's settings; the popup's
 * board panel has the per-site switch (MarksSiteSwitch).
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '@/lib/result';
import { MARK_MODES, type MarkMode, type MarkSettings, markSettings } from '@/lib/settings';
import { type MessageKey, t } from './i18n';
import { ask } from './library';

const MODE_LABEL: Record<MarkMode, MessageKey> = { used: 'marksUsed', all: 'marksAll', off: 'marksOff' };

function useMarkSettings(): MarkSettings | null {
  const [s, set] = useState<MarkSettings | null>(null);
  useEffect(() => {
    void markSettings.get().then(set);
    return markSettings.watch(set);
  }, []);
  return s;
}

export default function MarksSettings() {
  const s = useMarkSettings();
  const [status, setStatus] = useState<string | null>(null);
  async function clear() {
    setStatus(null);
    try {
      setStatus(t('historyCleared', String(await ask('clearReadingHistory', { confirm: true }))));
    } catch (e) {
      setStatus(errorMessage(e));
    }
  }
  return (
    <fieldset>
      <legend>{t('marksSetting')}</legend>
      <label>
        {t('marksSetting')}{' '}
        <select
          value={s?.mode ?? 'used'}
          onChange={(e) => {
            const mode = e.currentTarget.value as MarkMode;
            void markSettings.update((x) => ({ ...x, mode }));
          }}
        >
          {MARK_MODES.map((m) => (
            <option key={m} value={m}>
              {t(MODE_LABEL[m])}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" onClick={clear}>
        {t('clearHistory')}
      </button>
      <p class="muted">{t('marksHelp')}</p>
      {status && <p role="status">{status}</p>}
    </fieldset>
  );
}

/**
 * The popup's switches for board marks: marks on this site (opening a board list there makes it a
 * site "in use"), and whether the later rows of a story a list tells more than once are collapsed
 * under the first (for every list).
 */
export function MarksSiteSwitch({ host }: { host: string }) {
  const s = useMarkSettings();
  useEffect(() => {
    void markSettings.update((x) => (x.used.includes(host) ? x : { ...x, used: [...x.used, host] }));
  }, [host]);
  if (!s || s.mode === 'off') return null;
  return (
    <>
      <label class="marks-switch">
        <input
          type="checkbox"
          checked={!s.off.includes(host)}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            void markSettings.update((x) => ({
              ...x,
              off: on ? x.off.filter((h) => h !== host) : [...new Set([...x.off, host])],
            }));
          }}
        />{' '}
        {t('marksThisSite')}
      </label>{' '}
      <label class="marks-switch">
        <input
          type="checkbox"
          checked={s.collapse}
          onChange={(e) => {
            const collapse = e.currentTarget.checked;
            void markSettings.update((x) => ({ ...x, collapse }));
          }}
        />{' '}
        {t('marksCollapse')}
      </label>
    </>
  );
}
