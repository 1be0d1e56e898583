/**
 * fast-check arbitraries of a whole library (items with highlights, and a reading history) for
 * export/import tests.
 */
import fc from 'fast-check';
import type { ReadRow, ScrapnoteDB } from '@/lib/db';
import { toRow } from '@/lib/db';
import { highlightChange, itemChange, recordChanges } from '@/lib/db/feed';
import { putRows, write } from '@/lib/db/items';
import { HIGHLIGHT_COLORS, type Highlight, type SavedItem, type Selector } from '@/lib/model';
import { canonicalize } from '@/lib/sites/identity';

const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
const word = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max });
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const instant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
/** An instant written with the Korean offset, as article dates are. */
const kstInstant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => `${new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`);

const selector: fc.Arbitrary<Selector> = fc.oneof(
  fc.record({
    type: fc.constant('TextQuoteSelector' as const),
    exact: word(40),
    prefix: text(30),
    suffix: text(30),
  }),
  fc.record({ type: fc.constant('TextPositionSelector' as const), start: fc.nat(10_000), end: fc.nat(10_000) }),
  fc.record({
    type: fc.constant('RangeSelector' as const),
    startContainer: fc.constant('/p[1]/text()[1]'),
    startOffset: fc.nat(100),
    endContainer: fc.constant('/p[2]/text()[1]'),
    endOffset: fc.nat(100),
  }),
);

const highlightBody = fc.record({
  color: fc.constantFrom(...HIGHLIGHT_COLORS),
  note: text(50),
  createdAt: instant,
  updatedAt: instant,
  selector: fc.array(selector, { minLength: 1, maxLength: 3 }),
});

const itemBody = fc.record({
  kind: fc.constantFrom('article' as const, 'post' as const),
  path: fc.webSegment(),
  siteName: nullable(text(20)),
  engine: nullable(fc.constantFrom('xe', 'gnuboard', 'naver', 'generic')),
  via: nullable(fc.oneof(fc.constantFrom('네이버 뉴스', 'Daum 뉴스', '네이트 뉴스'), text(20))),
  originalPath: nullable(fc.webSegment()),
  board: nullable(
    fc.record({
      name: nullable(text(20)),
      url: nullable(fc.constant('https://board.example.kr/free')),
      postId: nullable(fc.stringMatching(/^[0-9]{1,8}$/)),
      number: nullable(fc.nat(1_000_000)),
    }),
  ),
  title: text(60),
  byline: nullable(text(30)),
  authors: fc.array(word(10), { maxLength: 3 }),
  poster: nullable(text(20)),
  publishedAt: nullable(kstInstant),
  publishedText: nullable(text(20)),
  lang: nullable(fc.constantFrom('ko', 'en', 'ko-KR')),
  excerpt: nullable(text(80)),
  text: text(300),
  html: text(300),
  tags: fc.uniqueArray(word(12), { maxLength: 5 }),
  note: text(80),
  savedAt: instant,
  updatedAt: instant,
  highlights: fc.array(highlightBody, { maxLength: 4 }),
});

/** A reading history entry: a post key, its address, when it was read, the list's comment count. */
const readBody = fc.record({
  path: fc.webSegment(),
  at: instant,
  comments: nullable(fc.nat(100_000)),
});

export interface Library {
  items: SavedItem[];
  highlights: Highlight[];
  /** The reading history (none when absent). */
  reads?: ReadRow[];
}

/**
 * A random library: unique item ids and addresses, Hangul and odd Unicode in every text field.
 * Highlight ids are unique within their item; with `sharedHighlightIds`, some items use the same
 * highlight ids as others (`h0`, `h1`...), as a library may (a highlight is named by its item and
 * its id), otherwise every highlight id is unique in the library.
 */
function libraryOf(sharedHighlightIds: boolean): fc.Arbitrary<Library> {
  return fc
    .array(fc.tuple(itemBody, sharedHighlightIds ? fc.boolean() : fc.constant(false)), { maxLength: 12 })
    .chain((bodies) =>
      fc.tuple(
        fc.constant(bodies),
        fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9_-]{1,24}$/), {
          minLength: bodies.length,
          maxLength: bodies.length,
        }),
        fc.array(readBody, { maxLength: 6 }),
      ),
    )
    .map(([bodies, ids, readBodies]) => {
      const items: SavedItem[] = [];
      const highlights: Highlight[] = [];
      bodies.forEach(([b, shared], i) => {
        const id = ids[i]!;
        const url = `https://news${i}.example.kr/${b.path}?id=${i}`;
        const { canonicalUrl, key } = canonicalize(url, undefined, b.engine);
        items.push({
          id,
          kind: b.kind,
          url,
          canonicalUrl,
          originalUrl: b.originalPath === null ? null : `https://press${i}.example.kr/news/${b.originalPath}`,
          canonicalKey: key,
          site: { host: `news${i}.example.kr`, name: b.siteName, engine: b.engine, via: b.via },
          board: b.board,
          title: b.title,
          byline: b.byline,
          authors: b.authors,
          poster: b.poster,
          publishedAt: b.publishedAt,
          publishedText: b.publishedText,
          lang: b.lang,
          excerpt: b.excerpt,
          text: b.text,
          html: b.html,
          tags: b.tags,
          note: b.note,
          savedAt: b.savedAt,
          updatedAt: b.updatedAt,
        });
        b.highlights.forEach((h, j) => {
          highlights.push({
            id: shared ? `h${j}` : `${id}~h${j}`,
            itemId: id,
            color: h.color,
            note: h.note,
            createdAt: h.createdAt,
            updatedAt: h.updatedAt,
            target: { source: url, selector: h.selector },
          });
        });
      });
      // Posts read (keys unique: one entry per post), some of them the saved items' own.
      const reads: ReadRow[] = readBodies.map((r, j) => {
        const url = j < items.length && j % 2 === 0 ? items[j]!.url : `https://board${j}.example.kr/free/${r.path}`;
        return {
          key: j < items.length && j % 2 === 0 ? items[j]!.canonicalKey : `board${j}.example.kr/${j}`,
          url,
          at: r.at,
          comments: r.comments,
        };
      });
      return { items, highlights, reads };
    });
}

/** A random library in which every highlight id is unique. */
export const libraryArb: fc.Arbitrary<Library> = libraryOf(false);

/** A random library in which some items reuse other items' highlight ids. */
export const sharedIdsLibraryArb: fc.Arbitrary<Library> = libraryOf(true);

/**
 * Write a library into the tables in one write, as a save would: each item's row with its
 * highlights, its search row, the reading history, and one feed row naming the items, highlights
 * and read posts. Every highlight must belong to one of the library's items (it is stored in its
 * item's row: no orphans).
 */
export async function seed(db: ScrapnoteDB, lib: Library): Promise<void> {
  const byItem = new Map<string, Highlight[]>(lib.items.map((item) => [item.id, []]));
  for (const h of lib.highlights) {
    const own = byItem.get(h.itemId);
    if (!own) throw new Error(`seed: highlight ${h.id} names no item of the library (${h.itemId})`);
    own.push(h);
  }
  await write(db, async () => {
    await putRows(
      db,
      lib.items.map((item) => toRow(item, byItem.get(item.id) ?? [])),
    );
    const reads = lib.reads ?? [];
    if (reads.length) await db.reads.bulkPut(reads);
    await recordChanges(db, [
      ...lib.items.flatMap((item) => [
        itemChange(item, 'put'),
        ...(byItem.get(item.id) ?? []).map((h) => highlightChange(item, h.id, 'put')),
      ]),
      ...reads.map((r) => ({ entity: 'read' as const, id: r.key, itemId: '', op: 'put' as const, key: r.key })),
    ]);
  });
}
