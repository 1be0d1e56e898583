// @vitest-environment jsdom
/**
 * A Korean news brief too short for Readability's readerable check is still an article when it
 * prints its publication time above the story; look-alikes with dates in their lists are not.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { classifyPage } from '../../../lib/extract/classify';

const URL_ = 'https://news.hanbit.example/view/20250205000412';
const BRIEF =
  '<p>정부가 내년부터 청년 월세 지원을 두 배로 늘리기로 했다.</p><p>국토교통부는 5일 이런 내용을 발표했다.</p>';

function kind(head: string, body: string): string {
  const html = `<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>청년 월세 지원 두 배로</title>${head}</head><body>${body}</body></html>`;
  return classifyPage(new JSDOM(html, { url: URL_ }).window.document, URL_).kind;
}

const OG = '<meta property="og:type" content="article">';

describe('news briefs by their printed publication time', () => {
  it.each([
    [
      'a labelled time with og:type article',
      OG,
      '<p class="articleInfo">머니데일리 <span class="firstDate">기사전송 2025-02-04 16:20</span></p>',
    ],
    ['a time in parentheses', OG, '<div class="dates"><em>입력 2025.02.05 (07:05)</em></div>'],
    ['a date and time alone in a date element', OG, '<span class="date">2025.02.05. 오전 08:15</span>'],
    [
      'a reporter on the date line, without metadata',
      '',
      '<td class="view_info">입력 2025.02.04 15:07 | 서다인 기자</td>',
    ],
  ])('%s is an article', (_name, head, info) => {
    expect(
      kind(
        head,
        `<h1>청년 월세 지원 두 배로</h1><table><tr>${info.startsWith('<td') ? info : `<td>${info}</td>`}</tr></table>${BRIEF}`,
      ),
    ).toBe('article');
  });

  it.each([
    ['og:type article alone', OG, ''],
    ['a labelled time alone, without metadata', '', '<div class="info">입력 2025.02.05 08:15</div>'],
    [
      'dates in a story list',
      OG,
      '<ul><li><a href="/1">다른 기사</a> <span class="date">2025.02.05. 오전 08:15</span></li></ul>',
    ],
    ['a dated link', OG, '<a href="/1"><span class="date">입력 2025.02.05 08:15</span></a>'],
  ])('%s is not', (_name, head, info) => {
    expect(kind(head, `<h1>청년 월세 지원 두 배로</h1>${info}${BRIEF}`)).toBe('other');
  });
});
