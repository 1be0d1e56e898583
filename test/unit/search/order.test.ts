import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignatureOrder } from '@/lib/search/order';
import { buildSignature, mayContain, termHash } from '@/lib/search/signature';

/** A document's terms: a few of a small vocabulary, so that some terms are shared. */
const VOCAB = Array.from({ length: 40 }, (_, i) => `b어${String.fromCharCode(0xac00 + i * 29)}`);
const sigOf = (terms: number[]) => buildSignature(terms.map((k) => VOCAB[k % VOCAB.length]!));

type Op = { op: 'insert'; doc: number; terms: number[] } | { op: 'remove'; doc: number };

describe('SignatureOrder', () => {
  it('answers like separate signatures, most recent first, through any saves and deletes', () => {
    const op = fc.oneof(
      fc.record({
        op: fc.constant('insert' as const),
        doc: fc.integer({ min: 1, max: 60 }),
        terms: fc.array(fc.nat(80), { maxLength: 300 }),
      }),
      fc.record({ op: fc.constant('remove' as const), doc: fc.integer({ min: 1, max: 60 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ doc: fc.integer({ min: 1, max: 60 }), terms: fc.array(fc.nat(80)) }), { maxLength: 30 }),
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.nat(80), { minLength: 1, maxLength: 3 }),
        (initial, ops: Op[], query) => {
          const model = new Map<number, Uint32Array>();
          let order = new SignatureOrder();
          for (const { doc, terms } of initial) {
            if (model.has(doc)) continue;
            model.set(doc, sigOf(terms));
            order.append({ doc, sig: model.get(doc)!, head: `h${doc}` });
          }
          order.sort();
          for (const o of ops) {
            if (model.has(o.doc)) order.remove(o.doc);
            model.delete(o.doc);
            if (o.op === 'insert') {
              model.set(o.doc, sigOf(o.terms));
              if (!order.insert({ doc: o.doc, sig: model.get(o.doc)!, head: `h${o.doc}` })) {
                // Mostly garbage: build afresh, as the search cache does.
                order = new SignatureOrder();
                for (const [doc, sig] of model) order.append({ doc, sig, head: `h${doc}` });
                order.sort();
              }
            }
          }
          const docs = [...model.keys()].sort((a, b) => b - a);
          expect(order.docs).toEqual(docs);
          const hashes = query.map((k) => termHash(VOCAB[k % VOCAB.length]!));
          const found: number[] = [];
          order.each(undefined, (i, doc) => {
            expect(order.heads[i]).toBe(`h${doc}`);
            if (order.mayContainAll(i, hashes)) found.push(doc);
          });
          expect(found).toEqual(docs.filter((d) => hashes.every((h) => mayContain(model.get(d)!, h))));
          // Among a list of documents (most recent first, some unknown): those only.
          const among = [...docs.filter((_, i) => i % 2 === 0), 0].sort((a, b) => b - a);
          const seen: number[] = [];
          order.each(among, (_, doc) => seen.push(doc));
          expect(seen).toEqual(among.filter((d) => model.has(d)));
        },
      ),
    );
  });

  it('grows past its first buffer, and says when its buffer is mostly removed signatures', () => {
    const big = new Uint32Array(40_000).fill(7);
    const order = new SignatureOrder();
    for (let doc = 1; doc <= 4; doc++) expect(order.insert({ doc, sig: big, head: '' })).toBe(true);
    expect(order.docs).toEqual([4, 3, 2, 1]);
    // The same item saved again and again: each save leaves its old signature behind, until the
    // buffer would grow only to hold removed signatures.
    let refused = false;
    for (let k = 0; k < 20 && !refused; k++) {
      order.remove(4);
      refused = !order.insert({ doc: 4, sig: big, head: '' });
    }
    expect(refused).toBe(true);
  });
});
