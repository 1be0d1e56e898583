/**
 * The page highlighter: anchors and paints a page's saved highlights, shows the toolbar on a
 * selection and the menu on a click, and sends changes through an injected API (the extension
 * wires it to the background; tests pass a fake). It only reads the page's DOM; painting uses
 * the Custom Highlight API and the toolbar lives in its own shadow root.
 *
 * Ranges are described against `document.body` (the live page has no better root); the stored
 * TextQuoteSelector also anchors the highlight in the saved reader copy.
 */
import { anchorAll, buildTextIndex, describeRange, rangeOfOffsets } from '../anchor';
import type { PageState } from '../messaging/protocol';
import type { Highlight, HighlightColor, Selector } from '../model';
import { err, ok, type Result } from '../result';
import { type HighlightEnv, Painter } from './paint';
import { Toolbar, type ToolbarAction, type Translate } from './toolbar';

/** What the highlighter asks of the extension. */
export interface HighlighterApi {
  add(data: { color: HighlightColor; note?: string; selector: Selector[] }): Promise<Result<Highlight>>;
  /** A highlight is named by its item's id and its own. */
  update(data: { itemId: string; id: string; color?: HighlightColor; note?: string }): Promise<Result<Highlight>>;
  remove(ref: { itemId: string; id: string }): Promise<Result<unknown>>;
  copy(text: string): Promise<boolean>;
}

export interface HighlighterDeps {
  doc: Document;
  t: Translate;
  api: HighlighterApi;
  /** The Custom Highlight API (browserHighlightEnv), null where missing. */
  env: HighlightEnv | null;
  /** Monotonic milliseconds. */
  now: () => number;
  shadowMode?: ShadowRootMode;
  /** Retrying orphans while the page changes: debounce, attempts and total time. */
  retry?: { debounceMs: number; maxAttempts: number; maxMs: number };
}

const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
const INTERACTIVE =
  'a[href], button, input, textarea, select, label, summary, [contenteditable=""], [contenteditable="true"]';

/**
 * Give the page its turn between slices of anchoring: `scheduler.yield()` where the browser has
 * it (the continuation runs right after whatever was waiting), else a zero-delay timeout, which
 * Chromium clamps to 4 ms once timeouts nest five deep: a batch of a few slices paid that each time.
 */
function yieldTo(view: (Window & { scheduler?: { yield?: () => Promise<void> } }) | null): Promise<void> {
  const scheduler = view?.scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => (view ? view.setTimeout(resolve, 0) : resolve()));
}

export class Highlighter {
  private known = new Map<string, Highlight>();
  private readonly orphans = new Set<string>();
  readonly painter: Painter;
  readonly toolbar: Toolbar;
  /** The selection the toolbar acts on, kept because focusing the toolbar may change the live one. */
  private selection: Range | null = null;
  /** The highlight whose menu or note editor is open. */
  private menuFor: string | null = null;
  private anchoring: Promise<void> | null = null;
  private anchorAgain = false;
  private observer: MutationObserver | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  private retryStarted = 0;
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;
  private pointerDown = false;
  private readonly abort = new AbortController();
  private readonly retry: { debounceMs: number; maxAttempts: number; maxMs: number };

  constructor(private readonly deps: HighlighterDeps) {
    this.retry = deps.retry ?? { debounceMs: 500, maxAttempts: 20, maxMs: 60_000 };
    this.painter = new Painter(deps.env);
    this.toolbar = new Toolbar(deps.doc, deps.t, (a) => void this.onAction(a), deps.shadowMode);
    const { doc } = deps;
    const opts = { signal: this.abort.signal, passive: true } as const;
    doc.addEventListener(
      'pointerdown',
      (e) => {
        if (!this.toolbar.isInside(e)) this.pointerDown = true;
      },
      opts,
    );
    doc.addEventListener(
      'pointerup',
      () => {
        this.pointerDown = false;
        this.scheduleSelectionCheck(10);
      },
      opts,
    );
    doc.addEventListener('selectionchange', () => this.scheduleSelectionCheck(250), opts);
    doc.addEventListener('click', (e) => this.onClick(e), opts);
    doc.addEventListener('keydown', (e) => this.onKeyDown(e), { signal: this.abort.signal, capture: true });
    doc.defaultView?.addEventListener('scroll', () => this.onScroll(), { ...opts, capture: true });
  }

  /** Ids of highlights that could not be placed (yet). */
  orphanIds(): string[] {
    return [...this.orphans];
  }

  /** Take the library's view of this page: paint new highlights, repaint changed ones, drop removed ones. */
  setState(state: PageState): Promise<void> {
    const next = new Map(state.highlights.map((h) => [h.id, h]));
    for (const id of this.known.keys()) {
      if (next.has(id)) continue;
      this.painter.remove(id);
      this.orphans.delete(id);
    }
    for (const h of next.values()) {
      const old = this.known.get(h.id);
      const range = this.painter.rangeOf(h.id);
      if (old && range && (old.color !== h.color || old.note !== h.note))
        this.painter.set(h.id, range, h.color, !!h.note);
    }
    this.known = next;
    if (this.menuFor && !next.has(this.menuFor)) this.closeToolbar();
    return this.placeMissing();
  }

  /** Anchor every known highlight that is not painted; repeated calls while running coalesce. */
  private placeMissing(): Promise<void> {
    if (this.anchoring) {
      this.anchorAgain = true;
      return this.anchoring;
    }
    // Cleared in a .finally, which runs after this assignment: a loop with nothing to anchor ends
    // without awaiting, and clearing inside it would run first and leave a settled promise behind
    // (every later state would then wait on it and never be anchored).
    this.anchoring = (async () => {
      do {
        this.anchorAgain = false;
        // Highlights whose text the page removed (live ranges collapse) are anchored again.
        for (const id of this.painter.ids()) {
          const r = this.painter.rangeOf(id)!;
          if (r.collapsed || !r.startContainer.isConnected) this.painter.remove(id);
        }
        const todo = [...this.known.values()].filter((h) => !this.painter.has(h.id));
        if (!todo.length) break;
        const body = this.deps.doc.body;
        if (!body) break;
        const view = this.deps.doc.defaultView;
        const placed = await anchorAll(
          body,
          todo.map((h) => ({ id: h.id, selectors: h.target.selector })),
          {
            yieldToPage: () => yieldTo(view),
            now: this.deps.now,
            signal: this.abort.signal,
          },
        );
        for (const [id, result] of placed) {
          const h = this.known.get(id);
          if (!h) continue;
          if (result?.range.startContainer.isConnected) {
            this.painter.set(id, result.range, h.color, !!h.note);
            this.orphans.delete(id);
          } else this.orphans.add(id);
        }
      } while (this.anchorAgain && !this.abort.signal.aborted);
    })().finally(() => {
      this.anchoring = null;
      // A state that came between the loop's last check and here is anchored now.
      if (this.anchorAgain && !this.abort.signal.aborted) void this.placeMissing();
      else this.watchForLateContent();
    });
    return this.anchoring;
  }

  /**
   * Pages that fill in content late or paginate in place: while some highlights are orphans,
   * retry after the DOM settles (debounced), a bounded number of times within a bounded time.
   */
  private watchForLateContent(): void {
    const { doc } = this.deps;
    const view = doc.defaultView;
    if (!this.orphans.size || !doc.body || !view?.MutationObserver || this.abort.signal.aborted) {
      this.stopWatching();
      return;
    }
    if (this.observer) return;
    this.retries = 0;
    this.retryStarted = this.deps.now();
    this.observer = new view.MutationObserver(() => {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (++this.retries > this.retry.maxAttempts || this.deps.now() - this.retryStarted > this.retry.maxMs) {
          this.stopWatching();
          return;
        }
        void this.placeMissing();
      }, this.retry.debounceMs);
    });
    this.observer.observe(doc.body, { childList: true, subtree: true, characterData: true });
  }

  private stopWatching(): void {
    this.observer?.disconnect();
    this.observer = null;
    clearTimeout(this.retryTimer);
  }

  /** Whether the retry observer is running (tests). */
  get watching(): boolean {
    return this.observer !== null;
  }

  /** The live selection as a range worth highlighting, or null. */
  private currentSelection(): Range | null {
    const sel = this.deps.doc.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    const body = this.deps.doc.body;
    if (!body?.contains(range.commonAncestorContainer)) return null;
    const el = range.commonAncestorContainer;
    const host = (el.nodeType === 1 ? (el as Element) : el.parentElement)?.closest(EDITABLE);
    if (host) return null;
    if (!range.toString().trim()) return null;
    return range;
  }

  /** The collapsed selection (caret browsing) in the page's body, outside form fields, or null. */
  private caret(): Range | null {
    const sel = this.deps.doc.getSelection();
    if (!sel?.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    const node = range.startContainer;
    if (!this.deps.doc.body?.contains(node)) return null;
    if ((node.nodeType === 1 ? (node as Element) : node.parentElement)?.closest(EDITABLE)) return null;
    return range;
  }

  private scheduleSelectionCheck(ms: number): void {
    clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => this.checkSelection(), ms);
  }

  /** Show the toolbar for the current selection, or hide it when the selection went away. */
  checkSelection(): void {
    if (this.pointerDown) return;
    const mode = this.toolbar.currentMode;
    if (mode === 'editor' || mode === 'menu') return;
    const range = this.currentSelection();
    if (!range) {
      // Focus moving into the toolbar can clear the selection; keep the toolbar then.
      if (mode === 'selection' && this.deps.doc.activeElement !== this.toolbar.host) this.closeToolbar();
      return;
    }
    this.selection = range.cloneRange();
    this.menuFor = null;
    // A selection over a painted highlight also offers that highlight's menu (keyboard users
    // cannot click a highlight): select some of its text, Tab into the toolbar, "Edit highlight".
    this.toolbar.showForSelection(range.getBoundingClientRect(), { editHighlight: this.highlightOver(range) !== null });
  }

  /**
   * The painted highlight a range lies in or overlaps (a caret: the one it sits in), the last
   * painted where several do; null when none.
   */
  highlightOver(range: Range, mode: 'overlaps' | 'within' = 'overlaps'): string | null {
    const ids = this.painter.ids().reverse();
    for (const id of ids) {
      const h = this.painter.rangeOf(id)!;
      if (h.collapsed || !h.startContainer.isConnected) continue;
      try {
        // compareBoundaryPoints(how, h) compares a point of `range` with one of `h`.
        const startBeforeEnd = range.compareBoundaryPoints(Range.END_TO_START, h) < 0;
        const endAfterStart = range.compareBoundaryPoints(Range.START_TO_END, h) > 0;
        const startInside = range.compareBoundaryPoints(Range.START_TO_START, h) >= 0;
        const endInside = range.compareBoundaryPoints(Range.END_TO_END, h) <= 0;
        const hit = mode === 'within' || range.collapsed ? startInside && endInside : startBeforeEnd && endAfterStart;
        if (hit) return id;
      } catch {
        // Ranges in different trees (a highlight in content the page has since replaced).
      }
    }
    return null;
  }

  /**
   * Highlight the current selection (context menu, keyboard shortcut). When the caret or the
   * whole selection lies in a painted highlight, open that highlight's menu instead (the keyboard
   * way to recolor, annotate or delete it), rather than highlighting the same text twice.
   */
  async highlightSelection(color: HighlightColor): Promise<Result<true>> {
    const live = this.currentSelection() ?? this.caret();
    const inside = live && this.highlightOver(live, 'within');
    if (inside && this.openMenu(inside)) return ok(true);
    const range = live && !live.collapsed ? live : this.selection;
    if (!range) return err('Select some text on the page first.');
    this.selection = range.cloneRange();
    return this.create(color);
  }

  /** Scroll to a highlight and flash it. */
  scrollTo(id: string): Result<true> {
    const range = this.painter.rangeOf(id);
    if (!range) return err('This highlight could not be placed on the page as it is now.');
    const el =
      range.startContainer.nodeType === 1 ? (range.startContainer as Element) : range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    this.painter.flash(id);
    return ok(true);
  }

  private async create(color: HighlightColor, note?: string): Promise<Result<true>> {
    const range = this.selection;
    const body = this.deps.doc.body;
    if (!range || !body) return err('Select some text on the page first.');
    // One index for describing and painting: building it is the costly part on a long page.
    const index = buildTextIndex(body);
    const selector = describeRange(body, range, index);
    if (!selector) {
      this.closeToolbar();
      return err('Select some text on the page first.');
    }
    // The place is the described one; a live range follows the page if it changes meanwhile.
    const place = rangeOfOffsets(index, selector[1].start, selector[1].end);
    const res = await this.deps.api.add({ color, ...(note ? { note } : {}), selector });
    if (!res.ok) {
      this.showError(res.error);
      return res;
    }
    const h = res.value;
    this.known.set(h.id, h);
    if (place && !place.collapsed && place.startContainer.isConnected) this.painter.set(h.id, place, h.color, !!h.note);
    else this.orphans.add(h.id);
    this.deps.doc.getSelection()?.removeAllRanges();
    this.selection = null;
    this.closeToolbar();
    return ok(true);
  }

  private showError(message: string): void {
    if (!this.toolbar.visible && this.selection) this.toolbar.showForSelection(this.selection.getBoundingClientRect());
    this.toolbar.setStatus(this.deps.t('hlError', message));
  }

  private closeToolbar(restoreFocus = false): void {
    this.menuFor = null;
    this.toolbar.hide(restoreFocus);
  }

  private async onAction(a: ToolbarAction): Promise<void> {
    const { api, t } = this.deps;
    const id = this.menuFor;
    switch (a.type) {
      case 'highlight':
        await this.create(a.color);
        return;
      case 'note':
        this.toolbar.showNoteEditor(this.selection?.getBoundingClientRect() ?? null, '');
        return;
      case 'copy': {
        const text = this.selection ? (describeRange(this.deps.doc.body, this.selection)?.[0].exact ?? '') : '';
        const copied = text ? await api.copy(text) : false;
        this.toolbar.setStatus(copied ? t('hlCopied') : t('hlError', 'clipboard'));
        return;
      }
      case 'close':
        this.closeToolbar(true);
        return;
      case 'editHighlight': {
        const over = this.selection && this.highlightOver(this.selection);
        if (over) this.openMenu(over);
        return;
      }
    }
    if (a.type === 'saveNote' && !id) {
      await this.create('yellow', a.note);
      return;
    }
    if (!id) return;
    const h = this.known.get(id);
    if (!h) return;
    if (a.type === 'editNote') {
      this.toolbar.showNoteEditor(this.painter.rangeOf(id)?.getBoundingClientRect() ?? null, h.note);
      return;
    }
    if (a.type === 'delete') {
      const res = await api.remove({ itemId: h.itemId, id });
      if (!res.ok) return this.showError(res.error);
      this.known.delete(id);
      this.painter.remove(id);
      this.orphans.delete(id);
      this.closeToolbar(true);
      return;
    }
    const patch = a.type === 'recolor' ? { color: a.color } : { note: a.note };
    const res = await api.update({ itemId: h.itemId, id, ...patch });
    if (!res.ok) return this.showError(res.error);
    this.known.set(id, res.value);
    const range = this.painter.rangeOf(id);
    if (range) this.painter.set(id, range, res.value.color, !!res.value.note);
    this.closeToolbar(true);
  }

  private onClick(e: MouseEvent): void {
    if (this.toolbar.isInside(e)) return;
    const target = e.target as Element | null;
    if (target?.closest?.(INTERACTIVE)) return;
    const sel = this.deps.doc.getSelection();
    if (sel && !sel.isCollapsed) return;
    const id = this.painter.idAt(e.clientX, e.clientY);
    if (!id) {
      if (this.toolbar.currentMode === 'menu') this.closeToolbar();
      return;
    }
    this.openMenu(id, { x: e.clientX, y: e.clientY });
  }

  /** Open a painted highlight's menu (color, note, delete) next to it, focused; false when it is not painted. */
  openMenu(id: string, at?: { x: number; y: number }): boolean {
    const h = this.known.get(id);
    const range = this.painter.rangeOf(id);
    if (!h || !range) return false;
    this.menuFor = id;
    this.selection = null;
    const rects = [...range.getClientRects()];
    const hit = at && rects.find((r) => at.x >= r.left && at.x <= r.right && at.y >= r.top && at.y <= r.bottom);
    this.toolbar.showForHighlight(hit || rects[0] || range.getBoundingClientRect(), { color: h.color, note: h.note });
    this.toolbar.focus();
    return true;
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (!this.toolbar.visible || this.toolbar.isInside(e)) return;
    if (e.key === 'Escape') {
      this.closeToolbar();
      return;
    }
    // Keyboard users reach the toolbar of their selection with Tab (Shift+Tab keeps its meaning).
    if (
      e.key === 'Tab' &&
      !e.shiftKey &&
      !e.altKey &&
      !e.ctrlKey &&
      !e.metaKey &&
      this.toolbar.currentMode === 'selection'
    ) {
      e.preventDefault();
      this.toolbar.focus();
    }
  }

  private onScroll(): void {
    if (this.toolbar.currentMode === 'selection' && this.selection) {
      this.toolbar.reposition(this.selection.getBoundingClientRect());
    } else if (this.toolbar.currentMode === 'menu') this.closeToolbar();
  }

  /** Remove everything: listeners, paint, toolbar (the extension was reloaded or the page left). */
  destroy(): void {
    this.abort.abort();
    this.stopWatching();
    clearTimeout(this.selectionTimer);
    this.painter.clear();
    this.toolbar.destroy();
  }
}
