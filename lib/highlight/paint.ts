/**
 * Painting highlights with the CSS Custom Highlight API: one `Highlight` per color registered in
 * `CSS.highlights`, styled by `::highlight()` rules (HIGHLIGHT_CSS, inserted as a stylesheet by
 * the background with scripting.insertCSS). The page's DOM is never touched.
 */
import { HIGHLIGHT_COLORS, type HighlightColor } from '../model';

/** Registry names: `scrapnote-<color>`, plus one for highlights with a note and one for a flash. */
export const highlightName = (color: HighlightColor | 'note' | 'flash') => `scrapnote-${color}`;

const FILL: Record<HighlightColor, string> = {
  yellow: 'rgba(255, 214, 10, 0.45)',
  green: 'rgba(52, 199, 89, 0.35)',
  blue: 'rgba(10, 132, 255, 0.30)',
  pink: 'rgba(255, 55, 135, 0.30)',
  purple: 'rgba(175, 82, 222, 0.30)',
};

/** The `::highlight()` rules; they must apply at document level, so they cannot live in a shadow root. */
export const HIGHLIGHT_CSS = [
  ...HIGHLIGHT_COLORS.map((c) => `::highlight(${highlightName(c)}) { background-color: ${FILL[c]}; }`),
  `::highlight(${highlightName('note')}) { text-decoration: underline dotted 2px; text-underline-offset: 3px; }`,
  `::highlight(${highlightName('flash')}) { background-color: rgba(255, 149, 0, 0.75); }`,
].join('\n');

/** The parts of the Custom Highlight API used here (so tests can pass a fake). */
export interface HighlightLike {
  add(range: AbstractRange): unknown;
  delete(range: AbstractRange): boolean;
  clear(): void;
}
export interface HighlightEnv {
  registry: {
    set(name: string, h: HighlightLike): unknown;
    delete(name: string): boolean;
    highlightsFromPoint?(x: number, y: number): Array<{ highlight: HighlightLike; ranges: AbstractRange[] }>;
  };
  createHighlight(): HighlightLike;
}

/** The browser's Custom Highlight API in this window, or null when it has none (old browsers). */
export function browserHighlightEnv(win: Window): HighlightEnv | null {
  const w = win as unknown as {
    CSS?: { highlights?: HighlightEnv['registry'] };
    Highlight?: new () => HighlightLike;
  };
  const registry = w.CSS?.highlights;
  const Ctor = w.Highlight;
  if (!registry || !Ctor) return null;
  return { registry, createHighlight: () => new Ctor() };
}

interface Entry {
  range: Range;
  color: HighlightColor;
  note: boolean;
}

/** Keeps the painted highlights of one page: id → range and color. */
export class Painter {
  private readonly byName = new Map<string, HighlightLike>();
  private readonly entries = new Map<string, Entry>();
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly env: HighlightEnv | null) {}

  /** Whether painting is possible at all in this browser. */
  get supported(): boolean {
    return this.env !== null;
  }

  private layer(name: string): HighlightLike | null {
    if (!this.env) return null;
    let h = this.byName.get(name);
    if (!h) {
      h = this.env.createHighlight();
      this.env.registry.set(name, h);
      this.byName.set(name, h);
    }
    return h;
  }

  /** Paint (or repaint) a highlight. */
  set(id: string, range: Range, color: HighlightColor, hasNote: boolean): void {
    this.remove(id);
    this.entries.set(id, { range, color, note: hasNote });
    this.layer(highlightName(color))?.add(range);
    if (hasNote) this.layer(highlightName('note'))?.add(range);
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    this.byName.get(highlightName(e.color))?.delete(e.range);
    this.byName.get(highlightName('note'))?.delete(e.range);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  rangeOf(id: string): Range | undefined {
    return this.entries.get(id)?.range;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Remove everything this painter registered. */
  clear(): void {
    for (const id of this.ids()) this.remove(id);
    if (this.env) for (const name of this.byName.keys()) this.env.registry.delete(name);
    this.byName.clear();
  }

  /**
   * The highlight under a viewport point: `highlightsFromPoint` where the browser has it, else
   * the ranges' client rectangles. The last painted wins where highlights overlap.
   */
  idAt(x: number, y: number): string | null {
    const fromPoint = this.env?.registry.highlightsFromPoint;
    if (fromPoint) {
      const hits = fromPoint.call(this.env!.registry, x, y);
      for (const hit of hits) {
        for (const r of hit.ranges) {
          const id = this.idOfRange(r);
          if (id) return id;
        }
      }
      return null;
    }
    const ids = [...this.entries.keys()].reverse();
    for (const id of ids) {
      for (const rect of this.entries.get(id)!.range.getClientRects()) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return id;
      }
    }
    return null;
  }

  private idOfRange(r: AbstractRange): string | null {
    for (const [id, e] of this.entries) if (e.range === r) return id;
    return null;
  }

  /** Briefly paint a highlight in the flash color (after scrolling to it). */
  flash(id: string, ms = 1200): void {
    const e = this.entries.get(id);
    const layer = this.layer(highlightName('flash'));
    if (!e || !layer) return;
    layer.clear();
    layer.add(e.range);
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => layer.clear(), ms);
  }
}
