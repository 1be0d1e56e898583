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
}
