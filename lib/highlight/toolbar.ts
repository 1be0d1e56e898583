/**
 * The floating toolbar shown on a text selection (five colors, note, copy, and "Edit highlight"
 * when the selection overlaps one) and as the menu of a highlight (color, note, delete), with a small note editor. It lives in a closed shadow
 * root under its own host element so page styles and scripts cannot reach into it, and it is
 * keyboard operable: a `toolbar` with roving focus (arrows, Home, End), Escape to close.
 */
import { HIGHLIGHT_COLORS, type HighlightColor } from '../model';

export type ToolbarAction =
  | { type: 'highlight'; color: HighlightColor }
  | { type: 'note' }
  | { type: 'copy' }
  | { type: 'recolor'; color: HighlightColor }
  | { type: 'editNote' }
  | { type: 'delete' }
  | { type: 'saveNote'; note: string }
  | { type: 'editHighlight' }
  | { type: 'close' };

/** Message lookup (components/i18n `t` in the extension, a stub in tests). */
/** The UI messages the page highlighter shows (keys of public/_locales). */
export type HighlighterMessage =
  | 'hlAddNote'
  | 'hlCancel'
  | 'hlCopied'
  | 'hlCopy'
  | 'hlDelete'
  | 'hlEditHighlight'
  | 'hlEditNote'
  | 'hlError'
  | 'hlMenu'
  | 'hlNote'
  | 'hlSaveNote'
  | 'hlToolbar'
  | `hl${Capitalize<HighlightColor>}`
  | `hlColor${Capitalize<HighlightColor>}`;

export type Translate = (key: HighlighterMessage, ...subs: string[]) => string;

const SWATCH: Record<HighlightColor, string> = {
  yellow: '#ffd60a',
  green: '#34c759',
  blue: '#0a84ff',
  pink: '#ff3787',
  purple: '#af52de',
};

const cap = <S extends string>(s: S) => (s[0]!.toUpperCase() + s.slice(1)) as Capitalize<S>;

const CSS = `
:host { all: initial; }
.panel { position: fixed; z-index: 2147483647; display: flex; gap: 4px; align-items: center; padding: 4px;
  background: #1c1c1e; color: #fff; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.3);
  font: 13px/1.3 system-ui, -apple-system, "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; }
.panel[hidden] { display: none; }
.panel.editor { flex-direction: column; align-items: stretch; width: 280px; }
button { all: unset; box-sizing: border-box; cursor: pointer; min-width: 28px; height: 28px; padding: 0 8px;
  border-radius: 6px; display: inline-flex; align-items: center; justify-content: center; color: #fff; }
button:hover { background: rgba(255,255,255,.15); }
button:focus-visible { outline: 2px solid #64d2ff; outline-offset: 1px; }
button.swatch { padding: 0; width: 28px; }
button.swatch span { width: 18px; height: 18px; border-radius: 50%; border: 2px solid rgba(255,255,255,.6); }
button.swatch[aria-pressed="true"] span { border-color: #fff; box-shadow: 0 0 0 2px #64d2ff; }
textarea { font: inherit; min-height: 80px; resize: vertical; border-radius: 6px; border: 1px solid #555;
  background: #2c2c2e; color: #fff; padding: 6px; }
textarea:focus-visible { outline: 2px solid #64d2ff; }
.row { display: flex; gap: 4px; justify-content: flex-end; }
.status { padding: 0 6px; font-size: 12px; color: #ffd60a; }
.status:empty { display: none; }
`;

/** The toolbar; create once per page, show and hide as needed. */
export class Toolbar {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly panel: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private returnFocus: Element | null = null;
  private mode: 'selection' | 'menu' | 'editor' | 'hidden' = 'hidden';

  constructor(
    private readonly doc: Document,
    private readonly t: Translate,
    private readonly onAction: (a: ToolbarAction) => void,
    shadowMode: ShadowRootMode = 'closed',
  ) {
    this.host = doc.createElement('scrapnote-toolbar');
    this.root = this.host.attachShadow({ mode: shadowMode });
    const style = doc.createElement('style');
    style.textContent = CSS;
    this.panel = doc.createElement('div');
    this.panel.className = 'panel';
    this.panel.hidden = true;
    this.status = doc.createElement('div');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.root.append(style, this.panel);
    // Keep the page's selection when a button is pressed with the mouse.
    this.root.addEventListener('mousedown', (e) => {
      if (!(e.target instanceof this.doc.defaultView!.HTMLTextAreaElement)) e.preventDefault();
    });
    this.root.addEventListener('keydown', (e) => this.onKey(e as KeyboardEvent));
    // Space would otherwise click on keyup as well (onKey already clicked on keydown).
    this.root.addEventListener('keyup', (e) => {
      if (
        (e as KeyboardEvent).key === ' ' &&
        this.root.activeElement instanceof this.doc.defaultView!.HTMLButtonElement
      )
        e.preventDefault();
    });
  }

  get visible(): boolean {
    return this.mode !== 'hidden';
  }

  get currentMode() {
    return this.mode;
  }

  /** The toolbar's shadow content, for tests that opened it in `open` mode. */
  get shadow(): ShadowRoot {
    return this.root;
  }

  /** Whether an event happened inside the toolbar (shadow DOM retargets events to the host). */
  isInside(e: Event): boolean {
    return e.composedPath().includes(this.host);
  }

  private button(label: string, action: ToolbarAction, content?: Node, pressed?: boolean): HTMLButtonElement {
    const b = this.doc.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-label', label);
    b.title = label;
    if (content) b.append(content);
    else b.textContent = label;
    if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
    b.addEventListener('click', () => this.onAction(action));
    return b;
  }

  private swatch(color: HighlightColor, label: string, action: ToolbarAction, pressed?: boolean) {
    const dot = this.doc.createElement('span');
    dot.style.background = SWATCH[color];
    const b = this.button(label, action, dot, pressed);
    b.classList.add('swatch');
    return b;
  }

  private mount(children: Node[], label: string, rect: DOMRect | null, mode: Toolbar['mode']) {
    if (!this.host.isConnected) this.doc.documentElement.append(this.host);
    if (this.mode === 'hidden') this.returnFocus = this.doc.activeElement;
    this.status.textContent = '';
    this.panel.replaceChildren(...children, this.status);
    this.panel.setAttribute('role', mode === 'editor' ? 'dialog' : 'toolbar');
    this.panel.setAttribute('aria-label', label);
    this.panel.classList.toggle('editor', mode === 'editor');
    this.panel.hidden = false;
    this.mode = mode;
    if (rect) this.place(rect);
    this.rove(0, false);
  }

  /**
   * Toolbar for a fresh selection, above (or below) its bounding rectangle; with `editHighlight`
   * (the selection overlaps a painted highlight) it also offers that highlight's menu.
   */
  showForSelection(rect: DOMRect, options: { editHighlight?: boolean } = {}): void {
    const t = this.t;
    this.mount(
      [
        ...HIGHLIGHT_COLORS.map((c) => this.swatch(c, t(`hl${cap(c)}`), { type: 'highlight', color: c })),
        this.button(t('hlAddNote'), { type: 'note' }),
        this.button(t('hlCopy'), { type: 'copy' }),
        ...(options.editHighlight ? [this.button(t('hlEditHighlight'), { type: 'editHighlight' })] : []),
      ],
      t('hlToolbar'),
      rect,
      'selection',
    );
  }

  /** Menu of an existing highlight. */
  showForHighlight(rect: DOMRect, current: { color: HighlightColor; note: string }): void {
    const t = this.t;
    this.mount(
      [
        ...HIGHLIGHT_COLORS.map((c) =>
          this.swatch(c, t(`hlColor${cap(c)}`), { type: 'recolor', color: c }, c === current.color),
        ),
        this.button(current.note ? t('hlEditNote') : t('hlAddNote'), { type: 'editNote' }),
        this.button(t('hlDelete'), { type: 'delete' }),
      ],
      t('hlMenu'),
      rect,
      'menu',
    );
  }

  /** The note editor; focuses its text box. */
  showNoteEditor(rect: DOMRect | null, note: string): void {
    const t = this.t;
    const area = this.doc.createElement('textarea');
    area.value = note;
    area.setAttribute('aria-label', t('hlNote'));
    area.maxLength = 100_000;
    const save = this.doc.createElement('button');
    save.type = 'button';
    save.textContent = t('hlSaveNote');
    save.addEventListener('click', () => this.onAction({ type: 'saveNote', note: area.value }));
    const cancel = this.doc.createElement('button');
    cancel.type = 'button';
    cancel.textContent = t('hlCancel');
    cancel.addEventListener('click', () => this.onAction({ type: 'close' }));
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.onAction({ type: 'saveNote', note: area.value });
      }
    });
    const row = this.doc.createElement('div');
    row.className = 'row';
    row.append(cancel, save);
    this.mount([area, row], t('hlNote'), rect, 'editor');
    area.focus();
  }

  /** Follow the anchor rectangle (page scrolled). */
  reposition(rect: DOMRect): void {
    if (this.visible) this.place(rect);
  }

  /** A short message in the panel (copied, an error). */
  setStatus(text: string): void {
    this.status.textContent = text;
  }

  /** Move keyboard focus into the toolbar. */
  focus(): void {
    if (this.visible) this.rove(0, true);
  }

  hide(restoreFocus = false): void {
    if (this.mode === 'hidden') return;
    const hadFocus = this.root.activeElement !== null;
    this.panel.hidden = true;
    this.panel.replaceChildren();
    this.mode = 'hidden';
    const back = this.returnFocus as HTMLElement | null;
    this.returnFocus = null;
    if ((restoreFocus || hadFocus) && back?.isConnected && typeof back.focus === 'function') back.focus();
  }

  destroy(): void {
    this.hide();
    this.host.remove();
  }

  private place(rect: DOMRect): void {
    const view = this.doc.defaultView!;
    const width = this.panel.offsetWidth || 260;
    const height = this.panel.offsetHeight || 36;
    let top = rect.top - height - 8;
    if (top < 4) top = rect.bottom + 8;
    top = Math.min(Math.max(4, top), Math.max(4, view.innerHeight - height - 4));
    const left = Math.min(
      Math.max(4, rect.left + rect.width / 2 - width / 2),
      Math.max(4, view.innerWidth - width - 4),
    );
    this.panel.style.top = `${Math.round(top)}px`;
    this.panel.style.left = `${Math.round(left)}px`;
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.panel.querySelectorAll('button')];
  }

  /** Roving tabindex: exactly one button is in the tab order. */
  private rove(index: number, focus: boolean): void {
    const bs = this.buttons();
    if (!bs.length) return;
    const i = (index + bs.length) % bs.length;
    bs.forEach((b, k) => {
      b.tabIndex = k === i ? 0 : -1;
    });
    if (focus) bs[i]!.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.onAction({ type: 'close' });
      return;
    }
    const active = this.root.activeElement;
    if (active instanceof this.doc.defaultView!.HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) {
      // Activate buttons ourselves: Firefox (ESR 153) dispatches no click for Enter on a focused
      // button in this content-script-made shadow root, although keydown and keypress arrive.
      e.preventDefault();
      active.click();
      return;
    }
    if (this.mode === 'editor') return;
    const bs = this.buttons();
    const at = bs.indexOf(this.root.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1 };
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? bs.length - 1 : moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.rove(next, true);
  }
}
