/**
 * The library as sync documents, and back. Ids are stable and readable:
 * - `item:<id>`: an item's metadata, tags and note;
 * - `body:<id>`: its page text and HTML and its earlier versions (Check again), apart, so a tag or
 *   note change (or a check that found the post unchanged) does not send the bodies again;
 * - `hl:<itemId>:<id>`: a highlight with its note;
 * - `read:<post key>`: a post of the reading history;
 * - `author:<host> <identity>`: a note on an author of a site, or their muting;
 * - `mute:<word>`: a muted word.
 * Fields the mapping does not name are carried through as they are, so a field added to items
 * or highlights later syncs without a change here. Pure: the caller hands in the records, the
 * documents and a stamp source.
 */
import type { AuthorRecord, Highlight, SavedItem } from '../model';
import { canonical, isAlive, type SyncDoc } from './doc';
import type { StampSource } from './hlc';
import { renderNote, writeNote } from './notes';

/** Item fields that live in the body document: the large ones, which change only with the post. */
export const BODY_FIELDS = ['text', 'html', 'versions'] as const;

export const itemDocId = (id: string) => `item:${id}`;
export const bodyDocId = (id: string) => `body:${id}`;
export const highlightDocId = (itemId: string, id: string) => `hl:${itemId}:${id}`;
export const readDocId = (key: string) => `read:${key}`;
export const authorDocId = (key: string) => `author:${key}`;
export const muteDocId = (word: string) => `mute:${word}`;
/** The first and past-the-last ids of an item's highlight documents (an allDocs range). */
export const highlightRange = (itemId: string) => ({ startkey: `hl:${itemId}:`, endkey: `hl:${itemId}:\uffff` });

/** What a record holds, as the sync sees it: plain fields, and tags and notes when it has them. */
export interface RecordState {
  fields: Record<string, unknown>;
  tags?: readonly string[];
  notes?: Record<string, string>;
}

/**
 * The document after the local record changed to `state` (undefined: the record is gone), or
 * undefined when the document already says so. New values are stamped from `stamps`.
 */
export function updateDoc(
  prev: SyncDoc | undefined,
  ref: { _id: string; kind: SyncDoc['kind']; rid: string; item?: string },
  state: RecordState | undefined,
  stamps: StampSource,
): SyncDoc | undefined {
  if (!state) {
    if (!prev || !isAlive(prev)) return undefined;
    return { ...prev, del: { v: true, c: stamps.next() } };
  }
  const doc: SyncDoc = prev
    ? structuredClone(prev)
    : { _id: ref._id, kind: ref.kind, rid: ref.rid, f: {}, del: { v: false, c: '' } };
  if (ref.item !== undefined) doc.item = ref.item;
  let changed = !prev;
  for (const [k, v] of Object.entries(state.fields)) {
    if (v === undefined) continue;
    const had = doc.f[k];
    if (had && canonical(had.v) === canonical(v)) continue;
    doc.f[k] = { v, c: stamps.next() };
    changed = true;
  }
  if (state.tags) {
    doc.tags ??= {};
    const want = new Set(state.tags);
    for (const tag of want) {
      if (doc.tags[tag]?.on) continue;
      doc.tags[tag] = { on: true, c: stamps.next() };
      changed = true;
    }
    for (const [tag, t] of Object.entries(doc.tags)) {
      if (!t.on || want.has(tag)) continue;
      doc.tags[tag] = { on: false, c: stamps.next() };
      changed = true;
    }
  }
  if (state.notes) {
    doc.notes ??= {};
    for (const [name, text] of Object.entries(state.notes)) {
      if (renderNote(doc.notes[name]) === text && (doc.notes[name] || !text)) continue;
      doc.notes[name] = writeNote(doc.notes[name], text, stamps.next(), stamps.device);
      changed = true;
    }
  }
  if (prev && !isAlive(prev)) {
    doc.del = { v: false, c: stamps.next() };
    changed = true;
  }
  return changed ? doc : undefined;
}

/** The tags present in a document, in the order they were added. */
export function tagsOf(doc: SyncDoc): string[] {
  return Object.entries(doc.tags ?? {})
    .filter(([, t]) => t.on)
    .sort(([a, x], [b, y]) => (x.c < y.c ? -1 : x.c > y.c ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([tag]) => tag);
}

/** An item's record as the sync sees it: metadata and body apart. */
export function itemStates(item: SavedItem): { item: RecordState; body: RecordState } {
  // Images stay in the browser that saved them: neither their bytes nor their list is synced.
  const { id: _id, tags, note, images: _local, ...rest } = item as SavedItem & Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const k of BODY_FIELDS) {
    body[k] = rest[k];
    delete rest[k];
  }
  return { item: { fields: rest, tags, notes: { note } }, body: { fields: body } };
}

export function highlightState(h: Highlight): RecordState {
  const { id: _id, itemId: _item, note, ...rest } = h;
  return { fields: rest, notes: { note } };
}

/** The saved item two documents describe; undefined when it is deleted or its body is missing. */
export function itemOfDocs(itemDoc: SyncDoc | undefined, bodyDoc: SyncDoc | undefined): SavedItem | undefined {
  if (!itemDoc || !isAlive(itemDoc) || !bodyDoc) return undefined;
  const out: Record<string, unknown> = { id: itemDoc.rid };
  for (const [k, r] of Object.entries(itemDoc.f)) out[k] = r.v;
  for (const [k, r] of Object.entries(bodyDoc.f)) out[k] = r.v;
  out.tags = tagsOf(itemDoc);
  out.note = renderNote(itemDoc.notes?.note);
  return out as unknown as SavedItem;
}

/** The highlight a document describes; undefined when deleted. */
export function highlightOfDoc(doc: SyncDoc): Highlight | undefined {
  if (!isAlive(doc) || doc.item === undefined) return undefined;
  const out: Record<string, unknown> = { id: doc.rid, itemId: doc.item };
  for (const [k, r] of Object.entries(doc.f)) out[k] = r.v;
  out.note = renderNote(doc.notes?.note);
  return out as unknown as Highlight;
}

/** A post of the reading history as a record. */
export interface ReadState {
  key: string;
  url: string;
  at: string;
  comments: number | null;
}

export function readOfDoc(doc: SyncDoc): ReadState | undefined {
  if (!isAlive(doc)) return undefined;
  return {
    key: doc.rid,
    url: String(doc.f.url?.v ?? ''),
    at: String(doc.f.at?.v ?? ''),
    comments: (doc.f.comments?.v as number | null | undefined) ?? null,
  };
}

/** A note on an author as the sync sees it: the note merges as notes do (a conflict copy kept). */
export function authorState(a: AuthorRecord): RecordState {
  return {
    fields: { host: a.host, authorId: a.authorId, name: a.name, muted: a.muted === 1, updatedAt: a.updatedAt },
    notes: { note: a.note },
  };
}

export function authorOfDoc(doc: SyncDoc): AuthorRecord | undefined {
  if (!isAlive(doc)) return undefined;
  const muted = doc.f.muted?.v === true;
  return {
    key: doc.rid,
    host: String(doc.f.host?.v ?? ''),
    authorId: String(doc.f.authorId?.v ?? ''),
    name: String(doc.f.name?.v ?? ''),
    note: renderNote(doc.notes?.note),
    ...(muted ? { muted: 1 as const } : {}),
    updatedAt: String(doc.f.updatedAt?.v ?? ''),
  };
}

/** A muted word as a record. */
export function mutedWordOfDoc(doc: SyncDoc): { word: string; createdAt: string } | undefined {
  if (!isAlive(doc)) return undefined;
  return { word: doc.rid, createdAt: String(doc.f.createdAt?.v ?? '') };
}
