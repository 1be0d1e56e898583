/**
 * Reading an export file back: JSON parsing with clear errors, the version migration chain, and
 * item-by-item validation. Pure: lib/db/import.ts writes what this accepts.
 */
import * as v from 'valibot';
import { EXPORT_FORMAT, EXPORT_VERSION } from './json';
import {
  describeIssues,
  exportAuthorSchema,
  exportEnvelopeSchema,
  exportImageSchema,
  exportItemSchema,
  exportMutedWordSchema,
  exportReadEntrySchema,
  LIMITS,
  type ValidExportAuthor,
  type ValidExportImage,
  type ValidExportItem,
  type ValidExportMutedWord,
  type ValidExportReadEntry,
} from './schema';

/**
 * Largest file the importer reads: 256 MiB. Far above a big library (10,000 items with their
 * pages' text are about 100 MB) and below what a browser can hold as one string.
 */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

const tooLarge = () =>
  new ImportError(
    'tooLarge',
    `The file is larger than the import limit of ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Export the library in parts (filtered items) and import them one by one.`,
  );

/** Refuse a file by its size before reading it (File.size, in bytes). */
export function checkImportSize(bytes: number, limit = MAX_IMPORT_BYTES): void {
  if (bytes > limit) throw tooLarge();
}

/** Why a whole file was refused; the UI maps each code to a translated sentence. */
export const IMPORT_ERROR_CODES = [
  'empty',
  'tooLarge',
  'notJson',
  'truncated',
  'notExport',
  'unknownVersion',
  'forbiddenKey',
  'badFile',
  'duplicateIds',
  'storage',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** A fatal import error: nothing was imported. `message` is a complete English sentence. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** An item the importer left out, with the reason. */
export interface RejectedItem {
  /** Position in the file's `items` array. */
  index: number;
  /** The item's id when it had a readable one. */
  id: string | null;
  title: string | null;
  reason: string;
}

/** A reading history entry the importer left out, with the reason. */
export interface RejectedHistoryEntry {
  /** The file's array the entry is in: reading history, notes on authors, or muted words. */
  list: 'readingHistory' | 'authors' | 'mutedWords';
  /** Position in that array. */
  index: number;
  /** The entry's post key (or author, or word) when it had a readable one. */
  key: string | null;
  reason: string;
}

/** The reading history of an export file, checked: the valid entries and the rejected ones. */
export interface CheckedHistory {
  entries: ValidExportReadEntry[];
  rejected: RejectedHistoryEntry[];
}

/** A file's notes on authors and muted words, checked entry by entry. */
export interface CheckedRules {
  authors: ValidExportAuthor[];
  mutedWords: ValidExportMutedWord[];
  rejected: RejectedHistoryEntry[];
}

/** A whole export file, checked (see {@link parseExport}). */
export interface ParsedExport extends CheckedItems {
  /** The file's version before migration. */
  version: number;
  history: CheckedHistory;
  rules: CheckedRules;
}

/**
 * Upgrades of the raw file, keyed by the version they read: `MIGRATIONS[n]` turns a version-n
 * file into a version n+1 file. Each one runs before validation on whatever the file holds, so it
 * must leave what it does not understand as it is (the validation then says what is wrong).
 */
export type Migration = (file: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  /**
   * Version 1 to 2: items gain `site.via` (the portal read through) and `originalUrl` (the
   * outlet's original article), null since version 1 did not know them, and the file gains an
   * empty `readingHistory`.
   */
  1: (file) => ({
    ...file,
    version: 2,
    items: Array.isArray(file.items)
      ? file.items.map((entry: unknown) => {
          const item = asRecord(entry);
          if (!item) return entry;
          const site = asRecord(item.site);
          return { ...item, originalUrl: null, ...(site ? { site: { ...site, via: null } } : {}) };
        })
      : file.items,
    readingHistory: [],
  }),
  /**
   * Version 2 to 3: items gain `comments` (empty: version 2 kept none), and the file gains empty
   * `authors` and `mutedWords` (notes on authors, mute rules).
   */
  2: (file) => ({
    ...file,
    version: 3,
    items: Array.isArray(file.items)
      ? file.items.map((entry: unknown) => {
          const item = asRecord(entry);
          return item ? { ...item, comments: [] } : entry;
        })
      : file.items,
    authors: [],
    mutedWords: [],
  }),
  /**
   * Version 3 to 4: items gain `images` (empty: version 3 kept no image list), and the file gains
   * an empty `images` (no bytes). Items may also carry `versions`, `checkedAt`, `status` and
   * `goneAt`, and highlights `version`; a version-3 file has none of them, which reads as one
   * version, never checked.
   */
  3: (file) => ({
    ...file,
    version: 4,
    items: Array.isArray(file.items)
      ? file.items.map((entry: unknown) => {
          const item = asRecord(entry);
          return item ? { ...item, images: [] } : entry;
        })
      : file.items,
    images: [],
  }),
};

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Keys that could reach an object's prototype when a careless consumer copies the data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `value` holds a forbidden key anywhere. Iterative, and builds no paths (the common case). */
function hasForbiddenKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push(node[i]);
      continue;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      if (FORBIDDEN_KEYS.has(key)) return true;
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/** The path of the first forbidden key inside `value`, or null. Iterative: deep files cannot overflow. */
export function findForbiddenKey(value: unknown, base = ''): string | null {
  if (!hasForbiddenKey(value)) return null;
  const stack: Array<[unknown, string]> = [[value, base]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push([node[i], `${path}[${i}]`]);
      continue;
    }
    for (const key of Object.keys(node)) {
      const here = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return here;
      stack.push([(node as Record<string, unknown>)[key], here]);
    }
  }
  return null;
}

/** JSON text to a value, telling a cut-off file from one that is not JSON at all. */
export function parseJsonText(text: string, limit = MAX_IMPORT_BYTES): unknown {
  // Characters, not bytes: a bound that needs no encoding pass (UTF-16 length <= UTF-8 bytes).
  if (text.length > limit) throw tooLarge();
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new ImportError('empty', 'The file is empty.');
  try {
    return JSON.parse(body);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const start = body.trimStart()[0];
    if ((start === '{' || start === '[') && looksTruncated(body)) {
      throw new ImportError(
        'truncated',
        `The file ends too early: it was cut off while saving or copying (${detail}).`,
      );
    }
    if (start === '{' || start === '[') {
      throw new ImportError('notJson', `The file is damaged JSON and cannot be read (${detail}).`);
    }
    throw new ImportError('notJson', 'The file is not a JSON file. Choose a Scrapnote export (.json).');
  }
}

/** Whether a failed parse ran out of input: the brackets opened are never closed. */
function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return inString || depth > 0;
}

/** Some items of an export file, checked: the valid ones with their positions, and the rejected ones. */
export interface CheckedItems {
  items: ValidExportItem[];
  /** Position in the file of each accepted item. */
  indexes: number[];
  rejected: RejectedItem[];
}

/**
 * An export file whose envelope and version are checked, and whose items are checked a range at
 * a time, in order ({@link ExportSource.check}): an import checks the next items while the
 * database writes the ones before, inside one transaction, so a fatal error found late (a
 * repeated id) still changes nothing.
 */
export interface ExportSource {
  /** The file's version before migration. */
  version: number;
  /**
   * The file's reading history, checked when the file is opened (it is small beside the items):
   * a broken entry is rejected with its reason; a repeated key throws ImportError('duplicateIds').
   */
  history: CheckedHistory;
  /** The file's notes on authors and muted words, checked when the file is opened (small, too). */
  rules: CheckedRules;
  /** How many entries the file's `items` holds. */
  total: number;
  /**
   * The images' bytes the file carries, checked when the file is opened (their hashes are checked
   * by the import, which can wait for Web Crypto); a broken entry is left out (its items' lists
   * then name no copy).
   */
  images: ValidExportImage[];
  /**
   * Check the entries from `from` to `to` (exclusive), continuing from the ranges checked before
   * (call in order, without gaps). A broken item is rejected with its reason; a repeated item id,
   * or highlight id within an item, throws ImportError('duplicateIds').
   */
  check(from: number, to: number): CheckedItems;
}

/**
 * Open an export file (already JSON-parsed): envelope and version (migrating older ones) now, the
 * items when asked. A broken envelope or an unknown version throws ImportError.
 */
export function openExport(data: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS): ExportSource {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ImportError('notExport', 'This JSON file is not a Scrapnote export (no "format": "scrapnote-export").');
  }
  let file = data as Record<string, unknown>;
  if (file.format !== EXPORT_FORMAT) {
    throw new ImportError('notExport', 'This JSON file is not a Scrapnote export (no "format": "scrapnote-export").');
  }
  const version = file.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ImportError('badFile', 'The file has no valid "version" number.');
  }
  if (version > EXPORT_VERSION) {
    throw new ImportError(
      'unknownVersion',
      `The file is format version ${version}, made by a newer Scrapnote; this one reads versions up to ${EXPORT_VERSION}. Update Scrapnote, then import again.`,
    );
  }
  for (let n = version; n < EXPORT_VERSION; n++) {
    const migrate = migrations[n];
    if (!migrate) throw new ImportError('unknownVersion', `Format version ${version} is not supported.`);
    file = migrate(file);
  }
  // Items and history entries are checked one by one below, so one bad entry rejects only itself.
  const header: Record<string, unknown> = {
    ...file,
    items: [],
    readingHistory: [],
    authors: [],
    mutedWords: [],
    images: [],
  };
  const forbiddenTop = findForbiddenKey(header);
  if (forbiddenTop) throw new ImportError('forbiddenKey', `The file has a forbidden key at ${forbiddenTop}.`);
  const envelope = v.safeParse(exportEnvelopeSchema, file);
  if (!envelope.success) {
    throw new ImportError('badFile', `The file's header is invalid: ${describeIssues(envelope.issues)}.`);
  }
  const raw = envelope.output.items;
  const history = checkHistory(envelope.output.readingHistory);
  const rules = checkRules(envelope.output.authors, envelope.output.mutedWords);
  const images: ValidExportImage[] = [];
  for (const entry of envelope.output.images.slice(0, LIMITS.images)) {
    const parsed = v.safeParse(exportImageSchema, entry);
    if (parsed.success) images.push(parsed.output);
  }

  const itemIds = new Map<string, number>();
  let checked = 0;
  return {
    version,
    history,
    rules,
    images,
    total: raw.length,
    check(from, to) {
      if (from !== checked) throw new Error(`Items must be checked in order: ${checked} next, not ${from}.`);
      const end = Math.min(to, raw.length);
      checked = Math.max(end, from);
      const out: CheckedItems = { items: [], indexes: [], rejected: [] };
      for (let index = from; index < end; index++) {
        const entry = raw[index];
        const record = asRecord(entry);
        const rawId = record?.id;
        const rawTitle = record?.title;
        const id = typeof rawId === 'string' ? rawId.slice(0, 200) : null;
        const title = typeof rawTitle === 'string' ? rawTitle.slice(0, 200) : null;
        if (id !== null) {
          const first = itemIds.get(id);
          if (first !== undefined) {
            throw new ImportError(
              'duplicateIds',
              `Two items share the id "${id}" (items ${first + 1} and ${index + 1}); the file is inconsistent, so nothing was imported.`,
            );
          }
          itemIds.set(id, index);
        }
        const forbidden = findForbiddenKey(entry, `items[${index}]`);
        if (forbidden) {
          out.rejected.push({
            index,
            id,
            title,
            reason: `forbidden key "${forbidden.split(/[.[]/).pop()}" at ${forbidden}`,
          });
          continue;
        }
        const parsed = v.safeParse(exportItemSchema, entry);
        if (!parsed.success) {
          out.rejected.push({ index, id, title, reason: describeIssues(parsed.issues) });
          continue;
        }
        // A highlight is named by its item and its own id: ids are unique within an item.
        const seenHighlights = new Set<string>();
        for (const h of parsed.output.highlights) {
          if (seenHighlights.has(h.id)) {
            throw new ImportError(
              'duplicateIds',
              `Two highlights of item ${index + 1} share the id "${h.id}"; the file is inconsistent, so nothing was imported.`,
            );
          }
          seenHighlights.add(h.id);
        }
        out.items.push(parsed.output);
        out.indexes.push(index);
      }
      return out;
    },
  };
}

/**
 * Check the entries of a file's `readingHistory`: an invalid entry is rejected with its position,
 * key and reason, and the others go on; two entries for one post make the file inconsistent.
 */
function checkHistory(raw: readonly unknown[]): CheckedHistory {
  const out: CheckedHistory = { entries: [], rejected: [] };
  const keys = new Map<string, number>();
  raw.forEach((entry, index) => {
    const rawKey = asRecord(entry)?.key;
    const key = typeof rawKey === 'string' ? rawKey.slice(0, 200) : null;
    const forbidden = findForbiddenKey(entry, `readingHistory[${index}]`);
    if (forbidden) {
      out.rejected.push({
        list: 'readingHistory',
        index,
        key,
        reason: `forbidden key "${forbidden.split(/[.[]/).pop()}" at ${forbidden}`,
      });
      return;
    }
    const parsed = v.safeParse(exportReadEntrySchema, entry);
    if (!parsed.success) {
      out.rejected.push({ list: 'readingHistory', index, key, reason: describeIssues(parsed.issues) });
      return;
    }
    const first = keys.get(parsed.output.key);
    if (first !== undefined) {
      throw new ImportError(
        'duplicateIds',
        `Two reading history entries share the key "${key}" (entries ${first + 1} and ${index + 1}); the file is inconsistent, so nothing was imported.`,
      );
    }
    keys.set(parsed.output.key, index);
    out.entries.push(parsed.output);
  });
  return out;
}

/**
 * Check a file's notes on authors and muted words: an invalid entry is rejected with its position
 * and reason; a repeated author (site and identity) or word keeps its first entry and rejects the
 * others, which cannot change what the file means to say.
 */
function checkRules(authors: readonly unknown[], words: readonly unknown[]): CheckedRules {
  const out: CheckedRules = { authors: [], mutedWords: [], rejected: [] };
  const check = <T>(
    list: 'authors' | 'mutedWords',
    raw: readonly unknown[],
    schema: v.GenericSchema<unknown, T>,
    keyOf: (entry: T) => string,
    keep: (entry: T) => void,
  ) => {
    const seen = new Set<string>();
    raw.forEach((entry, index) => {
      const forbidden = findForbiddenKey(entry, `${list}[${index}]`);
      const parsed = forbidden ? null : v.safeParse(schema, entry);
      if (!parsed?.success) {
        const reason = parsed ? describeIssues(parsed.issues) : `forbidden key at ${forbidden}`;
        out.rejected.push({ list, index, key: null, reason });
        return;
      }
      const key = keyOf(parsed.output);
      if (seen.has(key)) {
        out.rejected.push({ list, index, key: key.slice(0, 200), reason: 'repeated: an earlier entry names it' });
        return;
      }
      seen.add(key);
      keep(parsed.output);
    });
  };
  check(
    'authors',
    authors,
    exportAuthorSchema,
    (a) => `${a.host} ${a.authorId}`,
    (a) => out.authors.push(a),
  );
  check(
    'mutedWords',
    words,
    exportMutedWordSchema,
    (w) => w.word,
    (w) => out.mutedWords.push(w),
  );
  return out;
}

/**
 * Check an export file (already JSON-parsed) whole: envelope, version (migrating older ones),
 * then each item and reading history entry. A broken item is rejected with its reason and the rest still import; a broken
 * envelope, an unknown version or duplicate ids refuse the whole file.
 */
export function parseExport(data: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS): ParsedExport {
  const source = openExport(data, migrations);
  return { version: source.version, history: source.history, rules: source.rules, ...source.check(0, source.total) };
}
