import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANNO_CONTEXT, highlightIri, highlightToAnnotation, webAnnotationChunks } from '@/lib/export/annotation';
import { exportItem } from '@/lib/export/json';
import { HIGHLIGHT_COLORS } from '@/lib/model';
import { makeHighlight, makeItem } from '../../support/items';
import { libraryArb } from './library';

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
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
const XSD_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The constraints of the Web Annotation Data Model that these annotations can break. */
function modelErrors(a: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (a.type !== 'Annotation') errors.push('type');
  if (typeof a.id !== 'string' || !IRI.test(a.id)) errors.push('id must be an IRI');
  if (!MOTIVATIONS.includes(a.motivation as string)) errors.push('motivation');
  for (const key of ['created', 'modified']) if (!XSD_DATETIME.test(a[key] as string)) errors.push(key);
  const target = a.target as { source?: string; selector?: Array<Record<string, unknown>> } | undefined;
  if (!target || typeof target.source !== 'string' || !IRI.test(target.source)) errors.push('target.source');
  for (const s of target?.selector ?? []) {
    if (s.type === 'TextQuoteSelector') {
      if (typeof s.exact !== 'string' || !s.exact) errors.push('exact');
    } else if (s.type === 'TextPositionSelector') {
      if (
        !Number.isInteger(s.start) ||
        !Number.isInteger(s.end) ||
        (s.start as number) < 0 ||
        (s.end as number) < (s.start as number)
      )
        errors.push('position');
    } else errors.push(`selector type ${String(s.type)}`);
  }
  for (const b of (a.body as Array<Record<string, unknown>>) ?? []) {
    if (b.type !== 'TextualBody' || typeof b.value !== 'string') errors.push('body');
    if (b.purpose !== undefined && !MOTIVATIONS.includes(b.purpose as string)) errors.push('purpose');
  }
  return errors;
}

describe('Web Annotation export', () => {
  const item = exportItem(makeItem({ id: 'a' }), [
    makeHighlight('a', { note: '회담 의제' }),
    makeHighlight('a', {
      id: 'h 2/특수',
      color: 'green',
      createdAt: '2026-11-28T02:00:00.000Z',
      target: {
        source: 'https://n.news.naver.com/mnews/article/028/0002730000',
        selector: [
          { type: 'RangeSelector', startContainer: '/p[1]', startOffset: 0, endContainer: '/p[1]', endOffset: 3 },
          { type: 'TextPositionSelector', start: 9, end: 3 },
          { type: 'TextQuoteSelector', exact: '정상회담', prefix: '', suffix: '' },
        ],
      },
    }),
  ]);

  it('one annotation per highlight, in a collection with the standard context', () => {
    const doc = JSON.parse(
      [...webAnnotationChunks([item, exportItem(makeItem({ id: 'b' }), [])], new Date('2026-11-28T09:00:00Z'))].join(
        '',
      ),
    );
    expect(doc['@context']).toBe(ANNO_CONTEXT);
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBe(2);
    expect(doc.first.type).toBe('AnnotationPage');
    expect(doc.first.items).toHaveLength(2);
    for (const a of doc.first.items) expect(modelErrors(a)).toEqual([]);
    expect(JSON.parse([...webAnnotationChunks([], new Date(0))].join('')).first.items).toEqual([]);
  });

  it('every highlight of a random library becomes a valid annotation', () => {
    fc.assert(
      fc.property(libraryArb, (lib) => {
        const items = lib.items.map((i) =>
          exportItem(
            i,
            lib.highlights.filter((h) => h.itemId === i.id),
          ),
        );
        const doc = JSON.parse([...webAnnotationChunks(items, new Date(0))].join(''));
        expect(doc.first.items).toHaveLength(lib.highlights.length);
        for (const a of doc.first.items) expect(modelErrors(a)).toEqual([]);
      }),
    );
  });

  it('a date without seconds becomes a full xsd:dateTime', () => {
    const a = highlightToAnnotation(item, { ...item.highlights[0]!, createdAt: '2026-11-28T10:05+09:00' });
    expect(a.created).toBe('2026-11-28T01:05:00.000Z');
  });

  it('maps note, colour and selectors', () => {
    const [h1, h2] = item.highlights;
    const a = highlightToAnnotation(item, h1!);
    expect(a).toMatchObject({
      id: 'urn:scrapnote:highlight:a-h1',
      motivation: 'commenting',
      created: '2026-11-28T01:05:00.000Z',
      body: [
        { type: 'TextualBody', value: '회담 의제', format: 'text/plain', language: 'ko', purpose: 'commenting' },
        { type: 'TextualBody', value: 'yellow', purpose: 'tagging' },
      ],
      target: { source: h1!.target.source, selector: h1!.target.selector },
    });
    const b = highlightToAnnotation(item, h2!);
    expect(b.motivation).toBe('highlighting');
    expect(b.id).toBe(highlightIri('h 2/특수'));
    expect(IRI.test(b.id)).toBe(true);
    // Scrapnote's RangeSelector and an inverted position are left out; the quote stays.
    expect(b.target.selector).toEqual([{ type: 'TextQuoteSelector', exact: '정상회담', prefix: '', suffix: '' }]);
    expect(HIGHLIGHT_COLORS).toContain(b.body[0]!.value);
  });
});
