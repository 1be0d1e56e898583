/**
 * An item's signature from its search fields, bit for bit `buildSignature(indexTerms(fields))`
 * (signature.ts, terms.ts) but about five times faster, for imports and rebuilds of thousands of
 * items: no term is built as a string, sorted, or hashed from its first character.
 *
 * Every index term is a string `mark + kind + characters` (terms.ts: `u정`, `b정부`, `Tb정부`,
 * `pg`, `pgp`, `pgpt`...). Here each term is a node of a tree whose parent is the term without
 * its last code point, so
 * - a term's hash is its parent's hash state continued with one code point (continueHash), and
 * - a term met again is a node that exists already, found by two numbers instead of a string.
 * The roots are the twelve strings `mark + kind`. A word's prefixes are a chain of nodes; a bigram
 * `b` + x + y hangs under the node `b` + x, which is not a term itself.
 *
 * The terms must stay those of terms.ts indexTerms: change both together.
 * test/unit/search/signature.test.ts compares the two signatures on random and Korean texts.
 */
import { addHash, emptySignature, stepA, stepB, termHashState } from './signature';
import { BI, MAX_PREFIX, META_MARK, PRE, type SearchFields, SPACE_BI, TITLE_MARK, UNI } from './terms';
import { CharKind, forEachRunChar, normalize } from './text';

/** The signature of an item's search fields: the same as `buildSignature(indexTerms(fields))`. */
export function signFields(fields: SearchFields): Uint32Array {
  const tree = scratch;
  tree.reset();
  // The terms of terms.ts indexTerms: every field plain, the title and meta fields also marked.
  const title = normalize(fields.title, false).norm;
  tree.addText(title, tree.plain);
  tree.addText(title, tree.title);
  for (const entry of fields.meta) {
    const norm = normalize(entry.text, false).norm;
    tree.addText(norm, tree.plain);
    tree.addText(norm, tree.meta);
  }
  tree.addText(normalize(fields.body, false).norm, tree.plain);
  // A signature depends on the set of terms only, not on their order.
  const sig = emptySignature(tree.terms.length);
  for (const node of tree.terms) {
    // finishHash of the node's state, without the pair.
    addHash(sig, tree.laneA[node]! >>> 0, (tree.laneB[node]! >>> 0) | 1);
  }
  return sig;
}

/** The root nodes of one field mark (none, title, meta): `mark + UNI`, `mark + BI`, `mark + PRE`. */
interface Roots {
  uni: number;
  bi: number;
  spaceBi: number;
  pre: number;
}

/** Nodes a tree has room for before it grows (a 2,000-character article makes about 2,500). */
const INITIAL_NODES = 4096;

/**
 * The terms of one item, as a tree of nodes numbered from 0 in order of creation. One tree is
 * reused for every item (signFields resets it): new typed arrays for each of thousands of items
 * kept the garbage collector busy for longer than the hashing itself.
 */
class TermTree {
  /** Per node, termHashState of its string (two lanes). */
  laneA = new Int32Array(INITIAL_NODES);
  laneB = new Int32Array(INITIAL_NODES);
  private count = 0;
  /**
   * The nodes by parent and code point: a hash table of slots of three numbers, `parent, code
   * point, node + 1`, the last one 0 in a free slot. Twice as many slots as nodes fit in the
   * lanes (a power of two), so it is never more than half full.
   */
  private slots = new Int32Array(3 * 2 * INITIAL_NODES);
  /** The nodes that are terms, each once. */
  readonly terms: number[] = [];
  readonly plain = this.roots('');
  readonly title = this.roots(TITLE_MARK);
  readonly meta = this.roots(META_MARK);
  /** The root nodes are the first ones made: a reset keeps them and forgets the rest. */
  private readonly rootCount = this.count;

  /** Forget every node but the roots. A tree grown by a very long text goes back to its first size. */
  reset(): void {
    if (this.laneA.length > INITIAL_NODES) {
      this.laneA = this.laneA.slice(0, INITIAL_NODES);
      this.laneB = this.laneB.slice(0, INITIAL_NODES);
      this.slots = new Int32Array(3 * 2 * INITIAL_NODES);
    } else {
      this.slots.fill(0);
    }
    this.count = this.rootCount;
    this.terms.length = 0;
  }

  /** The terms of a normalized text under `roots`, as terms.ts addTerms makes them. */
  addText(norm: string, roots: Roots): void {
    let prev = 0; // the previous run character's code point
    let prevKind: CharKind = CharKind.Sep; // and its kind (Sep before the first)
    let prefix = 0; // in a word run: the node of the prefix so far
    let length = 0; // and its length
    const bigram = (root: number, a: number, b: number) => this.child(this.child(root, a, false), b, true);
    forEachRunChar(norm, (cp, kind, startsRun, gap) => {
      // A bigram joining two runs (terms.ts joinsRuns): CJK and CJK, a digit and CJK; an `s` term
      // across a space, a `b` term when written together or with a middle dot.
      if (startsRun && prevKind !== CharKind.Sep) {
        const joins =
          prevKind === CharKind.Cjk
            ? kind === CharKind.Cjk || (cp >= 0x30 && cp <= 0x39)
            : kind === CharKind.Cjk && prev >= 0x30 && prev <= 0x39;
        if (joins) bigram(gap === 0x20 ? roots.spaceBi : roots.bi, prev, cp);
      }
      const before = prev;
      prev = cp;
      prevKind = kind;
      if (kind === CharKind.Cjk) {
        this.child(roots.uni, cp, true);
        if (!startsRun) bigram(roots.bi, before, cp);
      } else {
        if (startsRun) {
          prefix = roots.pre;
          length = 0;
        }
        if (length++ < MAX_PREFIX) prefix = this.child(prefix, cp, true);
      }
    });
  }

  private roots(mark: string): Roots {
    return {
      uni: this.node(termHashState(mark + UNI)),
      bi: this.node(termHashState(mark + BI)),
      spaceBi: this.node(termHashState(mark + SPACE_BI)),
      pre: this.node(termHashState(mark + PRE)),
    };
  }

  /**
   * The node of `parent`'s string followed by the code point `cp`, created if new. A node is
   * always reached as a term, or always not (by its depth under its root): `isTerm` says which.
   */
  private child(parent: number, cp: number, isTerm: boolean): number {
    if (this.count === this.laneA.length) this.grow();
    const slot = this.slot(parent, cp);
    if (this.slots[slot + 2]) return this.slots[slot + 2]! - 1;
    let node: number;
    if (cp > 0xffff) {
      node = this.node(termHashState(String.fromCodePoint(cp), [this.laneA[parent]!, this.laneB[parent]!]));
    } else {
      // continueHash of the parent's state, without building pairs: most nodes are made here.
      node = this.count++;
      this.laneA[node] = stepA(this.laneA[parent]!, cp);
      this.laneB[node] = stepB(this.laneB[parent]!, cp);
    }
    this.put(slot, parent, cp, node);
    if (isTerm) this.terms.push(node);
    return node;
  }

  /** A new node with this hash state (there is room: see child). */
  private node([a, b]: [number, number]): number {
    this.laneA[this.count] = a;
    this.laneB[this.count] = b;
    return this.count++;
  }

  /** The slot (offset in `slots`) holding parent and cp, or the free slot where they go. */
  private slot(parent: number, cp: number): number {
    const t = this.slots;
    const mask = t.length / 3 - 1;
    let h = Math.imul(parent, 0x9e3779b1) ^ cp;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    for (let i = (h ^ (h >>> 13)) & mask; ; i = (i + 1) & mask) {
      if (t[3 * i + 2] === 0 || (t[3 * i] === parent && t[3 * i + 1] === cp)) return 3 * i;
    }
  }

  private put(slot: number, parent: number, cp: number, node: number): void {
    this.slots[slot] = parent;
    this.slots[slot + 1] = cp;
    this.slots[slot + 2] = node + 1;
  }

  /** Double the room for nodes. */
  private grow(): void {
    const size = this.laneA.length * 2;
    const { laneA, laneB, slots } = this;
    this.laneA = new Int32Array(size);
    this.laneB = new Int32Array(size);
    this.laneA.set(laneA);
    this.laneB.set(laneB);
    this.slots = new Int32Array(3 * 2 * size);
    for (let i = 0; i < slots.length; i += 3) {
      if (slots[i + 2]) this.put(this.slot(slots[i]!, slots[i + 1]!), slots[i]!, slots[i + 1]!, slots[i + 2]! - 1);
    }
  }
}

const scratch = new TermTree();
