import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTextIndex, describeRange, rangeOfOffsets } from '@/lib/anchor';
import { Highlighter, type HighlighterApi } from '@/lib/highlight/controller';
import { type HighlightEnv, type HighlightLike, highlightName } from '@/lib/highlight/paint';
import type { Highlight, HighlightColor, Selector } from '@/lib/model';
import { ok } from '@/lib/result';

const messages = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../public/_locales/en/messages.json'), 'utf8'),
) as Record<string, { message: string }>;
/** English UI strings from the real locale file, placeholders filled like browser.i18n. */
const t = (key: string, ...subs: string[]) =>
  (messages[key]?.message ?? key).replace(/\$[A-Z_]+\$/g, () => subs.shift() ?? '');

class FakeHighlight implements HighlightLike {
  readonly ranges = new Set<AbstractRange>();
  add(r: AbstractRange) {
    this.ranges.add(r);
  }
  delete(r: AbstractRange) {
    return this.ranges.delete(r);
  }
  clear() {
    this.ranges.clear();
  }
}

function fakeEnv() {
  const layers = new Map<string, FakeHighlight>();
  let pointHits: AbstractRange[] = [];
  const env: HighlightEnv = {
    registry: {
      set: (name, h) => layers.set(name, h as FakeHighlight),
      delete: (name) => layers.delete(name),
      highlightsFromPoint: () => pointHits.map((r) => ({ highlight: new FakeHighlight(), ranges: [r] })),
    },
    createHighlight: () => new FakeHighlight(),
  };
  const painted = (color: HighlightColor | 'note') =>
    [...(layers.get(highlightName(color))?.ranges ?? [])].map((r) => (r as Range).toString());
  return { env, layers, painted, setPointHits: (r: AbstractRange[]) => (pointHits = r) };
}

const ARTICLE = `
  <h1>이시바·트럼프 첫 정상회담</h1>
  <p>오는 7일 예정된 이시바 시게루 일본 총리와 도널드 트럼프 미국 대통령의 첫 정상회담에서 <b>인공지능(AI)</b> 공동 개발이 논의된다.</p>
  <p>요미우리신문은 5일 “두 정상이 AI와 반도체 분야 협력을 확인할 것”이라고 보도했다.<br>회담은 워싱턴에서 열린다.</p>`;

function highlightOf(id: string, exact: string, color: HighlightColor = 'yellow', note = ''): Highlight {
  const selectors = selectorsFor(exact);
  return {
    id,
    itemId: 'item-1',
    color,
    note,
    createdAt: '2026-11-28T01:00:00.000Z',
    updatedAt: '2026-11-28T01:00:00.000Z',
    target: { source: 'https://example.com/a', selector: selectors },
  };
}

/** Selectors of the first occurrence of `exact` in the body's text. */
function selectorsFor(exact: string): Selector[] {
  const range = rangeOf(exact);
  return describeRange(document.body, range)!;
}

function rangeOf(exact: string): Range {
  const index = buildTextIndex(document.body);
  const i = index.text.indexOf(exact);
  if (i < 0) throw new Error(`not found: ${exact}`);
  return rangeOfOffsets(index, i, i + exact.length)!;
}

function fakeApi() {
  const calls: Array<{ op: string; data: unknown }> = [];
  let n = 0;
  const api: HighlighterApi = {
    add: async (data) => {
      calls.push({ op: 'add', data });
      return ok({
        id: `new-${++n}`,
        itemId: 'item-1',
        color: data.color,
        note: data.note ?? '',
        createdAt: '2026-11-28T02:00:00.000Z',
        updatedAt: '2026-11-28T02:00:00.000Z',
        target: { source: 'https://example.com/a', selector: data.selector },
      });
    },
    update: async (data) => {
      calls.push({ op: 'update', data });
      const base = highlightOf(data.id, '인공지능(AI)');
      return ok({ ...base, ...data });
    },
    remove: async (ref) => {
      calls.push({ op: 'remove', data: ref });
      // The background answers the deleted highlight.
      return ok(highlightOf(ref.id, '인공지능(AI)'));
    },
    copy: async (text) => {
      calls.push({ op: 'copy', data: text });
      return true;
    },
  };
  return { api, calls };
}

const settle = (ms = 0) => new Promise((r) => setTimeout(r, ms));

let h: Highlighter;
let fake: ReturnType<typeof fakeEnv>;
let api: ReturnType<typeof fakeApi>;

function start(retry = { debounceMs: 5, maxAttempts: 5, maxMs: 10_000 }) {
  fake = fakeEnv();
  api = fakeApi();
  h = new Highlighter({
    doc: document,
    t,
    api: api.api,
    env: fake.env,
    now: () => performance.now(),
    shadowMode: 'open',
    retry,
  });
}

function buttons(): HTMLButtonElement[] {
  return [...h.toolbar.shadow.querySelectorAll('button')];
}
function button(name: string): HTMLButtonElement {
  const b = buttons().find((x) => x.getAttribute('aria-label') === name || x.textContent === name);
  if (!b) throw new Error(`no button ${name}: ${buttons().map((x) => x.getAttribute('aria-label') ?? x.textContent)}`);
  return b;
}

function select(exact: string) {
  const sel = document.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(rangeOf(exact));
  h.checkSelection();
}

beforeEach(() => {
  document.body.innerHTML = ARTICLE;
});
afterEach(() => {
  h?.destroy();
  document.getSelection()?.removeAllRanges();
});

describe('painting saved highlights', () => {
  it('anchors and paints by color without touching the page DOM; orphans are kept, not painted', async () => {
    const saved = [
      highlightOf('a', '인공지능(AI) 공동 개발', 'green', '메모'),
      highlightOf('b', '회담은 워싱턴에서'),
      {
        ...highlightOf('c', '회담은 워싱턴에서'),
        target: {
          source: 'https://example.com/a',
          selector: [{ type: 'TextQuoteSelector', exact: '이 문장은 이 페이지에 없습니다', prefix: '', suffix: '' }],
        },
      } as Highlight,
    ];
    start();
    const before = document.body.innerHTML;
    await h.setState({ item: { id: 'item-1', title: 't', tags: [] }, highlights: saved });
    expect(fake.painted('green')).toEqual(['인공지능(AI) 공동 개발']);
    expect(fake.painted('note')).toEqual(['인공지능(AI) 공동 개발']);
    expect(fake.painted('yellow')).toEqual(['회담은 워싱턴에서']);
    expect(h.orphanIds()).toEqual(['c']);
    expect(document.body.innerHTML).toBe(before);

    // Recolor and removal come through the next state.
    await h.setState({
      item: { id: 'item-1', title: 't', tags: [] },
      highlights: [{ ...saved[0]!, color: 'blue', note: '' }, saved[2]!],
    });
    expect(fake.painted('green')).toEqual([]);
    expect(fake.painted('blue')).toEqual(['인공지능(AI) 공동 개발']);
    expect(fake.painted('note')).toEqual([]);
    expect(fake.painted('yellow')).toEqual([]);
    expect(h.orphanIds()).toEqual(['c']);
  });

  it('a first state with nothing to paint does not stop later states from being painted', async () => {
    // A page with no highlights yet (the highlighter loaded for a selection), then highlights
    // arrive: restored from the side panel, or back at an article's URL in a single-page site.
    start();
    await h.setState({ item: null, highlights: [] });
    await h.setState({ item: null, highlights: [highlightOf('b', '회담은 워싱턴에서')] });
    expect(fake.painted('yellow')).toEqual(['회담은 워싱턴에서']);
    await h.setState({ item: null, highlights: [] });
    expect(fake.painted('yellow')).toEqual([]);
    await h.setState({ item: null, highlights: [highlightOf('b', '회담은 워싱턴에서')] });
    expect(fake.painted('yellow')).toEqual(['회담은 워싱턴에서']);
  });

  it('content that arrives late is anchored by the bounded MutationObserver, which then stops', async () => {
    start();
    const late = highlightOf('late', '회담은 워싱턴에서');
    document.body.innerHTML = '<p>로딩 중…</p>';
    await h.setState({ item: null, highlights: [late] });
    expect(h.orphanIds()).toEqual(['late']);
    expect(h.watching).toBe(true);
    document.body.innerHTML = ARTICLE;
    // Polled with a generous bound rather than a fixed 60 ms: a loaded machine runs timers late.
    await vi.waitFor(() => expect(h.orphanIds()).toEqual([]), { timeout: 20_000 });
    await settle(0);
    expect(h.orphanIds()).toEqual([]);
    expect(fake.painted('yellow')).toEqual(['회담은 워싱턴에서']);
    expect(h.watching).toBe(false);
  });

  it('gives up after the attempt limit and keeps the orphan', async () => {
    start({ debounceMs: 1, maxAttempts: 2, maxMs: 10_000 });
    await h.setState({
      item: null,
      highlights: [
        {
          ...highlightOf('x', '회담은'),
          target: {
            source: 'https://example.com/a',
            selector: [{ type: 'TextQuoteSelector', exact: '없는 문장입니다 정말로', prefix: '', suffix: '' }],
          },
        },
      ],
    });
    for (let i = 0; i < 4; i++) {
      document.body.append(document.createElement('p'));
      await settle(20);
    }
    expect(h.watching).toBe(false);
    expect(h.orphanIds()).toEqual(['x']);
  });
});

describe('toolbar on a selection', () => {
  it('offers five colors, note and copy with accessible names, and highlights the selection', async () => {
    start();
    select('첫 정상회담에서');
    expect(h.toolbar.currentMode).toBe('selection');
    const panel = h.toolbar.shadow.querySelector('[role="toolbar"]');
    expect(panel?.getAttribute('aria-label')).toBe('Highlight');
    expect(buttons().map((b) => b.getAttribute('aria-label'))).toEqual([
      'Highlight yellow',
      'Highlight green',
      'Highlight blue',
      'Highlight pink',
      'Highlight purple',
      'Add note',
      'Copy',
    ]);
    button('Highlight green').click();
    await settle();
    const add = api.calls.find((c) => c.op === 'add')!.data as { color: string; selector: Selector[] };
    expect(add.color).toBe('green');
    expect(add.selector[0]).toMatchObject({ type: 'TextQuoteSelector', exact: '첫 정상회담에서' });
    expect(fake.painted('green')).toEqual(['첫 정상회담에서']);
    expect(h.toolbar.visible).toBe(false);
    expect(document.getSelection()?.isCollapsed).toBe(true);
  });

  it('is keyboard operable: Tab enters, arrows move, Escape closes', async () => {
    start();
    select('첫 정상회담에서');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    expect(h.toolbar.shadow.activeElement?.getAttribute('aria-label')).toBe('Highlight yellow');
    const key = (k: string) =>
      h.toolbar.shadow.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }),
      );
    key('ArrowRight');
    expect(h.toolbar.shadow.activeElement?.getAttribute('aria-label')).toBe('Highlight green');
    key('End');
    expect(h.toolbar.shadow.activeElement?.getAttribute('aria-label')).toBe('Copy');
    key('ArrowRight');
    expect(h.toolbar.shadow.activeElement?.getAttribute('aria-label')).toBe('Highlight yellow');
    expect(buttons().filter((b) => b.tabIndex === 0)).toHaveLength(1);
    key('Escape');
    expect(h.toolbar.visible).toBe(false);
  });

  it('Enter and Space on a focused button activate it once (Firefox sends no click for them)', async () => {
    start();
    select('첫 정상회담에서');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    const focused = h.toolbar.shadow.activeElement!;
    const clicks = vi.fn();
    focused.addEventListener('click', clicks);
    const down = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true });
    focused.dispatchEvent(down);
    // The default is cancelled so a browser that does click natively does not click twice.
    expect(down.defaultPrevented).toBe(true);
    expect(clicks).toHaveBeenCalledTimes(1);
    await settle();
    expect(api.calls.filter((c) => c.op === 'add')).toHaveLength(1);
    expect(fake.painted('yellow')).toEqual(['첫 정상회담에서']);

    select('워싱턴에서 열린다');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    const copy = button('Copy');
    copy.focus();
    copy.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, composed: true, cancelable: true }));
    const up = new KeyboardEvent('keyup', { key: ' ', bubbles: true, composed: true, cancelable: true });
    copy.dispatchEvent(up);
    expect(up.defaultPrevented).toBe(true);
    await settle();
    expect(api.calls.filter((c) => c.op === 'copy')).toEqual([{ op: 'copy', data: '워싱턴에서 열린다' }]);
  });

  it('adds a note with the highlight, and copies the quote', async () => {
    start();
    select('워싱턴에서 열린다');
    button('Copy').click();
    await settle();
    expect(api.calls).toContainEqual({ op: 'copy', data: '워싱턴에서 열린다' });
    button('Add note').click();
    const area = h.toolbar.shadow.querySelector('textarea')!;
    expect(area.getAttribute('aria-label')).toBe('Note');
    area.value = '장소 확인';
    button('Save note').click();
    await settle();
    const add = api.calls.find((c) => c.op === 'add')!.data as { note: string; selector: Selector[] };
    expect(add.note).toBe('장소 확인');
    expect(add.selector[0]).toMatchObject({ exact: '워싱턴에서 열린다' });
    expect(fake.painted('note')).toEqual(['워싱턴에서 열린다']);
  });

  it('ignores selections in form fields', () => {
    start();
    document.body.insertAdjacentHTML('beforeend', '<div contenteditable="true">편집 가능한 글</div>');
    select('편집 가능한 글');
    expect(h.toolbar.visible).toBe(false);
  });
});

describe('menu of a clicked highlight', () => {
  it('shows the current color, changes it, and deletes', async () => {
    start();
    await h.setState({ item: null, highlights: [highlightOf('a', '인공지능(AI)', 'pink')] });
    const range = h.painter.rangeOf('a')!;
    fake.setPointHits([range]);
    document.querySelector('p')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    expect(h.toolbar.currentMode).toBe('menu');
    expect(button('Pink').getAttribute('aria-pressed')).toBe('true');
    expect(button('Yellow').getAttribute('aria-pressed')).toBe('false');
    button('Blue').click();
    await settle();
    // A highlight is named by its item's id and its own (ids are unique only within an item).
    expect(api.calls).toContainEqual({ op: 'update', data: { itemId: 'item-1', id: 'a', color: 'blue' } });
    expect(fake.painted('blue')).toEqual(['인공지능(AI)']);

    document.querySelector('p')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }));
    button('Delete highlight').click();
    await settle();
    expect(api.calls).toContainEqual({ op: 'remove', data: { itemId: 'item-1', id: 'a' } });
    expect(h.painter.has('a')).toBe(false);
  });

  it('leaves clicks on links alone', async () => {
    start();
    document.body.insertAdjacentHTML('beforeend', '<p><a href="#x">링크 안의 하이라이트 문장</a></p>');
    await h.setState({ item: null, highlights: [highlightOf('l', '링크 안의 하이라이트')] });
    fake.setPointHits([h.painter.rangeOf('l')!]);
    const spy = vi.fn();
    document.querySelector('a')!.addEventListener('click', (e) => {
      e.preventDefault();
      spy();
    });
    document.querySelector('a')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(spy).toHaveBeenCalled();
    expect(h.toolbar.visible).toBe(false);
  });
});

describe("keyboard way to a highlight's menu", () => {
  it('a selection over a highlight offers "Edit highlight", which opens its focused menu', async () => {
    start();
    await h.setState({ item: null, highlights: [highlightOf('a', '인공지능(AI)', 'pink', '메모')] });
    select('첫 정상회담에서');
    expect(buttons().map((b) => b.getAttribute('aria-label'))).not.toContain('Edit highlight');
    select('(AI) 공동');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    const key = (k: string) =>
      h.toolbar.shadow.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }),
      );
    key('End');
    expect(h.toolbar.shadow.activeElement?.getAttribute('aria-label')).toBe('Edit highlight');
    key('Enter');
    await settle();
    expect(h.toolbar.currentMode).toBe('menu');
    expect(h.toolbar.shadow.querySelector('[role="toolbar"]')?.getAttribute('aria-label')).toBe('Highlight menu');
    expect(h.toolbar.shadow.activeElement?.getAttribute('aria-label')).toBe('Yellow');
    expect(button('Pink').getAttribute('aria-pressed')).toBe('true');
    expect(button('Edit note')).toBeTruthy();
    key('End');
    key('Enter');
    await settle();
    expect(api.calls).toContainEqual({ op: 'remove', data: { itemId: 'item-1', id: 'a' } });
    expect(api.calls.filter((c) => c.op === 'add')).toEqual([]);
  });

  it('the shortcut with the caret or the whole selection in a highlight opens its menu instead of adding one', async () => {
    start();
    await h.setState({ item: null, highlights: [highlightOf('a', '인공지능(AI)', 'green')] });
    const sel = document.getSelection()!;
    const painted = h.painter.rangeOf('a')!;
    const caret = document.createRange();
    caret.setStart(painted.startContainer, painted.startOffset + 2);
    sel.removeAllRanges();
    sel.addRange(caret);
    expect((await h.highlightSelection('yellow')).ok).toBe(true);
    expect(h.toolbar.currentMode).toBe('menu');
    expect(button('Green').getAttribute('aria-pressed')).toBe('true');
    expect(h.toolbar.shadow.activeElement).not.toBeNull();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(h.toolbar.visible).toBe(false);

    sel.removeAllRanges();
    sel.addRange(rangeOf('공지능'));
    expect((await h.highlightSelection('yellow')).ok).toBe(true);
    expect(h.toolbar.currentMode).toBe('menu');
    expect(api.calls.filter((c) => c.op === 'add')).toEqual([]);

    // A caret elsewhere, or a selection reaching past the highlight: nothing to open, or a new highlight.
    h.toolbar.hide();
    const outside = rangeOf('요미우리신문은');
    outside.collapse(true);
    sel.removeAllRanges();
    sel.addRange(outside);
    expect((await h.highlightSelection('yellow')).ok).toBe(false);
    sel.removeAllRanges();
    sel.addRange(rangeOf('인공지능(AI) 공동'));
    expect((await h.highlightSelection('yellow')).ok).toBe(true);
    expect(api.calls.filter((c) => c.op === 'add')).toHaveLength(1);
  });
});

describe('commands', () => {
  it('highlightSelection uses the live selection, scrollTo refuses orphans', async () => {
    start();
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(rangeOf('요미우리신문은'));
    expect((await h.highlightSelection('purple')).ok).toBe(true);
    expect(fake.painted('purple')).toEqual(['요미우리신문은']);
    expect((await h.highlightSelection('purple')).ok).toBe(false);
    expect(h.scrollTo('new-1').ok).toBe(true);
    expect(h.scrollTo('missing').ok).toBe(false);
  });
});
