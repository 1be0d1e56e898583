/** Board-list marks: which marks a post gets, and how they are shown on a list's rows. */
import { describe, expect, it } from 'vitest';
import { decideMarks, type ListedPost } from '@/lib/marks/decide';
import { showMarks } from '@/lib/marks/paint';

const words = {
  saved: 'Saved',
  highlights: (n: number) => `${n} highlights`,
  read: 'Read',
  newComments: (n: number) => `+${n} new comments`,
};
const post = (id: number, comments: number | null): ListedPost => ({
  url: `https://www.ranknews.kr/board/${id}`,
  key: `ranknews.kr/${id}`,
  comments,
});
const keysOf = (p: ListedPost) => [p.key, `ranknews.kr/board/${p.key.split('/')[1]}`];

describe('decideMarks', () => {
  it('saved with highlights, read, new comments since the last visit, and nothing for unknown posts', () => {
    const marks = decideMarks(
      [post(1, 5), post(2, 7), post(3, 3), post(4, 2)],
      {
        saved: new Map([
          ['ranknews.kr/1', 2],
          ['ranknews.kr/board/3', 0],
        ]),
        read: new Map<string, number | null>([
          ['ranknews.kr/1', 5],
          ['ranknews.kr/2', 4],
          ['ranknews.kr/board/3', null],
        ]),
      },
      words,
      keysOf,
    );
    expect(marks.map((m) => [m.tokens, m.newComments, m.label])).toEqual([
      [['saved', 'read'], 0, 'Saved · 2 highlights'],
      [['read'], 3, 'Read · +3 new comments'],
      // Saved under another form of its address; read, but no count was seen then.
      [['saved', 'read'], 0, 'Saved'],
      [[], 0, ''],
    ]);
  });

  it('no "+N" when the list shows no count, or fewer comments than before (deleted ones)', () => {
    const known = { saved: new Map<string, number>(), read: new Map<string, number | null>([['ranknews.kr/1', 9]]) };
    expect(decideMarks([post(1, null)], known, words, keysOf)[0]!.newComments).toBe(0);
    expect(decideMarks([post(1, 4)], known, words, keysOf)[0]!.newComments).toBe(0);
  });
});

describe('showMarks', () => {
  const list = () => {
    document.body.innerHTML = `<table><tbody>
      <tr><td class="no">1</td><td class="title"><a href="https://www.ranknews.kr/board/1">첫 글</a> <a href="https://www.ranknews.kr/board/1#comment">[5]</a></td></tr>
      <tr><td class="no">2</td><td class="title"><a href="https://www.ranknews.kr/index.php?mid=board&amp;document_srl=2">둘째 글</a></td></tr>
      <tr><td class="no">3</td><td class="title"><a href="https://www.ranknews.kr/board/3">셋째 글</a></td></tr>
    </tbody></table>`;
    return document;
  };
  const rows = () => [...document.querySelectorAll('tr')];

  it('marks the rows of the listed posts, also when a link is another form of the address, and leaves the text', () => {
    const doc = list();
    const text = doc.body.textContent;
    const n = showMarks(
      doc,
      [
        {
          url: 'https://www.ranknews.kr/board/1',
          key: 'k1',
          tokens: ['saved', 'read'],
          newComments: 0,
          label: 'Saved',
        },
        { url: 'https://www.ranknews.kr/board/2', key: 'k2', tokens: ['read'], newComments: 2, label: 'Read · +2' },
        { url: 'https://www.ranknews.kr/board/3', key: 'k3', tokens: [], newComments: 0, label: '' },
      ],
      (href) => (href.includes('document_srl=2') ? ['k2'] : []),
    );
    expect(n).toBe(2);
    expect(rows().map((r) => r.getAttribute('data-scrapnote-marks'))).toEqual(['saved read', 'read', null]);
    expect(rows().map((r) => r.getAttribute('data-scrapnote-new-comments'))).toEqual([null, '2', null]);
    expect(doc.querySelector('td.title')!.getAttribute('data-scrapnote-badge')).toBe('Saved');
    expect(doc.body.textContent).toBe(text);
  });

  it('replaces the marks shown before', () => {
    const doc = list();
    const mark = { url: 'https://www.ranknews.kr/board/1', key: 'k1', newComments: 0 };
    showMarks(doc, [{ ...mark, tokens: ['saved'], label: 'Saved' }], () => []);
    showMarks(doc, [{ ...mark, tokens: ['read'], label: 'Read' }], () => []);
    expect(rows()[0]!.getAttribute('data-scrapnote-marks')).toBe('read');
    showMarks(doc, [], () => []);
    expect(document.querySelectorAll('[data-scrapnote-marks], [data-scrapnote-badge]')).toHaveLength(0);
  });
});
