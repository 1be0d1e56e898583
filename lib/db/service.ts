/**
 * The library service: the one write path. Every change to the library (save, delete, restore,
 * tags, notes, highlights, import) is a call here, made by the background on behalf of the popup,
 * the side panel and the page highlighter, which only ask (lib/messaging/protocol.ts). Each call
 * is one transaction that records its changes in the feed (./feed.ts); after it commits, the
 * service reads the feed from where it last stopped and hands the new rows to its listeners
 * (the background tells open views and repaints tabs from them). Reading the feed, rather than
 * trusting each call to report itself, means a change made some other way (a later sync) reaches
 * the same listeners.
 */
import type { Highlight, SavedItem } from '../model';
import type { CheckResult, Fetched } from '../versions/check';
import { type AuthorPatch, setAuthor, setMutedWord } from './authors';
import { changesSince, lastSeq } from './feed';
import {
  addHighlight,
  deleteHighlight,
  type HighlightRef,
  type NewHighlight,
  restoreHighlight,
  updateHighlight,
} from './highlights';
import { clearReads, type ReadEntry, recordReads } from './history';
import { type ImageBlob, purgeTrash } from './images';
import { type ImportOptions, type ImportReport, importText } from './import';
import type { AuthorRow, ChangeRow, ScrapnoteDB } from './index';
import { deleteItems, type MetaPatch, type Removed, restoreDeleted, updateItemsMeta, upsertItem, write } from './items';
import { applyRemote, type RemoteBatch, type RemoteReport } from './remote';
import { ensureSearchIndex } from './search';
import { recordCheck } from './versions';

export type ChangeListener = (rows: ChangeRow[]) => void;

export class LibraryService {
  private readonly listeners = new Set<ChangeListener>();
  /** The last feed row handed to listeners (read once, on first use). */
  private seen: Promise<number> | undefined;
  /** Feed reads in order, one after the other. */
  private following: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: ScrapnoteDB,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Rebuild the search rows when they were made by another version of the index (on opening the
   * library): the library itself does not change, so nothing enters the feed; every context's
   * search reads the rebuilt rows on its next search. Returns whether it rebuilt.
   */
  ensureSearchIndex(): Promise<boolean> {
    return ensureSearchIndex(this.db);
  }

  /** Listen to the feed's new rows; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Read the feed's rows since the last read and hand them to the listeners. */
  follow(): Promise<void> {
    this.seen ??= lastSeq(this.db);
    const step = this.following.then(async () => {
      const from = await this.seen!;
      const rows = await changesSince(this.db, from);
      if (!rows.length) return;
      this.seen = Promise.resolve(rows[rows.length - 1]!.seq!);
      for (const listener of this.listeners) {
        try {
          listener(rows);
        } catch {
          // A listener's failure is its own; the others still hear.
        }
      }
    });
    this.following = step.catch(() => undefined);
    return step;
  }

  /** Run a write, then follow the feed (even when the write failed part way: it aborted whole). */
  private async write<T>(run: () => Promise<T>): Promise<T> {
    this.seen ??= lastSeq(this.db);
    await this.seen;
    try {
      return await run();
    } finally {
      await this.follow().catch(() => undefined);
    }
  }

  /** Save an item with the bytes of its images not stored yet (one transaction: all or nothing). */
  save(item: SavedItem, images: readonly ImageBlob[] = []): Promise<SavedItem> {
    return this.write(() => upsertItem(this.db, item, this.clock(), images));
  }

  /** Empty the trash of items deleted over a day ago, freeing the images only they used. */
  purgeTrash(): Promise<number> {
    return this.write(() => write(this.db, () => purgeTrash(this.db, this.clock())));
  }

  updateItems(ids: readonly string[], patch: MetaPatch): Promise<SavedItem[]> {
    return this.write(() => updateItemsMeta(this.db, ids, patch, this.clock()));
  }

  deleteItems(ids: readonly string[]): Promise<Removed> {
    return this.write(() => deleteItems(this.db, ids, this.clock()));
  }

  /** Undo of deleteItems: the items come back from the trash. */
  restoreDeleted(ids: readonly string[]): Promise<number> {
    return this.write(() => restoreDeleted(this.db, ids, this.clock()));
  }

  addHighlight(h: Omit<NewHighlight, 'now'>): Promise<Highlight> {
    return this.write(() => addHighlight(this.db, { ...h, now: this.clock() }));
  }

  updateHighlight(ref: HighlightRef, patch: { color?: Highlight['color']; note?: string }): Promise<Highlight> {
    return this.write(() => updateHighlight(this.db, ref, patch, this.clock()));
  }

  deleteHighlight(ref: HighlightRef): Promise<Highlight | undefined> {
    return this.write(() => deleteHighlight(this.db, ref, this.clock()));
  }

  restoreHighlight(h: Highlight): Promise<boolean> {
    return this.write(() => restoreHighlight(this.db, h, this.clock()));
  }

  /** Posts opened or saved (reading history). */
  recordReads(entries: readonly ReadEntry[]): Promise<void> {
    return this.write(() => recordReads(this.db, entries, this.clock()));
  }

  clearReads(): Promise<number> {
    return this.write(() => clearReads(this.db, this.clock()));
  }

  /** A note on an author, or their muting, on one site. */
  setAuthor(patch: AuthorPatch): Promise<AuthorRow | null> {
    return this.write(() => setAuthor(this.db, patch, this.clock()));
  }

  /** Mute or unmute a word on every board list. */
  setMutedWord(word: string, muted: boolean): Promise<string> {
    return this.write(() => setMutedWord(this.db, word, muted, this.clock()));
  }

  importText(text: string, options: ImportOptions = {}): Promise<ImportReport> {
    return this.write(() => importText(this.db, text, { now: this.clock(), ...options }));
  }

  /**
   * Changes merged from other devices by sync: written with feed rows of origin 'remote' (not
   * sent back); records changed here after feed row `since` wait for the next round.
   */
  applyRemote(batch: RemoteBatch, since: number): Promise<RemoteReport> {
    return this.write(() => applyRemote(this.db, batch, since, this.clock()));
  }

  /** What fetching a saved post anew found ("Check again"): unchanged, a new version, or gone at its source. */
  recordCheck(itemId: string, fetched: Fetched): Promise<CheckResult> {
    return this.write(() => recordCheck(this.db, itemId, fetched, this.clock()));
  }
}
