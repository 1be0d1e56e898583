/**
 * The message protocol, by direction. Every call that can fail answers a Result. The background
 * validates every incoming message's data against the schemas here (never trust a sender) and
 * checks who sent it (lib/messaging/senders.ts); lib/messaging/index.ts registers handlers so.
 */
import * as v from 'valibot';
import type { ImportReport } from '../db/import';
import type { ImportErrorCode } from '../export/parse';
import type { ListedPost } from '../marks/decide';
import {
  type ArticleData,
  AUTHOR_NOTE_MAX,
  type AuthorRecord,
  HIGHLIGHT_COLORS,
  type Highlight,
  type PageAnalysis,
  type PageComments,
  type PageKind,
  type SavedComment,
  type SavedItem,
} from '../model';
import type { Result } from '../result';
import type { CheckResult } from '../versions/check';
import type { ReadPost } from '../versions/read';

/** A web page's address: only http(s) pages are saved, highlighted or fetched. */
const url = v.pipe(
  v.string(),
  v.maxLength(8192),
  v.url(),
  v.regex(/^https?:\/\//i, 'Not a web page address (http or https).'),
);
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const tag = v.pipe(v.string(), v.maxLength(200));
const note = v.pipe(v.string(), v.maxLength(100_000));
const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));

export const selectorSchema = v.variant('type', [
  v.object({
    type: v.literal('TextQuoteSelector'),
    exact: v.pipe(v.string(), v.minLength(1), v.maxLength(100_000)),
    prefix: v.pipe(v.string(), v.maxLength(1000)),
    suffix: v.pipe(v.string(), v.maxLength(1000)),
  }),
  v.object({
    type: v.literal('TextPositionSelector'),
    start: v.pipe(v.number(), v.integer(), v.minValue(0)),
    end: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.object({
    type: v.literal('RangeSelector'),
    startContainer: v.pipe(v.string(), v.maxLength(2000)),
    startOffset: v.pipe(v.number(), v.integer(), v.minValue(0)),
    endContainer: v.pipe(v.string(), v.maxLength(2000)),
    endOffset: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
]);

export const colorSchema = v.picklist(HIGHLIGHT_COLORS);

/** What the page highlighter of a tab learns about its own page from the library (pageStateChanged). */
export interface PageState {
  item: { id: string; title: string; tags: string[] } | null;
  highlights: Highlight[];
}

/** What the background knows of a tab (UI `tabInfo`). */
export interface TabInfo {
  url: string | null;
  /** The always-on content script of this page answered. */
  contentScript: boolean;
  kind: PageKind | null;
  profile: string | null;
  confidence: number | null;
  saved: boolean;
  highlights: number;
}

/**
 * Message names are unique across every direction: the page highlighter, the extractor and the
 * always-on content script share one isolated world, and extension pages hear each other's
 * runtime messages, so a name means one thing wherever it is heard.
 */

/** Data schemas of content-to-background messages (each names its page: a page speaks only of itself). */
export const contentSchemas = {
  pageAddHighlight: v.object({
    url,
    color: colorSchema,
    note: v.optional(note),
    selector: v.pipe(v.array(selectorSchema), v.minLength(1), v.maxLength(3)),
  }),
  pageUpdateHighlight: v.object({ url, itemId: id, id, color: v.optional(colorSchema), note: v.optional(note) }),
  pageDeleteHighlight: v.object({ url, itemId: id, id }),
  loadHighlighter: v.object({ url }),
} as const;

/** A whole stored highlight (undo of a deletion). */
export const highlightSchema = v.object({
  id,
  itemId: id,
  color: colorSchema,
  note,
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  updatedAt: v.pipe(v.string(), v.isoTimestamp()),
  target: v.object({ source: url, selector: v.pipe(v.array(selectorSchema), v.minLength(1), v.maxLength(3)) }),
  /** The version of its item it was made on (absent: the first). */
  version: v.optional(v.pipe(v.string(), v.isoTimestamp())),
});

type In<S extends v.GenericSchema> = v.InferOutput<S>;

/** Content script (in the visited page) to background. A content script asks only about its own tab. */
export interface ContentToBackground {
  /** Add a highlight; saves the article first when it is not saved yet. */
  pageAddHighlight(data: In<typeof contentSchemas.pageAddHighlight>): Result<Highlight>;
  /** Change a highlight of this page. */
  pageUpdateHighlight(data: In<typeof contentSchemas.pageUpdateHighlight>): Result<Highlight>;
  /** Delete a highlight of this page; answers the deleted highlight. */
  pageDeleteHighlight(data: In<typeof contentSchemas.pageDeleteHighlight>): Result<Highlight>;
  /**
   * Inject the page highlighter (anchoring, painting, toolbar) into the sender tab, with the
   * page's state. The always-on content script stays small and asks for it when the user selects
   * text; it shares the content script's isolated world.
   */
  loadHighlighter(data: In<typeof contentSchemas.loadHighlighter>): Result<true>;
}

const tags = v.pipe(v.array(tag), v.maxLength(100));
const ids = v.pipe(v.array(id), v.minLength(1), v.maxLength(100_000));

/** A listed post's board, as the list names it. */
const listedBoard = v.object({
  name: v.nullable(v.pipe(v.string(), v.maxLength(500))),
  url: v.nullable(url),
  postId: v.nullable(v.pipe(v.string(), v.maxLength(200))),
  number: v.nullable(v.pipe(v.number(), v.integer())),
});
/** The account that posted a listed post. */
const poster = v.nullable(v.pipe(v.string(), v.maxLength(500)));

/** Data schemas of UI-to-background messages. */
export const uiSchemas = {
  analyzeTab: v.object({ tabId }),
  tabInfo: v.object({ tabId }),
  savePost: v.object({
    tabId,
    /** A post listed on the tab's board page; must be of the tab's origin. */
    url,
    board: listedBoard,
    poster,
    tags: v.optional(tags),
  }),
  saveTab: v.object({
    tabId,
    /** Save the page's text even when no article is recognized ("Save anyway"). */
    force: v.optional(v.boolean()),
    tags: v.optional(tags),
    note: v.optional(note),
  }),
  updateItems: v.object({
    ids,
    patch: v.object({
      tags: v.optional(tags),
      addTags: v.optional(tags),
      removeTags: v.optional(tags),
      note: v.optional(note),
    }),
  }),
  deleteItems: v.object({ ids }),
  restoreItems: v.object({ ids }),
  /** The file to import, as a blob: URL of the extension's origin made by the importing page. */
  importFile: v.object({ url: v.pipe(v.string(), v.startsWith('blob:'), v.maxLength(2000)) }),
  /** Destructive: the page says so explicitly. */
  clearReadingHistory: v.object({ confirm: v.literal(true) }),
  /** A note on an author of one site, or their muting (an author with neither is forgotten). */
  setAuthor: v.object({
    host: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
    authorId: v.pipe(v.string(), v.regex(/^[mgn]:./), v.maxLength(300)),
    name: v.pipe(v.string(), v.maxLength(200)),
    note: v.optional(v.pipe(v.string(), v.maxLength(AUTHOR_NOTE_MAX))),
    muted: v.optional(v.boolean()),
  }),
  /** Mute or unmute a word of titles on every board list. */
  setMutedWord: v.object({
    word: v.pipe(v.string(), v.trim(), v.minLength(1, 'Type a word to mute.'), v.maxLength(100)),
    muted: v.boolean(),
  }),
  updateHighlight: v.object({ itemId: id, id, color: v.optional(colorSchema), note: v.optional(note) }),
  deleteHighlight: v.object({ itemId: id, id }),
  restoreHighlight: v.object({ highlight: highlightSchema }),
  showHighlight: v.object({ tabId, id }),
  /** The backup page's file (a blob: URL of the extension's origin) or why it made none. */
  backupFileReady: v.object({
    url: v.nullable(v.pipe(v.string(), v.startsWith('blob:'), v.maxLength(2000))),
    error: v.nullable(v.pipe(v.string(), v.maxLength(2000))),
  }),
  /** Sync's server and credentials (the address is checked again in the background). */
  syncSetup: v.object({
    url: v.pipe(v.string(), v.maxLength(2000)),
    username: v.pipe(v.string(), v.maxLength(500)),
    /** Null keeps the stored password (the page never reads it back). */
    password: v.nullable(v.pipe(v.string(), v.maxLength(2000))),
    interval: v.picklist([0, 5, 15, 60]),
  }),
  syncNow: v.object({ confirm: v.literal(true) }),
  syncStop: v.object({ confirm: v.literal(true) }),
  /** Fetch saved items anew from their sources ("Check again"), politely, a few at a time. */
  checkItems: v.object({ ids: v.pipe(v.array(id), v.minLength(1), v.maxLength(10_000)) }),
  /**
   * Open a post listed on the tab's board page in the side panel's reader: fetched from the tab
   * (same origin, its cookies), extracted, not saved; recorded as read with the comment count
   * its list showed.
   */
  readListedPost: v.object({
    tabId,
    url,
    /** The post's key as the list gave it (lib/sites/identity.ts). */
    key: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)),
    comments: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  /** Save a post read in the side panel's reader (the copy the reader shows, when it is recent). */
  readerSavePost: v.object({
    tabId,
    url,
    board: listedBoard,
    poster,
  }),
  /**
   * Highlight a quote of a post read in the side panel's reader; saves the post first when it is
   * not saved. Only a TextQuoteSelector: offsets and paths of the reader's copy mean nothing on
   * the post's own page, where the quote and its context find the place.
   */
  readerAddHighlight: v.object({
    tabId,
    url,
    board: listedBoard,
    poster,
    color: colorSchema,
    note: v.optional(note),
    quote: v.object({
      type: v.literal('TextQuoteSelector'),
      exact: v.pipe(v.string(), v.minLength(1), v.maxLength(100_000)),
      prefix: v.pipe(v.string(), v.maxLength(1000)),
      suffix: v.pipe(v.string(), v.maxLength(1000)),
    }),
  }),
} as const;

/** Extension pages (popup, side panel) to background. */
export interface UiToBackground {
  /** Recognize and extract the page in a tab (runs the extractor in that tab on demand). */
  analyzeTab(data: In<typeof uiSchemas.analyzeTab>): Result<PageAnalysis>;
  /** What the background knows of a tab: whether its content script runs, the page's classification, saved state. */
  tabInfo(data: In<typeof uiSchemas.tabInfo>): Result<TabInfo>;
  /**
   * Fetch a post listed on the tab's board page (same origin, from the tab, with its cookies),
   * extract it with the same pipeline and save it with its board data.
   */
  savePost(data: In<typeof uiSchemas.savePost>): Result<SavedItem>;
  /** Extract and save the page in a tab. */
  saveTab(data: In<typeof uiSchemas.saveTab>): Result<SavedItem>;
  /** Change tags and note of items; answers the items that changed. */
  updateItems(data: In<typeof uiSchemas.updateItems>): Result<SavedItem[]>;
  /** Delete items with their highlights; answers which, for undo (restoreItems). */
  deleteItems(data: In<typeof uiSchemas.deleteItems>): Result<Deleted>;
  /** Put back items deleted a moment ago (undo), by id: the background kept them. */
  restoreItems(data: In<typeof uiSchemas.restoreItems>): Result<number>;
  /**
   * Import an export file (merge); progress arrives as importProgress. A file refused as a whole
   * answers why, with the reason's code (lib/export/parse ImportError), so the page can say it in
   * the reader's language.
   */
  importFile(data: In<typeof uiSchemas.importFile>): Result<ImportOutcome>;
  /** Forget which board posts were read; answers how many posts the history held. */
  clearReadingHistory(data: In<typeof uiSchemas.clearReadingHistory>): Result<number>;
  /** Keep a note on an author, or mute them; answers the stored record (null: nothing kept). */
  setAuthor(data: In<typeof uiSchemas.setAuthor>): Result<AuthorRecord | null>;
  /** Mute or unmute a word; answers the word as matched (NFC, lower case). */
  setMutedWord(data: In<typeof uiSchemas.setMutedWord>): Result<string>;
  /** Change a highlight's color or note. */
  updateHighlight(data: In<typeof uiSchemas.updateHighlight>): Result<Highlight>;
  /** Delete a highlight; answers the deleted record so the UI can offer undo (restoreHighlight). */
  deleteHighlight(data: In<typeof uiSchemas.deleteHighlight>): Result<Highlight>;
  /** Put back a deleted highlight (undo). */
  restoreHighlight(data: In<typeof uiSchemas.restoreHighlight>): Result<Highlight>;
  /** Scroll the page in a tab to one of its highlights and flash it. */
  showHighlight(data: In<typeof uiSchemas.showHighlight>): Result<true>;
  /** Chrome's offscreen backup page hands over the export it made (entrypoints/background/backup.ts). */
  backupFileReady(data: In<typeof uiSchemas.backupFileReady>): Result<true>;
  /** Save sync's address, credentials and interval (nothing is sent until a sync runs). */
  syncSetup(data: In<typeof uiSchemas.syncSetup>): Result<true>;
  /** Run a sync round now; answers its status (an error status is still an ok answer). */
  syncNow(data: In<typeof uiSchemas.syncNow>): Result<SyncStatusView>;
  /** Stop syncing: forget the address and credentials and the local sync copy; the library stays. */
  syncStop(data: In<typeof uiSchemas.syncStop>): Result<true>;
  /**
   * Fetch items anew from their sources ("Check again"): each is unchanged (its check time
   * recorded), changed (a new version kept beside the old ones) or gone at its source (marked,
   * every version kept). Progress arrives as checkProgress; answers one report per item.
   */
  checkItems(data: In<typeof uiSchemas.checkItems>): Result<CheckReport[]>;
  /** A listed post for the side panel's reader (not saved); recorded as read. */
  readListedPost(data: In<typeof uiSchemas.readListedPost>): Result<ListedPostCopy>;
  /** Save a post read in the side panel's reader, with the list's board data. */
  readerSavePost(data: In<typeof uiSchemas.readerSavePost>): Result<SavedItem>;
  /** Highlight a quote of a post read in the side panel's reader (saving the post first if need be). */
  readerAddHighlight(data: In<typeof uiSchemas.readerAddHighlight>): Result<Highlight>;
}

/** A post fetched for the side panel's reader: what it shows, and its saved item if there is one. */
export interface ListedPostCopy {
  url: string;
  canonicalKey: string;
  article: ArticleData;
  comments: SavedComment[];
  /** The saved item of this post (its highlights are painted on the copy), or null. */
  itemId: string | null;
}

/** What "Check again" found for one item, or why it could not check it (nothing changed then). */
export type CheckReport = CheckResult | { itemId: string; outcome: 'failed'; error: string };

/** The sync status a page shows. */
export interface SyncStatusView {
  state: 'idle' | 'syncing' | 'ok' | 'error';
  at: string | null;
  message: string | null;
}

/** What a delete removed: the items' ids (for undo) and how many highlights went with them. */
export interface Deleted {
  ids: string[];
  highlights: number;
}

/** An import's report, or why the whole file was refused (nothing was imported). */
export type ImportOutcome = { report: ImportReport } | { refused: { code: ImportErrorCode; message: string } };

/** What changed in the library (the change feed, as the background tells open views). */
export interface LibraryChanged {
  /** The feed's sequence number after the change. */
  seq: number;
  /** The items whose records changed; null when too many to list (an import). */
  itemIds: string[] | null;
}

/** Background to every open extension page (popup, side panel, settings). */
export interface BackgroundToUi {
  /** The library changed: views read again what they show. */
  libraryChanged(data: LibraryChanged): void;
  /** An import's progress: items written and in all. */
  importProgress(data: { done: number; total: number }): void;
  /** "Check again" on a selection: items checked and in all. */
  checkProgress(data: { done: number; total: number }): void;
}

/**
 * Background to the page highlighter of one tab (entrypoints/highlighter.ts, content-script side,
 * injected by the background before it sends any of these: pages.ts ensureHighlighter).
 */
export interface BackgroundToContent {
  /** The library changed for this page: repaint its highlights. */
  pageStateChanged(data: PageState): void;
  /** Highlight the current selection (keyboard shortcut, context menu). */
  highlightSelection(data: { color: (typeof HIGHLIGHT_COLORS)[number] }): Result<true>;
  /** Scroll to a highlight and flash it. */
  scrollToHighlight(data: { id: string }): Result<true>;
}

/** Data schemas of background-to-extractor messages (checked in the tab too). */
export const extractorSchemas = {
  /** `comments`: also fetch the post's other comment pages (when saving, not for the popup's preview). */
  extractPage: v.object({ force: v.boolean(), comments: v.optional(v.boolean()) }),
  extractPost: v.object({ url }),
  classifyPage: v.object({}),
} as const;

export type { ListedPost } from '../marks/decide';

/**
 * Background to the on-demand extractor of one tab (entrypoints/extractor.ts, injected by the
 * background before it sends any of these).
 */
export interface BackgroundToExtractor {
  /** Recognize and extract this page; `force` keeps the page's text when no article is found. */
  extractPage(data: In<typeof extractorSchemas.extractPage>): Result<PageAnalysis>;
  /** Fetch a same-origin page (a post listed on this board) and extract it. */
  extractPost(data: In<typeof extractorSchemas.extractPost>): Result<PageAnalysis>;
  /** This page's classification (detectors, no reader), for tabInfo. */
  classifyPage(data: In<typeof extractorSchemas.classifyPage>): Result<PageClassification>;
}

/** Data schemas of background-to-board-reader messages (checked in the tab too). */
export const boardReaderSchemas = {
  readBoard: v.object({}),
  showMarks: v.object({
    marks: v.pipe(
      v.array(
        v.object({
          url,
          key: v.pipe(v.string(), v.maxLength(8192)),
          tokens: v.pipe(v.array(v.picklist(['saved', 'read', 'muted', 'duplicate'])), v.maxLength(4)),
          newComments: v.pipe(v.number(), v.integer(), v.minValue(0)),
          label: v.pipe(v.string(), v.maxLength(200)),
          duplicateOf: v.optional(url),
          author: v.optional(v.pipe(v.string(), v.maxLength(200))),
          authorNote: v.optional(v.pipe(v.string(), v.maxLength(AUTHOR_NOTE_MAX))),
        }),
      ),
      v.maxLength(2000),
    ),
    /** Hide the later rows of a story the list tells more than once. */
    collapse: v.optional(v.boolean()),
    /** Notes on members of the site, shown wherever the page names them by member id. */
    memberNotes: v.optional(
      v.pipe(
        v.array(
          v.object({
            memberId: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
            name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
            note: v.pipe(v.string(), v.maxLength(AUTHOR_NOTE_MAX)),
          }),
        ),
        v.maxLength(5000),
      ),
    ),
    /** The muted rows' bar, in the reader's language (`hidden` holds `{n}`). */
    mutedWords: v.optional(
      v.object({
        hidden: v.pipe(v.string(), v.maxLength(100)),
        show: v.pipe(v.string(), v.maxLength(100)),
        hide: v.pipe(v.string(), v.maxLength(100)),
      }),
    ),
  }),
} as const;

/**
 * Background to the on-demand board reader of one tab (entrypoints/board.ts: recognition and the
 * board list readers, without the article extractor's Readability and DOMPurify), injected by the
 * background before it sends any of these, on board lists of sites with marks on.
 */
export interface BackgroundToBoardReader {
  /** The posts this page lists when it is a recognized board list (null when it is not one). */
  readBoard(data: In<typeof boardReaderSchemas.readBoard>): Result<ListedPost[] | null>;
  /** Show marks on this board list's rows (replacing earlier ones); answers how many rows got one. */
  showMarks(data: In<typeof boardReaderSchemas.showMarks>): Result<number>;
}

/** A page's classification (lib/extract/classify classifyPage), as tabInfo reports it. */
export interface PageClassification {
  url: string;
  kind: PageKind;
  profile: string;
  confidence: number;
}

/** Data schemas of background-to-parser messages (Chrome's offscreen document, checked there too). */
export const parserSchemas = {
  /** A page fetched by the background, decoded: a post (`post`) or one of its comment pages (`comments`). */
  parseHtml: v.object({
    html: v.pipe(v.string(), v.maxLength(30_000_000)),
    url,
    task: v.picklist(['post', 'comments']),
    now: v.pipe(v.string(), v.isoTimestamp()),
  }),
} as const;

/**
 * Background to the DOM parser (entrypoints/parser: Chrome's offscreen document, where the
 * service worker, which has no DOM, reads pages it fetched; Firefox's background has a DOM).
 */
export interface BackgroundToParser {
  /** Read fetched HTML: a post's analysis and text, or a comment page's comments. */
  parseHtml(data: In<typeof parserSchemas.parseHtml>): Result<ParsedHtml>;
}

/** What the parser read from fetched HTML. */
export type ParsedHtml = { task: 'post'; post: ReadPost } | { task: 'comments'; comments: PageComments | null };
