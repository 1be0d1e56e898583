/**
 * Settings → Sync: the reader's CouchDB database (address, user name, password), "Sync now", the
 * automatic interval, the last sync's time and result, and "Stop syncing" (the library stays).
 * The background keeps the credentials and runs the rounds (entrypoints/background/sync.ts); this
 * page never reads the password back. `data-sync-status` says idle, syncing, ok or error.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorMessage } from '@/lib/result';
import { SYNC_INTERVALS, type SyncInterval, type SyncStatus, syncSettings, syncStatus } from '@/lib/settings';
import { formatDateTime, type MessageKey, t } from './i18n';
import { ask } from './library';

const STATE_LABEL: Record<SyncStatus['state'], MessageKey> = {
  idle: 'syncStateIdle',
  syncing: 'syncStateSyncing',
  ok: 'syncStateOk',
  error: 'syncStateError',
};

/** What Firefox asks the reader before sync sends anything (manifest data_collection_permissions). */
const DATA_COLLECTION = ['websiteContent', 'browsingActivity', 'authenticationInfo'];

type Permissions = { request(p: object): Promise<boolean>; remove(p: object): Promise<boolean> };

/** Firefox: ask for the data sync sends, from the reader's click. Other browsers: nothing to ask. */
async function allowSending(): Promise<boolean> {
  if (!import.meta.env.FIREFOX) return true;
  try {
    return await (browser.permissions as unknown as Permissions).request({ data_collection: DATA_COLLECTION });
  } catch {
    // A Firefox without data collection permissions has nothing to ask.
    return true;
  }
}

export default function SyncSettings() {
  const id = useId();
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [hasPassword, setHasPassword] = useState(false);
  const [interval, setInterval] = useState<SyncInterval>(0);
  const [configured, setConfigured] = useState(false);
  const [status, setStatus] = useState<SyncStatus>({ state: 'idle', at: null, message: null });
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const load = async () => {
      const c = await syncSettings.publicView();
      setConfigured(!!c);
      setUrl(c?.url ?? '');
      setUsername(c?.username ?? '');
      setHasPassword(!!c?.hasPassword);
      setInterval(c?.interval ?? 0);
    };
    void load();
    void syncStatus.get().then(setStatus);
    return syncStatus.watch(setStatus);
  }, []);

  async function save(): Promise<boolean> {
    setNotice(null);
    if (!(await allowSending())) return false;
    try {
      await ask('syncSetup', { url, username, password: password || (hasPassword ? null : ''), interval });
      setConfigured(true);
      if (password) setHasPassword(true);
      setPassword('');
      return true;
    } catch (e) {
      setNotice(errorMessage(e));
      return false;
    }
  }

  async function syncNow() {
    setBusy(true);
    try {
      if (!(await save())) return;
      setStatus({ ...status, state: 'syncing' });
      setStatus(await ask('syncNow', { confirm: true }));
    } catch (e) {
      setNotice(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function stop() {
    if (!confirm(t('syncStopConfirm'))) return;
    setNotice(null);
    try {
      await ask('syncStop', { confirm: true });
      if (import.meta.env.FIREFOX) {
        await (browser.permissions as unknown as Permissions)
          .remove({ data_collection: DATA_COLLECTION })
          .catch(() => false);
      }
      setConfigured(false);
      setUrl('');
      setUsername('');
      setPassword('');
      setHasPassword(false);
      setInterval(0);
    } catch (e) {
      setNotice(errorMessage(e));
    }
  }

  return (
    <form
      class="sync-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save().then((done) => done && setNotice(t('syncSaved')));
      }}
    >
      <h2>{t('syncTitle')}</h2>
      <p class="muted">{t('syncIntro')}</p>
      <label for={`${id}-url`}>{t('syncAddress')}</label>
      <input
        id={`${id}-url`}
        type="url"
        required
        autocomplete="url"
        spellcheck={false}
        placeholder="https://couch.example.kr:6984/scrapnote"
        aria-describedby={`${id}-url-help`}
        value={url}
        onInput={(e) => setUrl(e.currentTarget.value)}
      />
      <p id={`${id}-url-help`} class="muted">
        {t('syncAddressHelp')}
      </p>
      <label for={`${id}-user`}>{t('syncUser')}</label>
      <input
        id={`${id}-user`}
        type="text"
        autocomplete="username"
        value={username}
        onInput={(e) => setUsername(e.currentTarget.value)}
      />
      <label for={`${id}-password`}>{t('syncPassword')}</label>
      <input
        id={`${id}-password`}
        type="password"
        autocomplete="current-password"
        placeholder={hasPassword ? t('syncPasswordKept') : ''}
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <label for={`${id}-interval`}>{t('syncInterval')}</label>
      <select
        id={`${id}-interval`}
        value={String(interval)}
        onChange={(e) => setInterval(Number(e.currentTarget.value) as SyncInterval)}
      >
        {SYNC_INTERVALS.map((m) => (
          <option key={m} value={String(m)}>
            {m ? t('syncEvery', String(m)) : t('syncIntervalOff')}
          </option>
        ))}
      </select>
      <div class="sync-actions">
        <button type="submit">{t('syncSave')}</button>
        <button type="button" class="primary" disabled={busy || !url} onClick={syncNow}>
          {t('syncNow')}
        </button>
        <button type="button" disabled={!configured} onClick={stop}>
          {t('syncStop')}
        </button>
      </div>
      <p
        class="sync-status"
        data-sync-status={status.state}
        data-sync-at={status.at ?? ''}
        role="status"
        aria-live="polite"
      >
        <strong>{t(STATE_LABEL[status.state])}</strong>
        {' · '}
        {t('syncLast')}: {status.at ? formatDateTime(status.at) : t('syncNever')}
        {status.message && (
          <>
            <br />
            <span class={status.state === 'error' ? 'error' : 'muted'}>{status.message}</span>
          </>
        )}
      </p>
      {notice && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
    </form>
  );
}
