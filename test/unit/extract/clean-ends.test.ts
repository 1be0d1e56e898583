/** The ends of a Korean story's body: story lists, closing lines and header lines go; the story stays. */
import { describe, expect, it } from 'vitest';
import { isClosingByline } from '@/lib/extract/byline';
import { blockText, removeStoryLists, trimClosingLines, trimOpeningLines } from '@/lib/extract/clean';

const body = (html: string) =>
  new DOMParser().parseFromString(`<div id="b">${html}</div>`, 'text/html').getElementById('b')!;

describe('removeStoryLists', () => {
  it('removes a related-stories heading with its links, and #tag lists, not a list of the story', () => {
    const b = body(`<p>정부가 5일 대책을 발표했다.</p>
      <ul><li>첫째, 보조금을 늘린다.</li><li>둘째, 절차를 줄인다.</li></ul>
      <section><h3>관련 기사</h3><ul><li><a href="/1">전기차 보조금 개편</a></li></ul></section>
      <div><ul><li><a href="/tag/1">#경제</a></li><li><a href="/tag/2">#정책</a></li></ul></div>
      <h4>많이 본 뉴스</h4><ol><li><a href="/2">설 연휴 통행량</a></li></ol>`);
    expect(removeStoryLists(b)).toHaveLength(3);
    expect(blockText(b)).toBe('정부가 5일 대책을 발표했다.\n첫째, 보조금을 늘린다.\n둘째, 절차를 줄인다.');
  });
});

describe('trimClosingLines', () => {
  it('takes the reporter line, a card, credits and tip lines off the end, and stops at the story', () => {
    const b = body(`<p>그는 "다시 늘 수 있다"고 말했다.</p><p>이소라 기자 lee.sora@hanul.example</p>
      <div><span>오세진</span> <span>기자</span><a>기자 구독</a></div>
      <p>(영상취재 : 이승훈, 영상편집 : 정다운)</p><p>▷ 전화 02-784-4000 ▷ 이메일 jebo@saebit.example</p>`);
    const removed = trimClosingLines(b, isClosingByline);
    expect(removed).toHaveLength(4);
    expect(removed.at(-1)).toBe('이소라 기자 lee.sora@hanul.example');
    expect(blockText(b)).toBe('그는 "다시 늘 수 있다"고 말했다.');
  });

  it('keeps a last paragraph that is text, even a short one, and a broadcast sign-off', () => {
    const b = body('<p>시청자 여러분의 의견을 기다립니다.</p><p>한결방송 뉴스 임재현입니다.</p>');
    expect(trimClosingLines(b, isClosingByline)).toEqual([]);
  });
});

describe('trimOpeningLines', () => {
  const title = (line: string) => line === '선관위, 사전투표 관리 강화';
  it('takes the section, headline, subtitle, reporter and dates off the start', () => {
    const b = body(`<p>정치</p><h2>선관위, 사전투표 관리 강화</h2><p>보관소 CCTV 24시간 공개</p>
      <p>오세진 기자 | sejin@saebyeok.example</p><p>입력 :</p><p>2025-02-04 10:05</p><p>댓글 0</p>
      <p>중앙선거관리위원회가 CCTV 화면을 공개하기로 했다.</p>`);
    const removed = trimOpeningLines(b, isClosingByline, title);
    expect(removed).toHaveLength(7);
    expect(blockText(b)).toBe('중앙선거관리위원회가 CCTV 화면을 공개하기로 했다.');
  });

  it('leaves a story that starts with its lead, a wire lead included', () => {
    const b = body('<p>(서울=연합뉴스) 홍길동 기자 = 정부가 5일 대책을 발표했다.</p><p>둘째 문단이다.</p>');
    expect(trimOpeningLines(b, isClosingByline, () => false)).toEqual([]);
  });
});
