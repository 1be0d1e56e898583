/**
 * The field-by-field merge of sync documents (lib/sync/doc.ts) and the hybrid logical clock
 * (lib/sync/hlc.ts): any versions of one document, merged in any order and grouping, give one
 * document; a note written on two devices that had not seen each other keeps both texts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOf, dominates, isAlive, mergeDocs, type SyncDoc } from '@/lib/sync/doc';
import { formatStamp, parseStamp, receive, StampSource, tick } from '@/lib/sync/hlc';
import { itemOfDocs, itemStates, updateDoc } from '@/lib/sync/map';
import { CONFLICT_MARK, renderNote } from '@/lib/sync/notes';
import { makeItem } from '../../support/items';

describe('hybrid logical clock', () => {
  it('orders stamps as strings, later than the wall clock and everything seen', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1e12), fc.boolean()), { minLength: 1, maxLength: 40 }), (events) => {
        let clock = { ms: 0, counter: 0 };
        let last = '';
        for (const [now, remote] of events) {
          if (remote) {
            const other = formatStamp({ ms: now + 5, counter: 3 }, 'zz');
            clock = receive(clock, other, now);
            clock = tick(clock, now);
            const next = formatStamp(clock, 'aa');
            expect(next > other).toBe(true);
          }
          clock = tick(clock, now);
          const stamp = formatStamp(clock, 'aa');
          expect(stamp > last).toBe(true);
          expect(parseStamp(stamp)!.ms).toBeGreaterThanOrEqual(now);
          last = stamp;
        }
      }),
    );
  });

  it('does not follow a stamp from a clock a day or more ahead', () => {
    const clock = receive({ ms: 1000, counter: 0 }, formatStamp({ ms: 1000 + 2 * 86_400_000, counter: 0 }, 'x'), 1000);
    expect(clock.ms).toBe(1000);
  });
});

/** Versions of one item document written by several devices from a common start. */
const device = fc.constantFrom('dev-a', 'dev-b', 'dev-c');
const edit = fc.oneof(
  fc.record({ op: fc.constant('title' as const), v: fc.constantFrom('가', '나', '다') }),
  fc.record({ op: fc.constant('tag' as const), v: fc.constantFrom('AI', '경제', '일본'), on: fc.boolean() }),
  fc.record({ op: fc.constant('note' as const), v: fc.nat(1000) }),
  fc.record({ op: fc.constant('delete' as const) }),
  fc.record({ op: fc.constant('merge' as const), from: fc.nat(2) }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function buildVersions(script: Array<{ dev: string; e: Edit; at: number }>) {
  const start = updateDoc(
    undefined,
    { _id: 'item:x', kind: 'item', rid: 'x' },
    itemStates(makeItem({ id: 'x' })).item,
    new StampSource({ ms: 0, counter: 0 }, 'dev-0', () => 1),
  )!;
  const docs = new Map<string, SyncDoc>([
    ['dev-a', start],
    ['dev-b', start],
    ['dev-c', start],
  ]);
  const devices = ['dev-a', 'dev-b', 'dev-c'];
  const sources = new Map<string, StampSource>();
  let clockNow = 0;
  const written: string[] = [];
  for (const { dev, e, at } of script) {
    const doc = docs.get(dev)!;
    // Each device keeps its clock across its writes, as the engine does (the wall clock may stand still).
    clockNow = at;
    if (!sources.has(dev)) sources.set(dev, new StampSource({ ms: 0, counter: 0 }, dev, () => clockNow));
    const stamps = sources.get(dev)!;
    const item = itemOfDocs(doc, { _id: 'body:x', kind: 'body', rid: 'x', f: {}, del: { v: false, c: '' } });
    if (e.op === 'merge') {
      docs.set(dev, mergeDocs(doc, docs.get(devices[e.from]!)!));
      continue;
    }
    if (e.op === 'delete') {
      const next = updateDoc(doc, { _id: 'item:x', kind: 'item', rid: 'x' }, undefined, stamps);
      if (next) docs.set(dev, next);
      continue;
    }
    const base = item ?? makeItem({ id: 'x' });
    const state = itemStates(base).item;
    if (e.op === 'title') state.fields.title = e.v;
    if (e.op === 'tag') state.tags = e.on ? [...(state.tags ?? []), e.v] : (state.tags ?? []).filter((t) => t !== e.v);
    if (e.op === 'note') {
      const text = `«${dev}-${e.v}-${at}»`;
      state.notes = { note: text };
      written.push(text);
    }
    const next = updateDoc(doc, { _id: 'item:x', kind: 'item', rid: 'x' }, state, stamps);
    if (next) docs.set(dev, next);
  }
  return { versions: [...docs.values()], written };
}

const script = fc.array(fc.record({ dev: device, e: edit, at: fc.integer({ min: 10, max: 50 }) }), { maxLength: 30 });

describe('merge of document versions', () => {
  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(script, (s) => {
        const [a, b, c] = buildVersions(s).versions as [SyncDoc, SyncDoc, SyncDoc];
        expect(contentOf(mergeDocs(a, b))).toBe(contentOf(mergeDocs(b, a)));
        expect(contentOf(mergeDocs(mergeDocs(a, b), c))).toBe(contentOf(mergeDocs(a, mergeDocs(b, c))));
        expect(contentOf(mergeDocs(a, a))).toBe(contentOf(a));
      }),
    );
  });

  it('keeps the last note of every device that had not seen a later one', () => {
    fc.assert(
      fc.property(script, (s) => {
        const { versions } = buildVersions(s);
        const all = versions.reduce(mergeDocs);
        const shown = renderNote(all.notes?.note);
        // Each device's own current text was written knowing what it replaced; the merge of
        // everything must still show it unless another device's later write had seen it.
        for (const v of versions) {
          // Each version's current texts stand unless a text written after seeing them (its
          // version vector covers theirs) replaced them on another device.
          for (const value of v.notes?.note ?? []) {
            const replaced = versions.some((w) =>
              (w.notes?.note ?? []).some((x) => x.c !== value.c && dominates(x.vv, value.vv)),
            );
            if (!replaced && value.v) expect(shown).toContain(value.v);
          }
        }
      }),
    );
  });
});

describe('conflicts and deletes', () => {
  const ref = { _id: 'item:x', kind: 'item' as const, rid: 'x' };
  const start = () =>
    updateDoc(
      undefined,
      ref,
      itemStates(makeItem({ id: 'x', note: '처음' })).item,
      new StampSource({ ms: 0, counter: 0 }, 'dev-0', () => 1),
    )!;
  const at = (dev: string, ms: number) => new StampSource({ ms: 0, counter: 0 }, dev, () => ms);
  const withNote = (doc: SyncDoc, note: string, stamps: StampSource) =>
    updateDoc(doc, ref, { ...itemStates(makeItem({ id: 'x' })).item, notes: { note }, tags: ['AI', '일본'] }, stamps)!;

  it('keeps both texts of a note edited on two devices at once: the later as the note, the other as a conflict copy', () => {
    const base = start();
    const a = withNote(base, '회사에서 쓴 메모', at('dev-a', 100));
    const b = withNote(base, '집에서 쓴 메모', at('dev-b', 200));
    const note = renderNote(mergeDocs(a, b).notes?.note);
    expect(note.startsWith('집에서 쓴 메모')).toBe(true);
    expect(note).toContain(CONFLICT_MARK);
    expect(note).toContain('회사에서 쓴 메모');
    expect(note).not.toContain('처음');
    // Writing the note again (the reader merged them) resolves the copy everywhere.
    const merged = mergeDocs(a, b);
    const resolved = withNote(merged, '회사와 집의 메모', at('dev-a', 300));
    expect(renderNote(mergeDocs(resolved, a).notes?.note)).toBe('회사와 집의 메모');
    expect(renderNote(mergeDocs(b, resolved).notes?.note)).toBe('회사와 집의 메모');
  });

  it('a note replaced after its edit was seen is no conflict', () => {
    const a = withNote(start(), '첫 메모', at('dev-a', 100));
    const b = withNote(a, '고친 메모', at('dev-b', 200));
    expect(renderNote(mergeDocs(a, b).notes?.note)).toBe('고친 메모');
  });

  it('a delete wins over an edit made before it; an edit made after it restores the item', () => {
    const base = start();
    const edited = withNote(base, '메모', at('dev-b', 100));
    const deleted = updateDoc(base, ref, undefined, at('dev-a', 200))!;
    expect(isAlive(mergeDocs(edited, deleted))).toBe(false);
    const late = withNote(base, '늦은 메모', at('dev-b', 300));
    const both = mergeDocs(deleted, late);
    expect(isAlive(both)).toBe(true);
    expect(renderNote(both.notes?.note)).toBe('늦은 메모');
  });

  it('a tag added on two devices is one tag; a tag removed on one stays removed', () => {
    const base = start();
    const state = itemStates(makeItem({ id: 'x', note: '처음' })).item;
    const a = updateDoc(base, ref, { ...state, tags: ['AI', '일본', '경제'] }, at('dev-a', 100))!;
    const b = updateDoc(base, ref, { ...state, tags: ['경제', '일본'] }, at('dev-b', 200))!;
    const item = itemOfDocs(mergeDocs(a, b), {
      _id: 'body:x',
      kind: 'body',
      rid: 'x',
      f: {},
      del: { v: false, c: '' },
    })!;
    expect(item.tags).toEqual(['일본', '경제']);
  });
});
