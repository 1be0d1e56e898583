/** What every background module shares: the database, the library service and who "we" are. */
import type { ScrapnoteDB } from '@/lib/db';
import type { LibraryService } from '@/lib/db/service';
import type { Self } from '@/lib/messaging/handle';

export interface BackgroundContext {
  db: ScrapnoteDB;
  /** The one write path: every change to the library goes through it. */
  library: LibraryService;
  self: Self;
}
