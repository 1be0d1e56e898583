/**
 * The side panel's library queries. Lists are computed from index keys only (no item records
 * are read), so sorting and filtering 10,000 items stays cheap; records are read for the rows
 * on screen only (libraryRows).
 */
import type { ItemKind } from '../model';
import type { ScrapnoteDB } from './index';

export type LibrarySort = 'saved' | 'published';

export interface LibraryFilter {
  tag?: string;
  host?: string;
  kind?: ItemKind;
  /** Inclusive bounds in milliseconds on the sorted date (saved or published). */
  fromMs?: number;
  toMs?: number;
  hasHighlights?: boolean;
  /** A note on the item or on one of its highlights. */
  hasNotes?: boolean;
  /** Only posts deleted at their source (found gone by "Check again"). */
  gone?: boolean;
}

/** Ids of the items passing `filter`, newest first by the chosen date. Undated items come last when sorting by publication. */
export async function libraryIds(db: ScrapnoteDB, sort: LibrarySort, filter: LibraryFilter = {}): Promise<string[]> {
  return db.transaction('r', db.items, async () => {
    const ranged = filter.fromMs !== undefined || filter.toMs !== undefined;
    const lo = filter.fromMs ?? -Infinity;
    const hi = filter.toMs ?? Infinity;
    let ids: string[];
    if (sort === 'saved') {
      const coll = ranged
        ? db.items.where('savedAt').between(isoOrMin(lo), isoOrMax(hi), true, true)
        : db.items.orderBy('savedAt');
      ids = ((await coll.primaryKeys()) as string[]).reverse();
    } else {
      const coll = ranged ? db.items.where('publishedMs').between(lo, hi, true, true) : db.items.orderBy('publishedMs');
      ids = ((await coll.primaryKeys()) as string[]).reverse();
      if (!ranged) {
        // Items without a publication date are not in the publishedMs index: add them, newest saved first.
        const dated = new Set(ids);
        const all = ((await db.items.orderBy('savedAt').primaryKeys()) as string[]).reverse();
        for (const id of all) if (!dated.has(id)) ids.push(id);
      }
    }
    const sets: Array<Set<string>> = [];
    if (filter.tag !== undefined) sets.push(new Set(await db.items.where('tags').equals(filter.tag).primaryKeys()));
    if (filter.host !== undefined) {
      sets.push(new Set(await db.items.where('site.host').equals(filter.host).primaryKeys()));
    }
    if (filter.kind !== undefined) sets.push(new Set(await db.items.where('kind').equals(filter.kind).primaryKeys()));
    if (filter.hasHighlights) sets.push(new Set(await db.items.where('hasHighlights').equals(1).primaryKeys()));
    // `hasNote` covers the item's note and its highlights' notes.
    if (filter.hasNotes) sets.push(new Set(await db.items.where('hasNote').equals(1).primaryKeys()));
    if (filter.gone) sets.push(new Set(await db.items.where('status').equals('gone').primaryKeys()));
    return sets.length ? ids.filter((id) => sets.every((s) => s.has(id))) : ids;
  });
}

/**
 * The first `n` ids of the whole library by the chosen date, newest first: `libraryIds(db, sort)`
 * cut to `n`, read from the end of the sort index alone. The full list walks all 10,000 index
 * entries (a few hundred milliseconds in Chromium), this reads `n`: what the first screen needs.
 */
export async function libraryHead(db: ScrapnoteDB, sort: LibrarySort, n: number): Promise<string[]> {
  if (sort === 'saved') return (await db.items.orderBy('savedAt').reverse().limit(n).primaryKeys()) as string[];
  const dated = (await db.items.orderBy('publishedMs').reverse().limit(n).primaryKeys()) as string[];
  // Fewer dated items than asked: the undated ones follow (libraryIds decides their order).
  return dated.length === n ? dated : (await libraryIds(db, sort)).slice(0, n);
}

function isoOrMin(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}
function isoOrMax(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '\uffff';
}

/** What a library row shows. */
export interface LibraryRow {
  id: string;
  url: string;
  title: string;
  site: string;
  kind: ItemKind;
  savedAt: string;
  publishedAt: string | null;
  tags: string[];
  hasNote: boolean;
  highlights: number;
  /** Deleted at its source. */
  gone?: boolean;
  /** How many versions of the post are kept (1 until it changed at its source). */
  versions?: number;
}

/** The rows of some items (those on screen), in the order asked; missing items are left out. */
export async function libraryRows(db: ScrapnoteDB, ids: readonly string[]): Promise<LibraryRow[]> {
  return db.items.bulkGet([...ids]).then((items) =>
    items
      .filter((i) => i !== undefined)
      .map((i) => ({
        id: i.id,
        url: i.url,
        title: i.title,
        site: i.site.name ?? i.site.host,
        kind: i.kind,
        savedAt: i.savedAt,
        publishedAt: i.publishedAt,
        tags: i.tags,
        hasNote: Boolean(i.note.trim()),
        highlights: i.highlights?.length ?? 0,
        ...(i.status === 'gone' ? { gone: true } : {}),
        ...(i.versions?.length ? { versions: i.versions.length + 1 } : {}),
      })),
  );
}

/** Every site host in the library, sorted. */
export async function libraryHosts(db: ScrapnoteDB): Promise<string[]> {
  return ((await db.items.orderBy('site.host').uniqueKeys()) as string[]).sort();
}

/**
 * Every tag with its count, most used first. Steps once per distinct tag (uniqueKeys, then an
 * index count per tag) instead of walking every item's tags.
 */
export async function libraryTags(db: ScrapnoteDB): Promise<Array<{ tag: string; count: number }>> {
  return db.transaction('r', db.items, async () => {
    const tags = (await db.items.orderBy('tags').uniqueKeys()) as string[];
    const counts = await Promise.all(tags.map((tag) => db.items.where('tags').equals(tag).count()));
    return tags
      .map((tag, i) => ({ tag, count: counts[i] ?? 0 }))
      .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  });
}

/**
 * Titles of the `n` most recently saved items of one site host, newest first, with their
 * canonical keys (for marking a board list's rows that report a story already in the library).
 * The host's ids come from its index; when it has more than `n` items, the newest are found in the
 * savedAt index (keys only) before any record is read.
 */
export async function recentTitlesOfHost(
  db: ScrapnoteDB,
  host: string,
  n: number,
): Promise<Array<{ title: string; key: string }>> {
  return db.transaction('r', db.items, async () => {
    let ids = (await db.items.where('site.host').equals(host).primaryKeys()) as string[];
    if (ids.length > n) {
      const ofHost = new Set(ids);
      const newest = (await db.items.orderBy('savedAt').reverse().primaryKeys()) as string[];
      ids = newest.filter((id) => ofHost.has(id)).slice(0, n);
    }
    const items = (await db.items.bulkGet(ids)).filter((i) => i !== undefined);
    return items
      .sort((a, b) => (a.savedAt < b.savedAt ? 1 : a.savedAt > b.savedAt ? -1 : 0))
      .slice(0, n)
      .map((i) => ({ title: i.title, key: i.canonicalKey }));
  });
}

/** For each of these canonical keys that is saved: its item's highlight count. */
export async function highlightCountsByKey(db: ScrapnoteDB, keys: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.items
    .where('canonicalKey')
    .anyOf([...keys])
    .toArray();
  return new Map(rows.map((row) => [row.canonicalKey, row.highlights?.length ?? 0]));
}

/** Whether the library holds an item of this site host. */
export async function hasItemsOfHost(db: ScrapnoteDB, host: string): Promise<boolean> {
  return (await db.items.where('site.host').equals(host).count()) > 0;
}
