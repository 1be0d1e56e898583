/**
 * The product's data: what a page analysis yields and what the library keeps.
 * Field names follow docs/export-format.md; the export is these records minus internal fields.
 */

/** What a page is. `article+board` is an article shown with its board's list below it. */
export type PageKind = 'article' | 'board' | 'article+board' | 'other';

/** A saved item is either a news article or a post on a board. */
export type ItemKind = 'article' | 'post';

export interface SiteInfo {
  /** Host name, lower case, without `www.`. */
  host: string;
  /** The site's or outlet's name as the page states it (og:site_name, logo title...): the press outlet. */
  name: string | null;
  /** The profile that recognized it: `xe`, `gnuboard`, `naver`, `daum`, `generic`. */
  engine: string | null;
  /** The portal the article was read through (`네이버 뉴스`, `Daum 뉴스`, `네이트 뉴스`), or null. */
  via: string | null;
}

export interface BoardRef {
  name: string | null;
  url: string | null;
  postId: string | null;
  /** The list's display number of the post, when known. */
  number: number | null;
}

/** One row of a board list. */
export interface BoardRow {
  /** Display number; null for notices and rows without one. */
  number: number | null;
  notice: boolean;
  /** Title without the comment-count suffix. */
  title: string;
  /** Absolute URL of the post. */
  url: string;
  postId: string | null;
  /** Canonical identity of the post (see lib/sites/identity). */
  key: string;
  author: string | null;
  /**
   * Who wrote it, as lib/sites/authors.ts identifies authors (`m:<member id>`, `g:<nickname>@<ip
   * prefix>`, `n:<nickname>`); null when the row names no author.
   */
  authorId?: string | null;
  /** Date as printed. */
  dateText: string | null;
  /** Date resolved to an ISO 8601 instant with +09:00 offset, or null. */
  date: string | null;
  comments: number | null;
  views: number | null;
  /** This row is the post being viewed. */
  current: boolean;
}

export interface BoardData {
  name: string | null;
  url: string;
  rows: BoardRow[];
  /** Absolute URLs of the other pages of the list. */
  pages: string[];
}

/** An extracted article (news story or board post). */
export interface ArticleData {
  title: string;
  /** Byline as printed, e.g. `도쿄/홍석재 특파원`. */
  byline: string | null;
  /** Reporter names. */
  authors: string[];
  /** The board account that posted it, for board posts. */
  poster: string | null;
  /** Outlet or site name. */
  siteName: string | null;
  publishedAt: string | null;
  publishedText: string | null;
  modifiedAt: string | null;
  lang: string | null;
  excerpt: string | null;
  text: string;
  /** Sanitized HTML of the body. */
  html: string;
  postId: string | null;
}

/** Everything the extension learned about one page. */
export interface PageAnalysis {
  url: string;
  canonicalUrl: string;
  /** One key per post or article, stable across URL forms. */
  canonicalKey: string;
  kind: PageKind;
  /** The site profile that decided. */
  profile: string;
  /** 0..1 */
  confidence: number;
  site: SiteInfo;
  article: ArticleData | null;
  board: BoardData | null;
  /** On a portal's news page, the article on its outlet's own site (원문 보기), if linked. */
  originalUrl: string | null;
  /** The post's comments as this page shows them, and its other comment pages (absent: none read). */
  comments?: PageComments;
}

/**
 * Who wrote a post or a comment, by the board's identity rules: the member id when the board
 * prints one (XE `member_<srl>`, GNUBoard `mb_id`), else the nickname and, for guests, the start
 * of the IP address the board prints (`121.130`, `123.♡.45.67`).
 */
export interface Person {
  name: string | null;
  memberId: string | null;
  ip: string | null;
}

/** One comment of a saved post. */
export interface SavedComment {
  /** The engine's id of the comment (`comment_123` → `123`), else its position (`p1-3`). */
  id: string;
  /** The id of the comment it answers, or null for a comment on the post. */
  parent: string | null;
  /** Reply nesting: 0 answers the post, 1 answers a comment, and so on. */
  depth: number;
  author: string | null;
  memberId: string | null;
  /** The IP address prefix a board prints for a guest, as printed. */
  ip: string | null;
  /** Date as printed (`2025.02.05 16:10`, `3분 전`). */
  dateText: string | null;
  /** Date resolved to an ISO 8601 instant (+09:00), or null. */
  date: string | null;
  /** Plain text, one line per paragraph. */
  text: string;
  /** Written by the post's own author (same member id, else same nickname and IP prefix). */
  byPoster: boolean;
}

/** The comments a page shows, and where its other comment pages are. */
export interface PageComments {
  comments: SavedComment[];
  /** Absolute URLs of the post's other comment pages (links of the comment pagination). */
  pages: string[];
  /** This page's number among the comment pages (1 when the post has one). */
  page: number;
  /** The post's author, for "by the original poster". */
  poster: Person | null;
  /**
   * Inline indents (px or %) of the comments whose depth a skin prints only as an indent, by
   * comment id: merging pages measures them against the smallest indent of every page.
   */
  indents?: Record<string, number>;
}

/** A library record. */
export interface SavedItem {
  id: string;
  kind: ItemKind;
  url: string;
  canonicalUrl: string;
  /** The original article on the outlet's own site (원문 보기, 기사원문), or null. */
  originalUrl: string | null;
  /** Identity used to find the item again from any URL form; internal, not exported. */
  canonicalKey: string;
  site: SiteInfo;
  board: BoardRef | null;
  title: string;
  byline: string | null;
  authors: string[];
  poster: string | null;
  publishedAt: string | null;
  publishedText: string | null;
  lang: string | null;
  excerpt: string | null;
  text: string;
  html: string;
  tags: string[];
  note: string;
  savedAt: string;
  updatedAt: string;
  /**
   * The post's comments when it was saved, every comment page merged, in page order; replies
   * after what they answer. Absent on items saved before comments were kept (read as none).
   */
  comments?: SavedComment[];
  /**
   * The images of the article body, in page order, each by its URL in `html` and the content
   * hash of its stored copy (null: not kept, `skipped` says why). Absent on items saved before
   * images were kept, or without images. Local to this browser: sync does not carry it.
   */
  images?: ItemImage[];
  /**
   * The earlier versions of the post, oldest first, kept when "Check again" found it changed at
   * its source; the item's own title, text, html and comments are the newest version. Absent
   * until the post first changed.
   */
  versions?: ItemVersion[];
  /** When the item's own content (its newest version) was fetched; absent: when it was saved. */
  fetchedAt?: string;
  /** When "Check again" last fetched the post from its source (changed or not). */
  checkedAt?: string;
  /** `gone`: the post is deleted at its source (404/410, or the engine's deleted-post page); every version is kept. */
  status?: 'gone';
  /** When the post was first found gone at its source. */
  goneAt?: string;
}

/** One earlier version of a saved post, as it was fetched. */
export interface ItemVersion {
  /** When this version was fetched (the first version: when the item was saved): its id within the item. */
  fetchedAt: string;
  title: string;
  /** Plain text, one line per paragraph. */
  text: string;
  /** Sanitized HTML of the body. */
  html: string;
  /** Its comments then (absent: none were read). */
  comments?: SavedComment[];
}

/** Why an image of a saved item has no stored copy. */
export type ImageSkip = 'off' | 'failed' | 'not-image' | 'too-large' | 'cap' | 'pixel' | 'ad';

/** One image of a saved item's body and where its copy is. */
export interface ItemImage {
  /** The image's absolute URL as `html` names it (its `src`). */
  url: string;
  /** SHA-256 of the stored bytes (64 hex digits), or null when no copy is kept. */
  hash: string | null;
  /** Bytes of the copy (0 when none). */
  size: number;
  /**
   * Why there is no copy (absent when there is one): the setting was `off`, the fetch `failed`,
   * the answer was `not-image`, `too-large`, over the item's `cap`, a tracking `pixel`, or an
   * `ad` or banner left in the body (neither fetched nor shown).
   */
  skipped?: ImageSkip;
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** A structural range, as XPath-like paths from the article root. */
export interface RangeSelector {
  type: 'RangeSelector';
  startContainer: string;
  startOffset: number;
  endContainer: string;
  endOffset: number;
}

export type Selector = TextQuoteSelector | TextPositionSelector | RangeSelector;

export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

export interface Highlight {
  id: string;
  itemId: string;
  color: HighlightColor;
  note: string;
  createdAt: string;
  updatedAt: string;
  target: { source: string; selector: Selector[] };
  /**
   * The version of its item it was made on (that version's `fetchedAt`); absent: the item's first
   * version (highlights made before versions were kept, or before the post first changed).
   */
  version?: string;
}

/** Longest note on an author, in characters (a note on a person, not an article). */
export const AUTHOR_NOTE_MAX = 500;

/**
 * What the reader keeps about one author of one site: a note shown beside the author's name on
 * the site's lists, and whether the author's posts are hidden. Keyed `<host> <identity>`
 * (lib/sites/authors.ts identities; stored by lib/db/authors.ts); a row with neither note nor muting is deleted.
 */
export interface AuthorRecord {
  key: string;
  host: string;
  /** `m:<member id>`, `g:<nickname>@<ip prefix>` or `n:<nickname>`. */
  authorId: string;
  /** The nickname as last shown. */
  name: string;
  note: string;
  /** 1 when the author's posts are hidden on the site's lists. */
  muted?: 1;
  updatedAt: string;
}
