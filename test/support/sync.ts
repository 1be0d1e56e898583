/** Libraries that sync, for tests: a Dexie library on fake-indexeddb with its service and a local PouchDB in memory. */
import 'fake-indexeddb/auto';
import MemoryAdapter from 'pouchdb-adapter-memory';
import { ScrapnoteDB } from '@/lib/db';
import { LibraryService } from '@/lib/db/service';
import { LOCAL_OPTIONS, PouchDB, type SyncDb } from '@/lib/pouch';
import { type RoundOptions, syncRound } from '@/lib/pouch/engine';
import type { SyncDoc } from '@/lib/sync/doc';

PouchDB.plugin(MemoryAdapter);

/** A fresh database name (memory databases of one process share names). */
export const uniqueName = (prefix: string) => `${prefix}-${++unique}`;

let unique = 0;

export interface Replica {
  name: string;
  db: ScrapnoteDB;
  library: LibraryService;
  local: SyncDb;
}

export function makeReplica(name: string): Replica {
  const id = `${name}-${++unique}`;
  const db = new ScrapnoteDB(`lib-${id}`);
  return {
    name,
    db,
    library: new LibraryService(db),
    local: new PouchDB<SyncDoc>(`pouch-${id}`, { ...LOCAL_OPTIONS, adapter: 'memory' }),
  };
}

export const sync = (r: Replica, remote: SyncDb, options: Partial<RoundOptions> = {}) =>
  syncRound({ db: r.db, library: r.library, local: r.local, remote, sleep: async () => undefined, ...options });

/** A library's content: items with highlights, and the reading history, in a fixed order. */
export async function snapshot(r: Replica) {
  const items = (await r.db.items.toArray())
    .map((row) => ({ ...row, highlights: [...(row.highlights ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1)) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const reads = (await r.db.reads.toArray()).sort((a, b) => (a.key < b.key ? -1 : 1));
  return { items, reads };
}
