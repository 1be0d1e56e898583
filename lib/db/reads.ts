/**
 * The data-access layer of extension pages (popup, side panel, backup page): what they may read
 * of the library, on this context's database. Pages never write: they ask the background's
 * library service (lib/messaging/protocol.ts), and re-read when it says the library changed.
 */
import type { Highlight, SavedItem } from '../model';
import type { SearchOptions } from '../search/engine';
import { authorsOf, mutedWords } from './authors';
import { type ExportFileResult, type ExportFormat, type ExportOptions, exportFile, exportLibrary } from './export';
import { imageBlobs, imageUsage } from './images';
import { getDb } from './index';
import { findByKey, getItem, highlightsOf } from './items';
import {
  highlightCountsByKey,
  type LibraryFilter,
  type LibraryRow,
  type LibrarySort,
  libraryHead,
  libraryHosts,
  libraryIds,
  libraryRows,
  libraryTags,
} from './library';
import { type LibrarySearchResult, searchLibrary } from './search';

export type { ImportReport } from './import';
export type { Removed } from './items';
export type { ExportFileResult, ExportFormat, LibraryFilter, LibraryRow, LibrarySort };

export const reads = {
  /** The saved item of the first of these canonical keys that is saved. */
  findSaved: (keys: string | readonly string[]): Promise<SavedItem | undefined> => findByKey(getDb(), keys),
  item: (id: string): Promise<SavedItem | undefined> => getItem(getDb(), id),
  /** An item's highlights, oldest first. */
  highlights: (itemId: string): Promise<Highlight[]> => highlightsOf(getDb(), itemId),
  /** For each of these canonical keys that is saved: its item's highlight count. */
  savedKeys: (keys: readonly string[]): Promise<Map<string, number>> => highlightCountsByKey(getDb(), keys),
  tags: () => libraryTags(getDb()),
  /** Notes on authors and muted authors, of one site or of all. */
  authors: (host?: string) => authorsOf(getDb(), host),
  mutedWords: () => mutedWords(getDb()),
  hosts: () => libraryHosts(getDb()),
  head: (sort: LibrarySort, n: number) => libraryHead(getDb(), sort, n),
  ids: (sort: LibrarySort, filter?: LibraryFilter) => libraryIds(getDb(), sort, filter),
  rows: (ids: readonly string[]) => libraryRows(getDb(), ids),
  search: (
    query: string,
    options?: SearchOptions & { filter?: LibraryFilter; sort?: LibrarySort },
  ): Promise<LibrarySearchResult> => searchLibrary(getDb(), query, options),
  exportFile: (format: ExportFormat, options: ExportOptions) => exportFile(getDb(), format, options),
  exportLibrary: (now: Date, appVersion: string) => exportLibrary(getDb(), now, appVersion),
  /** The stored copies of these image hashes (those there are). */
  images: (hashes: readonly string[]): Promise<Map<string, Blob>> => imageBlobs(getDb(), hashes),
  /** How many images the library stores and their bytes. */
  imageUsage: () => imageUsage(getDb()),
};
