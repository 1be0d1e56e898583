// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '@/lib/extract/analyze';
import { collectCommentPages, mergeCommentPages, pageNumberOf, readComments, samePerson } from '@/lib/extract/comments';
import type { PageComments } from '@/lib/model';
import { byPoster, commentDepth, commentPostPage } from '../../e2e/site/copies.mjs';
import { load, NOW } from '../sites/fixtures';

const brief = (c: PageComments | null) =>
  c?.comments.map((x) => ({ id: x.id, parent: x.parent, depth: x.depth, author: x.author, byPoster: x.byPoster }));

describe('XE/Rhymix comments (default skin, a middle comment page)', () => {
  const url = 'https://devclub.example.kr/index.php?mid=free&document_srl=88213&cpage=2';
  const c = readComments(load('comments/xe-default-cpage2.html', url), url, NOW);

  it('reads every comment with its reply nesting, and who wrote it by member id or guest IP', () => {
    expect(brief(c)).toEqual([
      { id: '88301', parent: null, depth: 0, author: '부동산초보', byPoster: false },
      { id: '88302', parent: '88301', depth: 1, author: '세입자연대', byPoster: true },
      { id: '88305', parent: '88302', depth: 2, author: '지나가던손님', byPoster: false },
      // A guest with the poster's nickname is not the member who posted.
      { id: '88310', parent: null, depth: 0, author: '세입자연대', byPoster: false },
    ]);
    expect(c?.comments[1]).toMatchObject({ memberId: '4412', ip: null });
    expect(c?.comments[2]).toMatchObject({ memberId: null, ip: '121.130' });
    expect(c?.poster).toEqual({ name: '세입자연대', memberId: '4412', ip: null });
  });

  it('keeps text paragraphs and resolves dates like article dates (relative ones against the time seen)', () => {
    expect(c?.comments[1]?.text).toBe('네, 피해자 결정 후 법원에 신청해야 합니다.\n신청서 양식은 첨부 글에 있습니다.');
    expect(c?.comments[0]).toMatchObject({ dateText: '2025.02.05 13:40', date: '2025-02-05T13:40:00+09:00' });
    expect(c?.comments[2]).toMatchObject({ dateText: '3분 전', date: '2025-02-05T21:57:00+09:00' });
  });

  it("finds the other comment pages in the comment block's pagination only (not the list's)", () => {
    expect(c?.page).toBe(2);
    expect(c?.pages).toEqual([
      'https://devclub.example.kr/index.php?mid=free&document_srl=88213&cpage=1',
      'https://devclub.example.kr/index.php?mid=free&document_srl=88213&cpage=3',
    ]);
  });

  it('is part of the page analysis, and the comment form is not a comment', () => {
    const a = analyzePage(load('comments/xe-default-cpage2.html', url), url, NOW);
    expect(a.profile).toBe('xe');
    expect(a.comments?.comments).toHaveLength(4);
    expect(a.comments?.comments.map((x) => x.text).join(' ')).not.toContain('댓글 쓰기 칸');
  });
});

describe('XE sketchbook5 and xedition comments (existing profile fixtures)', () => {
  it('reads sketchbook5 li.fdb_itm with its member', () => {
    const url = 'http://camplove.example.com/1185520';
    const c = readComments(load('sites/xe-sketchbook5-read.html', url), url, NOW);
    expect(c?.comments).toEqual([
      expect.objectContaining({ id: '1185600', author: '캠린이', memberId: '5', text: '좋은 정보 감사합니다' }),
    ]);
  });
  it('reads xedition li.fbItem with a relative date', () => {
    const url = 'https://town.example.org/index.php?mid=town&document_srl=5521';
    const c = readComments(load('sites/xe-xedition-read.html', url), url, NOW);
    expect(c?.comments).toEqual([
      expect.objectContaining({ author: '이웃', dateText: '3분 전', text: '감사합니다!', depth: 0 }),
    ]);
  });
});

describe('GNUBoard5 comments (basic skin)', () => {
  const url = 'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=77';
  const c = readComments(load('comments/gnuboard5-comments.html', url), url, NOW);

  it('reads members by mb_id and guests by nickname and masked IP, nesting by indent', () => {
    expect(brief(c)).toEqual([
      { id: '1201', parent: null, depth: 0, author: '갯바위형', byPoster: false },
      { id: '1202', parent: '1201', depth: 1, author: '바다김씨', byPoster: true },
      { id: '1203', parent: null, depth: 0, author: '물때박사', byPoster: false },
      { id: '1204', parent: '1203', depth: 1, author: '물때박사', byPoster: false },
    ]);
    expect(c?.comments[0]).toMatchObject({ memberId: 'rock_bro', date: '2025-02-05T10:01:00+09:00' });
    expect(c?.comments[2]).toMatchObject({ memberId: null, ip: '211.♡.34.5' });
    expect(c?.poster).toMatchObject({ memberId: 'sea_kim' });
  });

  it('leaves out the hidden copy kept for editing and the side view menu', () => {
    expect(c?.comments[0]?.text).toBe('속초 동명항 방파제가 무난합니다.\n주차도 편해요.');
    expect(c?.comments[0]?.author).toBe('갯바위형');
    expect(c?.pages).toEqual([]);
  });
});

describe('engines no profile knows: the generic comment-list reader', () => {
  it('WordPress: nested ol.children, the post author marked by bypostauthor, comment-page links', () => {
    const url = 'https://dongnae.example.kr/2025/02/03/library/comment-page-2/';
    const c = readComments(load('comments/wordpress-comments.html', url), url, NOW);
    expect(brief(c)).toEqual([
      { id: '21', parent: null, depth: 0, author: '책벌레', byPoster: false },
      { id: '22', parent: '21', depth: 1, author: '기록자', byPoster: true },
      { id: '25', parent: null, depth: 0, author: '주차난민', byPoster: false },
    ]);
    expect(c?.comments[2]).toMatchObject({
      date: '2025-02-05T19:40:00+09:00',
      text: '주차장 문제는 구청에 민원 넣었습니다.\n답변 오면 공유할게요.',
    });
    expect(c?.page).toBe(2);
    expect(c?.pages).toEqual(['https://dongnae.example.kr/2025/02/03/library/comment-page-1/']);
  });

  it('KBoard (WordPress board plugin): nested lists inside the comment, the author by name', () => {
    const url = 'https://club.example.kr/board/?uid=42&mod=document';
    const doc = load('comments/kboard-comments.html', url);
    const c = readComments(doc, url, NOW, { poster: '총무' });
    expect(brief(c)).toEqual([
      { id: 'p1-1', parent: null, depth: 0, author: '등산러버', byPoster: false },
      { id: 'p1-2', parent: 'p1-1', depth: 1, author: '총무', byPoster: true },
      { id: 'p1-3', parent: null, depth: 0, author: '비회원산객', byPoster: false },
    ]);
    expect(c?.comments[2]?.text).toBe('주차는 어디에 하면 되나요?\n차로 가려고 합니다.');
    expect(c?.comments[0]?.date).toBe('2025-02-04T19:05:00+09:00');
  });

  it('Tistory: replies in ul.tt-list-reply-comment, dates as 2025. 2. 2. 09:14', () => {
    const url = 'https://seomsal.tistory.com/88';
    const c = readComments(load('comments/tistory-comments.html', url), url, NOW);
    expect(brief(c)).toEqual([
      { id: '17001', parent: null, depth: 0, author: '올레꾼', byPoster: false },
      { id: '17002', parent: '17001', depth: 1, author: '섬살이', byPoster: false },
      { id: '17010', parent: null, depth: 0, author: '제주토박이', byPoster: false },
    ]);
    expect(c?.comments[1]).toMatchObject({
      text: '공항 근처 업체에서 한 달 장기로 빌렸어요.',
      date: '2025-02-02T11:40:00+09:00',
    });
  });

  it('a comment whose header row is an element of its own is read whole (Pixnet blogs: ul.single-post > li.post-info)', () => {
    const url = 'https://stevenhgm.pixnet.net/blog/post/39926056';
    const row = (n: number, who: string, text: string) =>
      `<ul class="single-post"><li class="post-info"><span class="floor">#${n}</span><span class="user-name"><a href="https://x.pixnet.net">${who}</a></span><span class="post-time">於 2013/12/28 10:${10 + n}</span></li><li class="post-text">${text}</li></ul>`;
    const doc = new JSDOM(
      `<article><h1>尖石露營</h1><p>本文</p></article><div id="comment-box"><div id="comment-text">${row(1, '小鳳', '露營兼賞楓，好棒的生活')}${row(2, '訪客', '真得好美')}</div></div>`,
      { url },
    ).window.document;
    const c = readComments(doc, url, NOW);
    expect(c?.comments.map((x) => [x.author, x.text, x.date])).toEqual([
      ['小鳳', '露營兼賞楓，好棒的生活', '2013-12-28T10:11:00+09:00'],
      ['訪客', '真得好美', '2013-12-28T10:12:00+09:00'],
    ]);
  });

  it('finds no comments on a news article without any', () => {
    const url = 'https://www.example.kr/news/articleView.html?idxno=1';
    expect(readComments(load('generic/news-article.html', url), url, NOW)).toBeNull();
  });
});

describe('identity, pages and merging', () => {
  it('same person: member id first, a member is never a guest, guests by nickname and IP prefix', () => {
    expect(samePerson({ name: 'a', memberId: '1', ip: null }, { name: 'b', memberId: '1', ip: null })).toBe(true);
    expect(samePerson({ name: 'a', memberId: '1', ip: null }, { name: 'a', memberId: null, ip: '1.2' })).toBe(false);
    expect(samePerson({ name: 'a', memberId: null, ip: '1.2.♡.4' }, { name: 'a', memberId: null, ip: '1.2' })).toBe(
      true,
    );
    expect(samePerson({ name: 'a', memberId: null, ip: '1.3' }, { name: 'a', memberId: null, ip: '1.2' })).toBe(false);
  });

  it('page numbers from cpage and comment-page-N', () => {
    expect(pageNumberOf('https://x.kr/?mid=a&document_srl=1&cpage=3')).toBe(3);
    expect(pageNumberOf('https://x.kr/2025/01/p/comment-page-4/')).toBe(4);
    expect(pageNumberOf('https://x.kr/?page=2', 'cpage')).toBeNull();
  });

  it('follows every comment page (links found on later pages too) and merges them in page order', async () => {
    const mk = (page: number, ids: string[], links: number[]): PageComments => ({
      page,
      pages: links.map((n) => `https://x.kr/?document_srl=1&cpage=${n}`),
      poster: { name: 'op', memberId: '9', ip: null },
      comments: ids.map((id, i) => ({
        id,
        parent: null,
        depth: id.endsWith('r') ? 1 : 0,
        author: id === `${page}b` ? 'op' : 'x',
        memberId: id === `${page}b` ? '9' : String(i),
        ip: null,
        dateText: null,
        date: null,
        text: id,
        byPoster: false,
      })),
    });
    const site: Record<number, PageComments> = {
      1: mk(1, ['1a', '1b'], [2, 3]),
      2: mk(2, ['2ar', '2b'], [1, 3, 4]),
      3: mk(3, ['3a', '1b'], [1, 2, 4]),
      4: mk(4, ['4a'], [2, 3]),
    };
    const asked: string[] = [];
    const all = await collectCommentPages(site[3]!, async (u) => {
      asked.push(u);
      return site[pageNumberOf(u)!] ?? null;
    });
    expect(all.comments.map((c) => c.id)).toEqual(['1a', '1b', '2ar', '2b', '3a', '4a']);
    // A reply at the top of a page answers the last comment of the page before.
    expect(all.comments[2]).toMatchObject({ parent: '1b', depth: 1 });
    expect(all.comments.filter((c) => c.byPoster).map((c) => c.id)).toEqual(['1b', '2b']);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked).toHaveLength(3);
    expect(mergeCommentPages([site[2]!, site[1]!]).map((c) => c.id)).toEqual(['1a', '1b', '2ar', '2b']);
  });
});

describe("the demo site's post with 200 comments over 4 pages", () => {
  it('is read page by page from the last one shown, and merged with every depth and parent right', async () => {
    const base = 'https://www.ranknews.kr/board/47401';
    const doc = (cpage: number | null) =>
      new JSDOM(commentPostPage(47401, cpage), {
        url: cpage ? `https://www.ranknews.kr/index.php?mid=board&document_srl=47401&cpage=${cpage}` : base,
      }).window.document;
    const first = readComments(doc(null), base, NOW)!;
    expect(first.page).toBe(4);
    const all = await collectCommentPages(first, async (u) => readComments(doc(pageNumberOf(u)), u, NOW));
    expect(all.comments).toHaveLength(200);
    expect(all.comments.map((c) => c.depth)).toEqual(Array.from({ length: 200 }, (_, i) => commentDepth(i + 1)));
    expect(all.comments.map((c) => c.byPoster)).toEqual(Array.from({ length: 200 }, (_, i) => byPoster(i + 1)));
    for (const [i, c] of all.comments.entries()) {
      if (c.depth === 0) expect(c.parent).toBeNull();
      else expect(all.comments.slice(0, i).findLast((p) => p.depth === c.depth - 1)?.id).toBe(c.parent);
    }
  });
});
