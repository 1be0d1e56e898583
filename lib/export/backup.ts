/**
 * Automatic backup settings: off by default; when on, a JSON export goes to the downloads folder
 * every `everyDays` days. Stored in browser.storage.local under BACKUP_KEY by the UI and read by
 * the background (entrypoints/background/backup.ts).
 */
import * as v from 'valibot';

export const BACKUP_KEY = 'scrapnote.backup';
export const BACKUP_ALARM = 'scrapnote-backup';
/** Sub-folder of the downloads folder the backups go to. */
export const BACKUP_FOLDER = 'Scrapnote';
export const BACKUP_INTERVALS = [1, 7, 30] as const;

export interface BackupSettings {
  enabled: boolean;
  everyDays: (typeof BACKUP_INTERVALS)[number];
  /** ISO time of the last successful backup. */
  lastAt: string | null;
  /** The last failure's message, cleared by a success. */
  lastError: string | null;
}

export const DEFAULT_BACKUP: BackupSettings = { enabled: false, everyDays: 7, lastAt: null, lastError: null };

const schema = v.object({
  enabled: v.boolean(),
  everyDays: v.picklist(BACKUP_INTERVALS),
  lastAt: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  lastError: v.nullable(v.pipe(v.string(), v.maxLength(2000))),
});

/** Stored settings, or the defaults when absent or damaged. */
export function readBackupSettings(stored: unknown): BackupSettings {
  const parsed = v.safeParse(schema, stored);
  return parsed.success ? parsed.output : { ...DEFAULT_BACKUP };
}

/** Minutes until the next backup is due (0 when overdue): the alarm's delay. */
export function minutesUntilDue(settings: BackupSettings, now: Date): number {
  if (!settings.lastAt) return 1;
  const due = Date.parse(settings.lastAt) + settings.everyDays * 24 * 60 * 60_000;
  return Math.max(0, Math.ceil((due - now.getTime()) / 60_000));
}

/** The backup file's path below the downloads folder, e.g. `Scrapnote/스크랩노트-백업-2026-11-28.json`. */
export function backupFileName(now: Date): string {
  const d = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `${BACKUP_FOLDER}/스크랩노트-백업-${d}.json`;
}
