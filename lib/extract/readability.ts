/**
 * Readability.parse on a copy of a document, without the whole-body HTML copy it takes to start over.
 *
 * Readability (0.6) keeps `page.innerHTML` as a string before its first pass and, when a pass
 * finds under 500 characters of text, sets it back and tries again with looser rules. Reading
 * that string serializes the whole body on every page: about 9% of Readability's time over the
 * corpus in Chromium, paid even where no pass is retried. We hold the original document anyway:
 * the copy's body answers that read with a token, and setting the token back rebuilds the body
 * from the original and repeats the preparation Readability did before its first pass. The
 * articles are plain Readability's on all 130 corpus pages: in jsdom (38 restarted passes,
 * test/unit/extract/readability.test.ts) and in Chromium (114, checked with a harness of our own).
 *
 * When the Readability in use lacks the preparation steps named below (another version), the
 * copy is handed over untouched and Readability keeps its own string.
 */
import { Readability } from '@mozilla/readability';

/** The steps Readability.parse runs on the document before its first pass (0.6). */
interface Preparation {
  _unwrapNoscriptImages(doc: Document): void;
  _removeScripts(doc: Document): void;
  _prepDocument(): void;
}

function hasPreparation(reader: object): reader is Preparation {
  const r = reader as Partial<Record<keyof Preparation, unknown>>;
  return (
    typeof r._unwrapNoscriptImages === 'function' &&
    typeof r._removeScripts === 'function' &&
    typeof r._prepDocument === 'function'
  );
}

/** What Readability reads in place of the body's HTML; it only ever sets it back. */
const SNAPSHOT = '\u0000scrapnote: the original body';

/** The platform's innerHTML accessor (the element's own one shadows it on the copy's body). */
function nativeInnerHtml(el: Element) {
  let proto: object | null = el;
  while (proto) {
    const d = Object.getOwnPropertyDescriptor(proto, 'innerHTML');
    if (d?.set) return d;
    proto = Object.getPrototypeOf(proto);
  }
  return null;
}

export interface ReadabilityRun {
  parsed: ReturnType<Readability<Element>['parse']>;
  /** How many times a pass was started over from the original body. */
  restarts: number;
}

/**
 * `new Readability(doc.cloneNode(true), options).parse()` with the article as an element (no HTML
 * serialization), and the body's restart copy taken from `doc` instead of an HTML string.
 * Throws what Readability throws (e.g. past `maxElemsToParse` elements).
 */
export function parseCopy(doc: Document, maxElemsToParse: number): ReadabilityRun {
  const copy = doc.cloneNode(true) as Document;
  const reader = new Readability<Element>(copy, { serializer: (el) => el as Element, maxElemsToParse });
  const run: ReadabilityRun = { parsed: null, restarts: 0 };
  const body = copy.body;
  const setNative = body ? nativeInnerHtml(body)?.set : undefined;
  const original = doc.body;
  if (body && setNative && original && hasPreparation(reader)) {
    const restart = () => {
      run.restarts++;
      body.replaceChildren(...Array.from(copy.importNode(original, true).childNodes));
      // Readability.parse's steps before its first pass; on the head (done already) they change nothing.
      reader._unwrapNoscriptImages(copy);
      reader._removeScripts(copy);
      reader._prepDocument();
    };
    try {
      Object.defineProperty(body, 'innerHTML', {
        configurable: true,
        get: () => SNAPSHOT,
        set: (html: string) => (html === SNAPSHOT ? restart() : setNative.call(body, html)),
      });
    } catch {
      // A wrapper that takes no own accessors: Readability keeps its own string.
    }
  }
  try {
    run.parsed = reader.parse();
  } finally {
    // The copy's body is the platform's again (the article is another element, never the body).
    if (body && Object.hasOwn(body, 'innerHTML')) Reflect.deleteProperty(body, 'innerHTML');
  }
  return run;
}
