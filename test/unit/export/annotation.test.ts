import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANNO_CONTEXT, highlightIri, highlightToAnnotation, webAnnotationChunks } from '@/lib/export/annotation';
import { type ExportItem, exportItem } from '@/lib/export/json';
import { HIGHLIGHT_COLORS } from '@/lib/model';
import { makeHighlight, makeItem } from '../../support/items';
import { sharedIdsLibraryArb } from '../../support/library';

// The rules of the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/) that
// this export can break, one function per family. Each returns the rules broken, named by section.

type Json = Record<string, unknown>;

/** W3C motivations (Web Annotation Vocabulary §3.3.5). */
const MOTIVATIONS = [
  'assessing',
  'bookmarking',
  'classifying',
  'commenting',
  'describing',
  'editing',
  'highlighting',
  'identifying',
  'linking',
  'moderating',
  'questioning',
  'replying',
  'tagging',
];
const SELECTOR_TYPES = [
  'FragmentSelector',
  'CssSelector',
  'XPathSelector',
  'TextQuoteSelector',
  'TextPositionSelector',
  'DataPositionSelector',
  'SvgSelector',
  'RangeSelector',
];
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
/** xsd:dateTime "with the UTC timezone expressed as Z" (§3.3.1). */
const UTC_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** A media type (RFC 6838) with a registered top-level type. */
const MEDIA_TYPE = /^(application|audio|example|font|image|message|model|multipart|text|video)\/[\w.+-]+$/;
/** A BCP 47 language tag, loosely. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIri = (v: unknown): v is string => typeof v === 'string' && IRI.test(v);
const isNonNegativeInteger = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
/** The values of a JSON-LD key: absent is none, an array is each of its members. */
const values = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** At most one value, and that one passes `ok`. */
const singleIfPresent = (v: unknown, ok: (x: unknown) => boolean): boolean =>
  values(v).length <= 1 && values(v).every(ok);
const hasClass = (o: Json, cls: string): boolean => values(o.type).includes(cls);

/** A rule list: `check(ok, rule)` records `rule` when `ok` is false. */
function ruleList(): { errors: string[]; check: (ok: boolean, rule: string) => void } {
  const errors: string[] = [];
  const check = (ok: boolean, rule: string) => {
    if (!ok) errors.push(rule);
  };
  return { errors, check };
}

/** §3.1, §5.1, §5.2: the document's @context, which the embedded page and annotations share. */
function contextRules(doc: Json): string[] {
  const { errors, check } = ruleList();
  const ctx = doc['@context'];
  check(values(ctx).includes(ANNO_CONTEXT), '§5.1 @context: MUST have 1 or more values, anno.jsonld among them');
  check(!Array.isArray(ctx) || ctx.length > 1, '§3.1 @context: a single value MUST be given as a string');
  for (const page of values(doc.first).filter(isObject)) {
    check(page['@context'] === undefined, '§5.2 @context: an embedded page SHOULD NOT have one');
    for (const a of values(page.items).filter(isObject)) {
      const own = a['@context'];
      check(own === undefined || values(own).includes(ANNO_CONTEXT), '§3.1 @context: anno.jsonld MUST be one');
    }
  }
  return errors;
}

/** §3.3.2: an agent has at most 1 IRI. */
function agentRules(agent: unknown, key: string): string[] {
  const { errors, check } = ruleList();
  check(isIri(agent) || isObject(agent), `§3.3.2 ${key}: an IRI or an Agent`);
  if (isObject(agent)) check(singleIfPresent(agent.id, isIri), `§3.3.2 ${key} id: MUST NOT have more than 1 IRI`);
  return errors;
}

/** §3.2.1: format and language, when given, are media types and language tags. */
function resourcePropertyRules(r: Json, where: string): string[] {
  const { errors, check } = ruleList();
  check(
    values(r.format).every((f) => typeof f === 'string' && MEDIA_TYPE.test(f)),
    `§3.2.1 ${where} format: a media type`,
  );
  check(
    values(r.language).every((l) => typeof l === 'string' && LANGUAGE_TAG.test(l)),
    `§3.2.1 ${where} language: a BCP 47 tag`,
  );
  return errors;
}

/** §4.2: the selectors of a Specific Resource. */
function selectorRules(selector: unknown): string[] {
  const { errors, check } = ruleList();
  for (const s of values(selector)) {
    if (isIri(s)) continue;
    if (!isObject(s) || typeof s.type !== 'string' || !SELECTOR_TYPES.includes(s.type)) {
      errors.push('§4.2 selector: MUST have exactly 1 type, one of the model selectors');
      continue;
    }
    if (s.type === 'TextQuoteSelector') {
      check(typeof s.exact === 'string' && s.exact !== '', '§4.2.4 TextQuoteSelector: MUST have exactly 1 exact');
      for (const k of ['prefix', 'suffix']) {
        check(
          singleIfPresent(s[k], (x) => typeof x === 'string'),
          `§4.2.4 TextQuoteSelector: at most 1 ${k}`,
        );
      }
    }
    if (s.type === 'TextPositionSelector') {
      check(
        isNonNegativeInteger(s.start) && isNonNegativeInteger(s.end),
        '§4.2.5 TextPositionSelector: start and end MUST be xsd:nonNegativeInteger',
      );
      check((s.end as number) >= (s.start as number), '§4.2.5 TextPositionSelector: end is not before start');
    }
  }
  return errors;
}

/** §3.1, §3.2, §3.3, §4: what every Annotation MUST be. */
function annotationMustRules(a: Json): string[] {
  const { errors, check } = ruleList();
  check(isIri(a.id), '§3.1 Annotation id: MUST have exactly 1 IRI');
  check(hasClass(a, 'Annotation'), '§3.1 Annotation type: MUST include Annotation');
  const targets = values(a.target);
  check(targets.length >= 1, '§3.1 target: MUST have 1 or more');
  for (const t of targets) {
    if (isIri(t)) continue;
    if (!isObject(t)) {
      errors.push('§3.2 target: an IRI or a resource');
    } else if ('source' in t) {
      check(isIri(t.source), '§4 SpecificResource: MUST have exactly 1 source');
      errors.push(...selectorRules(t.selector), ...resourcePropertyRules(t, 'target'));
    } else {
      check(isIri(t.id), '§3.2.1 External Web Resource target: MUST have exactly 1 id, its IRI');
      errors.push(...resourcePropertyRules(t, 'target'));
    }
  }
  check(!(a.body !== undefined && a.bodyValue !== undefined), '§3.2.5 bodyValue: MUST NOT be present with body');
  for (const b of values(a.body)) {
    if (isIri(b)) continue;
    if (!isObject(b)) {
      errors.push('§3.2 body: an IRI or a resource');
      continue;
    }
    if (hasClass(b, 'TextualBody') || 'value' in b) {
      check(typeof b.value === 'string', '§3.2.4 TextualBody: MUST have exactly 1 value');
    }
    check(
      values(b.purpose).every((p) => MOTIVATIONS.includes(p as string)),
      '§3.3.5 purpose: a motivation of the model',
    );
    errors.push(...resourcePropertyRules(b, 'body'));
  }
  check(
    values(a.motivation).every((m) => MOTIVATIONS.includes(m as string)),
    '§3.3.5 motivation: a motivation of the model',
  );
  for (const key of ['created', 'modified', 'generated']) {
    check(
      singleIfPresent(a[key], (d) => typeof d === 'string' && UTC_DATETIME.test(d)),
      `§3.3.1 ${key}: MUST NOT have more than 1, an xsd:dateTime in UTC ("Z")`,
    );
  }
  for (const key of ['creator', 'generator'])
    for (const agent of values(a[key])) errors.push(...agentRules(agent, key));
  return errors;
}

/** What the model says an Annotation SHOULD have, and this export knows. `lang`: the item's. */
function annotationShouldRules(a: Json, lang: string | null): string[] {
  const { errors, check } = ruleList();
  const creators = values(a.creator);
  check(creators.length === 1, '§3.3.1 creator: SHOULD have exactly 1');
  for (const c of creators.filter(isObject)) {
    check(hasClass(c, 'Software') && c.name === 'Scrapnote', '§3.3.2 creator: the Software agent Scrapnote');
    check(isIri(c.id), '§3.3.2 creator id: SHOULD have exactly 1 IRI');
  }
  check(values(a.created).length === 1, '§3.3.1 created: SHOULD have exactly 1');
  for (const b of values(a.body).filter(isObject)) {
    check(hasClass(b, 'TextualBody'), '§3.2.4 body type: SHOULD have the TextualBody class');
    check(values(b.format).length === 1, '§3.2.1 body format: SHOULD have exactly 1');
    if (b.purpose === 'commenting') {
      check(
        lang ? b.language === lang : b.language === undefined,
        "§3.2.1 body language: the item's when known, else none (not guessed)",
      );
    }
  }
  for (const t of values(a.target).filter(isObject)) {
    if ('source' in t) check(hasClass(t, 'SpecificResource'), '§4 target type: SHOULD have the SpecificResource class');
    check(t.format === 'text/html', '§3.2.1 target format: SHOULD have exactly 1, the page is text/html');
    check(
      lang ? t.language === lang : t.language === undefined,
      "§3.2.1 target language: the item's when known, else none (not guessed)",
    );
  }
  return errors;
}

/** §5.1: what an Annotation Collection MUST be. */
function collectionMustRules(c: Json): string[] {
  const { errors, check } = ruleList();
  check(isIri(c.id), '§5.1 AnnotationCollection id: MUST have exactly 1 IRI');
  check(hasClass(c, 'AnnotationCollection'), '§5.1 AnnotationCollection type: MUST include AnnotationCollection');
  check(
    values(c.label).every((l) => typeof l === 'string'),
    '§5.1 label: MUST be a string',
  );
  check(singleIfPresent(c.total, isNonNegativeInteger), '§5.1 total: MUST be an xsd:nonNegativeInteger');
  const first = values(c.first);
  check(first.length <= 1, '§5.1 first: exactly 1');
  if ((c.total as number) > 0) check(first.length === 1, '§5.1 first: MUST have exactly 1 when total > 0');
  check(
    first.every((p) => isIri(p) || (isObject(p) && hasClass(p, 'AnnotationPage'))),
    '§5.1 first: an embedded AnnotationPage or its IRI',
  );
  check(singleIfPresent(c.last, isIri), '§5.1 last: the IRI of the last page');
  return errors;
}

/** §5.2: what an Annotation Page MUST be, within collection `c`. */
function pageMustRules(page: Json, c: Json): string[] {
  const { errors, check } = ruleList();
  check(isIri(page.id), '§5.2 AnnotationPage id: MUST have exactly 1 IRI');
  check(hasClass(page, 'AnnotationPage'), '§5.2 AnnotationPage type: MUST include AnnotationPage');
  const items = page.items;
  check(Array.isArray(items) && items.length >= 1, '§5.2 items: MUST be an array of 1 or more Annotations');
  check(
    values(items).every((a) => isIri(a) || (isObject(a) && hasClass(a, 'Annotation'))),
    '§5.2 items: each an Annotation or its IRI',
  );
  check(singleIfPresent(page.startIndex, isNonNegativeInteger), '§5.2 startIndex: at most 1, xsd:nonNegativeInteger');
  check(
    singleIfPresent(page.partOf, (p) => isIri(p) || (isObject(p) && isIri(p.id))),
    '§5.2 partOf: the IRI of the Collection, or an object with its id',
  );
  for (const key of ['next', 'prev']) check(singleIfPresent(page[key], isIri), `§5.2 ${key}: the IRI of a page`);
  const seen = ((page.startIndex as number | undefined) ?? 0) + values(items).length;
  if (seen < (c.total as number)) check(page.next !== undefined, '§5.2 next: MUST be given by all but the last page');
  return errors;
}

/** What the model says an Annotation Page and its Collection SHOULD have. */
function pageShouldRules(page: Json, c: Json): string[] {
  const { errors, check } = ruleList();
  const partOf = values(page.partOf);
  check(partOf.length === 1, '§5.2 partOf: SHOULD have exactly 1');
  check(
    partOf.every((p) => p === c.id || (isObject(p) && p.id === c.id)),
    '§5.2 partOf: names the Collection the page is in',
  );
  check(values(page.startIndex).length === 1, '§5.2 startIndex: SHOULD have exactly 1');
  check(values(c.total).length === 1, '§5.1 total: SHOULD have exactly 1');
  check(values(c.label).length >= 1, '§5.1 label: SHOULD have 1 or more');
  if (page.next === undefined) check(c.last === page.id, '§5.1 last: SHOULD reference the last page');
  return errors;
}

/** Every MUST of the whole file: collection, its embedded page, each annotation. */
function documentMustErrors(doc: Json): string[] {
  const errors = [...contextRules(doc), ...collectionMustRules(doc)];
  for (const page of values(doc.first).filter(isObject)) {
    errors.push(...pageMustRules(page, doc));
    for (const a of values(page.items).filter(isObject)) errors.push(...annotationMustRules(a));
  }
  return errors;
}

function documentShouldErrors(doc: Json, items: ExportItem[]): string[] {
  const lang = new Map(items.flatMap((i) => i.highlights.map((h) => [highlightIri(i.id, h.id), i.lang] as const)));
  const errors: string[] = [];
  for (const page of values(doc.first).filter(isObject)) {
    errors.push(...pageShouldRules(page, doc));
    for (const a of values(page.items).filter(isObject)) {
      errors.push(...annotationShouldRules(a, lang.get(a.id as string) ?? null));
    }
  }
  return errors;
}

const exportDoc = (items: ExportItem[], now = new Date('2026-11-28T09:00:00Z')): Json =>
  JSON.parse([...webAnnotationChunks(items, now)].join(''));

/** A small library as saved from Korean pages: an article, a board post without a language, an item without highlights. */
const library: ExportItem[] = [
  exportItem(
    makeItem({
      id: 'hani-1',
      url: 'https://n.news.naver.com/mnews/article/028/0002730000',
      canonicalUrl: 'https://n.news.naver.com/mnews/article/028/0002730000',
    }),
    [
      makeHighlight('hani-1', { id: 'hani-1-h1', note: '회담 의제 — 반도체 협력도 포함' }),
      makeHighlight('hani-1', {
        id: 'hani-1-h2',
        color: 'green',
        createdAt: '2026-11-28T10:07+09:00',
        updatedAt: '2026-11-28T10:07+09:00',
        target: {
          source: 'https://n.news.naver.com/mnews/article/028/0002730000',
          selector: [
            { type: 'TextQuoteSelector', exact: '도널드 트럼프 미국 대통령', prefix: '일본 총리와 ', suffix: '의 첫' },
            { type: 'TextPositionSelector', start: 24, end: 37 },
          ],
        },
      }),
    ],
  ),
  exportItem(
    makeItem({
      id: 'clien-2',
      kind: 'post',
      url: 'https://www.clien.net/service/board/kin/18000000',
      canonicalUrl: 'https://www.clien.net/service/board/kin/18000000',
      site: { host: 'clien.net', name: '클리앙', engine: 'generic' },
      title: '[질문] 전세 계약갱신청구권 써보신 분 계신가요?',
      byline: null,
      authors: [],
      poster: '세입자',
      lang: null,
    }),
    [
      makeHighlight('clien-2', {
        id: 'clien-2-h1',
        color: 'pink',
        note: '갱신 요구는 한 번만 가능',
        target: {
          source: 'https://www.clien.net/service/board/kin/18000000',
          selector: [{ type: 'TextQuoteSelector', exact: '계약갱신청구권', prefix: '전세 ', suffix: ' 써보신' }],
        },
      }),
      // Only Scrapnote's own RangeSelector: the annotation targets the whole page.
      makeHighlight('clien-2', {
        id: 'clien-2-h2',
        target: {
          source: 'https://www.clien.net/service/board/kin/18000000',
          selector: [
            { type: 'RangeSelector', startContainer: '/p[2]', startOffset: 0, endContainer: '/p[2]', endOffset: 9 },
          ],
        },
      }),
    ],
  ),
  exportItem(makeItem({ id: 'weather-3', title: '주말 전국 비…기온 뚝' }), []),
];

describe('Web Annotation export', () => {
  const item = library[0]!;

  it('a small library meets the MUST rules of Annotation, AnnotationCollection and AnnotationPage', () => {
    const doc = exportDoc(library);
    expect(documentMustErrors(doc)).toEqual([]);
    expect(doc['@context']).toBe(ANNO_CONTEXT);
    expect(doc.total).toBe(4);
    const page = doc.first as Json;
    expect(page.type).toBe('AnnotationPage');
    expect((page.items as Json[]).map((a) => a.id)).toEqual(
      [
        ['hani-1', 'hani-1-h1'],
        ['hani-1', 'hani-1-h2'],
        ['clien-2', 'clien-2-h1'],
        ['clien-2', 'clien-2-h2'],
      ].map(([item, h]) => highlightIri(item!, h!)),
    );
  });

  it('and the SHOULDs it can meet: partOf, last, creator, format, language when known', () => {
    const doc = exportDoc(library);
    expect(documentShouldErrors(doc, library)).toEqual([]);
    const page = doc.first as Json;
    expect(page.id).not.toBe(doc.id);
    expect(page.partOf).toBe(doc.id);
    const [note, , postNote, wholePage] = page.items as Json[];
    expect(note!.body).toEqual([
      {
        type: 'TextualBody',
        value: '회담 의제 — 반도체 협력도 포함',
        format: 'text/plain',
        language: 'ko',
        purpose: 'commenting',
      },
      { type: 'TextualBody', value: 'yellow', format: 'text/plain', language: 'en', purpose: 'tagging' },
    ]);
    expect((postNote!.body as Json[])[0]).not.toHaveProperty('language');
    expect(wholePage!.target).toEqual({ id: 'https://www.clien.net/service/board/kin/18000000', format: 'text/html' });
  });

  it('the same collection and page ids for the same export time', () => {
    const a = exportDoc(library);
    const b = exportDoc(library);
    expect([a.id, (a.first as Json).id]).toEqual([b.id, (b.first as Json).id]);
  });

  it('a library without highlights: total 0 and no page, since a page lists at least one annotation', () => {
    for (const items of [[], [library[2]!]]) {
      const doc = exportDoc(items);
      expect(documentMustErrors(doc)).toEqual([]);
      expect(doc.total).toBe(0);
      expect(doc).not.toHaveProperty('first');
      expect(doc).not.toHaveProperty('last');
    }
  });

  it('the checks catch what they name', () => {
    const page = (doc: Json) => doc.first as Json;
    const broken: Array<[string, (doc: Json) => void]> = [
      ['§5.2 AnnotationPage id: MUST have exactly 1 IRI', (d) => delete page(d).id],
      ['§5.2 startIndex: at most 1, xsd:nonNegativeInteger', (d) => (page(d).startIndex = -1)],
      ['§5.2 items: MUST be an array of 1 or more Annotations', (d) => (page(d).items = [])],
      ['§5.1 total: MUST be an xsd:nonNegativeInteger', (d) => (d.total = 1.5)],
      ['§5.1 first: MUST have exactly 1 when total > 0', (d) => delete d.first],
      ['§3.1 target: MUST have 1 or more', (d) => delete (page(d).items as Json[])[0]!.target],
      ['§3.1 Annotation id: MUST have exactly 1 IRI', (d) => ((page(d).items as Json[])[1]!.id = 'hani 1')],
    ];
    for (const [rule, breakIt] of broken) {
      const doc = exportDoc(library);
      breakIt(doc);
      expect(documentMustErrors(doc)).toContain(rule);
    }
  });

  it('every highlight of a random library becomes a valid annotation, with an id of its own', () => {
    fc.assert(
      // Highlight ids may repeat across items (they are unique within an item).
      fc.property(sharedIdsLibraryArb, (lib) => {
        const items = lib.items.map((i) =>
          exportItem(
            i,
            lib.highlights.filter((h) => h.itemId === i.id),
          ),
        );
        const doc = JSON.parse([...webAnnotationChunks(items, new Date(0))].join(''));
        expect(values(doc.first?.items)).toHaveLength(lib.highlights.length);
        const ids = values(doc.first?.items).map((a) => (a as { id: string }).id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(documentMustErrors(doc)).toEqual([]);
        expect(documentShouldErrors(doc, items)).toEqual([]);
      }),
    );
  });

  it('a date without seconds becomes a full xsd:dateTime', () => {
    const a = highlightToAnnotation(item, { ...item.highlights[0]!, createdAt: '2026-11-28T10:05+09:00' });
    expect(a.created).toBe('2026-11-28T01:05:00.000Z');
  });

  it('maps note, colour and selectors', () => {
    const [h1] = item.highlights;
    const a = highlightToAnnotation(item, h1!);
    expect(a).toMatchObject({
      id: 'urn:scrapnote:highlight:hani-1:hani-1-h1',
      motivation: 'commenting',
      created: '2026-11-28T01:05:00.000Z',
      creator: { type: 'Software', name: 'Scrapnote' },
      body: [
        { type: 'TextualBody', value: '회담 의제 — 반도체 협력도 포함', language: 'ko', purpose: 'commenting' },
        { type: 'TextualBody', value: 'yellow', purpose: 'tagging' },
      ],
      target: { type: 'SpecificResource', source: h1!.target.source, selector: h1!.target.selector },
    });
    const b = highlightToAnnotation(
      item,
      exportItem(makeItem({ id: 'a' }), [
        makeHighlight('a', {
          id: 'h 2/특수',
          color: 'green',
          target: {
            source: 'https://n.news.naver.com/mnews/article/028/0002730000',
            selector: [
              { type: 'RangeSelector', startContainer: '/p[1]', startOffset: 0, endContainer: '/p[1]', endOffset: 3 },
              { type: 'TextPositionSelector', start: 9, end: 3 },
              { type: 'TextQuoteSelector', exact: '정상회담', prefix: '', suffix: '' },
            ],
          },
        }),
      ]).highlights[0]!,
    );
    expect(b.motivation).toBe('highlighting');
    expect(b.id).toBe(highlightIri(item.id, 'h 2/특수'));
    expect(IRI.test(b.id)).toBe(true);
    // Scrapnote's RangeSelector and an inverted position are left out; the quote stays.
    expect(b.target).toEqual({
      type: 'SpecificResource',
      source: 'https://n.news.naver.com/mnews/article/028/0002730000',
      format: 'text/html',
      language: 'ko',
      selector: [{ type: 'TextQuoteSelector', exact: '정상회담', prefix: '', suffix: '' }],
    });
    expect(HIGHLIGHT_COLORS).toContain(b.body[0]!.value);
  });
});
