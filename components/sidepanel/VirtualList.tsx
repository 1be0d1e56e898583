/**
 * A windowed list: only the rows in view (plus a margin) are in the DOM, so 10,000 rows scroll
 * as smoothly as 20. Rows have a fixed height. Keyboard: the list is one tab stop; arrow keys,
 * Page Up/Down, Home and End move between rows (roving tabindex on each row's first control).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Accessible name of the list. */
  label: string;
  /** The row at `index`; `active` rows hold the tab stop (give their main control tabIndex 0, others -1). */
  renderRow: (index: number, active: boolean) => ComponentChildren;
  /** Key of a row (stable across re-sorts). */
  rowKey: (index: number) => string;
  /** Called with the rendered index range [start, end) so data for it can be loaded. */
  onRange?: (start: number, end: number) => void;
  /** Extra rows rendered above and below the visible ones. */
  overscan?: number;
  class?: string;
}

export function VirtualList({
  count,
  rowHeight,
  label,
  renderRow,
  rowKey,
  onRange,
  overscan = 8,
  ...rest
}: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [active, setActive] = useState(0);
  const focusPending = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 600);
    measure();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  useEffect(() => {
    if (active >= count) setActive(Math.max(0, count - 1));
  }, [count, active]);

  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  useEffect(() => {
    onRange?.(start, end);
  }, [start, end, onRange]);

  // After a keyboard move, focus the new active row's control once it is rendered.
  useEffect(() => {
    const pending = focusPending.current;
    if (pending === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${pending}"]`);
    // The row's main control (the title), else its first control.
    const target = row?.querySelector<HTMLElement>('.row-title') ?? row?.querySelector<HTMLElement>('button, a, input');
    if (target) {
      focusPending.current = null;
      target.focus({ preventScroll: true });
    }
  });

  function moveTo(index: number) {
    const next = Math.max(0, Math.min(count - 1, index));
    const el = scroller.current;
    if (el) {
      const top = next * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    focusPending.current = next;
    setActive(next);
  }

  function onKeyDown(e: KeyboardEvent) {
    // Leave typing in text fields alone.
    if ((e.target as HTMLElement).matches('input[type="text"], input[type="search"], textarea')) return;
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: count - 1,
    };
    const to = moves[e.key];
    if (to === undefined || !count) return;
    e.preventDefault();
    moveTo(to);
  }

  const rows: ComponentChildren[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <li
        key={rowKey(i)}
        data-index={i}
        aria-setsize={count}
        aria-posinset={i + 1}
        class="vrow"
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
        onFocusCapture={() => setActive(i)}
      >
        {renderRow(i, i === active)}
      </li>,
    );
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keydown bubbles up from the rows' controls (roving tabindex).
    <div
      ref={scroller}
      class={`vlist ${rest.class ?? ''}`}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={onKeyDown}
    >
      <ul aria-label={label} style={{ height: `${count * rowHeight}px` }}>
        {rows}
      </ul>
    </div>
  );
}
