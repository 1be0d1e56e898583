/**
 * Platform adapter: the extension's settings in browser.storage.local, as WXT storage items
 * (typed, watched across the background and every page). Each item validates what it reads, so a
 * damaged value reads as the default instead of breaking the page.
 */
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
