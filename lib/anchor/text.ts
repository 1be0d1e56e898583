/**
 * The text model that anchoring works in: a root element's "rendered-ish" text.
 *
 * - Text nodes contribute their characters; script, style, noscript, template and form controls
 *   contribute nothing.
 * - `<br>` and the edges of block elements (p, div, li, h1...) count as whitespace, as rendered
 *   text does, so a quote across paragraphs reads "end. Start" rather than "end.Start".
 * - Every run of collapsible whitespace (space, tab, CR, LF, FF, and the virtual ones above) is
 *   one space, and leading whitespace is dropped (CSS `white-space: normal`). This makes quotes
 *   and positions stable across whitespace-only differences, in particular between the live page
 *   and the sanitized reader copy of the same article. NBSP is not collapsible, as in CSS.
 *
 * Offsets are UTF-16 code units of that collapsed string. The index maps them back to DOM
 * points: every non-whitespace character comes from exactly one text node position.
 */

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'select', 'iframe', 'object']);
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Text that needs the character loop: collapsible whitespace other than single spaces. */
const MANY_SPACES = /[\t\n\r\f]| {2}/;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Collapsible whitespace per CSS (not NBSP). */
export function isCollapsibleSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 12;
}

/** A root's text with the maps between its offsets and DOM points. Build once, use for many anchors. */
export interface TextIndex {
  readonly root: Node;
  /** The collapsed text. */
  readonly text: string;
  /** Text node of each piece; a piece is a run of characters copied 1:1 from one text node. */
  readonly pieceNode: Text[];
  /** Offset in `text` where each piece starts (ascending). */
  readonly pieceStart: number[];
  /** Offset in the text node where each piece starts. */
  readonly pieceRaw: number[];
  readonly pieceLen: number[];
  /**
   * Offset in `text` before / after each visited node, except text nodes that have pieces: those
   * are read from their pieces (one Map entry fewer per text node of a large page). Use
   * {@link enterOf} and {@link leaveOf} for a node that may be text.
   */
  readonly enter: Map<Node, number>;
  readonly leave: Map<Node, number>;
  /** First piece index of each text node that has pieces. */
  readonly firstPiece: Map<Node, number>;
}

/** Build the text model of `root` (see the module comment). Linear in the size of the subtree. */
export function buildTextIndex(root: Node): TextIndex {
  const steps = buildTextIndexSteps(root, Number.POSITIVE_INFINITY);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * buildTextIndex as a step generator: pauses after about `stepWork` units of work (one per node,
 * one per 16 characters), so a caller can yield to the page while a large page is indexed. The
 * DOM must not change between the first and the last step (the caller checks and starts over).
 */
export function* buildTextIndexSteps(root: Node, stepWork = 2000): Generator<void, TextIndex> {
  const chunks: string[] = [];
  let len = 0;
  // Work done since the last pause.
  let work = 0;
  // True at the start so leading whitespace is dropped.
  let lastSpace = true;
  const pieceNode: Text[] = [];
  const pieceStart: number[] = [];
  const pieceRaw: number[] = [];
  const pieceLen: number[] = [];
  const enter = new Map<Node, number>();
  const leave = new Map<Node, number>();
  const firstPiece = new Map<Node, number>();

  const virtualSpace = () => {
    if (!lastSpace) {
      chunks.push(' ');
      len++;
      lastSpace = true;
    }
  };

  /** Record a piece: characters [rawStart, rawEnd) of `node`, copied 1:1 to `text` at offset `at`. */
  const piece = (node: Text, rawStart: number, rawEnd: number, at: number, slice: string) => {
    pieceNode.push(node);
    pieceStart.push(at);
    pieceRaw.push(rawStart);
    pieceLen.push(rawEnd - rawStart);
    chunks.push(slice);
  };

  /** Add a text node's characters; whether any were copied (it has pieces). */
  const addText = (node: Text): boolean => {
    const d = node.data;
    work += d.length >> 4;
    // Most text of a page is words and single spaces: then the whole node is one piece (less a
    // space that follows another), found by native regex instead of a loop over its characters.
    if (!MANY_SPACES.test(d)) {
      const from = lastSpace && d.charCodeAt(0) === 32 ? 1 : 0;
      if (from < d.length) {
        firstPiece.set(node, pieceNode.length);
        piece(node, from, d.length, len, from ? d.slice(from) : d);
        len += d.length - from;
        lastSpace = d.charCodeAt(d.length - 1) === 32;
        return true;
      }
      return false;
    }
    let open = -1; // raw offset where the current piece began, -1 when none is open
    let openC = 0;
    let first = true;
    const close = (rawEnd: number) => {
      if (open < 0) return;
      if (first) {
        firstPiece.set(node, pieceNode.length);
        first = false;
      }
      const slice = d.slice(open, rawEnd);
      // Inside a piece every whitespace character is a lone one: write it as a space.
      piece(node, open, rawEnd, openC, /[\t\n\r\f]/.test(slice) ? slice.replace(/[\t\n\r\f]/g, ' ') : slice);
      open = -1;
    };
    for (let i = 0; i < d.length; i++) {
      const space = isCollapsibleSpace(d.charCodeAt(i));
      if (space && lastSpace) {
        close(i);
        continue;
      }
      if (open < 0) {
        open = i;
        openC = len;
      }
      len++;
      lastSpace = space;
    }
    close(d.length);
    return !first;
  };

  // Iterative depth-first walk: pages can nest deeper than the call stack likes.
  const visit = (node: Node) => {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      const at = len;
      // Nothing copied (collapsed whitespace): the node sits at one offset, kept here.
      if (!addText(node as Text)) {
        enter.set(node, at);
        leave.set(node, at);
      }
      return false;
    }
    enter.set(node, len);
    if (node.nodeType !== ELEMENT_NODE) {
      leave.set(node, len);
      return false;
    }
    const name = (node as Element).localName.toLowerCase();
    if (SKIP.has(name)) {
      leave.set(node, len);
      return false;
    }
    if (name === 'br') {
      virtualSpace();
      leave.set(node, len);
      return false;
    }
    if (BLOCK.has(name)) virtualSpace();
    return true;
  };
  const finish = (node: Node) => {
    if (node.nodeType === ELEMENT_NODE && BLOCK.has((node as Element).localName.toLowerCase())) virtualSpace();
    leave.set(node, len);
  };

  enter.set(root, 0);
  const stack: Array<{ node: Node; next: Node | null }> = [{ node: root, next: root.firstChild }];
  while (stack.length) {
    if (++work > stepWork) {
      work = 0;
      yield;
    }
    const top = stack[stack.length - 1]!;
    const child = top.next;
    if (!child) {
      stack.pop();
      if (top.node === root) leave.set(root, len);
      else finish(top.node);
      continue;
    }
    top.next = child.nextSibling;
    if (visit(child)) stack.push({ node: child, next: child.firstChild });
  }

  return { root, text: chunks.join(''), pieceNode, pieceStart, pieceRaw, pieceLen, enter, leave, firstPiece };
}

/** Offset in the index's text before a visited node; undefined when the index did not visit it. */
export function enterOf(index: TextIndex, node: Node): number | undefined {
  const first = index.firstPiece.get(node);
  // A text node's first piece starts where the node does: whitespace collapsed before it adds nothing.
  return first !== undefined ? index.pieceStart[first] : index.enter.get(node);
}

/** Offset in the index's text after a visited node; undefined when the index did not visit it. */
export function leaveOf(index: TextIndex, node: Node): number | undefined {
  let p = index.firstPiece.get(node);
  if (p === undefined) return index.leave.get(node);
  while (index.pieceNode[p + 1] === node) p++;
  // Whitespace collapsed after the last piece adds nothing either.
  return index.pieceStart[p]! + index.pieceLen[p]!;
}

/** Offset in the index's text of a DOM boundary point; points outside the root clamp to its ends. */
export function offsetOfPoint(index: TextIndex, node: Node, offset: number): number {
  if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
    const first = index.firstPiece.get(node);
    if (first === undefined) return index.leave.get(node) ?? outside(index, node);
    let p = first;
    for (; p < index.pieceNode.length && index.pieceNode[p] === node; p++) {
      const raw = index.pieceRaw[p]!;
      const len = index.pieceLen[p]!;
      if (offset < raw + len) return offset <= raw ? index.pieceStart[p]! : index.pieceStart[p]! + (offset - raw);
    }
    // Past the last piece: where the node ends (leaveOf, without walking its pieces again).
    return index.pieceStart[p - 1]! + index.pieceLen[p - 1]!;
  }
  const children = node.childNodes;
  if (offset < children.length) {
    const child = children[offset]!;
    const at = enterOf(index, child);
    if (at !== undefined) return at;
  } else {
    const at = index.leave.get(node);
    if (at !== undefined) return at;
  }
  return outside(index, node);
}

function outside(index: TextIndex, node: Node): number {
  // Inside a skipped subtree (script, textarea...): where that subtree sits.
  for (let n: Node | null = node.parentNode; n; n = n.parentNode) {
    const at = index.enter.get(n);
    if (at !== undefined) return at;
  }
  // Not under the root at all: before or after it.
  const pos = index.root.compareDocumentPosition(node);
  return pos & 2 /* PRECEDING */ ? 0 : index.text.length;
}

/** Index of the piece that holds text offset `c` (0 <= c < text.length), or -1 for a virtual space. */
function pieceAt(index: TextIndex, c: number): number {
  const starts = index.pieceStart;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= c) lo = mid + 1;
    else hi = mid - 1;
  }
  const p = hi;
  return p >= 0 && c < starts[p]! + index.pieceLen[p]! ? p : -1;
}

/** [start, end) shrunk to exclude whitespace at either end, widened to whole surrogate pairs. */
export function trimOffsets(text: string, start: number, end: number): { start: number; end: number } | null {
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  while (s < e && isCollapsibleSpace(text.charCodeAt(s))) s++;
  while (e > s && isCollapsibleSpace(text.charCodeAt(e - 1))) e--;
  if (s >= e) return null;
  if (s > 0 && isLow(text.charCodeAt(s)) && isHigh(text.charCodeAt(s - 1))) s--;
  if (e < text.length && isHigh(text.charCodeAt(e - 1)) && isLow(text.charCodeAt(e))) e++;
  return { start: s, end: e };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The trimmed text offsets a DOM range covers, or null when it covers only whitespace. */
export function offsetsOfRange(
  index: TextIndex,
  range: Pick<Range, 'startContainer' | 'startOffset' | 'endContainer' | 'endOffset'>,
): { start: number; end: number } | null {
  const start = offsetOfPoint(index, range.startContainer, range.startOffset);
  const end = offsetOfPoint(index, range.endContainer, range.endOffset);
  return trimOffsets(index.text, start, end);
}

/**
 * The DOM range of text offsets [start, end), trimmed of whitespace at both ends so both ends sit
 * in text nodes. Null when the span is only whitespace.
 */
export function rangeOfOffsets(index: TextIndex, start: number, end: number): Range | null {
  const t = trimOffsets(index.text, start, end);
  if (!t) return null;
  const a = pieceAt(index, t.start);
  const b = pieceAt(index, t.end - 1);
  // Non-whitespace characters always come from a piece; a miss means a stale index.
  if (a < 0 || b < 0) return null;
  const startNode = index.pieceNode[a]!;
  const endNode = index.pieceNode[b]!;
  const startOffset = index.pieceRaw[a]! + (t.start - index.pieceStart[a]!);
  const endOffset = index.pieceRaw[b]! + (t.end - 1 - index.pieceStart[b]!) + 1;
  // A text node shortened since the index was built would make setStart/setEnd throw.
  if (startOffset > startNode.length || endOffset > endNode.length) return null;
  const doc = index.root.ownerDocument ?? (index.root as Document);
  const range = doc.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  return range;
}

/** Whether every node the index was built from is still attached under its root (a cheap staleness check). */
export function indexIsCurrent(index: TextIndex): boolean {
  const n = index.pieceNode.length;
  if (n === 0) return true;
  const probe = [index.pieceNode[0]!, index.pieceNode[n >> 1]!, index.pieceNode[n - 1]!];
  return probe.every((node) => index.root.contains(node));
}
