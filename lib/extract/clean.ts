/**
 * Body cleanup shared by the profile and Readability paths: remove page furniture, copyright and
 * boilerplate lines (ⓒ, 무단 전재, 재배포 금지, 저작권자) and a closing outlet-name line; keep
 * captions. Also text with line structure (block boundaries and <br> become newlines).
 */

const BOILERPLATE =
  /ⓒ|©|무단\s*전재|무단\s*복제|재배포\s*금지|저작권자|all rights reserved|copyright\s*(?:\(c\)|\d{4})/i;
/** BOILERPLATE over raw text (any whitespace between words), to test a whole body without collapsing it first. */
const BOILERPLATE_RAW =
  /ⓒ|©|무단\s*전재|무단\s*복제|재배포\s*금지|저작권자|all\s+rights\s+reserved|copyright\s*(?:\(c\)|\d{4})/i;
const FURNITURE = 'script, style, noscript, template, iframe, form, button, input, select, textarea, object, embed';
const CAPTION = 'figcaption, .img_desc, .txt_caption, .caption, .photo_caption, em.img_desc';
const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'LI',
  'UL',
  'OL',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'TR',
  'FIGURE',
  'FIGCAPTION',
  'HEADER',
  'FOOTER',
  'DL',
  'DT',
  'DD',
  'HR',
  'ADDRESS',
  'ASIDE',
]);
/** Outlet names that close Korean stories, and the shape of an outlet name. */
const OUTLET =
  /^(?:[가-힣A-Za-z0-9]{1,10}(?:신문|일보|뉴스|방송|경제|타임스|미디어|데일리|저널|투데이|헤럴드|비즈|닷컴|TV|tv)|한겨레(?:21)?|연합뉴스|뉴시스|뉴스1|경향|조선비즈|MBC|KBS|SBS|JTBC|YTN|MBN|채널A|TV조선|오마이뉴스|프레시안|노컷뉴스|머니투데이|이데일리|아시아경제)$/;

/** Remove script, forms and the given selectors from a body element (in place); how many went. */
export function removeFurniture(root: Element, strip: readonly string[] = []): number {
  const found = root.querySelectorAll(strip.length ? [FURNITURE, ...strip].join(',') : FURNITURE);
  for (const el of found) el.remove();
  return found.length;
}

function isBoilerplate(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 0 && t.length < 200 && BOILERPLATE.test(t);
}

/** Whether a short line is only an outlet name (`한겨레`), or equals the given site name. */
export function isOutletLine(text: string, siteName: string | null): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t || t.length > 16) return false;
  if (siteName && t === siteName.trim()) return true;
  return OUTLET.test(t);
}

/** Whether a node is a line of its own: only <br>s, blocks or nothing on either side, up to its block. */
function fillsLine(node: Node): boolean {
  for (let n: Node | null = node; n && !(n.nodeType === 1 && BLOCK.has((n as Element).tagName)); n = n.parentNode) {
    if (!edgeIsBreak(n.previousSibling, 'previousSibling') || !edgeIsBreak(n.nextSibling, 'nextSibling')) return false;
  }
  return true;
}

function edgeIsBreak(start: Node | null, dir: 'previousSibling' | 'nextSibling'): boolean {
  let n = start;
  while (n && n.nodeType === 3 && !(n.textContent ?? '').trim()) n = n[dir];
  if (!n) return true;
  if (n.nodeType !== 1) return n.nodeType === 8; // comments do not count
  const tag = (n as Element).tagName;
  return tag === 'BR' || BLOCK.has(tag);
}

function hasBlockChild(el: Element): boolean {
  for (const c of el.children) if (BLOCK.has(c.tagName)) return true;
  return false;
}

/** Removes a text node and the <br> right after it. */
function removeLine(node: Node): void {
  let next = node.nextSibling;
  while (next && next.nodeType === 3 && !(next.textContent ?? '').trim()) next = next.nextSibling;
  if (next && (next as Element).tagName === 'BR') next.parentNode?.removeChild(next);
  node.parentNode?.removeChild(node);
}

/**
 * Strip boilerplate and a closing outlet line from a body element (in place).
 * Returns the removed lines and the outlet named by the closing line, if any.
 */
export function stripBoilerplate(
  root: Element,
  siteName: string | null,
  /** root.textContent, when the caller has it already. */
  rootText?: string,
): { removed: string[]; outlet: string | null } {
  const removed: string[] = [];
  const doc = root.ownerDocument;
  // Most bodies have no boilerplate at all: one look at the whole text spares the per-element
  // passes (any line that matches is part of this text, so this never skips one).
  if (BOILERPLATE_RAW.test(rootText ?? root.textContent ?? '')) {
    // Whole lines only: a leaf block, or an inline element or text that fills its line, whose
    // text is boilerplate. A © inside a sentence stays. The element pass only looks at elements
    // in a document (isConnected): the extractors' bodies are detached copies, where it has never
    // run; turning it on there removes real text (a headline ending in ©, medium-1 and
    // table-style-attributes in the Readability corpus), so a detached root skips it outright.
    const elements = root.isConnected
      ? root.querySelectorAll('p, div, span, em, strong, b, small, li, h4, h5, h6, font, address')
      : [];
    for (const el of elements) {
      if (!el.isConnected || hasBlockChild(el) || el.closest(CAPTION) || el.querySelector('img')) continue;
      const t = el.textContent ?? '';
      if (!isBoilerplate(t)) continue;
      if (!BLOCK.has(el.tagName) && !fillsLine(el)) continue;
      removed.push(t.trim());
      el.remove();
    }
    const walker = doc.createTreeWalker(root, 4);
    const lines: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) lines.push(n as Text);
    for (const n of lines) {
      if (!isBoilerplate(n.data) || n.parentElement?.closest(CAPTION) || !fillsLine(n)) continue;
      removed.push(n.data.trim());
      removeLine(n);
    }
  }
  // The closing outlet-name line: the last non-empty text of the body.
  let outlet: string | null = null;
  const tail = lastTextNode(root);
  if (tail && isOutletLine(tail.data, siteName)) {
    const parent = tail.parentElement;
    const lineEl = parent && parent !== root && (parent.textContent ?? '').trim() === tail.data.trim() ? parent : null;
    outlet = tail.data.trim();
    removed.push(outlet);
    if (lineEl && !lineEl.closest(CAPTION)) lineEl.remove();
    else removeLine(tail);
  }
  return { removed, outlet };
}

/** The last non-blank text node under root, walking back from the end. */
function lastTextNode(root: Element): Text | null {
  const walker = root.ownerDocument.createTreeWalker(root, 4);
  let deepest: Node = root;
  while (deepest.lastChild) deepest = deepest.lastChild;
  walker.currentNode = deepest;
  let n: Node | null = deepest.nodeType === 3 ? deepest : walker.previousNode();
  while (n && !(n.textContent ?? '').trim()) n = walker.previousNode();
  return n as Text | null;
}

/** Text of an element with its line structure: blocks and <br> end lines; runs of spaces collapse. */
export function blockText(root: Element): string {
  const out: string[] = [];
  // The current line's raw text: concatenated (V8 keeps it a rope until the regex reads it).
  let line = '';
  const flush = () => {
    if (!line) return;
    const t = line.replace(/[ \t\r\n\f\u00a0]+/g, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  const walk = (node: Node) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const type = c.nodeType;
      if (type === 3) line += (c as Text).data;
      else if (type === 1) {
        const tag = (c as Element).tagName;
        if (tag === 'BR') flush();
        else if (tag === 'TD' || tag === 'TH') {
          walk(c);
          line += ' ';
        } else if (tag === 'SCRIPT' || tag === 'STYLE') continue;
        else if (BLOCK.has(tag)) {
          flush();
          walk(c);
          flush();
        } else walk(c);
      }
    }
  };
  walk(root);
  flush();
  return out.join('\n');
}
