/**
 * Notes on authors and mute rules for board lists, kept in this browser. An author is one site's
 * author (`<host> <identity>`, lib/sites/authors.ts); a muted word applies on every board. Every
 * change goes through the library service and the change feed, like the library's.
 */

import { AUTHOR_NOTE_MAX } from '../model';
import { recordChanges } from './feed';
import type { AuthorRow, MutedWordRow, ScrapnoteDB } from './index';
import { write } from './items';

/** The stored key of one site's author. */
export function authorKey(host: string, authorId: string): string {
  return `${host} ${authorId}`;
}

/** A word as mute rules match it: NFC (so NFD Hangul matches), lower case, spaces collapsed. */
export function muteForm(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What changes about an author: their note, their muting, or both (the rest is kept). */
export interface AuthorPatch {
  host: string;
  authorId: string;
  /** The nickname as the list shows it now. */
  name: string;
  note?: string;
  muted?: boolean;
}

/**
 * Change what the reader keeps about an author. An author left with no note and not muted is
 * forgotten (the row is deleted: a tombstone in the feed). Returns the stored row, or null.
 */
export async function setAuthor(db: ScrapnoteDB, patch: AuthorPatch, now: Date): Promise<AuthorRow | null> {
  const key = authorKey(patch.host, patch.authorId);
  return write(db, async () => {
    const old = await db.authors.get(key);
    const note = (patch.note ?? old?.note ?? '').trim().slice(0, AUTHOR_NOTE_MAX);
    const muted = patch.muted ?? old?.muted === 1;
    const change = { entity: 'author' as const, id: key, itemId: '', key: patch.host };
    if (!note && !muted) {
      if (!old) return null;
      await db.authors.delete(key);
      await recordChanges(db, [{ ...change, op: 'delete' }], { now });
      return null;
    }
    const row: AuthorRow = {
      key,
      host: patch.host,
      authorId: patch.authorId,
      name: patch.name.trim() || old?.name || patch.authorId,
      note,
      ...(muted ? { muted: 1 as const } : {}),
      updatedAt: now.toISOString(),
    };
    await db.authors.put(row);
    await recordChanges(db, [{ ...change, op: 'put' }], { now });
    return row;
  });
}

/** Mute or unmute a word on every board; answers the word as stored (empty words are refused). */
export async function setMutedWord(db: ScrapnoteDB, text: string, muted: boolean, now: Date): Promise<string> {
  const word = muteForm(text);
  if (!word) throw new Error('A muted word cannot be empty.');
  return write(db, async () => {
    const had = await db.mutedWords.get(word);
    if (muted === Boolean(had)) return word;
    if (muted) await db.mutedWords.put({ word, createdAt: now.toISOString() });
    else await db.mutedWords.delete(word);
    await recordChanges(db, [{ entity: 'mute', id: word, itemId: '', op: muted ? 'put' : 'delete', key: '' }], {
      now,
    });
    return word;
  });
}

/** The authors the reader keeps something about on one site (every site without `host`). */
export function authorsOf(db: ScrapnoteDB, host?: string): Promise<AuthorRow[]> {
  return host ? db.authors.where('host').equals(host).toArray() : db.authors.toArray();
}

/** Every muted word, oldest first. */
export async function mutedWords(db: ScrapnoteDB): Promise<MutedWordRow[]> {
  return (await db.mutedWords.toArray()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
