/**
 * What a fresh fetch of a saved post does to the saved item ("Check again"): unchanged, it only
 * records the check time (and keeps comments added since beside the ones it had); changed, the
 * item's content becomes the new version and the one it had joins its earlier versions; gone, the
 * item is marked deleted at its source and keeps every version. Pure: the caller fetched the post
 * and writes the result.
 */
import type { Highlight, ItemVersion, SavedComment, SavedItem } from '../model';
import { commentKey, diffVersions, type VersionText } from './diff';

/** What fetching the post anew found: its content, or that it is gone at its source. */
export type Fetched = { gone: true } | { gone: false; version: VersionText & { html: string } };

export type CheckOutcome = 'unchanged' | 'changed' | 'gone';

/** What a check found, as the reader is told. */
export interface CheckResult {
  itemId: string;
  outcome: CheckOutcome;
  checkedAt: string;
  /** Paragraphs added, removed and edited (a changed post). */
  counts: { added: number; removed: number; edited: number };
  /** Comments the source shows that the newest kept version did not have. */
  commentsAdded: number;
  /** Whether the title changed. */
  titleChanged: boolean;
}

/** The id of the item's newest version (its own content): when it was fetched. */
export function currentVersionId(item: Pick<SavedItem, 'fetchedAt' | 'savedAt'>): string {
  return item.fetchedAt ?? item.savedAt;
}

/** The id of the item's first version. */
export function firstVersionId(item: Pick<SavedItem, 'fetchedAt' | 'savedAt' | 'versions'>): string {
  return item.versions?.[0]?.fetchedAt ?? currentVersionId(item);
}

/** The version a highlight was made on (highlights without one belong to the first version). */
export function versionOfHighlight(
  h: Pick<Highlight, 'version'>,
  item: Pick<SavedItem, 'fetchedAt' | 'savedAt' | 'versions'>,
): string {
  return h.version ?? firstVersionId(item);
}

/** Every version of an item, oldest first, the last being its own content. */
export function allVersions(item: SavedItem): ItemVersion[] {
  return [...(item.versions ?? []), versionOf(item)];
}

/** The item's own content as a kept version. */
export function versionOf(item: SavedItem): ItemVersion {
  return {
    fetchedAt: currentVersionId(item),
    title: item.title,
    text: item.text,
    html: item.html,
    ...(item.comments ? { comments: item.comments } : {}),
  };
}

/**
 * The comments the source shows now, then those it no longer shows (deleted there since): a
 * frozen copy loses nothing.
 */
export function keepComments(
  before: readonly SavedComment[] | undefined,
  now: readonly SavedComment[],
): SavedComment[] {
  const seen = new Set(now.map(commentKey));
  return [...now, ...(before ?? []).filter((c) => !seen.has(commentKey(c)))];
}

function withoutGone(item: SavedItem): SavedItem {
  const { status: _s, goneAt: _g, ...rest } = item;
  return rest;
}

/** The item after a check at `now` found `fetched`, and what the reader is told. */
export function applyCheck(item: SavedItem, fetched: Fetched, now: Date): { item: SavedItem; result: CheckResult } {
  const at = now.toISOString();
  const base = { itemId: item.id, checkedAt: at, counts: { added: 0, removed: 0, edited: 0 }, commentsAdded: 0 };
  if (fetched.gone) {
    return {
      item: { ...item, checkedAt: at, status: 'gone', goneAt: item.goneAt ?? at },
      result: { ...base, outcome: 'gone', titleChanged: false },
    };
  }
  const next = fetched.version;
  const diff = diffVersions(item, next);
  const commentsAdded = diff.commentsAdded.length;
  if (!diff.changed) {
    const comments = commentsAdded ? keepComments(item.comments, next.comments ?? []) : item.comments;
    return {
      item: { ...withoutGone(item), ...(comments ? { comments } : {}), checkedAt: at },
      result: { ...base, outcome: 'unchanged', commentsAdded, titleChanged: false },
    };
  }
  const changed: SavedItem = {
    ...withoutGone(item),
    versions: [...(item.versions ?? []), versionOf(item)],
    title: next.title,
    text: next.text,
    html: next.html,
    fetchedAt: at,
    checkedAt: at,
    updatedAt: at,
  };
  if (next.comments) changed.comments = [...next.comments];
  return {
    item: changed,
    result: { ...base, outcome: 'changed', counts: diff.counts, commentsAdded, titleChanged: diff.title !== null },
  };
}
