/**
 * Which marks a listed post gets (pure): saved (it is in the library, with its highlight count),
 * read (opened or saved in this browser), and "+N" when its list now shows more comments than it
 * did when the reader last opened or saved it.
 */
import type { RowMark } from './paint';

/** A post as its board list shows it. */
export interface ListedPost {
  url: string;
  key: string;
  comments: number | null;
}

/** What the library and the reading history know of the posts' keys. */
export interface Known {
  /** Highlight count of each saved post, by key. */
  saved: ReadonlyMap<string, number>;
  /** The comment count seen when each read post was last opened or saved (null: unknown), by key. */
  read: ReadonlyMap<string, number | null>;
}

/** The badge's words, in the reader's language. */
export interface MarkWords {
  saved: string;
  highlights: (n: number) => string;
  read: string;
  newComments: (n: number) => string;
}

/** Each post's marks; `keysOf` gives every key the post may be saved or read under. */
export function decideMarks(
  posts: readonly ListedPost[],
  known: Known,
  words: MarkWords,
  keysOf: (post: ListedPost) => string[],
): RowMark[] {
  return posts.map((post) => {
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
    return { url: post.url, key: post.key, tokens, newComments, label: parts.join(' · ') };
  });
}
