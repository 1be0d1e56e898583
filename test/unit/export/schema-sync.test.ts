import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { EXPORT_VERSION, exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import * as exportSchemaModule from '@/lib/export/schema';
import { exportFileSchema, LIMITS } from '@/lib/export/schema';
import { convert, exportJsonSchema, SCHEMA_PATH } from '../../../scripts/export-schema.mjs';
import { libraryArb, seed } from '../../support/library';

/** The committed docs/export.schema.json, compiled by ajv (strict: unknown keywords are errors). */
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
const ajvValidate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const NOW = new Date('2026-11-28T09:00:00.000Z');

/** ajv's errors for `file` (empty when valid), each with its instance path and keyword. */
function validate(file: unknown): ErrorObject[] {
  return ajvValidate(file) ? [] : [...(ajvValidate.errors ?? [])];
}
const describeErrors = (errors: ErrorObject[]) => errors.map((e) => `${e.instancePath} ${e.message}`).join('; ');

async function realExport(lib: Parameters<typeof seed>[1]): Promise<unknown> {
  const db = new ScrapnoteDB(`schema-${Math.random()}`);
  try {
    await seed(db, lib);
    return JSON.parse((await exportLibrary(db, NOW, '0.1.0')).join(''));
  } finally {
    await db.delete();
  }
}

/** The same file built without a database (fast enough for many mutations and shrinking). */
function pureExport(lib: Parameters<typeof seed>[1]): unknown {
  const items = [...lib.items]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((i) =>
      exportItem(
        i,
        lib.highlights.filter((h) => h.itemId === i.id),
      ),
    );
  return JSON.parse([...exportChunks(exportHeader(NOW, '0.1.0'), items, { readingHistory: lib.reads ?? [] })].join(''));
}

/** Every [container, key] pair of a JSON document, for mutations. */
function slots(doc: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node, i]);
        walk(child);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        walk(child);
      }
    }
  };
  walk(doc);
  return out;
}

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'x', 'https://a.kr/', '2026-11-28T00:00:00Z', 'yellow', 'TextQuoteSelector', -1, 1.5, 0, null),
);

describe('docs/export.schema.json and lib/export/schema.ts agree', () => {
  it('real exports of random libraries are valid against both', async () => {
    await fc.assert(
      fc.asyncProperty(libraryArb, async (lib) => {
        const file = await realExport(lib);
        expect(validate(file)).toEqual([]);
        expect(file).toEqual(pureExport(lib));
        expect(v.safeParse(exportFileSchema, file).success).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('mutated exports are accepted or rejected by both alike', () => {
    fc.assert(
      fc.property(
        libraryArb.filter((l) => l.items.length > 0),
        fc.nat(),
        fc.constantFrom('replace', 'delete', 'add'),
        replacement,
        (lib, pick, action, value) => {
          const file = pureExport(lib);
          const all = slots(file);
          const [container, key] = all[pick % all.length]!;
          if (action === 'replace') (container as Record<string, unknown>)[key as string] = value;
          else if (Array.isArray(container)) container.splice(key as number, 1);
          else if (action === 'delete') delete container[key as string];
          else container[`${String(key)}Extra`] = value;
          const errors = validate(file);
          const byValibot = v.safeParse(exportFileSchema, file).success;
          expect(byValibot, `JSON Schema errors: ${describeErrors(errors)}`).toBe(errors.length === 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the length limits are the same numbers', () => {
    const text = JSON.stringify(schema);
    for (const [name, limit] of Object.entries(LIMITS)) {
      expect(text, `limit ${name}`).toMatch(new RegExp(`"(maxLength|maxItems)":${limit}[,}]`));
    }
  });

  it('a string at the limit passes both; one character more fails both (in code points)', () => {
    const file = {
      format: 'scrapnote-export',
      version: 4,
      exportedAt: NOW.toISOString(),
      app: { name: 'a', version: '1' },
      items: [],
      readingHistory: [],
      authors: [],
      mutedWords: [],
    };
    for (const [name, ok] of [
      ['😀'.repeat(2000), true],
      ['가'.repeat(2001), false],
    ] as const) {
      const f = { ...file, app: { name, version: '1' } };
      expect(validate(f).length === 0).toBe(ok);
      expect(v.safeParse(exportFileSchema, f).success).toBe(ok);
    }
  });
});

describe('docs/export.schema.json is generated from lib/export/schema.ts', () => {
  it('the committed file is what `npm run schema:export` writes now', () => {
    expect(schema, 'docs/export.schema.json is out of date: run npm run schema:export').toEqual(
      exportJsonSchema(exportSchemaModule),
    );
  });

  it('keeps the document metadata and shares the common pieces as $defs', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://scrapnote.example/export.schema.json',
      title: `Scrapnote export, version ${EXPORT_VERSION}`,
    });
    expect(Object.keys(schema.$defs)).toEqual([
      'dateTime',
      'httpUrl',
      'item',
      'highlight',
      'textQuoteSelector',
      'textPositionSelector',
      'rangeSelector',
    ]);
    expect(schema.$defs.httpUrl.$comment).toMatch(/URL\.canParse/);
  });

  it('refuses what it cannot convert instead of leaving it out', () => {
    expect(() =>
      convert(
        v.pipe(
          v.string(),
          v.check((s) => s !== 'x'),
        ),
      ),
    ).toThrow(/v\.check must be followed/);
    expect(() =>
      convert(
        v.strictObject({
          a: v.pipe(
            v.string(),
            v.check((s) => s !== 'x'),
          ),
        }),
      ),
    ).toThrow(/\(root\)\.a/);
    expect(() =>
      convert(
        v.pipe(
          v.string(),
          v.transform((s) => s.length),
        ),
      ),
    ).toThrow(/cannot be converted/);
    expect(() => convert(v.date())).toThrow(/cannot be converted/);
    expect(
      convert(
        v.pipe(
          v.string(),
          v.check((s) => [...s].length <= 3),
          v.metadata({ maxLength: 3 }),
        ),
      ),
    ).toMatchObject({ type: 'string', maxLength: 3 });
  });
});

/** A small valid file: one post with a board and one highlight. */
function validFile() {
  const at = '2026-11-28T18:00:00+09:00';
  return {
    format: 'scrapnote-export',
    version: 4,
    exportedAt: '2026-11-28T09:00:00.000Z',
    app: { name: 'Scrapnote', version: '0.1.0' },
    items: [
      {
        id: 'item-1',
        kind: 'post',
        url: 'https://board.example.kr/free/123',
        canonicalUrl: 'https://board.example.kr/free/123',
        originalUrl: null as string | null,
        site: { host: 'board.example.kr', name: '예시 게시판', engine: 'xe', via: null as string | null },
        board: { name: '자유게시판', url: 'https://board.example.kr/free', postId: '123', number: 123 },
        title: '제목',
        byline: null,
        authors: [],
        poster: '글쓴이',
        publishedAt: at,
        publishedText: '2026.11.28 18:00',
        lang: 'ko',
        excerpt: null,
        text: '본문 텍스트',
        html: '<p>본문 텍스트</p>',
        tags: ['뉴스'],
        note: '',
        savedAt: at,
        updatedAt: at,
        comments: [
          {
            id: '88301',
            parent: null as string | null,
            depth: 0,
            author: '독자' as string | null,
            memberId: '5120' as string | null,
            ip: null as string | null,
            dateText: '2026.11.28 18:10' as string | null,
            date: '2026-11-28T18:10:00+09:00' as string | null,
            text: '댓글 본문',
            byPoster: false,
          },
        ],
        highlights: [
          {
            id: 'hl-1',
            color: 'yellow',
            note: '',
            createdAt: at,
            updatedAt: at,
            target: {
              source: 'https://board.example.kr/free/123',
              selector: [
                { type: 'TextQuoteSelector', exact: '본문', prefix: '', suffix: ' 텍스트' },
                { type: 'TextPositionSelector', start: 0, end: 2 },
              ],
            },
          },
        ],
      },
    ],
    readingHistory: [
      { key: 'board.example.kr/123', url: 'https://board.example.kr/free/123', at, comments: 4 as number | null },
    ],
    authors: [
      {
        host: 'board.example.kr',
        authorId: 'm:4123',
        name: '바람돌이',
        note: '부동산 글을 꼼꼼히 씀',
        muted: false,
        updatedAt: '2026-11-28T08:40:00.000Z',
      },
    ],
    mutedWords: [{ word: '광고', createdAt: '2026-11-28T08:41:00.000Z' }],
  };
}

describe('ajv with docs/export.schema.json rejects broken files', () => {
  it('accepts the untouched file (so the rejections below are about the change)', () => {
    expect(validate(validFile())).toEqual([]);
    expect(v.safeParse(exportFileSchema, validFile()).success).toBe(true);
  });

  it('accepts a portal, an original article and a history entry without a comment count', () => {
    const file = validFile();
    Object.assign(file.items[0]!, { originalUrl: 'https://press.example.kr/news/1' });
    Object.assign(file.items[0]!.site, { via: '네이버 뉴스' });
    Object.assign(file.readingHistory[0]!, { comments: null });
    expect(validate(file)).toEqual([]);
    expect(v.safeParse(exportFileSchema, file).success).toBe(true);
  });

  type File = ReturnType<typeof validFile>;
  const cases: Array<[string, (f: File) => void, { instancePath: string; keyword: string }]> = [
    [
      'a missing item field',
      (f) => delete (f.items[0] as Partial<File['items'][number]>).title,
      { instancePath: '/items/0', keyword: 'required' },
    ],
    [
      'a missing envelope field',
      (f) => delete (f as Partial<File>).exportedAt,
      { instancePath: '', keyword: 'required' },
    ],
    [
      'the version as a string',
      (f) => Object.assign(f, { version: '1' }),
      { instancePath: '/version', keyword: 'const' },
    ],
    [
      'an author identity that is not one',
      (f) => Object.assign(f.authors[0]!, { authorId: '바람돌이' }),
      { instancePath: '/authors/0/authorId', keyword: 'pattern' },
    ],
    [
      'an empty muted word',
      (f) => Object.assign(f.mutedWords[0]!, { word: '' }),
      { instancePath: '/mutedWords/0/word', keyword: 'minLength' },
    ],
    [
      'a date as a number',
      (f) => Object.assign(f.items[0]!, { savedAt: 1_764_320_400_000 }),
      { instancePath: '/items/0/savedAt', keyword: 'type' },
    ],
    [
      'a date without an offset',
      (f) => Object.assign(f.items[0]!, { savedAt: '2026-11-28T18:00:00' }),
      { instancePath: '/items/0/savedAt', keyword: 'pattern' },
    ],
    [
      'tags as a string',
      (f) => Object.assign(f.items[0]!, { tags: '뉴스' }),
      { instancePath: '/items/0/tags', keyword: 'type' },
    ],
    [
      'an unknown field',
      (f) => Object.assign(f.items[0]!, { extra: true }),
      { instancePath: '/items/0', keyword: 'additionalProperties' },
    ],
    [
      'an empty tag',
      (f) => Object.assign(f.items[0]!, { tags: [''] }),
      { instancePath: '/items/0/tags/0', keyword: 'minLength' },
    ],
    [
      'a javascript: address',
      (f) => Object.assign(f.items[0]!, { url: 'javascript:alert(1)' }),
      { instancePath: '/items/0/url', keyword: 'pattern' },
    ],
    [
      'an unknown highlight colour',
      (f) => Object.assign(f.items[0]!.highlights[0]!, { color: 'red' }),
      { instancePath: '/items/0/highlights/0/color', keyword: 'enum' },
    ],
    [
      'a highlight without selectors',
      (f) => Object.assign(f.items[0]!.highlights[0]!.target, { selector: [] }),
      { instancePath: '/items/0/highlights/0/target/selector', keyword: 'minItems' },
    ],
    [
      'a fractional selector offset',
      (f) => Object.assign(f.items[0]!.highlights[0]!.target.selector[1]!, { start: 0.5 }),
      { instancePath: '/items/0/highlights/0/target/selector/1/start', keyword: 'type' },
    ],
    [
      'a negative board number',
      (f) => Object.assign(f.items[0]!.board, { number: -1 }),
      { instancePath: '/items/0/board/number', keyword: 'minimum' },
    ],
    [
      'a missing via',
      (f) => delete (f.items[0]!.site as Partial<File['items'][number]['site']>).via,
      { instancePath: '/items/0/site', keyword: 'required' },
    ],
    [
      'a missing originalUrl',
      (f) => delete (f.items[0] as Partial<File['items'][number]>).originalUrl,
      { instancePath: '/items/0', keyword: 'required' },
    ],
    [
      'a javascript: original article',
      (f) => Object.assign(f.items[0]!, { originalUrl: 'javascript:alert(1)' }),
      { instancePath: '/items/0/originalUrl', keyword: 'pattern' },
    ],
    [
      'a missing readingHistory',
      (f) => delete (f as Partial<File>).readingHistory,
      { instancePath: '', keyword: 'required' },
    ],
    [
      'a history entry at a non-http address',
      (f) => Object.assign(f.readingHistory[0]!, { url: 'ftp://board.example.kr/free/123' }),
      { instancePath: '/readingHistory/0/url', keyword: 'pattern' },
    ],
    [
      'a history entry with a bad date',
      (f) => Object.assign(f.readingHistory[0]!, { at: '어제' }),
      { instancePath: '/readingHistory/0/at', keyword: 'pattern' },
    ],
    [
      'a history entry with a negative comment count',
      (f) => Object.assign(f.readingHistory[0]!, { comments: -1 }),
      { instancePath: '/readingHistory/0/comments', keyword: 'minimum' },
    ],
    [
      'a history entry with an empty key',
      (f) => Object.assign(f.readingHistory[0]!, { key: '' }),
      { instancePath: '/readingHistory/0/key', keyword: 'minLength' },
    ],
    [
      'a title over the limit',
      (f) => Object.assign(f.items[0]!, { title: '가'.repeat(LIMITS.title + 1) }),
      { instancePath: '/items/0/title', keyword: 'maxLength' },
    ],
  ];

  it.each(cases)('%s', (_name, breakIt, expected) => {
    const file = validFile();
    breakIt(file);
    expect(validate(file)).toContainEqual(expect.objectContaining(expected));
    expect(v.safeParse(exportFileSchema, file).success).toBe(false);
  });
});
