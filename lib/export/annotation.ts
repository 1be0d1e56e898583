/**
 * W3C Web Annotation Data Model export (https://www.w3.org/TR/annotation-model/): one Annotation
 * per highlight, gathered in an AnnotationCollection whose one embedded AnnotationPage lists them,
 * serialized as JSON-LD with the standard context.
 */
import type { TextPositionSelector, TextQuoteSelector } from '../model';
import type { ExportHighlight, ExportItem } from './json';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** A Software agent (model §3.3.2). Scrapnote has no public home page, so none is given. */
interface SoftwareAgent {
  id: string;
  type: 'Software';
  name: string;
}

export interface WebAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'highlighting' | 'commenting';
  created: string;
  modified: string;
  creator: SoftwareAgent;
  generator: SoftwareAgent;
  body: Array<{
    type: 'TextualBody';
    value: string;
    format: 'text/plain';
    language?: string;
    purpose: 'commenting' | 'tagging';
  }>;
  target: WebAnnotationTarget;
}

/**
 * The highlighted text: a SpecificResource, the part of the page (`source`) that `selector` picks
 * out; or, when no W3C selector is left, the whole page as an External Web Resource. Either way
 * with the page's media type and, when known, its language.
 */
export type WebAnnotationTarget = { format: 'text/html'; language?: string } & (
  | { type: 'SpecificResource'; source: string; selector: Array<TextQuoteSelector | TextPositionSelector> }
  | { id: string }
);

/**
 * The extension, as the agent that made the annotations (`creator`: the person who highlighted is
 * not known to the export) and that wrote the file (`generator`).
 */
const AGENT: SoftwareAgent = { id: 'urn:scrapnote:app', type: 'Software', name: 'Scrapnote' };

/**
 * An IRI for a highlight, named by its item's id and its own (highlight ids are unique within
 * their item): any strings become a valid `urn:` IRI.
 */
export function highlightIri(itemId: string, id: string): string {
  return `urn:scrapnote:highlight:${encodeURIComponent(itemId)}:${encodeURIComponent(id)}`;
}

/** The IRI of the collection written at `now`, and of its one page. */
export function collectionIri(now: Date): string {
  return `urn:scrapnote:export:${now.toISOString()}`;
}

export function pageIri(now: Date): string {
  return `${collectionIri(now)}:page:1`;
}

/** xsd:dateTime needs seconds, which the export format lets a file leave out: UTC with seconds. */
function xsdDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

/**
 * The annotation of one highlight. Scrapnote's own RangeSelector has no W3C equivalent: left out.
 * The item's language, when the page stated one, is given to the page and to the note (taken to be
 * written in the page's language); without one, no language is given rather than a guess. Colour
 * tags are English keywords.
 */
export function highlightToAnnotation(item: ExportItem, h: ExportHighlight): WebAnnotation {
  const selector = h.target.selector.filter(
    (s): s is TextQuoteSelector | TextPositionSelector =>
      s.type === 'TextQuoteSelector' || (s.type === 'TextPositionSelector' && s.end >= s.start),
  );
  const language = item.lang ? { language: item.lang } : {};
  const body: WebAnnotation['body'] = [];
  if (h.note) {
    body.push({ type: 'TextualBody', value: h.note, format: 'text/plain', ...language, purpose: 'commenting' });
  }
  body.push({ type: 'TextualBody', value: h.color, format: 'text/plain', language: 'en', purpose: 'tagging' });
  return {
    id: highlightIri(item.id, h.id),
    type: 'Annotation',
    motivation: h.note ? 'commenting' : 'highlighting',
    created: xsdDateTime(h.createdAt),
    modified: xsdDateTime(h.updatedAt),
    creator: AGENT,
    generator: AGENT,
    body,
    target: selector.length
      ? { type: 'SpecificResource', source: h.target.source, format: 'text/html', ...language, selector }
      : { id: h.target.source, format: 'text/html', ...language },
  };
}

/**
 * The JSON-LD file as chunks (one per annotation): an AnnotationCollection whose first (and last)
 * page holds every highlight of `items`. The page has its own IRI and names the collection in
 * `partOf`. A page must list at least one annotation, so a collection without highlights has
 * `total` 0 and no page.
 */
export function* webAnnotationChunks(items: ExportItem[], now: Date): Generator<string> {
  const total = items.reduce((n, i) => n + i.highlights.length, 0);
  const id = collectionIri(now);
  const head = {
    '@context': ANNO_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: 'Scrapnote highlights',
    total,
    generator: AGENT,
    generated: now.toISOString(),
    ...(total > 0 ? { last: pageIri(now) } : {}),
  };
  const text = JSON.stringify(head, null, 2);
  if (total === 0) {
    yield `${text}\n`;
    return;
  }
  const page = { id: pageIri(now), type: 'AnnotationPage', partOf: id, startIndex: 0 };
  // The page's keys, indented one level deeper (JSON strings hold no raw newline).
  const pageText = JSON.stringify(page, null, 2).slice(0, -2).replace(/\n/g, '\n  ');
  yield `${text.slice(0, -2)},\n  "first": ${pageText},\n    "items": [`;
  let first = true;
  for (const item of items) {
    for (const h of item.highlights) {
      // One compact line per annotation: fast for 50,000 highlights, diffable line by line.
      yield `${first ? '\n      ' : ',\n      '}${JSON.stringify(highlightToAnnotation(item, h))}`;
      first = false;
    }
  }
  yield '\n    ]\n  }\n}\n';
}
