/**
 * Which marks a listed post gets (pure): saved (it is in the library, with its highlight count),
 * read (opened or saved in this browser), and "+N" when its list now shows more comments than it
 * did when the reader last opened or saved it; and "same story" when its title reports the story of
 * an earlier row of the list or of an item of the same site in the library (lib/marks/duplicates);
 * and "muted" when the reader muted its author or a word of its title. A note the reader keeps on
 * its author goes with it, to be shown beside the author's name.
 */
import { groupDuplicates } from './duplicates';
import type { RowMark } from './paint';

/** A post as its board list shows it. */
export interface ListedPost {
  url: string;
  key: string;
  comments: number | null;
  /** The title as the list shows it (for grouping rows that tell the same story). */
  title?: string;
  /** The author's name as the list shows it, and their identity (lib/sites/authors.ts). */
  author?: string | null;
  authorId?: string | null;
}

/** What the reader keeps about an author of the site. */
export interface AuthorInfo {
  note: string;
  muted: boolean;
}

/** What the library and the reading history know of the posts' keys. */
export interface Known {
  /** Highlight count of each saved post, by key. */
  saved: ReadonlyMap<string, number>;
  /** The comment count seen when each read post was last opened or saved (null: unknown), by key. */
  read: ReadonlyMap<string, number | null>;
  /** Titles of the library's items of this site (not the listed posts themselves), newest first. */
  library?: readonly string[];
  /** Notes on and muting of this site's authors, by identity. */
  authors?: ReadonlyMap<string, AuthorInfo>;
  /** Muted words, in their matching form (lib/db/authors.ts muteForm: NFC, lower case). */
  mutedWords?: readonly string[];
}

/** Whether a title holds a muted word (both compared in NFC, so NFD Hangul matches too). */
export function hasMutedWord(title: string, words: readonly string[]): boolean {
  if (!words.length) return false;
  const t = title.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  return words.some((w) => t.includes(w));
}

/** The badge's words, in the reader's language. */
export interface MarkWords {
  saved: string;
  highlights: (n: number) => string;
  read: string;
  newComments: (n: number) => string;
  /** On a later row of a story: "Same story as: <the first one's title, shortened>". */
  sameStoryAs: (title: string) => string;
  /** On the first row of a story the list tells again: "+N same story". */
  sameStories: (n: number) => string;
}

/** A title for a badge: without its leading [속보]-style tags, at most `max` characters. */
export function shortTitle(title: string, max = 24): string {
  const t = title.replace(/^\s*(?:[[【〔<(][^\]】〕>)]{1,14}[\]】〕>)]\s*)+/u, '').trim() || title.trim();
  return t.length > max ? `${t.slice(0, max - 1).replace(/[\s…·,.“”"'‘’]+$/u, '')}…` : t;
}

/** Each post's marks; `keysOf` gives every key the post may be saved or read under. */
export function decideMarks(
  posts: readonly ListedPost[],
  known: Known,
  words: MarkWords,
  keysOf: (post: ListedPost) => string[],
): RowMark[] {
  const library = known.library ?? [];
  const groups = groupDuplicates(
    posts.map((p) => p.title ?? ''),
    library,
  ).map((g, i) => (g && typeof g.of === 'number' && posts[g.of]!.key === posts[i]!.key ? null : g));
  const followers = posts.map(() => 0);
  for (const g of groups) if (g && typeof g.of === 'number') followers[g.of]!++;
  return posts.map((post, i) => {
    const keys = keysOf(post);
    const highlights = keys.map((k) => known.saved.get(k)).find((n) => n !== undefined);
    const readKey = keys.find((k) => known.read.has(k));
    const tokens: RowMark['tokens'] = [];
    if (highlights !== undefined) tokens.push('saved');
    if (readKey !== undefined) tokens.push('read');
    const seen = readKey === undefined ? null : known.read.get(readKey);
    const newComments = post.comments !== null && seen != null && post.comments > seen ? post.comments - seen : 0;
    const parts: string[] = [];
    if (highlights !== undefined)
      parts.push(highlights ? `${words.saved} · ${words.highlights(highlights)}` : words.saved);
    else if (readKey !== undefined) parts.push(words.read);
    if (newComments) parts.push(words.newComments(newComments));
    const group = groups[i];
    let duplicateOf: string | undefined;
    if (group) {
      tokens.push('duplicate');
      const first = group.of === 'library' ? library[group.index!]! : posts[group.of]!.title!;
      if (typeof group.of === 'number') duplicateOf = posts[group.of]!.url;
      parts.push(words.sameStoryAs(shortTitle(first)));
    }
    if (followers[i]) parts.push(words.sameStories(followers[i]!));
    const author = post.authorId ? known.authors?.get(post.authorId) : undefined;
    if (author?.muted || hasMutedWord(post.title ?? '', known.mutedWords ?? [])) tokens.push('muted');
    const mark: RowMark = { url: post.url, key: post.key, tokens, newComments, label: parts.join(' · ') };
    if (duplicateOf) mark.duplicateOf = duplicateOf;
    if (author?.note && post.author) {
      mark.author = post.author;
      mark.authorNote = author.note;
    }
    return mark;
  });
}
