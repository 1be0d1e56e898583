import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anchor,
  anchorAll,
  buildTextIndex,
  buildTextIndexSteps,
  describeRange,
  enterOf,
  leaveOf,
  nodeAtPath,
  offsetsOfRange,
  pathOf,
  rangeOfOffsets,
} from '@/lib/anchor';
import type { Selector } from '@/lib/model';
import { allPoints, makeSource, naiveText, pickOf, render, rng, WORDS } from './fixtures';

// Fixed seed: the generated texts repeat short words, and a run that draws a one-character
// highlight inside a repeated phrase has no single right answer; CI must not depend on the draw.
// Change the seed locally to explore other draws.
fc.configureGlobal({ seed: 20261128 });

function html(markup: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = markup;
  return root;
}

describe('text model', () => {
  it('reads <br> and block edges as spaces, collapses whitespace, skips script and style', () => {
    const root = html(
      '<h1>제목</h1>\n  <p>첫째   줄<br>둘째\t줄</p><p>셋째<script>var x = "숨김";</script><style>p{}</style> 줄</p>',
    );
    expect(buildTextIndex(root).text).toBe('제목 첫째 줄 둘째 줄 셋째 줄 ');
  });

  it('a selection across paragraphs is one quote with a space between them', () => {
    const root = html('<p>앞 문단의 끝.</p><p>다음 문단의 시작</p>');
    const r = document.createRange();
    r.setStart(root.querySelector('p')!.firstChild!, 2);
    r.setEnd(root.querySelectorAll('p')[1]!.firstChild!, 5);
    const [quote, pos] = describeRange(root, r)!;
    expect(quote.exact).toBe('문단의 끝. 다음 문단');
    expect(pos).toEqual({ type: 'TextPositionSelector', start: 2, end: 14 });
    const a = anchor(root, describeRange(root, r)!)!;
    expect(a.range.toString()).toBe('문단의 끝.다음 문단');
  });

  it('a whitespace-only selection describes nothing', () => {
    const root = html('<p>가</p>\n\n<p>나</p>');
    const r = document.createRange();
    r.setStart(root.firstChild!.firstChild!, 1);
    r.setEnd(root.lastChild!.firstChild!, 0);
    expect(describeRange(root, r)).toBeNull();
  });

  it('never splits a surrogate pair', () => {
    const root = html('<p>좋아요 👍🏽 최고</p>');
    const t = root.querySelector('p')!.firstChild!;
    const r = document.createRange();
    r.setStart(t, 5); // between the halves of 👍
    r.setEnd(t, 7); // between the halves of 🏽
    const [quote] = describeRange(root, r)!;
    expect(quote.exact).toBe('👍🏽');
  });

  it('collapses any mix of spaces, tabs and newlines across text nodes like CSS, and maps every piece back', () => {
    const chunk = fc.array(fc.constantFrom('가', 'a', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '뉴스'), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.array(
          chunk.map((parts) => parts.join('')),
          { minLength: 1, maxLength: 8 },
        ),
        (texts) => {
          const root = document.createElement('span');
          for (const t of texts) root.append(document.createTextNode(t));
          const index = buildTextIndex(root);
          const collapse = (t: string) => t.replace(/[ \t\n\r\f]+/g, ' ').replace(/^ /, '');
          expect(index.text).toBe(collapse(texts.join('')));
          // Each node sits between the collapsed text before it and the collapsed text through it.
          root.childNodes.forEach((node, i) => {
            expect(enterOf(index, node)).toBe(collapse(texts.slice(0, i).join('')).length);
            expect(leaveOf(index, node)).toBe(collapse(texts.slice(0, i + 1).join('')).length);
          });
          for (let p = 0; p < index.pieceNode.length; p++) {
            const raw = index.pieceNode[p]!.data.slice(index.pieceRaw[p], index.pieceRaw[p]! + index.pieceLen[p]!);
            const at = index.pieceStart[p]!;
            expect(index.text.slice(at, at + raw.length)).toBe(raw.replace(/[\t\n\r\f]/g, ' '));
          }
        },
      ),
    );
  });

  it('paths name elements structurally and resolve back', () => {
    const root = html('<div><p>a</p><p>b<b>c</b></p></div><p>d</p>');
    const c = root.querySelector('b')!;
    expect(pathOf(c, root)).toBe('/div[1]/p[2]/b[1]');
    expect(nodeAtPath('/div[1]/p[2]/b[1]', root)).toBe(c);
    expect(nodeAtPath('/div[1]/p[3]', root)).toBeNull();
    expect(nodeAtPath('', root)).toBe(root);
  });
});

describe('describe then anchor on the same DOM (property)', () => {
  it('gives back the same text and place, for random ranges across nodes', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), fc.nat(), (seed, x, y) => {
        const r = rng(seed);
        const { root } = render(document, makeSource(r, 1 + Math.floor(r() * 4)), r);
        const points = allPoints(root);
        const i = Math.min(x, y) % points.length;
        const j = Math.min(points.length - 1, i + (Math.max(x, y) % 400));
        const range = document.createRange();
        range.setStart(points[i]!.node, points[i]!.offset);
        range.setEnd(points[j]!.node, points[j]!.offset);
        const expectedText = naiveText(points, i, j);
        const selectors = describeRange(root, range);
        if (!expectedText) {
          expect(selectors).toBeNull();
          return;
        }
        expect(selectors).not.toBeNull();
        const [quote, pos] = selectors!;
        expect(quote.exact).toBe(expectedText);
        expect(quote.prefix.length).toBeLessThanOrEqual(32);
        expect(quote.suffix.length).toBeLessThanOrEqual(32);
        const index = buildTextIndex(root);
        expect(index.text.slice(pos.start, pos.end)).toBe(quote.exact);

        const placed = anchor(root, selectors!, index);
        // A short quote that occurs more than once is placed by the scored search, not trusted
        // at its offset; either way it must land on the same place.
        const repeated =
          quote.exact.length < 12 && index.text.indexOf(quote.exact) !== index.text.lastIndexOf(quote.exact);
        expect(placed?.method).toBe(repeated ? 'exact' : 'position');
        expect(offsetsOfRange(index, placed!.range)).toEqual({ start: pos.start, end: pos.end });
        // The DOM range covers the same characters (range.toString() has no <br>/block spaces).
        expect(placed!.range.toString().replace(/\s/g, '')).toBe(quote.exact.replace(/\s/g, ''));

        // Each other stage alone finds the same place.
        const only = (s: Selector[]) => anchor(root, s, index);
        const byRange = only([quote, selectors![2]]);
        expect(byRange?.method).toBe(repeated ? 'exact' : 'range');
        expect([byRange!.start, byRange!.end]).toEqual([pos.start, pos.end]);
        const byQuote = only([quote]);
        if (byQuote) expect([byQuote.start, byQuote.end]).toEqual([pos.start, pos.end]);
      }),
      { numRuns: 300 },
    );
  });
});

interface Span {
  start: number;
  end: number;
}

/** Apply random edits to `fraction` of the characters outside `protect`; map spans through them. */
function editSource(
  r: () => number,
  source: string,
  spans: Span[],
  fraction: number,
  insideToo: boolean,
): { text: string; spans: Span[] } {
  const inside = (o: number) => spans.some((s) => o >= s.start && o < s.end);
  const candidates: number[] = [];
  for (let o = 0; o < source.length; o++) {
    if (source[o] === '\n') continue;
    if (!insideToo && (inside(o) || spans.some((s) => o === s.end))) continue;
    candidates.push(o);
  }
  const edits = new Map<number, string>(); // offset -> kind
  const n = Math.round(candidates.length * fraction);
  while (edits.size < n && edits.size < candidates.length)
    edits.set(pickOf(r, candidates), pickOf(r, ['sub', 'del', 'ins']));
  let out = '';
  const map = new Array<number>(source.length + 1);
  for (let o = 0; o <= source.length; o++) {
    const kind = edits.get(o);
    if (kind === 'ins') out += pickOf(r, WORDS).slice(0, 1 + Math.floor(r() * 3));
    map[o] = out.length;
    if (o === source.length) break;
    if (kind === 'del') continue;
    if (kind === 'sub') out += pickOf(r, ['가', '나', '다', 'x', '1', '.']);
    else out += source[o];
  }
  return { text: out, spans: spans.map((s) => ({ start: map[s.start]!, end: map[s.end]! })) };
}

/** Random highlight spans on non-whitespace ends, 4..120 characters. */
function randomSpans(r: () => number, source: string, count: number): Span[] {
  const spans: Span[] = [];
  for (let tries = 0; spans.length < count && tries < count * 20; tries++) {
    const start = Math.floor(r() * source.length);
    const len = 4 + Math.floor(r() * 117);
    let end = Math.min(source.length, start + len);
    if (/\s/.test(source[start] ?? ' ')) continue;
    while (end > start && /\s/.test(source[end - 1]!)) end--;
    const code = source.charCodeAt(start);
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    const last = source.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end++;
    if (spans.some((s) => start < s.end && end > s.start)) continue;
    spans.push({ start, end });
  }
  return spans;
}

function sourceOffsets(doc: ReturnType<typeof render>, range: Range): Span {
  return {
    start: doc.srcOf.get(range.startContainer)! + range.startOffset,
    end: doc.srcOf.get(range.endContainer)! + range.endOffset,
  };
}

describe('re-anchoring after edits', () => {
  it('edits to 5% of the surrounding text: >= 95% placed right, the rest orphans, none wrong', async () => {
    let right = 0;
    let orphans = 0;
    const wrong: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const r = rng(seed);
        const source = makeSource(r, 12);
        const before = render(document, source, r);
        const spans = randomSpans(r, source, 25);
        const targets = spans.map((s, i) => {
          const range = document.createRange();
          const a = before.pointOf(s.start);
          const b = before.pointOf(s.end);
          range.setStart(a.node, a.offset);
          range.setEnd(b.node, b.offset);
          return { id: String(i), selectors: describeRange(before.root, range)! };
        });
        const edited = editSource(r, source, spans, 0.05, false);
        const after = render(document, edited.text, r);
        const placed = await anchorAll(after.root, targets, {
          yieldToPage: () => Promise.resolve(),
          now: () => performance.now(),
        });
        targets.forEach((t, i) => {
          const got = placed.get(t.id);
          if (!got) {
            orphans++;
            return;
          }
          const at = sourceOffsets(after, got.range);
          const want = edited.spans[i]!;
          if (at.start === want.start && at.end === want.end) right++;
          else
            wrong.push(`${JSON.stringify(t.selectors[0])} -> ${edited.text.slice(at.start, at.end)} (${got.method})`);
        });
      }),
      { numRuns: 40 },
    );
    const total = right + orphans + wrong.length;
    console.info(`anchor after 5% edits: ${right}/${total} right, ${orphans} orphans, ${wrong.length} wrong`);
    expect(wrong).toEqual([]);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });

  it('edits inside the highlights too: approximate matches overlap the right place or are orphans', async () => {
    let near = 0;
    let orphans = 0;
    const wrong: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const r = rng(seed);
        const source = makeSource(r, 12);
        const before = render(document, source, r);
        const spans = randomSpans(r, source, 25);
        const targets = spans.map((s, i) => {
          const range = document.createRange();
          const a = before.pointOf(s.start);
          const b = before.pointOf(s.end);
          range.setStart(a.node, a.offset);
          range.setEnd(b.node, b.offset);
          return { id: String(i), selectors: describeRange(before.root, range)! };
        });
        const edited = editSource(r, source, spans, 0.03, true);
        const after = render(document, edited.text, r);
        const placed = await anchorAll(after.root, targets, {
          yieldToPage: () => Promise.resolve(),
          now: () => performance.now(),
        });
        targets.forEach((t, i) => {
          const got = placed.get(t.id);
          if (!got) {
            orphans++;
            return;
          }
          const at = sourceOffsets(after, got.range);
          const want = edited.spans[i]!;
          const overlap = Math.min(at.end, want.end) - Math.max(at.start, want.start);
          // Mostly the same characters: at least half of what was wanted and of what was found.
          if (overlap * 2 >= want.end - want.start && overlap * 2 >= at.end - at.start) near++;
          else
            wrong.push(
              `${JSON.stringify(t.selectors[0])} -> ${JSON.stringify(edited.text.slice(at.start, at.end))} at ${at.start}-${at.end} want ${JSON.stringify(edited.text.slice(want.start, want.end))} ${want.start}-${want.end} (${got.method})`,
            );
        });
      }),
      { numRuns: 30 },
    );
    const total = near + orphans + wrong.length;
    console.info(
      `anchor after 3% edits incl. quotes: ${near}/${total} near, ${orphans} orphans, ${wrong.length} wrong`,
    );
    expect(wrong).toEqual([]);
    expect(near / total).toBeGreaterThanOrEqual(0.8);
  });
  it('a highlight whose text was deleted becomes an orphan, never placed on other text', async () => {
    let orphans = 0;
    const misplaced: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const r = rng(seed);
        const source = makeSource(r, 12);
        const before = render(document, source, r);
        const [span] = randomSpans(r, source, 1);
        if (!span) return;
        const range = document.createRange();
        const a = before.pointOf(span.start);
        const b = before.pointOf(span.end);
        range.setStart(a.node, a.offset);
        range.setEnd(b.node, b.offset);
        const selectors = describeRange(before.root, range)!;
        // Delete the highlighted text and edit 5% of the rest.
        const cut = source.slice(0, span.start) + source.slice(span.end);
        const edited = editSource(r, cut, [{ start: span.start, end: span.start }], 0.05, false);
        const after = render(document, edited.text, r);
        const got = anchor(after.root, selectors);
        if (!got) orphans++;
        else misplaced.push(`${selectors[0].exact} -> ${got.range.toString()} (${got.method})`);
      }),
      { numRuns: 200 },
    );
    console.info(`deleted quotes: ${orphans} orphans, ${misplaced.length} placed elsewhere`);
    expect(misplaced).toEqual([]);
  });
});

describe('batch anchoring', () => {
  it('yields between slices and reports orphans as null', async () => {
    const r = rng(7);
    const source = makeSource(r, 40);
    const doc = render(document, source, r);
    const index = buildTextIndex(doc.root);
    const targets = Array.from({ length: 60 }, (_, i) => {
      const start = index.text.indexOf(' ', (i * 97) % (index.text.length - 200)) + 1;
      const range = rangeOfOffsets(index, start, start + 30)!;
      return { id: String(i), selectors: describeRange(doc.root, range, index)! };
    });
    targets.push({
      id: 'gone',
      selectors: [
        { type: 'TextQuoteSelector', exact: '이 문장은 페이지에 없습니다 전혀 없습니다', prefix: '', suffix: '' },
      ],
    } as never);
    let yields = 0;
    let clock = 0;
    const placed = await anchorAll(doc.root, targets, {
      yieldToPage: async () => {
        yields++;
      },
      now: () => (clock += 5),
      sliceMs: 10,
      index,
    });
    expect(placed.get('gone')).toBeNull();
    expect([...placed.values()].filter(Boolean)).toHaveLength(60);
    expect(yields).toBeGreaterThan(10);
  });

  it('builds the index in steps that give the same index, and yields while building', async () => {
    const r = rng(11);
    const doc = render(document, makeSource(r, 60), r);
    const whole = buildTextIndex(doc.root);
    const steps = buildTextIndexSteps(doc.root, 200);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    expect(pauses).toBeGreaterThan(3);
    expect(step.value.text).toBe(whole.text);
    expect(step.value.pieceStart).toEqual(whole.pieceStart);
    // anchorAll with no targets still builds the index, and on a large page across yields.
    const big = render(document, makeSource(r, 400), r);
    let yields = 0;
    let clock = 0;
    await anchorAll(big.root, [], {
      yieldToPage: async () => {
        yields++;
      },
      now: () => (clock += 4),
      sliceMs: 10,
    });
    expect(yields).toBeGreaterThan(0);
  });

  it('the page changing during a yield: the index is rebuilt and every place covers its own text', async () => {
    const r = rng(5);
    const source = makeSource(r, 30);
    const doc = render(document, source, r);
    const index = buildTextIndex(doc.root);
    const wanted = new Map<string, string>();
    const targets = Array.from({ length: 40 }, (_, i) => {
      const start = index.text.indexOf(' ', (i * 131) % (index.text.length - 100)) + 1;
      const range = rangeOfOffsets(index, start, start + 24)!;
      const selectors = describeRange(doc.root, range, index)!;
      wanted.set(String(i), selectors[0].exact);
      return { id: String(i), selectors };
    });
    let yields = 0;
    let clock = 0;
    const placed = await anchorAll(doc.root, targets, {
      yieldToPage: async () => {
        yields++;
        // Late content: a paragraph arrives at the top, and the first text node is shortened.
        if (yields === 2)
          doc.root.prepend(Object.assign(document.createElement('p'), { textContent: '속보 새 문단 '.repeat(20) }));
        if (yields === 4) {
          const first = document.createTreeWalker(doc.root, 4).nextNode() as Text;
          first.data = first.data.slice(0, 3);
        }
      },
      now: () => (clock += 3),
      sliceMs: 10,
    });
    expect(yields).toBeGreaterThan(4);
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    for (const [id, text] of wanted) {
      const got = placed.get(id);
      if (got) expect(squeeze(got.range.toString())).toBe(squeeze(text));
    }
    expect([...placed.values()].filter(Boolean).length).toBeGreaterThanOrEqual(38);
  });

  it('a page whose text changes at every yield: the batch still finishes, and no place covers other text', async () => {
    const r = rng(9);
    const doc = render(document, makeSource(r, 30), r);
    const ticker = document.createElement('p');
    ticker.textContent = '지금 0';
    doc.root.prepend(ticker);
    const index = buildTextIndex(doc.root);
    const wanted = new Map<string, string>();
    const targets = Array.from({ length: 40 }, (_, i) => {
      const start = index.text.indexOf(' ', 10 + ((i * 131) % (index.text.length - 100))) + 1;
      const selectors = describeRange(doc.root, rangeOfOffsets(index, start, start + 24)!, index)!;
      wanted.set(String(i), selectors[0].exact);
      return { id: String(i), selectors };
    });
    let yields = 0;
    let clock = 0;
    const placed = await anchorAll(doc.root, targets, {
      yieldToPage: async () => {
        // A clock on the page: its text changes length at every yield.
        ticker.firstChild!.textContent = `지금 ${'1'.repeat(++yields % 7)}`;
      },
      now: () => (clock += 4),
      sliceMs: 10,
    });
    expect(yields).toBeGreaterThan(10);
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    for (const [id, text] of wanted) {
      const got = placed.get(id);
      if (got) expect(squeeze(got.range.toString())).toBe(squeeze(text));
    }
    expect([...placed.values()].filter(Boolean).length).toBeGreaterThanOrEqual(36);
  });

  it('rangeOfOffsets gives null, not an exception, for a text node shortened since indexing', () => {
    const root = html('<p>첫째 문단의 긴 글입니다</p>');
    const index = buildTextIndex(root);
    (root.querySelector('p')!.firstChild as Text).data = '첫째';
    expect(rangeOfOffsets(index, 3, 10)).toBeNull();
  });
});
