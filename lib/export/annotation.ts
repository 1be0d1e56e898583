/**
 * W3C Web Annotation Data Model export (https://www.w3.org/TR/annotation-model/): one Annotation
 * per highlight, gathered in an AnnotationCollection, serialized as JSON-LD with the standard
 * context.
 */
import type { TextPositionSelector, TextQuoteSelector } from '../model';
import type { ExportHighlight, ExportItem } from './json';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export interface WebAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'highlighting' | 'commenting';
  created: string;
  modified: string;
  generator: { id: string; type: 'Software'; name: string };
  body: Array<{
    type: 'TextualBody';
    value: string;
    format?: 'text/plain';
    language?: string;
    purpose: 'commenting' | 'tagging';
  }>;
  target: { source: string; selector?: Array<TextQuoteSelector | TextPositionSelector> };
}

const GENERATOR = { id: 'urn:scrapnote:app', type: 'Software', name: 'Scrapnote' } as const;

/** An IRI for a highlight id: any string becomes a valid `urn:` IRI. */
export function highlightIri(id: string): string {
  return `urn:scrapnote:highlight:${encodeURIComponent(id)}`;
}

/** xsd:dateTime needs seconds, which the export format lets a file leave out: UTC with seconds. */
function xsdDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

/** The annotation of one highlight. Scrapnote's own RangeSelector has no W3C equivalent: left out. */
export function highlightToAnnotation(item: ExportItem, h: ExportHighlight): WebAnnotation {
  const selector = h.target.selector.filter(
    (s): s is TextQuoteSelector | TextPositionSelector =>
      s.type === 'TextQuoteSelector' || (s.type === 'TextPositionSelector' && s.end >= s.start),
  );
  const body: WebAnnotation['body'] = [];
  if (h.note) {
    body.push({
      type: 'TextualBody',
      value: h.note,
      format: 'text/plain',
      ...(item.lang ? { language: item.lang } : {}),
      purpose: 'commenting',
    });
  }
  body.push({ type: 'TextualBody', value: h.color, purpose: 'tagging' });
  return {
    id: highlightIri(h.id),
    type: 'Annotation',
    motivation: h.note ? 'commenting' : 'highlighting',
    created: xsdDateTime(h.createdAt),
    modified: xsdDateTime(h.updatedAt),
    generator: GENERATOR,
    body,
    target: { source: h.target.source, ...(selector.length ? { selector } : {}) },
  };
}

/**
 * The JSON-LD file as chunks (one per annotation): an AnnotationCollection whose first page holds
 * every highlight of `items`.
 */
export function* webAnnotationChunks(items: ExportItem[], now: Date): Generator<string> {
  const total = items.reduce((n, i) => n + i.highlights.length, 0);
  const head = {
    '@context': ANNO_CONTEXT,
    id: `urn:scrapnote:export:${now.toISOString()}`,
    type: 'AnnotationCollection',
    label: 'Scrapnote highlights',
    total,
    generator: GENERATOR,
    generated: now.toISOString(),
  };
  const text = JSON.stringify(head, null, 2);
  yield `${text.slice(0, -2)},\n  "first": {\n    "type": "AnnotationPage",\n    "startIndex": 0,\n    "items": [`;
  let first = true;
  for (const item of items) {
    for (const h of item.highlights) {
      // One compact line per annotation: fast for 50,000 highlights, diffable line by line.
      yield `${first ? '\n      ' : ',\n      '}${JSON.stringify(highlightToAnnotation(item, h))}`;
      first = false;
    }
  }
  yield first ? ']\n  }\n}\n' : '\n    ]\n  }\n}\n';
}
