/**
 * Platform adapter: PouchDB, the CouchDB replication engine of sync. The extension keeps a local
 * PouchDB database of sync documents (lib/sync/map.ts) beside the library (Dexie stays the
 * library's store) and replicates it with the reader's CouchDB server. The local database's
 * storage is given by the caller: IndexedDB in the browser (./browser.ts), memory in tests.
 */

import HttpAdapter from 'pouchdb-adapter-http';
import PouchDB from 'pouchdb-core';
import Replication from 'pouchdb-replication';
import type { SyncDoc } from '../sync/doc';

// Once per PouchDB: a module evaluated again (tests reset modules) must not add them twice.
const flag = PouchDB as unknown as { scrapnotePlugins?: true };
if (!flag.scrapnotePlugins) {
  PouchDB.plugin(HttpAdapter).plugin(Replication);
  flag.scrapnotePlugins = true;
}

export { PouchDB };
export type SyncDb = PouchDB.Database<SyncDoc>;

/** The name of the local database of sync documents. */
export const LOCAL_DB = 'scrapnote-sync';

/**
 * How the local database is opened (besides its storage). Revision ids are random rather than an
 * MD5 of each document (PouchDB's default): hashing every document written from the library was a
 * tenth of a first sync, and nothing needs two devices to make the same revision id (conflicting
 * revisions are merged whatever their ids).
 */
export const LOCAL_OPTIONS = { deterministic_revs: false } as const;

/** Where and as whom to sync: the address never holds the credentials (they go in a header). */
export interface RemoteConfig {
  url: string;
  username?: string;
  password?: string;
}

/** The reader's database on the server. Credentials travel as a Basic header, never in the URL. */
export function openRemote(config: RemoteConfig, fetchImpl?: typeof fetch): SyncDb {
  const options: PouchDB.HttpAdapter.HttpAdapterConfiguration & { fetch?: unknown } = {
    adapter: 'http',
    skip_setup: false,
  };
  if (config.username) options.auth = { username: config.username, password: config.password ?? '' };
  if (fetchImpl) options.fetch = fetchImpl;
  return new PouchDB<SyncDoc>(config.url, options);
}
