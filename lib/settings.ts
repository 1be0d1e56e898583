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
