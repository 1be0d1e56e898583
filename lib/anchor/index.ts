/**
 * Anchoring highlights (W3C Web Annotation selectors), after Hypothesis' client:
 * describe a DOM Range relative to a root as TextQuote, TextPosition and structural Range
 * selectors, and find such selectors' place again, from the most precise to the least:
 * position checked against the quote, the structural path checked against the quote, the exact
 * quote (disambiguated by prefix, suffix and position), then an approximate quote. When nothing
 * trustworthy is found the answer is null: the caller keeps the highlight as an orphan.
 *
 * Offsets and quotes are in the text model of ./text.ts (collapsed whitespace, `<br>` and block
 * edges as spaces), so a quote taken on the live page also anchors in the saved reader copy.
 */
import type { RangeSelector, Selector, TextPositionSelector, TextQuoteSelector } from '../model';
import { contextScore, matchExactSteps, matchQuoteSteps, type QuoteMatch, runSteps } from './match';
import {
  buildTextIndex,
  buildTextIndexSteps,
  indexIsCurrent,
  offsetsOfRange,
  rangeOfOffsets,
  type TextIndex,
} from './text';

export {
  buildTextIndex,
  buildTextIndexSteps,
  enterOf,
  indexIsCurrent,
  leaveOf,
  offsetsOfRange,
  rangeOfOffsets,
  type TextIndex,
} from './text';

/** Characters of context stored before and after a quote. */
export const CONTEXT_CHARS = 32;

type Boundaries = Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>;

/** The three selectors of a highlight, in the order they are stored. */
export type HighlightSelectors = [TextQuoteSelector, TextPositionSelector, RangeSelector];

/** Slice of `text` of at most `n` code units ending at `end`, not splitting a surrogate pair. */
function before(text: string, end: number, n: number): string {
  let s = Math.max(0, end - n);
  if (s > 0 && isLowSurrogate(text.charCodeAt(s))) s++;
  return text.slice(s, end);
}
function after(text: string, start: number, n: number): string {
  let e = Math.min(text.length, start + n);
  if (e < text.length && isLowSurrogate(text.charCodeAt(e))) e--;
  return text.slice(start, e);
}
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Describe a range within `root`. Whitespace at either end is left out, and a range that covers
 * only whitespace describes nothing (null). Pass a prebuilt index to describe many ranges cheaply.
 */
export function describeRange(root: Node, range: Boundaries, index = buildTextIndex(root)): HighlightSelectors | null {
  const span = offsetsOfRange(index, range);
  if (!span) return null;
  const { text } = index;
  const exact = text.slice(span.start, span.end);
  const dom = rangeOfOffsets(index, span.start, span.end);
  if (!dom) return null;
  const startEl = containerElement(dom.startContainer, root);
  const endEl = containerElement(dom.endContainer, root);
  return [
    {
      type: 'TextQuoteSelector',
      exact,
      prefix: before(text, span.start, CONTEXT_CHARS),
      suffix: after(text, span.end, CONTEXT_CHARS),
    },
    { type: 'TextPositionSelector', start: span.start, end: span.end },
    {
      type: 'RangeSelector',
      startContainer: pathOf(startEl, root),
      startOffset: span.start - index.enter.get(startEl)!,
      endContainer: pathOf(endEl, root),
      endOffset: span.end - index.enter.get(endEl)!,
    },
  ];
}

function containerElement(node: Node, root: Node): Node {
  let n: Node | null = node;
  while (n && n !== root && n.nodeType !== 1) n = n.parentNode;
  return n ?? root;
}

/** XPath-like path from `root` to `node`, e.g. `/div[2]/p[3]`; `` for the root itself. */
export function pathOf(node: Node, root: Node): string {
  const parts: string[] = [];
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) {
    const el = n as Element;
    const name = el.localName.toLowerCase();
    let i = 1;
    for (let s = el.previousElementSibling; s; s = s.previousElementSibling)
      if (s.localName.toLowerCase() === name) i++;
    parts.push(`${name}[${i}]`);
  }
  return parts.length ? `/${parts.reverse().join('/')}` : '';
}

/** The element a path of pathOf names, or null. */
export function nodeAtPath(path: string, root: Node): Node | null {
  let node: Node = root;
  for (const part of path.split('/')) {
    if (!part) continue;
    const m = /^([^[\]]+)\[(\d+)\]$/.exec(part);
    if (!m) return null;
    const name = m[1]!.toLowerCase();
    let i = Number(m[2]);
    let found: Element | null = null;
    for (let c = (node as ParentNode).firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName.toLowerCase() === name && --i === 0) {
        found = c;
        break;
      }
    }
    if (!found) return null;
    node = found;
  }
  return node;
}

/** How a highlight was placed. */
export type AnchorMethod = 'position' | 'range' | 'exact' | 'approximate';

export interface AnchorResult {
  range: Range;
  start: number;
  end: number;
  method: AnchorMethod;
}

function pick<T extends Selector['type']>(selectors: readonly Selector[], type: T) {
  return selectors.find((s) => s.type === type) as Extract<Selector, { type: T }> | undefined;
}

interface Candidate {
  start: number;
  end: number;
  method: AnchorMethod;
}

/**
 * Places that only need checking against the quote (no search). Lazy: resolving a structural
 * path walks siblings, so it happens only when the position did not fit.
 */
function* preciseCandidates(index: TextIndex, selectors: readonly Selector[]): Generator<Candidate> {
  const pos = pick(selectors, 'TextPositionSelector');
  if (pos) yield { start: pos.start, end: pos.end, method: 'position' };
  const rs = pick(selectors, 'RangeSelector');
  if (rs) {
    const a = nodeAtPath(rs.startContainer, index.root);
    const b = a && nodeAtPath(rs.endContainer, index.root);
    const ea = a && index.enter.get(a);
    const eb = b && index.enter.get(b);
    if (typeof ea === 'number' && typeof eb === 'number') {
      yield { start: ea + rs.startOffset, end: eb + rs.endOffset, method: 'range' };
    }
  }
}

/**
 * Step generator of anchor(): pauses between chunks of approximate search so a batch can yield
 * to the page. `approximate: false` stops after the exact stages.
 */
export function* anchorSteps(
  index: TextIndex,
  selectors: readonly Selector[],
  options: { approximate?: boolean } = {},
): Generator<void, AnchorResult | null> {
  const quote = pick(selectors, 'TextQuoteSelector');
  const { text } = index;
  const result = (start: number, end: number, method: AnchorMethod): AnchorResult | null => {
    const range = rangeOfOffsets(index, start, end);
    return range ? { range, start, end, method } : null;
  };
  let hint: number | undefined;
  for (const c of preciseCandidates(index, selectors)) {
    hint ??= c.start;
    const fits = c.start >= 0 && c.end <= text.length && c.start < c.end;
    // Without a quote nothing can be checked: trust the first place if it fits the text.
    if (!quote) return fits ? result(c.start, c.end, c.method) : null;
    if (
      fits &&
      text.slice(c.start, c.end) === quote.exact &&
      // A short quote can sit at the old offset by chance: its surroundings must agree too, and
      // when it occurs more than once the scored search below chooses among the occurrences
      // (a shifted offset can land exactly on a neighbouring copy, as in "(연합뉴스) (연합뉴스").
      (quote.exact.length >= 12 ||
        (contextScore(text, quote, c.start, c.end) >= 0.5 &&
          text.indexOf(quote.exact) === text.lastIndexOf(quote.exact)))
    ) {
      return result(c.start, c.end, c.method);
    }
  }
  if (!quote) return null;
  const m: QuoteMatch | null =
    options.approximate === false
      ? yield* matchExactSteps(text, quote, hint)
      : yield* matchQuoteSteps(text, quote, hint);
  return m ? result(m.start, m.end, m.approximate ? 'approximate' : 'exact') : null;
}

/** Anchor selectors in `root` (synchronously); null for an orphan. */
export function anchor(root: Node, selectors: readonly Selector[], index = buildTextIndex(root)): AnchorResult | null {
  return runSteps(anchorSteps(index, selectors));
}

export interface AnchorTarget {
  id: string;
  selectors: readonly Selector[];
}

export interface BatchOptions {
  /** Called between slices of work; resolve to continue (e.g. a zero-delay timeout). */
  yieldToPage: () => Promise<void>;
  /** Monotonic milliseconds (performance.now). */
  now: () => number;
  /** Work this long before yielding. */
  sliceMs?: number;
  /** A prebuilt index of the root. */
  index?: TextIndex;
  /** Stop early (the page navigated away). */
  signal?: AbortSignal;
}

/**
 * After this many index builds the batch stops rebuilding when the page changes: a page that
 * changes all the time must neither keep the batch from finishing nor cost a rebuild per slice.
 * From then on a place counts only if its text still reads as the index says (else an orphan,
 * which the caller retries once the page settles).
 */
const MAX_BUILDS = 3;

/** Whether a mutation can move or change the text the index was built from. */
function touchesText(records: MutationRecord[]): boolean {
  for (const r of records) {
    if (r.type === 'characterData') return true;
    for (const list of [r.addedNodes, r.removedNodes]) {
      for (let i = 0; i < list.length; i++) if (list[i]!.textContent) return true;
    }
  }
  return false;
}

/**
 * Whether the text under `root` changed since the last call: a MutationObserver's pending records
 * where the window has one (nodes without text, such as ads' images, do not count), else the
 * cheap attachment probe of indexIsCurrent.
 */
function changeWatcher(root: Node, current: () => TextIndex | null): { changed(): boolean; stop(): void } {
  const MO = root.ownerDocument?.defaultView?.MutationObserver;
  if (!MO) {
    return {
      changed: () => {
        const index = current();
        return !!index && !indexIsCurrent(index);
      },
      stop() {},
    };
  }
  const observer = new MO(() => {});
  observer.observe(root, { childList: true, characterData: true, subtree: true });
  return {
    changed: () => touchesText(observer.takeRecords()),
    stop: () => observer.disconnect(),
  };
}

/** Whether a found range still covers the index's text (ignoring whitespace, which the model rewrites). */
function stillReads(index: TextIndex, r: AnchorResult): boolean {
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  return squeeze(r.range.toString()) === squeeze(index.text.slice(r.start, r.end));
}

/**
 * Anchor many highlights without long main-thread tasks. The text index is built in steps, then
 * every target is tried by position and exact quote (cheap), then the misses approximately;
 * every stage is a step generator, and the batch yields whenever a slice's time is used up (so
 * no stretch between yields is much longer than `sliceMs` plus one step). When the page's text
 * changed while the batch was away, the index is built again and the current target starts over
 * (up to MAX_BUILDS builds); places found before are live DOM ranges and follow the change.
 * The map holds null for orphans.
 */
export async function anchorAll(
  root: Node,
  targets: readonly AnchorTarget[],
  options: BatchOptions,
): Promise<Map<string, AnchorResult | null>> {
  const sliceMs = options.sliceMs ?? 10;
  const out = new Map<string, AnchorResult | null>();
  let sliceStart = options.now();
  /** Yield when the slice is used up; true when it did (the page may have changed meanwhile). */
  const pause = async (): Promise<boolean> => {
    if (options.now() - sliceStart < sliceMs) return false;
    await options.yieldToPage();
    sliceStart = options.now();
    return true;
  };
  let index: TextIndex | null = options.index ?? null;
  const watch = changeWatcher(root, () => index);
  let builds = 0;
  /** The page changed after the last build allowed: places must be checked against the DOM. */
  let stale = false;
  /** After a yield: whether the index must be rebuilt (the text changed and builds remain). */
  const mustRebuild = (): boolean => {
    if (!watch.changed()) return false;
    if (builds < MAX_BUILDS) return true;
    stale = true;
    return false;
  };
  /**
   * Run steps to the end, yielding when a slice is used up: `moved` when the page changed during
   * a yield (the steps' work is stale), `aborted` when the signal fired.
   */
  const drive = async <T>(steps: Generator<void, T>): Promise<{ value: T } | 'moved' | 'aborted'> => {
    for (;;) {
      const r = steps.next();
      if (r.done) return { value: r.value };
      if (options.signal?.aborted) return 'aborted';
      if ((await pause()) && mustRebuild()) return 'moved';
    }
  };
  /** A fresh index of the root, built in steps while the page holds still; null when aborted. */
  const build = async (): Promise<TextIndex | null> => {
    for (;;) {
      builds++;
      watch.changed();
      const r = await drive(buildTextIndexSteps(root));
      if (r === 'aborted') return null;
      if (r !== 'moved') return r.value;
    }
  };
  /** One target's place; null when aborted. The target starts over on fresh text when the page changed. */
  const run = async (
    selectors: readonly Selector[],
    approximate: boolean,
  ): Promise<{ value: AnchorResult | null } | null> => {
    while (index) {
      const r = await drive(anchorSteps(index, selectors, { approximate }));
      if (r === 'aborted') return null;
      if (r === 'moved') {
        index = await build();
        continue;
      }
      if (stale && r.value && !stillReads(index, r.value)) return { value: null };
      return r;
    }
    return null;
  };
  try {
    if (!index) index = await build();
    if (!index) return out;
    const misses: AnchorTarget[] = [];
    for (const stage of [false, true]) {
      for (const t of stage ? misses : targets) {
        if (options.signal?.aborted) return out;
        const r = await run(t.selectors, stage);
        if (!r) return out;
        out.set(t.id, r.value);
        if (!stage && !r.value) misses.push(t);
        if ((await pause()) && mustRebuild()) index = await build();
      }
    }
    return out;
  } finally {
    watch.stop();
  }
}
