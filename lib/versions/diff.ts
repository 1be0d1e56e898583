/**
 * What changed between two versions of a saved post: paragraphs added, removed and edited (an
 * edit paired with the paragraph it replaced, the changed words marked inside it), the title,
 * and the comments added since. Pure; the line diff and the word diff are jsdiff's (`diff`), the
 * words split by Intl.Segmenter so Korean words and particles are words, not single syllables.
 */
import { diffArrays, diffWords } from 'diff';
import type { SavedComment } from '../model';

/** A piece of an edited paragraph. */
export interface InlinePart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export type ParagraphChange =
  | { op: 'same' | 'added' | 'removed'; text: string }
  | { op: 'edited'; before: string; after: string; parts: InlinePart[] };

/** The parts of a version the diff reads. */
export interface VersionText {
  title: string;
  text: string;
  comments?: readonly SavedComment[];
}

export interface VersionDiff {
  /** Whether the title or the text differ (comments alone do not make a new version). */
  changed: boolean;
  title: { before: string; after: string } | null;
  paragraphs: ParagraphChange[];
  counts: { added: number; removed: number; edited: number };
  /** Comments of the newer version that the older one did not have. */
  commentsAdded: SavedComment[];
}

/** Paragraphs more alike than this (Dice coefficient of their character pairs) are one edited paragraph. */
export const EDIT_SIMILARITY = 0.5;

function paragraphs(text: string): string[] {
  return text
    .split('\n')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  const t = s.replace(/\s+/g, '');
  for (let i = 0; i < t.length - 1; i++) {
    const g = t.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of the character pairs of two texts (1: the same pairs, 0: none shared). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let both = 0;
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [g, n] of x) both += Math.min(n, y.get(g) ?? 0);
  return total ? (2 * both) / total : 0;
}

let segmenter: Intl.Segmenter | undefined;

/** The words of an edited paragraph that changed. */
export function inlineDiff(before: string, after: string): InlinePart[] {
  segmenter ??= new Intl.Segmenter('ko', { granularity: 'word' });
  return diffWords(before, after, { intlSegmenter: segmenter }).map((c) => ({
    op: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: c.value,
  }));
}

/**
 * A run of removed paragraphs followed by added ones: each removed paragraph pairs with the first
 * unpaired added one after the last pair that is alike enough (an edit); the rest stay removed or
 * added, in the order of the newer text.
 */
function pairRun(removed: string[], added: string[], out: ParagraphChange[]): void {
  let next = 0;
  for (const r of removed) {
    let match = -1;
    for (let j = next; j < added.length; j++) {
      if (similarity(r, added[j]!) >= EDIT_SIMILARITY) {
        match = j;
        break;
      }
    }
    if (match < 0) {
      out.push({ op: 'removed', text: r });
      continue;
    }
    for (let j = next; j < match; j++) out.push({ op: 'added', text: added[j]! });
    out.push({ op: 'edited', before: r, after: added[match]!, parts: inlineDiff(r, added[match]!) });
    next = match + 1;
  }
  for (let j = next; j < added.length; j++) out.push({ op: 'added', text: added[j]! });
}

/** The comment's identity across versions: the engine's id, else its author, date and text. */
export function commentKey(c: SavedComment): string {
  return /^p\d+-\d+$/.test(c.id) ? `${c.author}\u0000${c.dateText}\u0000${c.text}` : c.id;
}

/** What changed from `before` to `after`. */
export function diffVersions(before: VersionText, after: VersionText): VersionDiff {
  const out: ParagraphChange[] = [];
  const chunks = diffArrays(paragraphs(before.text), paragraphs(after.text));
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (!c.added && !c.removed) {
      for (const text of c.value) out.push({ op: 'same', text });
      continue;
    }
    const removed = c.removed ? c.value : [];
    const next = chunks[i + 1];
    const added = c.added ? c.value : next?.added && c.removed ? next.value : [];
    if (c.removed && next?.added) i++;
    pairRun(removed, added, out);
  }
  const counts = { added: 0, removed: 0, edited: 0 };
  for (const p of out) if (p.op !== 'same') counts[p.op]++;
  const title = before.title.trim() !== after.title.trim() ? { before: before.title, after: after.title } : null;
  const had = new Set((before.comments ?? []).map(commentKey));
  return {
    changed: title !== null || counts.added + counts.removed + counts.edited > 0,
    title,
    paragraphs: out,
    counts,
    commentsAdded: (after.comments ?? []).filter((c) => !had.has(commentKey(c))),
  };
}

/** What an engine prints in place of a deleted post (XE/Rhymix, GNUBoard, communities). */
const DELETED = [
  /삭제된\s*게시물입니다/,
  /삭제된\s*글입니다/,
  /(?:게시물|게시글|글)이\s*(?:존재하지\s*않습니다|삭제되었습니다|없습니다)/,
  /존재하지\s*않는\s*(?:게시물|게시글|글)입니다/,
  /요청하신\s*(?:게시물|게시글|글)(?:은|이)\s*(?:존재하지\s*않습니다|삭제)/,
  /삭제되었거나\s*(?:존재하지\s*않는|이동된)/,
];

/**
 * Whether a post is gone at its source: the site answered 404 or 410, or it answered with its
 * engine's deleted-post page (a short page, or a script alert, saying the post was deleted or
 * does not exist) instead of the post. `article`: whether the page still has an article to read.
 */
export function goneAtSource(status: number, pageText: string, article: boolean): boolean {
  if (status === 404 || status === 410) return true;
  if (article && pageText.length > 3000) return false;
  return DELETED.some((re) => re.test(pageText));
}
