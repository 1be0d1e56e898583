/**
 * Sync across devices (docs/sync.md): the settings page's messages, the automatic interval on
 * `alarms`, and one round at a time (lib/pouch/engine.ts). Nothing is sent anywhere until the
 * reader has set up a server; "Stop syncing" forgets the server, the credentials and the local
 * sync copy, and keeps the library.
 */
import { browser } from 'wxt/browser';
import { handleUi } from '@/lib/messaging/handle';
import type { SyncStatusView } from '@/lib/messaging/protocol';
import { openRemote } from '@/lib/pouch';
import { openLocal } from '@/lib/pouch/browser';
import { describeFailure, forgetLocal, type RoundReport, syncRound } from '@/lib/pouch/engine';
import { err, ok } from '@/lib/result';
import { type SyncConfig, type SyncStatus, syncSettings, syncStatus } from '@/lib/settings';
import { checkAddress } from '@/lib/sync/address';
import type { BackgroundContext } from './context';

export const SYNC_ALARM = 'scrapnote-sync';

/** The round running now, if any: a second request waits for it instead of starting another. */
let running: Promise<SyncStatus> | null = null;

async function schedule(config: SyncConfig | null): Promise<void> {
  await browser.alarms.clear(SYNC_ALARM);
  if (!config?.interval) return;
  browser.alarms.create(SYNC_ALARM, { delayInMinutes: config.interval, periodInMinutes: config.interval });
}

function summary(r: RoundReport): string {
  return `sent ${r.sent}, received ${r.received}, applied ${r.applied}${r.merged ? `, merged ${r.merged}` : ''}`;
}

async function round(ctx: BackgroundContext): Promise<SyncStatus> {
  const config = await syncSettings.get();
  if (!config) return { state: 'idle', at: null, message: null };
  await syncStatus.set({ ...(await syncStatus.get()), state: 'syncing' });
  const local = openLocal();
  let status: SyncStatus;
  try {
    const report = await syncRound({
      db: ctx.db,
      library: ctx.library,
      local,
      remote: openRemote({ url: config.url, username: config.username, password: config.password }),
    });
    status = { state: 'ok', at: new Date().toISOString(), message: summary(report) };
  } catch (e) {
    // The message never holds the credentials: they are only in the request's header.
    status = { state: 'error', at: new Date().toISOString(), message: describeFailure(e).message };
  } finally {
    await local.close().catch(() => undefined);
  }
  // A "Stop syncing" during the round wins: its idle status stays.
  if (await syncSettings.get()) await syncStatus.set(status);
  return status;
}

/** Run a round, or join the one running. */
export function syncNow(ctx: BackgroundContext): Promise<SyncStatus> {
  running ??= round(ctx).finally(() => {
    running = null;
  });
  return running;
}

export function registerSync(ctx: BackgroundContext): void {
  handleUi(ctx.self, 'syncSetup', async ({ url, username, password, interval }) => {
    const address = checkAddress(url);
    if (!address.ok) return address;
    const before = await syncSettings.get();
    const config: SyncConfig = {
      url: address.value,
      username: username.trim(),
      password: password ?? before?.password ?? '',
      interval,
    };
    await syncSettings.set(config);
    await schedule(config);
    return ok(true as const);
  });
  handleUi(ctx.self, 'syncNow', async () => {
    if (!(await syncSettings.get())) return err('Sync is not set up: enter the database address first.');
    const s: SyncStatusView = await syncNow(ctx);
    return ok(s);
  });
  handleUi(ctx.self, 'syncStop', async () => {
    await syncSettings.remove();
    await browser.alarms.clear(SYNC_ALARM);
    await running?.catch(() => undefined);
    // The local sync copy goes too (a new setup starts from the library as it is then).
    const local = openLocal();
    await forgetLocal(local).catch(() => local.close());
    await syncStatus.set({ state: 'idle', at: null, message: null });
    return ok(true as const);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void syncNow(ctx);
  });
  // A worker stopped in the middle of a round left "syncing": the next round picks up from its
  // checkpoints; say so rather than spin.
  void syncStatus
    .get()
    .then((s) =>
      s.state === 'syncing'
        ? syncStatus.set({
            ...s,
            state: 'error',
            message: 'The last sync was interrupted; it resumes on the next one.',
          })
        : undefined,
    )
    .catch(() => undefined);
}
