/**
 * The valibot schema of a version-4 export file, used to validate imports. docs/export.schema.json
 * is generated from it (`npm run schema:export`, scripts/export-schema.mjs), and
 * test/unit/export/schema-sync.test.ts checks that the committed file is up to date and that both
 * accept and reject the same documents.
 *
 * Titles, descriptions and `v.metadata` only annotate the JSON Schema; they accept nothing more or
 * less. A `v.check` runs JavaScript that JSON Schema cannot, so each one is followed by a
 * `v.metadata` stating its JSON Schema keywords, or a `$comment` saying what JSON Schema leaves out
 * (the generator refuses a check without one).
 *
 * Lengths are limits in characters (Unicode code points, as JSON Schema counts them). They are
 * generous for real pages and small enough that a hostile file cannot make the library store
 * megabytes in a title.
 */
import * as v from 'valibot';
import { AUTHOR_NOTE_MAX, HIGHLIGHT_COLORS } from '../model';

/** Limits of the format, in characters. Documented in docs/export-format.md. */
export const LIMITS = {
  id: 200,
  url: 8192,
  shortText: 2000,
  title: 2000,
  excerpt: 10_000,
  text: 2_000_000,
  html: 4_000_000,
  note: 100_000,
  tag: 200,
  tags: 500,
  authors: 100,
  quote: 100_000,
  quoteContext: 1000,
  selectors: 10,
  highlights: 10_000,
  comments: 5000,
  commentText: 20_000,
  versions: 200,
  /** Images listed per item. */
  itemImages: 1000,
  /** Images whose bytes a file may carry. */
  images: 100_000,
} as const;

/** Bytes of one image in the file (its base64 holds 4 characters per 3 bytes). */
export const IMAGE_MAX_BYTES = 15 * 1024 * 1024;

/** A SHA-256 content hash: 64 lower-case hex digits. */
export const IMAGE_HASH_PATTERN = /^[0-9a-f]{64}$/;
/** The image types the library keeps. */
export const IMAGE_TYPE_PATTERN = /^image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml|x-icon|vnd\.microsoft\.icon)$/;

/** Deepest reply nesting of a comment the format keeps. */
export const MAX_COMMENT_DEPTH = 20;

/** ISO 8601 date-time with seconds optional, fraction optional, and `Z` or a `±hh:mm` offset. */
export const DATE_TIME_PATTERN =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Addresses the library saves: http or https, no whitespace. */
export const HTTP_URL_PATTERN = /^https?:\/\/[^\s]+$/;

/**
 * Code points of a string, counted only when the UTF-16 length could exceed the limit. Follow it
 * with `asMaxLength(limit)`.
 */
function maxChars(limit: number) {
  return v.check(
    (s: string) => s.length <= limit || [...s].length <= limit,
    (issue: v.CheckIssue<string>) =>
      `longer than the limit of ${limit.toLocaleString('en')} characters (${issue.input.length.toLocaleString('en')} received)`,
  );
}

/** maxChars in JSON Schema: its `maxLength` counts code points too. */
const asMaxLength = (limit: number) => v.metadata<string, { maxLength: number }>({ maxLength: limit });

const str = (limit: number) => v.pipe(v.string(), maxChars(limit), asMaxLength(limit));
const nonEmpty = (limit: number) => v.pipe(v.string(), v.minLength(1, 'empty'), maxChars(limit), asMaxLength(limit));
const nullable = <T extends v.GenericSchema>(s: T) => v.nullable(s);
const dateTime = v.pipe(
  v.string(),
  v.regex(DATE_TIME_PATTERN, 'not an ISO 8601 date-time with offset'),
  v.description('ISO 8601 date-time with Z or a ±hh:mm offset.'),
);
const httpUrl = v.pipe(
  v.string(),
  maxChars(LIMITS.url),
  asMaxLength(LIMITS.url),
  v.regex(HTTP_URL_PATTERN, 'not an http(s) address'),
  v.check((s) => URL.canParse(s), 'not a valid address'),
  v.metadata({ $comment: 'Scrapnote also requires the WHATWG URL parser to accept it (URL.canParse).' }),
);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const siteSchema = v.strictObject({
  host: nonEmpty(LIMITS.shortText),
  name: v.pipe(nullable(str(LIMITS.shortText)), v.description('The press outlet or site name.')),
  engine: nullable(str(LIMITS.shortText)),
  via: v.pipe(
    nullable(str(LIMITS.shortText)),
    v.description('The portal the article was read through (e.g. 네이버 뉴스, Daum 뉴스, 네이트 뉴스).'),
  ),
});

export const boardSchema = v.strictObject({
  name: nullable(str(LIMITS.shortText)),
  url: nullable(httpUrl),
  postId: nullable(str(LIMITS.shortText)),
  number: nullable(count),
});

export const textQuoteSelectorSchema = v.pipe(
  v.strictObject({
    type: v.literal('TextQuoteSelector'),
    exact: nonEmpty(LIMITS.quote),
    prefix: str(LIMITS.quoteContext),
    suffix: str(LIMITS.quoteContext),
  }),
  v.description('W3C Web Annotation TextQuoteSelector.'),
);

export const textPositionSelectorSchema = v.pipe(
  v.strictObject({
    type: v.literal('TextPositionSelector'),
    start: count,
    end: count,
  }),
  v.description("W3C Web Annotation TextPositionSelector: code unit offsets into the item's text."),
);

export const rangeSelectorSchema = v.pipe(
  v.strictObject({
    type: v.literal('RangeSelector'),
    startContainer: str(LIMITS.shortText),
    startOffset: count,
    endContainer: str(LIMITS.shortText),
    endOffset: count,
  }),
  v.description("Scrapnote's structural range: XPath-like paths from the article root (not the W3C RangeSelector)."),
);

export const exportSelectorSchema = v.variant('type', [
  textQuoteSelectorSchema,
  textPositionSelectorSchema,
  rangeSelectorSchema,
]);

export const exportHighlightSchema = v.strictObject({
  id: nonEmpty(LIMITS.id),
  color: v.picklist(HIGHLIGHT_COLORS),
  note: str(LIMITS.note),
  createdAt: dateTime,
  updatedAt: dateTime,
  target: v.strictObject({
    source: httpUrl,
    selector: v.pipe(v.array(exportSelectorSchema), v.minLength(1), v.maxLength(LIMITS.selectors)),
  }),
  version: v.optional(
    v.pipe(
      dateTime,
      v.description(
        "The version of its item it was made on (that version's fetchedAt); absent: the item's first version.",
      ),
    ),
  ),
});

export const exportCommentSchema = v.strictObject({
  id: v.pipe(nonEmpty(LIMITS.id), v.description("The engine's id of the comment, else its page and position (p2-5).")),
  parent: v.pipe(
    nullable(nonEmpty(LIMITS.id)),
    v.description('The id of the comment it answers; null for a comment on the post.'),
  ),
  depth: v.pipe(count, v.maxValue(MAX_COMMENT_DEPTH), v.description('Reply nesting: 0 answers the post.')),
  author: nullable(str(LIMITS.shortText)),
  memberId: v.pipe(
    nullable(str(LIMITS.shortText)),
    v.description("The board's member id of the author, when it prints one."),
  ),
  ip: v.pipe(nullable(str(LIMITS.shortText)), v.description('The IP address prefix the board prints for a guest.')),
  dateText: v.pipe(nullable(str(LIMITS.shortText)), v.description('Date as printed.')),
  date: nullable(dateTime),
  text: str(LIMITS.commentText),
  byPoster: v.pipe(v.boolean(), v.description("Written by the post's own author.")),
});

const imageHash = v.pipe(
  v.string(),
  v.regex(IMAGE_HASH_PATTERN, 'not a SHA-256 hash (64 lower-case hex digits)'),
  v.description('SHA-256 of the image bytes, 64 lower-case hex digits.'),
);

/** One image of an item's body and its stored copy, by content hash. */
export const exportItemImageSchema = v.strictObject({
  url: v.pipe(httpUrl, v.description("The image's address as the item's html names it (its src).")),
  hash: v.pipe(nullable(imageHash), v.description('The content hash of its stored copy; null when none is kept.')),
  size: v.pipe(count, v.description('Bytes of the copy (0 when none).')),
  skipped: v.optional(
    v.pipe(
      v.picklist(['off', 'failed', 'not-image', 'too-large', 'cap', 'pixel', 'ad']),
      v.description(
        'Why no copy is kept: images were off, the fetch failed, not an image, too large, over the per-item cap, a tracking pixel, an ad or banner.',
      ),
    ),
  ),
});

/** The bytes of one stored image (only in a file exported with images). */
export const exportImageSchema = v.strictObject({
  hash: imageHash,
  type: v.pipe(v.string(), v.regex(IMAGE_TYPE_PATTERN, 'not an image type'), v.description('The MIME type.')),
  size: v.pipe(count, v.maxValue(IMAGE_MAX_BYTES), v.description('Bytes.')),
  data: v.pipe(
    v.string(),
    v.maxLength(Math.ceil(IMAGE_MAX_BYTES / 3) * 4),
    v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
    v.description('The bytes, base64. Import checks that they hash to `hash`.'),
  ),
});

/** One version of a post as it was fetched (Check again). */
export const exportVersionSchema = v.strictObject({
  fetchedAt: v.pipe(dateTime, v.description('When this version was fetched (the first: when the item was saved).')),
  title: str(LIMITS.title),
  text: str(LIMITS.text),
  html: v.pipe(str(LIMITS.html), v.description('Sanitized HTML of the body. Sanitize again before rendering.')),
  comments: v.pipe(v.array(exportCommentSchema), v.maxLength(LIMITS.comments)),
});

export const exportItemSchema = v.strictObject({
  id: nonEmpty(LIMITS.id),
  kind: v.picklist(['article', 'post']),
  url: v.pipe(httpUrl, v.description('The address the item was saved from.')),
  canonicalUrl: httpUrl,
  originalUrl: v.pipe(
    nullable(httpUrl),
    v.description("The original article on the outlet's own site (원문 보기, 기사원문)."),
  ),
  site: siteSchema,
  board: nullable(boardSchema),
  title: str(LIMITS.title),
  byline: v.pipe(nullable(str(LIMITS.shortText)), v.description('Byline as printed.')),
  authors: v.pipe(v.array(str(LIMITS.shortText)), v.maxLength(LIMITS.authors)),
  poster: v.pipe(nullable(str(LIMITS.shortText)), v.description('The board account that posted it.')),
  publishedAt: nullable(dateTime),
  publishedText: v.pipe(nullable(str(LIMITS.shortText)), v.description('Date as printed on the page.')),
  lang: nullable(str(LIMITS.shortText)),
  excerpt: nullable(str(LIMITS.excerpt)),
  text: str(LIMITS.text),
  html: v.pipe(
    str(LIMITS.html),
    v.description('Sanitized HTML of the body (DOMPurify). Never trust it: sanitize again before rendering.'),
  ),
  tags: v.pipe(v.array(nonEmpty(LIMITS.tag)), v.maxLength(LIMITS.tags)),
  note: str(LIMITS.note),
  savedAt: dateTime,
  updatedAt: dateTime,
  comments: v.pipe(
    v.array(exportCommentSchema),
    v.maxLength(LIMITS.comments),
    v.description('The comments of a saved post, every comment page merged, replies after what they answer.'),
  ),
  versions: v.optional(
    v.pipe(
      v.array(exportVersionSchema),
      v.minLength(1),
      v.maxLength(LIMITS.versions),
      v.description(
        "Every version of the post kept by Check again, oldest first; the last is the item's own content. Absent until the post was checked again.",
      ),
    ),
  ),
  checkedAt: v.optional(v.pipe(dateTime, v.description('When the post was last fetched anew from its source.'))),
  status: v.optional(
    v.pipe(
      v.literal('gone'),
      v.description(
        'The post is deleted at its source (404/410 or the engine’s deleted-post page); every version is kept.',
      ),
    ),
  ),
  goneAt: v.optional(v.pipe(dateTime, v.description('When the post was first found deleted at its source.'))),
  highlights: v.pipe(v.array(exportHighlightSchema), v.maxLength(LIMITS.highlights)),
  images: v.pipe(
    v.array(exportItemImageSchema),
    v.maxLength(LIMITS.itemImages),
    v.description("The images of the body, in page order, with their copies' content hashes (format version 4)."),
  ),
});

/** One post of the reading history, by its post identity. */
export const exportReadEntrySchema = v.strictObject({
  key: v.pipe(
    nonEmpty(LIMITS.url),
    v.description('The post identity (as the library keys items), e.g. naver:028/0002730000.'),
  ),
  url: httpUrl,
  at: dateTime,
  comments: v.pipe(nullable(count), v.description('The comment count its board list showed then.')),
});

/** A note on an author of one site, or their muting (board lists). */
export const exportAuthorSchema = v.strictObject({
  host: v.pipe(nonEmpty(LIMITS.shortText), v.description('The site (host name, lower case, no `www.`).')),
  authorId: v.pipe(
    nonEmpty(LIMITS.shortText),
    v.regex(/^[mgn]:./, 'not an author identity (m:, g: or n:)'),
    v.description(
      'The author: `m:<member id>`, `g:<nickname>@<address prefix>` (a guest) or `n:<nickname>` (a board that shows nothing else).',
    ),
  ),
  name: v.pipe(str(LIMITS.shortText), v.description('The nickname as last shown.')),
  note: v.pipe(
    str(LIMITS.note),
    v.description(
      `The note shown beside the name on the lists (at most ${AUTHOR_NOTE_MAX} characters as typed; longer when sync kept a conflict copy of a note written on two devices at once).`,
    ),
  ),
  muted: v.pipe(v.boolean(), v.description("Whether the author's posts are hidden on the site's lists.")),
  updatedAt: dateTime,
});

/** A word whose posts are hidden on every board list. */
export const exportMutedWordSchema = v.strictObject({
  word: v.pipe(nonEmpty(100), v.description('Matched in titles, in NFC and lower case.')),
  createdAt: dateTime,
});

/**
 * The envelope of the current version; `items` is checked item by item (exportItemSchema) and
 * `readingHistory` entry by entry (exportReadEntrySchema).
 */
export const exportEnvelopeSchema = v.strictObject({
  format: v.literal('scrapnote-export'),
  version: v.pipe(v.literal(4), v.description('Format version; see the versioning policy in docs/export-format.md.')),
  exportedAt: dateTime,
  app: v.pipe(
    v.strictObject({ name: str(LIMITS.shortText), version: str(LIMITS.shortText) }),
    v.description('The program that wrote the file.'),
  ),
  items: v.array(v.unknown()),
  readingHistory: v.array(v.unknown()),
  authors: v.array(v.unknown()),
  mutedWords: v.array(v.unknown()),
  images: v.array(v.unknown()),
});

/** The whole file, items and reading history included (for tests and the schema-sync check). */
export const exportFileSchema = v.strictObject({
  ...exportEnvelopeSchema.entries,
  items: v.array(exportItemSchema),
  readingHistory: v.pipe(
    v.array(exportReadEntrySchema),
    v.description('The reading history of board posts (empty in an export of some items).'),
  ),
  authors: v.pipe(
    v.array(exportAuthorSchema),
    v.description('Notes on authors and muted authors, by site (empty in an export of some items).'),
  ),
  mutedWords: v.pipe(
    v.array(exportMutedWordSchema),
    v.description('Words whose posts are hidden on board lists (empty in an export of some items).'),
  ),
  images: v.pipe(
    v.array(exportImageSchema),
    v.maxLength(LIMITS.images),
    v.description('The bytes of the images the items use, once each (empty unless exported with images).'),
  ),
});

export type ValidExportItem = v.InferOutput<typeof exportItemSchema>;
export type ValidExportReadEntry = v.InferOutput<typeof exportReadEntrySchema>;
export type ValidExportAuthor = v.InferOutput<typeof exportAuthorSchema>;
export type ValidExportMutedWord = v.InferOutput<typeof exportMutedWordSchema>;
export type ValidExportImage = v.InferOutput<typeof exportImageSchema>;

/** The first issue of a failed validation as `path: message`, e.g. `site.host: empty`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  // A variant or union reports its own first nested issue, which names the real problem.
  const inner = issue.issues?.[0];
  const chosen = inner && issue.type === 'variant' ? inner : issue;
  const path = v.getDotPath(chosen);
  const message = chosen.type === 'strict_object' && chosen.kind === 'schema' ? `unknown field` : chosen.message;
  return path ? `${path}: ${message}` : message;
}
