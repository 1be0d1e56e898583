// Duplicate headlines on a board list: grouping a 200-row list (and comparing it with 300 library
// titles of the same site) as the marks do on every list they mark. Target: ≤ 5 ms per list. Peer:
// the naive way, every pair of the list's titles through sameStory (each call normalizes both).

import { groupDuplicates, sameStory } from '../../lib/marks/duplicates';
import pairs from '../../test/fixtures/headlines/pairs.json';

export const name = 'duplicates';
export const description =
  'lib/marks/duplicates.ts groupDuplicates on 200-title lists with 300 library titles, made from the labelled headline pairs (test/fixtures/headlines/pairs.json). Target: ≤ 5 ms per list. Peer: every pair of the list through sameStory.';

export function setup() {
  const all = pairs.flatMap((p) => [p.a, p.b]);
  // Five lists, each a different slice of the labelled headlines.
  return [0, 1, 2, 3, 4].map((k) => {
    const turned = [...all.slice((k * 131) % all.length), ...all.slice(0, (k * 131) % all.length)];
    return { list: turned.slice(0, 200), library: turned.slice(200, 500) };
  });
}

export function cases(lists, ctx) {
  return [
    {
      name: 'group a 200-row board list with 300 library titles (duplicates)',
      inputs: lists,
      reps: ctx.quick ? 3 : 20,
      product: { name: 'scrapnote groupDuplicates', fn: (x) => void groupDuplicates(x.list, x.library) },
      peers: [
        {
          name: 'every pair of the list through sameStory',
          fn: (x) => {
            for (let i = 1; i < x.list.length; i++) for (let j = 0; j < i; j++) sameStory(x.list[i], x.list[j]);
          },
        },
      ],
    },
  ];
}
