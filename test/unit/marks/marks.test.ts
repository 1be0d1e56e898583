/** Board-list marks: which marks a post gets, and how they are shown on a list's rows. */
import { describe, expect, it } from 'vitest';
import { decideMarks, type ListedPost, shortTitle } from '@/lib/marks/decide';
import { MARKS_CSS, showMarks } from '@/lib/marks/paint';

const words = {
  saved: 'Saved',
  highlights: (n: number) => `${n} highlights`,
  read: 'Read',
  newComments: (n: number) => `+${n} new comments`,
  sameStoryAs: (title: string) => `Same story as: ${title}`,
  sameStories: (n: number) => `+${n} same story`,
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

describe('decideMarks: same story', () => {
  const none = { saved: new Map<string, number>(), read: new Map<string, number | null>() };
  const titled = (id: number, title: string): ListedPost => ({ ...post(id, null), title });

  it('later rows of a story are duplicates of the first row, which counts them', () => {
    const marks = decideMarks(
      [
        titled(1, '[속보] 국회 본회의, 추가경정예산안 통과'),
        titled(2, '서울 지하철 요금 150원 인상 확정'),
        titled(3, '국회 본회의 추가경정예산안 통과 - 연합뉴스'),
        titled(4, '[속보] 국회 본회의, 추가경정예산안 부결'),
        titled(5, '[단독] 국회 본회의, 추가경정예산안 통과'),
      ],
      none,
      words,
      keysOf,
    );
    expect(marks.map((m) => [m.tokens, m.label, m.duplicateOf])).toEqual([
      [[], '+2 same story', undefined],
      [[], '', undefined],
      [['duplicate'], 'Same story as: 국회 본회의, 추가경정예산안 통과', 'https://www.ranknews.kr/board/1'],
      // Another outcome: another story.
      [[], '', undefined],
      [['duplicate'], 'Same story as: 국회 본회의, 추가경정예산안 통과', 'https://www.ranknews.kr/board/1'],
    ]);
  });

  it("a row telling the story of a library item of the site is a duplicate, with the item's title", () => {
    const marks = decideMarks(
      [titled(1, '코스피 2,500 돌파'), titled(2, '서울 아파트값 12주 연속 상승'), titled(3, '코스피 2600 돌파')],
      { ...none, read: new Map([['ranknews.kr/1', null]]), library: ['[속보] 코스피 2500 돌파 - 연합뉴스'] },
      words,
      keysOf,
    );
    expect(marks.map((m) => [m.tokens, m.label, m.duplicateOf])).toEqual([
      [['read', 'duplicate'], 'Read · Same story as: 코스피 2500 돌파 - 연합뉴스', undefined],
      [[], '', undefined],
      [[], '', undefined],
    ]);
  });

  it('rows without titles, and the same post listed twice, are not duplicates', () => {
    const marks = decideMarks(
      [post(1, null), post(2, null), titled(3, '같은 글'), titled(3, '같은 글')],
      none,
      words,
      keysOf,
    );
    expect(marks.every((m) => m.tokens.length === 0 && m.label === '')).toBe(true);
  });

  it('shortens the first title for the badge', () => {
    expect(shortTitle('[속보] 수도권 아파트 거래 넉 달 만에 증가… “집값 바닥 지났다”')).toBe(
      '수도권 아파트 거래 넉 달 만에 증가…',
    );
    expect(shortTitle('[속보]')).toBe('[속보]');
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

  it("marks later rows of a story with the first row's URL, and collapses them on the list when asked", () => {
    const doc = list();
    const text = doc.body.textContent;
    const marks = [
      { url: 'https://www.ranknews.kr/board/1', key: 'k1', tokens: [], newComments: 0, label: '+1 same story' },
      {
        url: 'https://www.ranknews.kr/board/3',
        key: 'k3',
        tokens: ['duplicate' as const],
        newComments: 0,
        label: 'Same story as: 첫 글',
        duplicateOf: 'https://www.ranknews.kr/board/1',
      },
    ];
    expect(showMarks(doc, marks, () => [], false)).toBe(2);
    expect(rows().map((r) => r.getAttribute('data-scrapnote-duplicate-of'))).toEqual([
      null,
      null,
      'https://www.ranknews.kr/board/1',
    ]);
    expect(rows()[2]!.getAttribute('data-scrapnote-marks')).toBe('duplicate');
    expect(doc.querySelector('td.title')!.getAttribute('data-scrapnote-badge')).toBe('+1 same story');
    expect(doc.querySelector('[data-scrapnote-collapsed]')).toBeNull();

    showMarks(doc, marks, () => [], true);
    expect(doc.querySelector('table')!.hasAttribute('data-scrapnote-collapsed')).toBe(true);
    // The rule that hides them, applied by the page's style sheet.
    const style = doc.createElement('style');
    style.textContent = MARKS_CSS;
    doc.head.append(style);
    expect(getComputedStyle(rows()[2]!).display).toBe('none');
    expect(getComputedStyle(rows()[0]!).display).not.toBe('none');
    style.remove();

    showMarks(doc, [], () => []);
    expect(doc.querySelectorAll('[data-scrapnote-duplicate-of], [data-scrapnote-collapsed]')).toHaveLength(0);
    expect(doc.body.textContent).toBe(text);
  });
});

describe('muted posts and notes on authors', () => {
  const authored = (id: number, title: string, authorId: string, author = '바람'): ListedPost => ({
    ...post(id, null),
    title,
    author,
    authorId,
  });

  it('mutes by author identity, never by a nickname another identity shares, and by title words in NFC or NFD', () => {
    const marks = decideMarks(
      [
        authored(1, '오늘 점심 메뉴', 'm:11'),
        authored(2, '주말 나들이 후기', 'm:12'),
        authored(3, '[광고] 최저가 안내'.normalize('NFD'), 'n:장사꾼', '장사꾼'),
        authored(4, '광고판 철거 소식', 'g:ㅇㅇ@1.2'),
      ],
      {
        saved: new Map(),
        read: new Map(),
        authors: new Map([
          ['m:11', { note: '', muted: true }],
          ['n:바람', { note: '닉네임만 같은 다른 사람', muted: true }],
          ['m:12', { note: '사진을 잘 찍는 분', muted: false }],
        ]),
        mutedWords: ['광고'],
      },
      words,
      keysOf,
    );
    expect(marks.map((m) => m.tokens)).toEqual([['muted'], [], ['muted'], ['muted']]);
    expect(marks.map((m) => m.authorNote)).toEqual([undefined, '사진을 잘 찍는 분', undefined, undefined]);
    expect(marks[1]!.author).toBe('바람');
  });

  const list = () => {
    document.documentElement.removeAttribute('data-scrapnote-show-muted');
    document.body.innerHTML = `<table><tbody>
      <tr><td class="title"><a href="https://www.ranknews.kr/board/1">첫 글</a></td><td class="author"><a class="member_11">바람</a></td></tr>
      <tr><td class="title"><a href="https://www.ranknews.kr/board/2">둘째 글</a></td><td class="author">ㅇㅇ(1.2)</td></tr>
      <tr><td class="title"><a href="https://www.ranknews.kr/board/3">셋째 글</a></td><td class="author">해돋이</td></tr>
    </tbody></table>`;
    return document;
  };

  it('hides muted rows behind a bar that counts them and shows them dimmed on request; notes follow the name', () => {
    const doc = list();
    const text = doc.body.textContent;
    const style = doc.createElement('style');
    style.textContent = MARKS_CSS;
    doc.head.append(style);
    const base = { newComments: 0, label: '' };
    const marks = [
      { ...base, url: 'https://www.ranknews.kr/board/1', key: 'k1', tokens: ['muted' as const] },
      {
        ...base,
        url: 'https://www.ranknews.kr/board/2',
        key: 'k2',
        tokens: [],
        author: 'ㅇㅇ',
        authorNote: '질문을 자주 올리는 손님',
      },
      { ...base, url: 'https://www.ranknews.kr/board/3', key: 'k3', tokens: ['muted' as const] },
    ];
    const words = { hidden: '숨긴 글 {n}개', show: '보기', hide: '숨기기' };
    expect(showMarks(doc, marks, () => [], false, words)).toBe(3);
    const rows = [...doc.querySelectorAll('tr')];
    expect(rows.map((r) => getComputedStyle(r).display === 'none')).toEqual([true, false, true]);
    expect(doc.querySelector('td.author:not(:has(a))')!.getAttribute('data-scrapnote-author-note')).toBe(
      '질문을 자주 올리는 손님',
    );
    // One bar, before the table, counting both; its text is in its own shadow root, not the page's.
    const bars = doc.querySelectorAll('[data-scrapnote-muted-bar]');
    expect(bars).toHaveLength(1);
    expect(bars[0]!.getAttribute('data-scrapnote-muted-bar')).toBe('2');
    expect(bars[0]!.nextElementSibling).toBe(doc.querySelector('table'));
    expect(doc.body.textContent).toBe(text);

    // Its button (in a closed shadow root) shows them dimmed: the end-to-end tests click it in real browsers.

    // Repainted without mutes: the bar and the note go, the page is as it was.
    showMarks(doc, [], () => [], false, words);
    expect(doc.querySelectorAll('[data-scrapnote-muted-bar], [data-scrapnote-author-note]')).toHaveLength(0);
    expect(doc.body.textContent).toBe(text);
    style.remove();
  });
});

describe('notes on members outside the list', () => {
  it("follow the member's id wherever the page names them, not the menus beside the name", () => {
    document.body.innerHTML = `<div id="bo_v_info"><span class="sv_wrap">
      <a href="/bbs/profile.php?mb_id=campking" class="sv_member">캠핑지기</a>
      <span class="sv"><a href="/bbs/memo_form.php?me_recv_mb_id=campking">쪽지보내기</a></span></span></div>
      <p>다른 분: <a href="/bbs/profile.php?mb_id=other">캠핑지기</a></p>`;
    const text = document.body.textContent;
    showMarks(document, [], () => [], false, undefined, [
      { memberId: 'campking', name: '캠핑지기', note: '장비 리뷰' },
    ]);
    const noted = [...document.querySelectorAll('[data-scrapnote-author-note]')];
    expect(noted.map((el) => [el.getAttribute('href'), el.getAttribute('data-scrapnote-author-note')])).toEqual([
      ['/bbs/profile.php?mb_id=campking', '장비 리뷰'],
    ]);
    expect(document.body.textContent).toBe(text);
    showMarks(document, [], () => []);
    expect(document.querySelectorAll('[data-scrapnote-author-note]')).toHaveLength(0);
  });
});
