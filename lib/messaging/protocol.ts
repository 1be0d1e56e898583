/**
 * The message protocol, by direction. Every call that can fail answers a Result. The background
 * validates every incoming message's data against the schemas here (never trust a sender) and
 * checks who sent it (lib/messaging/senders.ts).
 */
import * as v from 'valibot';
import { HIGHLIGHT_COLORS, type Highlight, type PageAnalysis, type PageKind, type SavedItem } from '../model';
import type { Result } from '../result';

const url = v.pipe(v.string(), v.maxLength(8192), v.url());
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

/** Data schemas of content-to-background messages. */
export const contentSchemas = {
  addHighlight: v.object({
    url,
    color: colorSchema,
    note: v.optional(note),
    selector: v.pipe(v.array(selectorSchema), v.minLength(1), v.maxLength(3)),
  }),
  updateHighlight: v.object({ id, color: v.optional(colorSchema), note: v.optional(note) }),
  deleteHighlight: v.object({ id }),
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
});

/** Content script (in the visited page) to background. A content script asks only about its own tab. */
export interface ContentToBackground {
  /** Add a highlight; saves the article first when it is not saved yet. */
  addHighlight(data: v.InferOutput<typeof contentSchemas.addHighlight>): Result<Highlight>;
  updateHighlight(data: v.InferOutput<typeof contentSchemas.updateHighlight>): Result<Highlight>;
  deleteHighlight(data: v.InferOutput<typeof contentSchemas.deleteHighlight>): Result<true>;
  /**
   * Inject the page highlighter (anchoring, painting, toolbar) into the sender tab, with the
   * page's state. The always-on content script stays small and asks for it when the user selects
   * text; it shares the content script's isolated world.
   */
  loadHighlighter(data: v.InferOutput<typeof contentSchemas.loadHighlighter>): Result<true>;
}

/** Data schemas of UI-to-background messages. */
export const uiSchemas = {
  analyzeTab: v.object({ tabId }),
  tabInfo: v.object({ tabId }),
  savePost: v.object({
    tabId,
    /** A post listed on the tab's board page; must be of the tab's origin. */
    url,
    board: v.object({
      name: v.nullable(v.pipe(v.string(), v.maxLength(500))),
      url: v.nullable(url),
      postId: v.nullable(v.pipe(v.string(), v.maxLength(200))),
      number: v.nullable(v.pipe(v.number(), v.integer())),
    }),
    poster: v.nullable(v.pipe(v.string(), v.maxLength(500))),
    tags: v.optional(v.pipe(v.array(tag), v.maxLength(100))),
  }),
  saveTab: v.object({
    tabId,
    /** Save the page's text even when no article is recognized ("Save anyway"). */
    force: v.optional(v.boolean()),
    tags: v.optional(v.pipe(v.array(tag), v.maxLength(100))),
    note: v.optional(note),
  }),
  updateHighlight: contentSchemas.updateHighlight,
  deleteHighlight: contentSchemas.deleteHighlight,
  restoreHighlight: v.object({ highlight: highlightSchema }),
  showHighlight: v.object({ tabId, id }),
  /** The backup page's file (a blob: URL of the extension's origin) or why it made none. */
  backupFileReady: v.object({
    url: v.nullable(v.pipe(v.string(), v.startsWith('blob:'), v.maxLength(2000))),
    error: v.nullable(v.pipe(v.string(), v.maxLength(2000))),
  }),
} as const;

/** Extension pages (popup, side panel) to background. */
export interface UiToBackground {
  /** Recognize and extract the page in a tab (runs the extractor in that tab on demand). */
  analyzeTab(data: v.InferOutput<typeof uiSchemas.analyzeTab>): Result<PageAnalysis>;
  /** What the background knows of a tab: whether its content script runs, the page's classification, saved state. */
  tabInfo(data: v.InferOutput<typeof uiSchemas.tabInfo>): Result<TabInfo>;
  /**
   * Fetch a post listed on the tab's board page (same origin, from the tab, with its cookies),
   * extract it with the same pipeline and save it with its board data.
   */
  savePost(data: v.InferOutput<typeof uiSchemas.savePost>): Result<SavedItem>;
  /** Extract and save the page in a tab. */
  saveTab(data: v.InferOutput<typeof uiSchemas.saveTab>): Result<SavedItem>;
  /** Change a highlight's color or note; open tabs of its page repaint. */
  updateHighlight(data: v.InferOutput<typeof uiSchemas.updateHighlight>): Result<Highlight>;
  /** Delete a highlight; answers the deleted record so the UI can offer undo (restoreHighlight). */
  deleteHighlight(data: v.InferOutput<typeof uiSchemas.deleteHighlight>): Result<Highlight>;
  /** Put back a deleted highlight (undo). */
  restoreHighlight(data: v.InferOutput<typeof uiSchemas.restoreHighlight>): Result<Highlight>;
  /** Scroll the page in a tab to one of its highlights and flash it. */
  showHighlight(data: v.InferOutput<typeof uiSchemas.showHighlight>): Result<true>;
  /** Chrome's offscreen backup page hands over the export it made (entrypoints/background/backup.ts). */
  backupFileReady(data: v.InferOutput<typeof uiSchemas.backupFileReady>): Result<true>;
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

/** A page's classification (lib/extract/classify classifyPage), as tabInfo reports it. */
export interface PageClassification {
  url: string;
  kind: PageKind;
  profile: string;
  confidence: number;
}
