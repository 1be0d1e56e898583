// @vitest-environment jsdom
/**
 * A highlight made in the side panel's reader of a board list is stored as a quote with its
 * context (components/sidepanel/ListReader.tsx, `readerAddHighlight`): the reader shows the
 * extracted, sanitized copy of the post, whose offsets and element paths mean nothing on the
 * post's own page. Here, over the Korean pages of our corpus: extract each page as the reader
 * does, render it as the reader does, describe sentences selected in that copy, and anchor the
 * quote alone in the original page's body as the page highlighter does. Each must land on the same words at the same place (its context on the
 * page agrees with its context in the copy).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { readerFragment } from '@/components/sidepanel/readerHtml';
import { anchor, buildTextIndex, describeRange, rangeOfOffsets } from '@/lib/anchor';
import { analyzePage } from '@/lib/extract/analyze';

const ROOT = path.resolve(__dirname, '../../..');
const OWN = path.join(ROOT, 'test/fixtures/corpus/articles');
const NOW = new Date('2025-02-05T06:00:00Z');

interface Outcome {
  /** Quotes whose words the page holds as one run. */
  quotes: number;
  /** Quotes across text the page keeps apart. */
  apart: number;
  anchored: number;
  /** Anchored where the copy's context agrees with the page's (not a same-words place elsewhere). */
  placed: number;
  misses: string[];
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** Sentences of the copy to highlight: up to `n`, spread over the text, 8 to 120 characters. */
function sentencesOf(text: string, n: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const re = /[^.!?。…\s][^.!?。…]{6,118}[.!?。…]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  if (spans.length <= n) return spans;
  const step = spans.length / n;
  return Array.from({ length: n }, (_, i) => spans[Math.floor(i * step)]!);
}

/** Short quotes (a word of two to four syllables) that occur more than once in the copy. */
function repeatedWordsOf(text: string, n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const seen = new Map<string, number>();
  const re = /[가-힣]{2,4}/g;
  for (let m = re.exec(text); m && out.length < n; m = re.exec(text)) {
    const count = (seen.get(m[0]) ?? 0) + 1;
    seen.set(m[0], count);
    // The word's second occurrence: its context alone tells it from the first.
    if (count === 2) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

function check(html: string, url: string): Outcome | null {
  const page = new JSDOM(html, { url }).window.document;
  const analysis = analyzePage(new JSDOM(html, { url }).window.document, url, NOW, {
    window: new JSDOM('').window as unknown as Window & typeof globalThis,
  });
  if (!analysis.article) return null;
  const copy = document.createElement('div');
  copy.append(readerFragment(analysis.article.html, document));
  document.body.replaceChildren(copy);
  const index = buildTextIndex(copy);
  const out: Outcome = { quotes: 0, apart: 0, anchored: 0, placed: 0, misses: [] };
  const pageIndex = buildTextIndex(page.body);
  for (const [start, end] of [...sentencesOf(index.text, 6), ...repeatedWordsOf(index.text, 3)]) {
    const range = rangeOfOffsets(index, start, end);
    if (!range) continue;
    const described = describeRange(copy, range, index);
    if (!described) continue;
    const quote = described[0];
    // A selection across text the page keeps apart (a subtitle the copy puts right before the
    // body, where the page has its date line between) has no one place there: it stays an orphan
    // on the page, like any quote of text the page no longer holds. Counted apart.
    if (!squeeze(pageIndex.text).includes(squeeze(quote.exact))) {
      out.apart++;
      continue;
    }
    out.quotes++;
    const found = anchor(page.body, [quote], pageIndex);
    if (!found || squeeze(found.range.toString()) !== squeeze(quote.exact)) {
      out.misses.push(`${quote.exact.slice(0, 40)} (not found)`);
      continue;
    }
    out.anchored++;
    const before = squeeze(pageIndex.text.slice(Math.max(0, found.start - 40), found.start)).slice(-6);
    const after = squeeze(pageIndex.text.slice(found.end, found.end + 40)).slice(0, 6);
    // The right place: the words occur once on the page, or the context on either side agrees.
    const once = pageIndex.text.indexOf(quote.exact) === pageIndex.text.lastIndexOf(quote.exact);
    const agrees =
      (before.length > 0 && squeeze(quote.prefix).endsWith(before)) ||
      (after.length > 0 && squeeze(quote.suffix).startsWith(after));
    if (once || agrees) out.placed++;
    else
      out.misses.push(
        `${quote.exact.slice(0, 40)} (placed elsewhere: …${before}[…]${after}… for …${squeeze(quote.prefix).slice(-6)}[…]${squeeze(quote.suffix).slice(0, 6)}…)`,
      );
  }
  return out;
}

function total(outcomes: Outcome[]) {
  const sum = (k: 'quotes' | 'apart' | 'anchored' | 'placed') => outcomes.reduce((n, o) => n + o[k], 0);
  return { quotes: sum('quotes'), apart: sum('apart'), anchored: sum('anchored'), placed: sum('placed') };
}

describe('a quote highlighted in the reader’s copy anchors on the post’s own page', () => {
  it('on the Korean pages of our corpus, every quote lands on its own words', () => {
    const files = readdirSync(OWN).filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThan(15);
    const outcomes: Outcome[] = [];
    const misses: string[] = [];
    for (const f of files) {
      const truth = JSON.parse(readFileSync(path.join(OWN, f.replace(/\.html$/, '.truth.json')), 'utf8')) as {
        url: string;
      };
      const o = check(readFileSync(path.join(OWN, f), 'utf8'), truth.url);
      if (!o) continue;
      outcomes.push(o);
      misses.push(...o.misses.map((m) => `${f}: ${m}`));
    }
    const t = total(outcomes);
    console.info(
      `reader quotes on their pages (own corpus, ${outcomes.length} pages): ${t.anchored}/${t.quotes} anchored, ${t.placed}/${t.quotes} at their place; ${t.apart} across text the page keeps apart`,
    );
    expect(t.quotes).toBeGreaterThan(150);
    expect(misses).toEqual([]);
  });
});
