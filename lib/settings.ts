/**
 * Platform adapter: the extension's settings in browser.storage.local, as WXT storage items
 * (typed, watched across the background and every page). Each item validates what it reads, so a
 * damaged value reads as the default instead of breaking the page.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { BACKUP_KEY, type BackupSettings, readBackupSettings } from './export/backup';

const backupItem = storage.defineItem<unknown>(`local:${BACKUP_KEY}`);

/** The automatic backup's settings (lib/export/backup.ts). */
export const backupSettings = {
  get: async (): Promise<BackupSettings> => readBackupSettings(await backupItem.getValue()),
  set: (value: BackupSettings): Promise<void> => backupItem.setValue(value),
  /** Change some fields of the stored settings. */
  update: async (patch: Partial<BackupSettings>): Promise<void> =>
    backupItem.setValue({ ...readBackupSettings(await backupItem.getValue()), ...patch }),
  /** Hear every change (from any context); returns the unwatch function. */
  watch: (listener: (next: BackupSettings, before: BackupSettings) => void): (() => void) =>
    backupItem.watch((next, before) => listener(readBackupSettings(next), readBackupSettings(before))),
};

/** When marks show on board lists: on sites the reader uses, on every recognized board, or never. */
export const MARK_MODES = ['used', 'all', 'off'] as const;
export type MarkMode = (typeof MARK_MODES)[number];

export interface MarkSettings {
  mode: MarkMode;
  /** Hosts where the reader turned marks off. */
  off: string[];
  /** Hosts whose board list the reader opened in the popup (sites "used", besides saved-from). */
  used: string[];
  /**
   * Hide the later rows of a story a list tells more than once (under its first row). Off until
   * the reader ticks it: hiding rows after the list has loaded moves the rows below them.
   */
  collapse: boolean;
}

const DEFAULT_MARKS: MarkSettings = { mode: 'used', off: [], used: [], collapse: false };
const hosts = v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(10_000));
const markSchema = v.object({
  mode: v.picklist(MARK_MODES),
  off: hosts,
  used: hosts,
  collapse: v.optional(v.boolean(), DEFAULT_MARKS.collapse),
});
const marksItem = storage.defineItem<unknown>('local:scrapnote.marks');
const readMarks = (stored: unknown): MarkSettings => {
  const parsed = v.safeParse(markSchema, stored);
  return parsed.success ? parsed.output : { ...DEFAULT_MARKS, off: [], used: [] };
};

/** The board marks' settings. */
export const markSettings = {
  get: async (): Promise<MarkSettings> => readMarks(await marksItem.getValue()),
  update: async (change: (s: MarkSettings) => MarkSettings): Promise<void> =>
    marksItem.setValue(change(readMarks(await marksItem.getValue()))),
  watch: (listener: (next: MarkSettings) => void): (() => void) => marksItem.watch((next) => listener(readMarks(next))),
};

/** How often sync runs by itself, in minutes (0: only when the reader asks). */
export const SYNC_INTERVALS = [0, 5, 15, 60] as const;
export type SyncInterval = (typeof SYNC_INTERVALS)[number];

/**
 * Where the library syncs: the server database's address, and as whom. Kept in the extension's
 * local storage only (never synced by the browser), removed whole by "Stop syncing".
 */
export interface SyncConfig {
  url: string;
  username: string;
  password: string;
  interval: SyncInterval;
}

/** What the last sync did, for the settings page (`data-sync-status`). */
export interface SyncStatus {
  state: 'idle' | 'syncing' | 'ok' | 'error';
  /** When the last round ended (ISO), null before the first. */
  at: string | null;
  /** The reader's message for an error; what changed for a success. */
  message: string | null;
}

const syncConfigSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(2000)),
  username: v.pipe(v.string(), v.maxLength(500)),
  password: v.pipe(v.string(), v.maxLength(2000)),
  interval: v.picklist(SYNC_INTERVALS),
});
const syncStatusSchema = v.object({
  state: v.picklist(['idle', 'syncing', 'ok', 'error']),
  at: v.nullable(v.string()),
  message: v.nullable(v.string()),
});
const syncConfigItem = storage.defineItem<unknown>('local:scrapnote.sync');
const syncStatusItem = storage.defineItem<unknown>('local:scrapnote.syncStatus');
const IDLE: SyncStatus = { state: 'idle', at: null, message: null };
const readSyncConfig = (stored: unknown): SyncConfig | null => {
  const parsed = v.safeParse(syncConfigSchema, stored);
  return parsed.success ? parsed.output : null;
};
const readSyncStatus = (stored: unknown): SyncStatus => {
  const parsed = v.safeParse(syncStatusSchema, stored);
  return parsed.success ? parsed.output : IDLE;
};

/** Sync's address and credentials (the background's; pages read only {@link syncSettings.publicView}). */
export const syncSettings = {
  get: async (): Promise<SyncConfig | null> => readSyncConfig(await syncConfigItem.getValue()),
  set: (config: SyncConfig): Promise<void> => syncConfigItem.setValue(config),
  /** Forget the address and the credentials. */
  remove: (): Promise<void> => syncConfigItem.removeValue(),
  /** What a page shows: everything but the password (whether one is kept). */
  publicView: async (): Promise<(Omit<SyncConfig, 'password'> & { hasPassword: boolean }) | null> => {
    const c = readSyncConfig(await syncConfigItem.getValue());
    return c ? { url: c.url, username: c.username, interval: c.interval, hasPassword: !!c.password } : null;
  },
  watch: (listener: () => void): (() => void) => syncConfigItem.watch(() => listener()),
};

export const syncStatus = {
  get: async (): Promise<SyncStatus> => readSyncStatus(await syncStatusItem.getValue()),
  set: (status: SyncStatus): Promise<void> => syncStatusItem.setValue(status),
  watch: (listener: (next: SyncStatus) => void): (() => void) =>
    syncStatusItem.watch((next) => listener(readSyncStatus(next))),
};

/**
 * Images of saved items: whether saving keeps copies (on unless the reader turns it off), and
 * how many megabytes of images one item may keep.
 */
export interface ImageSettings {
  keep: boolean;
  /** Megabytes of images per item (lib/images/collect.ts fetchImages cap). */
  itemCapMb: number;
}

export const ITEM_CAP_CHOICES_MB = [5, 10, 30, 100] as const;
const DEFAULT_IMAGES: ImageSettings = { keep: true, itemCapMb: 30 };
const imageSchema = v.object({
  keep: v.boolean(),
  itemCapMb: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
});
const imagesItem = storage.defineItem<unknown>('local:scrapnote.images');
const readImages = (stored: unknown): ImageSettings => {
  const parsed = v.safeParse(imageSchema, stored);
  return parsed.success ? parsed.output : { ...DEFAULT_IMAGES };
};

/** The "Keep images" settings. */
export const imageSettings = {
  get: async (): Promise<ImageSettings> => readImages(await imagesItem.getValue()),
  update: async (patch: Partial<ImageSettings>): Promise<void> =>
    imagesItem.setValue({ ...readImages(await imagesItem.getValue()), ...patch }),
  watch: (listener: (next: ImageSettings) => void): (() => void) =>
    imagesItem.watch((next) => listener(readImages(next))),
};
