/** Author identities on board lists: member ids first, guests by nickname and address, never a nickname alone where an id exists. */
import { describe, expect, it } from 'vitest';
import { authorIdentity } from '@/lib/sites/authors';
import { readRow } from '@/lib/sites/rows';

const BASE = 'https://community.example.kr/board';

function row(html: string): Element {
  const doc = new DOMParser().parseFromString(`<table><tbody>${html}</tbody></table>`, 'text/html');
  return doc.querySelector('tr')!;
}

describe('authorIdentity', () => {
  it('XE/Rhymix member links carry the member number; a guest or anonymous post (0, negative) does not', () => {
    const r = row(
      '<tr><td class="title"><a href="/free/12">제목</a></td><td class="author"><a href="#popup_menu_area" class="member_4123" onclick="return false">바람돌이</a></td></tr>',
    );
    expect(authorIdentity(r.querySelector('td.author'), r, '바람돌이')).toBe('m:4123');
    const guest = row('<tr><td class="author"><a href="#popup_menu_area" class="member_0">손님</a></td></tr>');
    expect(authorIdentity(guest.querySelector('td'), guest, '손님')).toBe('n:손님');
    const anon = row('<tr><td class="author"><span class="member_-58211">익명</span></td></tr>');
    expect(authorIdentity(anon.querySelector('td'), anon, '익명')).toBe('n:익명');
  });

  it("GNUBoard5's side-view links name the member id (profile, memo, search by id)", () => {
    const r = row(`<tr><td class="td_name sv_use"><span class="sv_wrap">
      <a href="https://gb.example.kr/bbs/profile.php?mb_id=campking" data-toggle="dropdown" class="sv_member" onclick="return false;">캠핑지기</a>
      <span class="sv dropdown-menu"><a href="https://gb.example.kr/bbs/memo_form.php?me_recv_mb_id=campking">쪽지보내기</a>
      <a href="https://gb.example.kr/bbs/board.php?bo_table=free&amp;sca=&amp;sfl=mb_id,1&amp;stx=campking">아이디로 검색</a></span></span></td></tr>`);
    expect(authorIdentity(r.querySelector('td'), r, '캠핑지기')).toBe('m:campking');
    const search = row(
      '<tr><td class="td_name"><a href="/bbs/board.php?bo_table=free&sfl=mb_id%2C1&stx=gyeoul">겨울나그네</a></td></tr>',
    );
    expect(authorIdentity(search.querySelector('td'), search, '겨울나그네')).toBe('m:gyeoul');
  });

  it('data attributes: a member id; a guest by nickname and the printed address prefix', () => {
    const member = row(
      '<tr><td class="gall_writer ub-writer" data-nick="코딩초보" data-uid="codingbeginner" data-ip=""><span class="nickname">코딩초보</span></td></tr>',
    );
    expect(authorIdentity(member.querySelector('td'), member, '코딩초보')).toBe('m:codingbeginner');
    const guest = row(
      '<tr><td class="gall_writer ub-writer" data-nick="ㅇㅇ" data-uid="" data-ip="121.130"><span class="nickname">ㅇㅇ</span><span class="ip">(121.130)</span></td></tr>',
    );
    expect(authorIdentity(guest.querySelector('td'), guest, 'ㅇㅇ')).toBe('g:ㅇㅇ@121.130');
    const printed = row('<tr><td class="writer">ㅇㅇ(211.36)</td></tr>');
    expect(authorIdentity(printed.querySelector('td'), printed, 'ㅇㅇ')).toBe('g:ㅇㅇ@211.36');
  });

  it('a nickname alone, in NFC, where the board shows nothing else; none without a name', () => {
    const r = row('<tr><td class="writer">홍길동</td></tr>');
    expect(authorIdentity(r.querySelector('td'), r, '홍길동'.normalize('NFD'))).toBe('n:홍길동');
    expect(authorIdentity(null, r, null)).toBeNull();
  });

  it('without an author cell, only explicit member markers in the row count, not the post link', () => {
    const r = row(
      '<tr><td><a href="/bbs/board.php?bo_table=free&wr_id=3&mb_id=nobody">제목 글</a> <span class="member_77">작성자</span></td></tr>',
    );
    expect(authorIdentity(null, r, '작성자')).toBe('m:77');
  });
});

describe('board rows carry the author identity', () => {
  it('two members with one nickname are two authors; a guest with that nickname is a third', () => {
    const spec = { title: 'td.title', author: 'td.author' };
    const ctx = { base: BASE, now: new Date('2026-12-07T00:00:00Z'), pageKey: null, spec };
    const read = (html: string) => readRow(row(html), ctx)!;
    const a = read(
      '<tr><td class="title"><a href="/free/1">첫 글</a></td><td class="author"><a class="member_11" href="#popup_menu_area">바람</a></td></tr>',
    );
    const b = read(
      '<tr><td class="title"><a href="/free/2">둘째 글</a></td><td class="author"><a class="member_12" href="#popup_menu_area">바람</a></td></tr>',
    );
    const c = read('<tr><td class="title"><a href="/free/3">셋째 글</a></td><td class="author">바람(1.234)</td></tr>');
    expect([a.author, b.author, c.author]).toEqual(['바람', '바람', '바람']);
    expect([a.authorId, b.authorId, c.authorId]).toEqual(['m:11', 'm:12', 'g:바람@1.234']);
  });
});
