/**
 * One sync round, short enough for a service worker that may be stopped at any time:
 * 1. the library's changes since the last round (the change feed, local rows only) become sync
 *    documents in the local PouchDB database, each changed field stamped (lib/sync/hlc.ts);
 * 2. the local database replicates from the server and back to it (PouchDB's one-shot
 *    replication, which resumes from its checkpoints); 429, 503 and dropped connections are
 *    retried with backoff;
 * 3. every document with conflicting revisions is merged field by field (lib/sync/doc.ts), the
 *    merge written on the winning revision and the losing revisions removed;
 * 4. documents that changed are turned back into items, highlights and reading history and
 *    written through the library service with origin 'remote' (not sent back).
 * Each step saves its checkpoint in the local database (`_local/scrapnote-sync`) only once its
 * writes are done; a round stopped anywhere redoes at most its unfinished step, which changes
 * nothing twice (every step compares before it writes).
 */
import { changesSince, deviceId, lastSeq } from '../db/feed';
import type { ItemRow, ReadRow, ScrapnoteDB } from '../db/index';
import { fromRow, highlightsOfRow } from '../db/index';
import type { RemoteBatch } from '../db/remote';
import type { LibraryService } from '../db/service';
import type { Highlight, SavedItem } from '../model';
import { canonical, isAlive, mergeDocs, type SyncDoc, stampsOf } from '../sync/doc';
import { type Clock, StampSource, ZERO_CLOCK } from '../sync/hlc';
import {
  authorDocId,
  authorOfDoc,
  authorState,
  bodyDocId,
  highlightDocId,
  highlightOfDoc,
  highlightRange,
  highlightState,
  itemDocId,
  itemOfDocs,
  itemStates,
  muteDocId,
  mutedWordOfDoc,
  readDocId,
  readOfDoc,
  tagsOf,
  updateDoc,
} from '../sync/map';
import { renderNote, writeNote } from '../sync/notes';
import type { SyncDb } from './index';

const STATE_ID = '_local/scrapnote-sync';

interface SyncState {
  _id: string;
  _rev?: string;
  /** The last feed row turned into documents. */
  feedSeq: number;
  /** The last change of the local database applied to the library. */
  applySeq: number | string;
  /**
   * The change of the local database up to which the server has every document: written here and
   * pushed, or pulled from it; which server (its address), and how many documents it held then
   * (live and deleted: the count only grows). For another server, or one that holds fewer (its
   * database made again, or restored from an older copy), nothing is known, and a push starts
   * from PouchDB's own checkpoint for it, which checks the server's side too.
   */
  pushed?: { to: string; seq: number | string; docs: number };
  clock: Clock;
  /** Whether the whole library was turned into documents once (the first round does it). */
  initialized: boolean;
}

export interface RoundReport {
  /** Documents written from local changes. */
  written: number;
  /** Documents sent to and received from the server. */
  sent: number;
  received: number;
  /** Documents whose conflicting revisions were merged. */
  merged: number;
  /** Items and reading history entries changed in the library. */
  applied: number;
  /** Items left for the next round (changed here meanwhile, or the same post under another id). */
  heldBack: number;
}

/** A failure the reader should read: what happened and that the library is unchanged. */
export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    readonly kind: 'auth' | 'not-found' | 'network' | 'server' | 'storage',
    message: string,
  ) {
    super(message);
  }
}

export interface RoundOptions {
  db: ScrapnoteDB;
  library: LibraryService;
  local: SyncDb;
  remote: SyncDb;
  now?: () => number;
  /** Wait between retries (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  /** Retries of a replication on 429, 503 or a dropped connection. */
  retries?: number;
  /** Documents per replication batch. */
  batchSize?: number;
}

/** HTTP statuses worth a retry: too many requests, a server restarting or overloaded. */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** The reader's message for a failure of the server or the connection. */
export function describeFailure(e: unknown): SyncError {
  if (e instanceof SyncError) return e;
  const status = statusOf(e);
  if (status === 401 || status === 403) {
    return new SyncError(
      'auth',
      'The server refused the user name or password. Nothing was changed in your library; check them and sync again.',
    );
  }
  if (status === 404) {
    return new SyncError('not-found', 'The server has no database at this address. Check the database address.');
  }
  if (status !== undefined && status >= 400) {
    return new SyncError('server', `The server answered ${status}. Nothing was lost; sync will try again.`);
  }
  const name = (e as { name?: string } | null)?.name;
  if (name === 'StorageFullError' || name === 'QuotaExceededError') {
    return new SyncError('storage', (e as Error).message);
  }
  return new SyncError(
    'network',
    'The server could not be reached. Nothing was lost; sync will try again when it is back.',
  );
}

function retryable(e: unknown): boolean {
  const status = statusOf(e);
  if (status === undefined || status === 0) {
    // No HTTP answer: a dropped connection or a server that is down (fetch failed).
    const name = (e as { name?: string } | null)?.name;
    return name !== 'StorageFullError' && name !== 'QuotaExceededError';
  }
  return RETRY_STATUS.has(status);
}

async function withRetry<T>(run: () => Promise<T>, retries: number, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= retries || !retryable(e)) throw e;
      // 0.5 s, 1 s, 2 s, 4 s ... with jitter, at most 30 s.
      const base = Math.min(30_000, 500 * 2 ** attempt);
      await sleep(base / 2 + Math.random() * (base / 2));
    }
  }
}

async function readState(local: SyncDb): Promise<SyncState> {
  try {
    return (await local.get(STATE_ID)) as unknown as SyncState;
  } catch {
    return { _id: STATE_ID, feedSeq: 0, applySeq: 0, clock: ZERO_CLOCK, initialized: false };
  }
}

async function saveState(local: SyncDb, state: SyncState): Promise<void> {
  const res = await local.put(state as unknown as SyncDoc);
  state._rev = res.rev;
}

async function docsById(local: SyncDb, ids: readonly string[]): Promise<Map<string, SyncDoc>> {
  const out = new Map<string, SyncDoc>();
  if (!ids.length) return out;
  const res = await local.allDocs({ keys: [...ids], include_docs: true });
  for (const row of res.rows) {
    const doc = (row as { doc?: SyncDoc | null }).doc;
    if (doc) out.set(doc._id, doc);
  }
  return out;
}

/**
 * The highlight documents of these items, by item id: a range of ids per item, or one scan of all
 * highlight documents when the items are more than `scanAbove` (a good trade only when they are a
 * large share of the library).
 */
async function highlightDocsOf(
  local: SyncDb,
  itemIds: readonly string[],
  scanAbove = 200,
): Promise<Map<string, SyncDoc[]>> {
  const out = new Map<string, SyncDoc[]>(itemIds.map((id) => [id, []]));
  const take = (rows: ReadonlyArray<{ doc?: SyncDoc | null }>) => {
    for (const row of rows) {
      const doc = row.doc;
      if (doc?.item !== undefined) out.get(doc.item)?.push(doc);
    }
  };
  if (itemIds.length > scanAbove) {
    let startkey = 'hl:';
    for (;;) {
      const res = await local.allDocs({ startkey, endkey: 'hl:\uffff', include_docs: true, limit: 5000, skip: 0 });
      const rows = startkey === 'hl:' ? res.rows : res.rows.slice(1);
      take(rows as ReadonlyArray<{ doc?: SyncDoc | null }>);
      if (res.rows.length < 5000) break;
      startkey = res.rows[res.rows.length - 1]!.id;
    }
  } else {
    await Promise.all(
      itemIds.map(async (id) => {
        const res = await local.allDocs({ ...highlightRange(id), include_docs: true });
        take(res.rows as ReadonlyArray<{ doc?: SyncDoc | null }>);
      }),
    );
  }
  return out;
}

const CHUNK = 500;
/**
 * Changes of the local database applied to the library at once (one library transaction and one
 * checkpoint each): an item's documents (item, body, highlights) mostly arrive in the same batch.
 */
const APPLY_CHUNK = 2000;

/** Step 1: the library's local changes since the last round become documents. */
async function writeLocalChanges(db: ScrapnoteDB, local: SyncDb, state: SyncState, stamps: StampSource) {
  const top = await lastSeq(db);
  const items = new Set<string>();
  const withHighlights = new Set<string>();
  const reads = new Set<string>();
  const authors = new Set<string>();
  const words = new Set<string>();
  if (!state.initialized) {
    for (const id of (await db.items.toCollection().primaryKeys()) as string[]) {
      items.add(id);
      withHighlights.add(id);
    }
    for (const key of (await db.reads.toCollection().primaryKeys()) as string[]) reads.add(key);
    for (const key of (await db.authors.toCollection().primaryKeys()) as string[]) authors.add(key);
    for (const word of (await db.mutedWords.toCollection().primaryKeys()) as string[]) words.add(word);
  }
  // The feed from the last round on (on the first round, deletions the library no longer holds).
  for (const row of await changesSince(db, state.feedSeq)) {
    if (row.seq! > top) break;
    if (row.origin !== 'local') continue;
    for (const c of row.changes) {
      if (c.entity === 'read') reads.add(c.id);
      else if (c.entity === 'author') authors.add(c.id);
      else if (c.entity === 'mute') words.add(c.id);
      else {
        items.add(c.itemId);
        if (c.entity === 'highlight') withHighlights.add(c.itemId);
      }
    }
  }
  const empty = !state.initialized && (await local.info()).doc_count === 0;
  let written = 0;
  const ids = [...items];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await db.items.bulkGet(chunk);
    const known = empty
      ? new Map<string, SyncDoc>()
      : await docsById(
          local,
          chunk.flatMap((id) => [itemDocId(id), bodyDocId(id)]),
        );
    const hlIds = chunk.filter((id) => withHighlights.has(id));
    const hls = empty ? new Map<string, SyncDoc[]>() : await highlightDocsOf(local, hlIds);
    const out: SyncDoc[] = [];
    chunk.forEach((id, k) => {
      const row = rows[k];
      const item = row ? fromRow(row) : undefined;
      const states = item ? itemStates(item) : undefined;
      const itemDoc = updateDoc(
        known.get(itemDocId(id)),
        { _id: itemDocId(id), kind: 'item', rid: id },
        states?.item,
        stamps,
      );
      if (itemDoc) out.push(itemDoc);
      if (states) {
        const body = updateDoc(
          known.get(bodyDocId(id)),
          { _id: bodyDocId(id), kind: 'body', rid: id, item: id },
          states.body,
          stamps,
        );
        if (body) out.push(body);
      }
      // An item's delete leaves its highlight documents as they are: they are hidden with it and
      // come back with it when an edit made after the delete restores it.
      if (!row || !withHighlights.has(id)) return;
      const docs = new Map((hls.get(id) ?? []).map((d) => [d.rid, d] as const));
      for (const h of highlightsOfRow(row)) {
        const _id = highlightDocId(id, h.id);
        const doc = updateDoc(docs.get(h.id), { _id, kind: 'hl', rid: h.id, item: id }, highlightState(h), stamps);
        docs.delete(h.id);
        if (doc) out.push(doc);
      }
      for (const [hid, gone] of docs) {
        const doc = updateDoc(gone, { _id: gone._id, kind: 'hl', rid: hid, item: id }, undefined, stamps);
        if (doc) out.push(doc);
      }
    });
    written += await bulkWrite(local, out);
  }
  const keys = [...reads];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const rows = await db.reads.bulkGet(chunk);
    const known = empty ? new Map<string, SyncDoc>() : await docsById(local, chunk.map(readDocId));
    const out: SyncDoc[] = [];
    chunk.forEach((key, k) => {
      const r = rows[k];
      const state = r ? { fields: { url: r.url, at: r.at, comments: r.comments } } : undefined;
      const doc = updateDoc(known.get(readDocId(key)), { _id: readDocId(key), kind: 'read', rid: key }, state, stamps);
      if (doc) out.push(doc);
    });
    written += await bulkWrite(local, out);
  }
  written += await writeAuthorsAndWords(db, local, [...authors], [...words], empty, stamps);
  state.feedSeq = top;
  state.initialized = true;
  state.clock = stamps.state;
  await saveState(local, state);
  return written;
}

/** Step 1, notes on authors and muted words: their documents after the local changes. */
async function writeAuthorsAndWords(
  db: ScrapnoteDB,
  local: SyncDb,
  authorKeys: string[],
  words: string[],
  empty: boolean,
  stamps: StampSource,
): Promise<number> {
  if (!authorKeys.length && !words.length) return 0;
  const [authorRows, wordRows] = await Promise.all([db.authors.bulkGet(authorKeys), db.mutedWords.bulkGet(words)]);
  const known = empty
    ? new Map<string, SyncDoc>()
    : await docsById(local, [...authorKeys.map(authorDocId), ...words.map(muteDocId)]);
  const out: SyncDoc[] = [];
  authorKeys.forEach((key, k) => {
    const row = authorRows[k];
    const _id = authorDocId(key);
    const doc = updateDoc(known.get(_id), { _id, kind: 'author', rid: key }, row && authorState(row), stamps);
    if (doc) out.push(doc);
  });
  words.forEach((word, k) => {
    const row = wordRows[k];
    const _id = muteDocId(word);
    const state = row ? { fields: { createdAt: row.createdAt } } : undefined;
    const doc = updateDoc(known.get(_id), { _id, kind: 'mute', rid: word }, state, stamps);
    if (doc) out.push(doc);
  });
  return bulkWrite(local, out);
}

async function bulkWrite(local: SyncDb, docs: SyncDoc[]): Promise<number> {
  if (!docs.length) return 0;
  const res = await local.bulkDocs(docs);
  const failed = res.filter((r) => (r as { error?: unknown }).error);
  if (failed.length) throw new Error(`The local sync database refused ${failed.length} documents.`);
  return docs.length;
}

/** Step 3: merge the conflicting revisions of these documents; returns how many were merged. */
async function resolveConflicts(local: SyncDb, docs: readonly (SyncDoc & { _conflicts?: string[] })[]) {
  let merged = 0;
  for (const doc of docs) {
    if (!doc._conflicts?.length) continue;
    const losers = await Promise.all(doc._conflicts.map((rev) => local.get(doc._id, { rev })));
    let result: SyncDoc = { ...doc };
    delete (result as { _conflicts?: unknown })._conflicts;
    for (const other of losers) result = mergeDocs(result, other as SyncDoc);
    const writes: Array<SyncDoc | { _id: string; _rev: string; _deleted: true }> = [];
    if (canonical({ ...result, _rev: '' }) !== canonical({ ...doc, _rev: '', _conflicts: undefined })) {
      writes.push({ ...result, _rev: doc._rev });
    }
    for (const rev of doc._conflicts) writes.push({ _id: doc._id, _rev: rev, _deleted: true });
    await local.bulkDocs(writes as SyncDoc[]);
    merged++;
  }
  return merged;
}

/** Step 4: the documents changed since the last round, applied to the library. */
async function applyChanges(
  db: ScrapnoteDB,
  library: LibraryService,
  local: SyncDb,
  state: SyncState,
  stamps: StampSource,
) {
  let merged = 0;
  let applied = 0;
  let heldBack = 0;
  let folded = 0;
  for (;;) {
    const since = await lastSeq(db);
    const res = await local.changes({ since: state.applySeq, include_docs: true, conflicts: true, limit: APPLY_CHUNK });
    if (!res.results.length) break;
    const docs = res.results
      .map((r) => r.doc as (SyncDoc & { _conflicts?: string[]; _deleted?: boolean }) | undefined)
      .filter((d): d is SyncDoc & { _conflicts?: string[] } => !!d && !d._deleted && !d._id.startsWith('_'));
    const conflicted = docs.filter((d) => d._conflicts?.length);
    if (conflicted.length) {
      merged += await resolveConflicts(local, conflicted);
      // The merged documents come back as newer changes; read this batch again from there.
      continue;
    }
    const itemIds = new Set<string>();
    const readDocs: SyncDoc[] = [];
    const authorDocs: SyncDoc[] = [];
    const wordDocs: SyncDoc[] = [];
    for (const doc of docs) {
      for (const s of stampsOf(doc)) stamps.see(s);
      if (doc.kind === 'read') readDocs.push(doc);
      else if (doc.kind === 'author') authorDocs.push(doc);
      else if (doc.kind === 'mute') wordDocs.push(doc);
      else itemIds.add(doc.kind === 'item' ? doc.rid : doc.item!);
    }
    const batch: RemoteBatch = {
      items: [],
      deleteItems: [],
      reads: [],
      deleteReads: [],
      authors: [],
      deleteAuthors: [],
      words: [],
      deleteWords: [],
    };
    const ids = [...itemIds];
    // The items' and bodies' documents: those of this batch as read, the others from the database.
    const inBatch = new Map(docs.map((d) => [d._id, d] as const));
    const wanted = ids.flatMap((id) => [itemDocId(id), bodyDocId(id)]);
    const known = await docsById(
      local,
      wanted.filter((key) => !inBatch.has(key)),
    );
    for (const key of wanted) {
      const doc = inBatch.get(key);
      if (doc) known.set(key, doc);
    }
    // A batch's items are a small share of a large library: a range each, never a scan of all.
    const hls = await highlightDocsOf(local, ids, Number.POSITIVE_INFINITY);
    if (await foldSamePosts(db, local, ids, known, hls, stamps)) {
      folded++;
      // The folded documents come back as newer changes; read this batch again from there.
      continue;
    }
    const rows = await db.items.bulkGet(ids);
    ids.forEach((id, k) => {
      const row = rows[k];
      const itemDoc = known.get(itemDocId(id));
      if (!itemDoc) return;
      const item = itemOfDocs(itemDoc, known.get(bodyDocId(id)));
      if (!item) {
        // Deleted (or its body has not arrived yet: it comes in a later change).
        if (row && known.has(bodyDocId(id))) batch.deleteItems.push(id);
        return;
      }
      const highlights = (hls.get(id) ?? [])
        .map(highlightOfDoc)
        .filter((h): h is Highlight => !!h)
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      if (row && sameItem(fromRow(row), item, highlightsOfRow(row), highlights)) return;
      batch.items.push({ item, highlights });
    });
    const readRows = await db.reads.bulkGet(readDocs.map((d) => d.rid));
    readDocs.forEach((doc, k) => {
      const read = readOfDoc(doc);
      const have = readRows[k];
      if (!read) {
        if (have) batch.deleteReads.push(doc.rid);
      } else if (!have || canonical(have) !== canonical(read)) batch.reads.push(read as ReadRow);
    });
    await otherRecordsOf(db, authorDocs, wordDocs, batch);
    const others =
      batch.authors!.length + batch.deleteAuthors!.length + batch.words!.length + batch.deleteWords!.length;
    if (batch.items.length || batch.deleteItems.length || batch.reads.length || batch.deleteReads.length || others) {
      const report = await library.applyRemote(batch, since);
      applied += report.items + report.reads;
      heldBack += report.heldBack.length;
    }
    state.applySeq = res.last_seq;
    state.clock = stamps.state;
    await saveState(local, state);
  }
  return { merged: merged + folded, applied, heldBack };
}

/** Into `batch`: the notes on authors and muted words these documents change in the library. */
async function otherRecordsOf(db: ScrapnoteDB, authorDocs: SyncDoc[], wordDocs: SyncDoc[], batch: RemoteBatch) {
  const [authorRows, wordRows] = await Promise.all([
    db.authors.bulkGet(authorDocs.map((d) => d.rid)),
    db.mutedWords.bulkGet(wordDocs.map((d) => d.rid)),
  ]);
  authorDocs.forEach((doc, k) => {
    const author = authorOfDoc(doc);
    const have = authorRows[k];
    if (!author) {
      if (have) batch.deleteAuthors!.push(doc.rid);
    } else if (!have || canonical(have) !== canonical(author)) batch.authors!.push(author);
  });
  wordDocs.forEach((doc, k) => {
    const word = mutedWordOfDoc(doc);
    if (!word) {
      if (wordRows[k]) batch.deleteWords!.push(doc.rid);
    } else if (!wordRows[k]) batch.words!.push(word);
  });
}

/**
 * The same post saved on two devices before they synced has two items (two ids, one canonical
 * key, which the library keeps unique). Both devices fold them into the item with the smaller id,
 * so they agree without talking: its tags gain the other's, its note gains the other's text (both
 * kept), the other's highlights move over, and the other item is deleted. Returns whether it
 * wrote anything.
 */
async function foldSamePosts(
  db: ScrapnoteDB,
  local: SyncDb,
  ids: readonly string[],
  known: Map<string, SyncDoc>,
  hls: Map<string, SyncDoc[]>,
  stamps: StampSource,
): Promise<boolean> {
  /** Alive incoming items by canonical key (several ids may share one). */
  const incoming = new Map<string, string[]>();
  for (const id of ids) {
    const doc = known.get(itemDocId(id));
    const key = doc?.f.canonicalKey?.v;
    if (doc && isAlive(doc) && typeof key === 'string') incoming.set(key, [...(incoming.get(key) ?? []), id]);
  }
  if (!incoming.size) return false;
  const pairs: Array<{ row: ItemRow; otherId: string }> = [];
  for (const row of await db.items
    .where('canonicalKey')
    .anyOf([...incoming.keys()])
    .toArray()) {
    for (const otherId of incoming.get(row.canonicalKey) ?? []) if (otherId !== row.id) pairs.push({ row, otherId });
  }
  if (!pairs.length) return false;
  const holders = [...new Map(pairs.map((p) => [p.row.id, p.row] as const)).values()];
  const holderDocs = await docsById(
    local,
    holders.map((r) => itemDocId(r.id)),
  );
  const holderHls = await highlightDocsOf(
    local,
    holders.map((r) => r.id),
  );
  const out: SyncDoc[] = [];
  const winners: SyncDoc[] = [];
  for (const { row, otherId } of pairs) {
    const mine = holderDocs.get(itemDocId(row.id));
    const theirs = known.get(itemDocId(otherId));
    // Its delete is on its way (this device folded it already), or it has no document yet.
    if (!mine || !isAlive(mine) || !theirs) continue;
    const [winner, loser] = row.id < otherId ? [mine, theirs] : [theirs, mine];
    const loserHls = (row.id < otherId ? hls.get(otherId) : holderHls.get(row.id)) ?? [];
    const winnerHls = new Set(((row.id < otherId ? holderHls.get(row.id) : hls.get(otherId)) ?? []).map((d) => d.rid));
    for (const h of loserHls) {
      if (!isAlive(h) || winnerHls.has(h.rid)) continue;
      const fields = Object.fromEntries(Object.entries(h.f).map(([k, r]) => [k, r.v]));
      const copy = updateDoc(
        undefined,
        { _id: highlightDocId(winner.rid, h.rid), kind: 'hl', rid: h.rid, item: winner.rid },
        { fields, notes: { note: renderNote(h.notes?.note) } },
        stamps,
      );
      if (copy) out.push(copy);
    }
    const dead = updateDoc(loser, { _id: loser._id, kind: 'item', rid: loser.rid }, undefined, stamps);
    if (dead) out.push(dead);
    const next: SyncDoc = structuredClone(winner);
    for (const tag of tagsOf(loser)) {
      if (next.tags?.[tag]?.on) continue;
      next.tags = { ...next.tags, [tag]: { on: true, c: stamps.next() } };
    }
    const a = renderNote(winner.notes?.note);
    const b = renderNote(loser.notes?.note);
    if (b.trim() && !a.includes(b)) {
      const values = [...(winner.notes?.note ?? []), ...(loser.notes?.note ?? [])];
      next.notes = {
        ...next.notes,
        note: writeNote(values, a.trim() ? `${a}\n\n${b}` : b, stamps.next(), stamps.device),
      };
    }
    winners.push(next);
  }
  // The winners last: when they are applied, the losers' deletes and the moved highlights are in.
  return (await bulkWrite(local, [...out, ...winners])) > 0;
}

function sameItem(a: SavedItem, b: SavedItem, ha: readonly Highlight[], hb: readonly Highlight[]): boolean {
  if (canonical(a) !== canonical(b) || ha.length !== hb.length) return false;
  const byId = new Map(ha.map((h) => [h.id, canonical(h)] as const));
  return hb.every((h) => byId.get(h.id) === canonical(h));
}

/** The documents a database holds, live and deleted. */
const docTotal = (info: PouchDB.Core.DatabaseInfo) =>
  info.doc_count + ((info as { doc_del_count?: number }).doc_del_count ?? 0);

/** The local change up to which this server has everything, when known (`docs`: what it holds now). */
function pushedTo(state: SyncState, remote: SyncDb, docs: number): number | string | undefined {
  const p = state.pushed;
  return p?.to === remote.name && docs >= p.docs ? p.seq : undefined;
}

/** Remember that the server has every local change up to `seq`. */
async function markPushed(
  state: SyncState,
  remote: SyncDb,
  seq: number | string,
  retries: number,
  sleep: (ms: number) => Promise<void>,
) {
  const info = await withRetry(() => remote.info(), retries, sleep);
  state.pushed = { to: remote.name, seq, docs: docTotal(info) };
}

/** Replicate to the server from where it has everything; afterwards it has everything. */
async function push(
  local: SyncDb,
  remote: SyncDb,
  replicate: { batch_size: number; batches_limit: number },
  state: SyncState,
  since: number | string | undefined,
  retries: number,
  sleep: (ms: number) => Promise<void>,
) {
  const from = since === undefined ? {} : { since };
  const result = await withRetry(() => local.replicate.to(remote, { ...replicate, ...from }), retries, sleep);
  await markPushed(state, remote, result.last_seq, retries, sleep);
  return result;
}

/** One sync round (see the top of this file). Throws a SyncError the reader can read. */
export async function syncRound(options: RoundOptions): Promise<RoundReport> {
  const { db, library, local, remote } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retries = options.retries ?? 5;
  const batchSize = options.batchSize ?? 500;
  try {
    // Ask the server first: a wrong password or address stops here, before anything changes.
    const server = await withRetry(() => remote.info(), retries, sleep);
    const state = await readState(local);
    const stamps = new StampSource(state.clock, await deviceId(db), now);
    // When every earlier change of the local database is applied, this round's own documents
    // (written from the library just now) need no applying back: the apply starts after them.
    const caughtUp = String((await local.info()).update_seq) === String(state.applySeq);
    const written = await writeLocalChanges(db, local, state, stamps);
    if (caughtUp && written) {
      state.applySeq = (await local.info()).update_seq;
      await saveState(local, state);
    }
    const replicate = { batch_size: batchSize, batches_limit: 4 };
    const pushed = pushedTo(state, remote, docTotal(server));
    // (A fresh local database has nothing to send: 0.)
    const unsent = String((await local.info()).update_seq) !== String(pushed ?? 0);
    const pull = await withRetry(() => local.replicate.from(remote, replicate), retries, sleep);
    // Push from where the server has everything. With nothing written here since then, the
    // documents just pulled are all the new ones: they came from the server, so there is nothing
    // to send, and the next push starts after them rather than checking each against the server
    // (after a first download, 70,000 documents: a fifth of the round).
    let sent = 0;
    if (unsent) sent += (await push(local, remote, replicate, state, pushed, retries, sleep)).docs_written;
    else await markPushed(state, remote, (await local.info()).update_seq, retries, sleep);
    await saveState(local, state);
    const { merged, applied, heldBack } = await applyChanges(db, library, local, state, stamps);
    // Merged documents go back to the server in the same round.
    if (merged) {
      sent += (await push(local, remote, replicate, state, state.pushed?.seq, retries, sleep)).docs_written;
      await saveState(local, state);
    }
    return { written, sent, received: pull.docs_written, merged, applied, heldBack };
  } catch (e) {
    throw describeFailure(e);
  }
}

/** Forget the local sync database (Stop syncing): the library itself is not touched. */
export async function forgetLocal(local: SyncDb): Promise<void> {
  await local.destroy();
}
