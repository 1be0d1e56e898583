/** The local sync database in the browser: PouchDB on IndexedDB (its own database, beside the library's). */
import IdbAdapter from 'pouchdb-adapter-idb';
import type { SyncDoc } from '../sync/doc';
import { LOCAL_DB, LOCAL_OPTIONS, PouchDB, type SyncDb } from './index';

PouchDB.plugin(IdbAdapter);

export function openLocal(name = LOCAL_DB): SyncDb {
  return new PouchDB<SyncDoc>(name, { ...LOCAL_OPTIONS, adapter: 'idb' });
}
