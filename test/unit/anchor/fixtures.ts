/** Random article-like documents for anchoring tests: Korean text, emoji, inline markup, `<br>`. */

export const WORDS = [
  '정부는',
  '오는',
  '7일',
  '이시바',
  '시게루',
  '일본',
  '총리와',
  '도널드',
  '트럼프',
  '미국',
  '대통령의',
  '첫',
  '정상회담에서',
  '인공지능',
  '공동',
  '개발을',
  '논의할',
  '예정이다.',
  '서울',
  '시민',
  '1,234명이',
  '참석했다.',
  '그러나',
  '전문가들은',
  '“우려스럽다”고',
  '밝혔다.',
  '게시판',
  '댓글',
  '추천',
  '조회수',
  'AI',
  'Seoul',
  'the',
  'report',
  '2025년',
  '2월',
  '(연합뉴스)',
  '😀',
  '👍🏽',
  '🇰🇷',
  '한국어',
  '기자',
  '—',
  '·',
  '경제',
  '뉴스',
  '정치',
  '사회',
  '문화',
  '국제',
];

/** mulberry32: a tiny seeded PRNG so a fast-check seed decides the whole document. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pickOf = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/**
 * Source text: paragraphs separated by "\n\n", lines inside a paragraph by "\n" (rendered as
 * `<br>`), words by single spaces.
 */
export function makeSource(r: () => number, paragraphs: number): string {
  const ps: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const lines: string[] = [];
    const nLines = r() < 0.3 ? 2 + Math.floor(r() * 2) : 1;
    for (let l = 0; l < nLines; l++) {
      const words: string[] = [];
      const n = 4 + Math.floor(r() * 30);
      for (let w = 0; w < n; w++) words.push(pickOf(r, WORDS));
      lines.push(words.join(' '));
    }
    ps.push(lines.join('\n'));
  }
  return ps.join('\n\n');
}

/** Code point boundaries of a string (UTF-16 offsets that do not split a pair). */
export function isBoundary(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return true;
  const c = s.charCodeAt(i);
  return !(c >= 0xdc00 && c <= 0xdfff);
}

export interface Rendered {
  root: HTMLElement;
  /** Source offset of each text node's first character. */
  srcOf: Map<Node, number>;
  /** DOM point of a source offset (a non-newline character's position). */
  pointOf(offset: number): { node: Text; offset: number };
}

/**
 * Render a source to DOM: `<p>` per paragraph, `<br>` per line break, words split into random text
 * nodes and inline elements (b, span, a, em), sometimes whitespace-only text between paragraphs.
 */
export function render(doc: Document, source: string, r: () => number): Rendered {
  const root = doc.createElement('div');
  const srcOf = new Map<Node, number>();
  const texts: Text[] = [];
  let offset = 0;
  const paragraphs = source.split('\n\n');
  paragraphs.forEach((para, pi) => {
    if (pi > 0) {
      if (r() < 0.5) root.appendChild(doc.createTextNode(r() < 0.5 ? '\n  ' : ' '));
      offset += 2;
    }
    const p = doc.createElement(r() < 0.1 ? 'div' : 'p');
    root.appendChild(p);
    const lines = para.split('\n');
    lines.forEach((line, li) => {
      if (li > 0) {
        p.appendChild(doc.createElement('br'));
        offset += 1;
      }
      let i = 0;
      while (i < line.length) {
        let len = 1 + Math.floor(r() * 25);
        while (i + len < line.length && !isBoundary(line, i + len)) len++;
        const piece = line.slice(i, i + len);
        const t = doc.createTextNode(piece);
        srcOf.set(t, offset + i);
        texts.push(t);
        const roll = r();
        if (roll < 0.7) p.appendChild(t);
        else {
          const el = doc.createElement(pickOf(r, ['b', 'span', 'a', 'em']));
          if (roll > 0.95) el.appendChild(doc.createElement('span')); // an empty element
          el.appendChild(t);
          p.appendChild(el);
        }
        i += len;
      }
      offset += line.length;
    });
  });
  const pointOf = (o: number) => {
    // Last text node starting at or before o that contains it.
    for (const t of texts) {
      const s = srcOf.get(t)!;
      if (o >= s && o <= s + t.data.length) {
        if (o === s + t.data.length && o < source.length && source[o] !== '\n') continue;
        return { node: t, offset: o - s };
      }
    }
    throw new Error(`no text node at source offset ${o}`);
  };
  return { root, srcOf, pointOf };
}

/** Every boundary point of a subtree in document order. */
export function allPoints(root: Node): Array<{ node: Node; offset: number }> {
  const out: Array<{ node: Node; offset: number }> = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      const t = n as Text;
      for (let i = 0; i <= t.data.length; i++) if (isBoundary(t.data, i)) out.push({ node: t, offset: i });
      return;
    }
    const kids = [...n.childNodes];
    kids.forEach((c, k) => {
      out.push({ node: n, offset: k });
      walk(c);
    });
    out.push({ node: n, offset: kids.length });
  };
  walk(root);
  return out;
}

const BLOCKS = new Set(['p', 'div', 'li', 'h1', 'h2', 'blockquote']);

/**
 * Independent oracle: the text between two points of `allPoints` order, `<br>` and block edges
 * as spaces, whitespace collapsed and trimmed. Skips script/style.
 */
export function naiveText(points: Array<{ node: Node; offset: number }>, i: number, j: number): string {
  let s = '';
  for (let k = i; k < j; k++) {
    const a = points[k]!;
    const b = points[k + 1]!;
    if (a.node.nodeType === 3 && b.node === a.node) {
      const inSkipped = (a.node.parentElement?.closest('script,style') ?? null) !== null;
      if (!inSkipped) s += (a.node as Text).data.slice(a.offset, b.offset);
    } else if (a.node.nodeType === 1) {
      // Entering child `a.offset` of a.node.
      const child = a.node.childNodes[a.offset];
      if (child?.nodeType === 1) {
        const name = (child as Element).localName;
        if (name === 'br' || BLOCKS.has(name)) s += ' ';
      }
    }
    if (a.node.nodeType === 1 && b.node.nodeType === 1 && b.node === a.node.parentNode) {
      // Leaving element a.node.
      if (BLOCKS.has((a.node as Element).localName)) s += ' ';
    }
  }
  return s.replace(/[ \t\n\r\f]+/g, ' ').trim();
}
