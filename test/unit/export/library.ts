/** fast-check arbitraries of a whole library (items with highlights) for export/import tests. */
import fc from 'fast-check';
import type { ScrapnoteDB } from '@/lib/db';
import { toRow } from '@/lib/db';
import { putHighlights } from '@/lib/db/highlights';
import { libraryTableList } from '@/lib/db/search';
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

export interface Library {
  items: SavedItem[];
  highlights: Highlight[];
}

/** A random library: unique ids and addresses, Hangul and odd Unicode in every text field. */
export const libraryArb: fc.Arbitrary<Library> = fc
  .array(itemBody, { maxLength: 12 })
  .chain((bodies) =>
    fc.tuple(
      fc.constant(bodies),
      fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9_-]{1,24}$/), {
        minLength: bodies.length,
        maxLength: bodies.length,
      }),
    ),
  )
  .map(([bodies, ids]) => {
    const items: SavedItem[] = [];
    const highlights: Highlight[] = [];
    bodies.forEach((b, i) => {
      const id = ids[i]!;
      const url = `https://news${i}.example.kr/${b.path}?id=${i}`;
      const { canonicalUrl, key } = canonicalize(url, undefined, b.engine);
      items.push({
        id,
        kind: b.kind,
        url,
        canonicalUrl,
        canonicalKey: key,
        site: { host: `news${i}.example.kr`, name: b.siteName, engine: b.engine },
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
          id: `${id}~h${j}`,
          itemId: id,
          color: h.color,
          note: h.note,
          createdAt: h.createdAt,
          updatedAt: h.updatedAt,
          target: { source: url, selector: h.selector },
        });
      });
    });
    return { items, highlights };
  });

/** Write a library straight into the tables. */
export async function seed(db: ScrapnoteDB, lib: Library): Promise<void> {
  await db.transaction('rw', libraryTableList(db), async () => {
    await db.items.bulkPut(lib.items.map((item) => toRow(item, [])));
    await putHighlights(db, lib.highlights);
  });
}
