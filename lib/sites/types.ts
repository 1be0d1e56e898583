/** The shape of a site profile (see docs/sites.md). */
import type { BoardData } from '../model';

/** What a profile recognized on a page. */
export interface ProfileMatch {
  article: boolean;
  board: boolean;
  /** 0..1 */
  confidence: number;
}

/** What a profile reads of an article or post; `body` is the element holding the text. */
export interface ProfileArticle {
  title: string | null;
  body: Element | null;
  byline?: string | null;
  authors?: string[];
  poster?: string | null;
  publishedText?: string | null;
  publishedAt?: string | null;
  modifiedAt?: string | null;
  siteName?: string | null;
  postId?: string | null;
  /** Selectors removed from the body before its text is read (share buttons, signatures...). */
  strip?: string[];
}

/**
 * Where an engine prints a post's comments (lib/extract/comments.ts reads them). Selectors are
 * tried within the list; `author` and `date` within one comment.
 */
export interface CommentSpec {
  /** The comment list's container. */
  list: string;
  /** One comment (replies may be nested inside it, or follow it indented). */
  item: string;
  /** The author's name; a `member_<srl>` class or an `mb_id=` link names the member. */
  author: string;
  date: string;
  /** The comment's text. */
  content: string;
  /** Removed from the content before its text is read (hidden copies, buttons). */
  strip?: string[];
  /** The comment pagination, inside the list or after it. */
  pager?: string;
  /** Query parameter a comment page link carries (`cpage`): other links in the pager are not pages. */
  pageParam?: string;
  /** The post author's element on the page. */
  poster?: string;
}

export interface SiteProfile {
  /** `xe`, `gnuboard`, `naver`, `daum`, `generic`. */
  id: string;
  /** Example URLs of pages this profile knows (documentation and tests). */
  examples: readonly string[];
  /** Cheap recognition: selectors and URL only, never Readability. Null when not this site. */
  detect(doc: Document, url: URL): ProfileMatch | null;
  /** The page's board list, if the profile knows how to read it. */
  board?(doc: Document, url: URL, now: Date): BoardData | null;
  /** The page's article or post, if the profile knows where it is. */
  article?(doc: Document, url: URL, now: Date): ProfileArticle | null;
  /** Where this engine prints comments; pages of engines without one are read generically. */
  comments?: CommentSpec;
}
