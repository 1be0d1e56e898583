/**
 * Sync documents and how two versions of one merge. Every record of the library is one or more
 * CouchDB documents (./map.ts); each field carries the stamp of its last change (./hlc.ts), so
 * two versions merge field by field, the later stamp winning, whatever order devices meet in:
 * - plain fields are last-writer-wins registers (`f`);
 * - tags are a set of per-tag registers (`tags`): a tag added on two devices is one tag, a tag
 *   removed on one stays removed unless it is added again later;
 * - notes are multi-value registers (`notes`): a note edited on two devices that had not seen
 *   each other's edit keeps both texts; the later is the note, the other is kept beside it as a
 *   conflict copy until the reader writes the note again (./notes.ts);
 * - deletion is a register too (`del`): the record is gone when its delete is later than every
 *   other change of it, and an edit made after the delete brings it back.
 * The merge is commutative, associative and idempotent, so every device that has seen the same
 * versions holds the same document (test/unit/sync/merge.test.ts checks it with fast-check).
 */
import type { Stamp } from './hlc';

/** A last-writer-wins value: the value and the stamp of its write. */
export interface Reg<T = unknown> {
  v: T;
  c: Stamp;
}

/** One text of a note: the text, its stamp, and the latest stamp of each device it followed. */
export interface NoteValue {
  v: string;
  c: Stamp;
  /** Version vector: device id → the latest stamp of that device this text was written after. */
  vv: Record<string, Stamp>;
}

/** What a document holds. */
export type DocKind = 'item' | 'body' | 'hl' | 'read' | 'author' | 'mute';

export interface SyncDoc {
  _id: string;
  _rev?: string;
  kind: DocKind;
  /** The record's own id (item id, highlight id, post key, author key, muted word). */
  rid: string;
  /** A highlight's or body's item id. */
  item?: string;
  /** Plain fields, each with its last write. */
  f: Record<string, Reg>;
  /** Tags, each present (`on`) or removed, with the stamp of that change. */
  tags?: Record<string, { on: boolean; c: Stamp }>;
  /** Notes (multi-value): usually one text, several while a concurrent edit is unresolved. */
  notes?: Record<string, NoteValue[]>;
  /** Deleted (`v: true`) or restored (`v: false`) and when. */
  del: Reg<boolean>;
}

/** Canonical JSON (object keys sorted), to compare values and break ties the same everywhere. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** The later of two registers (equal stamps are the same write; the value's JSON breaks a tie). */
export function laterReg<T>(a: Reg<T>, b: Reg<T>): Reg<T> {
  if (a.c !== b.c) return a.c > b.c ? a : b;
  return canonical(a.v) >= canonical(b.v) ? a : b;
}

/** Whether a version vector has seen everything another has. */
export function dominates(a: Record<string, Stamp>, b: Record<string, Stamp>): boolean {
  for (const [device, stamp] of Object.entries(b)) if (!(a[device] !== undefined && a[device] >= stamp)) return false;
  return true;
}

/** The join of version vectors: per device, the latest stamp. */
export function joinVectors(...vectors: ReadonlyArray<Record<string, Stamp>>): Record<string, Stamp> {
  const out: Record<string, Stamp> = {};
  for (const vv of vectors)
    for (const [d, s] of Object.entries(vv)) if (out[d] === undefined || s > out[d]!) out[d] = s;
  return out;
}

/**
 * The texts of a note after two versions meet: every text not followed by another (its vector
 * seen by a different text's vector), the latest first.
 */
export function mergeNoteValues(a: readonly NoteValue[], b: readonly NoteValue[]): NoteValue[] {
  const byStamp = new Map<Stamp, NoteValue>();
  for (const v of [...a, ...b]) if (!byStamp.has(v.c)) byStamp.set(v.c, v);
  const all = [...byStamp.values()];
  const kept = all.filter((v) => !all.some((w) => w.c !== v.c && dominates(w.vv, v.vv)));
  return kept.sort((x, y) => (x.c > y.c ? -1 : x.c < y.c ? 1 : 0));
}

function mergeRecord<T>(a: Record<string, T> | undefined, b: Record<string, T> | undefined, pick: (x: T, y: T) => T) {
  if (!a) return b;
  if (!b) return a;
  const out: Record<string, T> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] === undefined ? v : pick(out[k]!, v);
  return out;
}

/** Two versions of one document merged field by field (keeps `a`'s `_id` and `_rev`). */
export function mergeDocs(a: SyncDoc, b: SyncDoc): SyncDoc {
  const out: SyncDoc = {
    _id: a._id,
    kind: a.kind,
    rid: a.rid,
    f: mergeRecord(a.f, b.f, laterReg) ?? {},
    del: laterReg(a.del, b.del),
  };
  if (a._rev) out._rev = a._rev;
  if (a.item !== undefined) out.item = a.item;
  const tags = mergeRecord(a.tags, b.tags, (x, y) => (x.c !== y.c ? (x.c > y.c ? x : y) : x.on ? x : y));
  if (tags) out.tags = tags;
  const notes = mergeRecord(a.notes, b.notes, (x, y) => mergeNoteValues(x, y));
  if (notes) out.notes = notes;
  return out;
}

/** The latest stamp in a document other than its delete's. */
export function lastEdit(doc: SyncDoc): Stamp {
  let last = '';
  for (const r of Object.values(doc.f)) if (r.c > last) last = r.c;
  for (const t of Object.values(doc.tags ?? {})) if (t.c > last) last = t.c;
  for (const vs of Object.values(doc.notes ?? {})) for (const v of vs) if (v.c > last) last = v.c;
  return last;
}

/** Whether the record is there: never deleted, restored, or edited after its delete. */
export function isAlive(doc: SyncDoc | undefined): boolean {
  if (!doc) return false;
  return !doc.del.v || lastEdit(doc) > doc.del.c;
}

/** Every stamp in a document (to move the clock past them). */
export function stampsOf(doc: SyncDoc): Stamp[] {
  const out = [doc.del.c];
  for (const r of Object.values(doc.f)) out.push(r.c);
  for (const t of Object.values(doc.tags ?? {})) out.push(t.c);
  for (const vs of Object.values(doc.notes ?? {})) for (const v of vs) out.push(v.c);
  return out;
}

/** The document's content without PouchDB's own fields (to compare two versions). */
export function contentOf(doc: SyncDoc): string {
  const { _id, _rev, ...rest } = doc as SyncDoc & { _conflicts?: unknown; _revisions?: unknown };
  delete (rest as { _conflicts?: unknown })._conflicts;
  return canonical(rest);
}
