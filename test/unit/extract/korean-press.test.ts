// @vitest-environment jsdom
/**
 * Conventions of the Korean press on pages of outlets no profile knows (the generic reader):
 * wire and bracket bylines, outlet names appended to titles, date lines and promotions inside the
 * body container. Each page is built here from a template, as any newspaper CMS prints it.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage, outletName } from '../../../lib/extract/analyze';
import { lineKind } from '../../../lib/extract/clean';
import { headlineOf, knownOutlet } from '../../../lib/extract/title';
import type { ArticleData } from '../../../lib/model';

const NOW = new Date('2025-02-05T13:00:00Z');
const URL_ = 'https://www.hanbit.example/news/articleView.html?idxno=1234';

const P1 =
  '정부가 내년부터 청년 월세 지원을 두 배로 늘리기로 했다. 지원 대상도 중위소득 60% 이하에서 100% 이하로 넓혀 더 많은 청년이 혜택을 받게 된다.';
const P2 =
  '국토교통부는 5일 이런 내용을 담은 청년 주거 지원 강화 방안을 발표했다. 월 최대 20만원이던 지원금은 40만원으로 오르고, 지원 기간도 12개월에서 24개월로 길어진다.';
const P3 =
  '전문가들은 지원 확대가 청년층의 주거비 부담을 덜어줄 것으로 내다봤다. 다만 임대료 상승으로 이어질 수 있다는 우려도 함께 나왔다고 관계자는 설명했다.';
const P4 =
  '국토부는 올해 상반기 중 관련 법령을 고치고 하반기부터 신청을 받을 계획이다. 자세한 내용은 국토부 누리집에서 확인할 수 있다고 덧붙였다.';

interface PageSpec {
  title?: string;
  ogTitle?: string;
  siteName?: string;
  h1?: string;
  /** JSON-LD publisher name. */
  publisher?: string;
  /** Between the headline and the body container (the page's byline and date lines), as HTML. */
  header?: string;
  /** Inside the body container, as HTML. */
  body: string;
  url?: string;
  published?: string;
}

function page(s: PageSpec): ArticleData {
  const head = [
    `<title>${s.title ?? '청년 월세 지원 두 배로 늘린다'}</title>`,
    s.ogTitle ? `<meta property="og:title" content="${s.ogTitle}">` : '',
    s.siteName ? `<meta property="og:site_name" content="${s.siteName}">` : '',
    '<meta property="og:type" content="article">',
    s.published ? `<meta property="article:published_time" content="${s.published}">` : '',
    s.publisher
      ? `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","publisher":{"@type":"Organization","name":"${s.publisher}"}}</script>`
      : '',
  ].join('\n');
  const html = `<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">${head}</head><body>
<header><a href="/">홈</a><nav><a href="/s">사회</a> <a href="/e">경제</a></nav></header>
<main><article>
<h1 class="headline">${s.h1 ?? '청년 월세 지원 두 배로 늘린다'}</h1>
${s.header ?? ''}
<div id="article-view-content-div" class="article-body">${s.body}</div>
</article></main>
<footer><p>회사소개 | 광고문의 | 개인정보처리방침</p></footer>
</body></html>`;
  const url = s.url ?? URL_;
  const doc = new JSDOM(html, { url }).window.document;
  const a = analyzePage(doc, url, NOW);
  expect(a.article).not.toBeNull();
  return a.article!;
}

const paras = (...ps: string[]) => ps.map((p) => `<p>${p}</p>`).join('\n');

describe('wire-service and bracket bylines', () => {
  it.each([
    ['(서울=연합뉴스) 홍길동 기자 = ', '(서울=연합뉴스) 홍길동 기자 =', ['홍길동']],
    ['(세종=뉴스1) 홍길동 기자 = ', '(세종=뉴스1) 홍길동 기자 =', ['홍길동']],
    ['[인천공항=뉴시스] 홍길동 기자 = ', '[인천공항=뉴시스] 홍길동 기자 =', ['홍길동']],
    ['[인천공항=뉴시스]홍길동 기자 = ', '[인천공항=뉴시스]홍길동 기자 =', ['홍길동']],
    ['[서울=뉴시스]홍길동·김철수 기자 = ', '[서울=뉴시스]홍길동·김철수 기자 =', ['홍길동', '김철수']],
    ['[머니투데이 홍길동 기자] ', '[머니투데이 홍길동 기자]', ['홍길동']],
    ['[머니투데이 세종=홍길동 기자] ', '[머니투데이 세종=홍길동 기자]', ['홍길동']],
    ['[한빛일보=홍길동 기자] ', '[한빛일보=홍길동 기자]', ['홍길동']],
  ])('a lead starting %j: reporter found, the lead stays in the text', (prefix, byline, authors) => {
    const a = page({ body: paras(prefix + P1, P2, P3, P4) });
    expect(a.authors).toEqual(authors);
    expect(a.byline).toBe(byline);
    expect(a.text).toContain(P1);
    expect(a.text).toContain(P4);
  });

  it('a wire dateline without a reporter names no one but keeps the lead', () => {
    const a = page({ body: paras(`(서울=연합뉴스) ${P1}`, P2, P3, P4, '홍길동 기자 hong@yna.co.kr') });
    expect(a.authors).toEqual(['홍길동']);
    expect(a.text).toContain(P1);
  });

  it.each([
    ['홍길동 기자 hong@hanbit.example', '홍길동 기자 hong@hanbit.example', ['홍길동']],
    ['홍길동·김철수 기자', '홍길동·김철수 기자', ['홍길동', '김철수']],
    ['홍길동 특파원', '홍길동 특파원', ['홍길동']],
    ['워싱턴=홍길동 특파원 hong@hanbit.example', '워싱턴=홍길동 특파원 hong@hanbit.example', ['홍길동']],
    ['글·사진 홍길동 기자', '글·사진 홍길동 기자', ['홍길동']],
    ['/홍길동 기자', '/홍길동 기자', ['홍길동']],
  ])('a closing byline %j names the reporter', (line, byline, authors) => {
    const a = page({ body: paras(P1, P2, P3, P4, line) });
    expect(a.authors).toEqual(authors);
    expect(a.byline).toBe(byline);
    expect(a.text).toContain(P1);
    expect(a.text).toContain(P4);
  });

  it('a closing byline before the copyright and promotion lines is still found', () => {
    const a = page({
      body: `${paras(P1, P2, P3, P4, '홍길동 기자 hong@hanbit.example')}
<p>&lt;저작권자 ⓒ 한빛일보, 무단 전재 및 재배포 금지&gt;</p>
<div class="like"><p>이 기사에 공감하시나요?</p></div>
<p>기자 구독</p>`,
    });
    expect(a.authors).toEqual(['홍길동']);
  });
});

describe('titles with the outlet appended', () => {
  const H = '청년 월세 지원 두 배로 늘린다';
  it.each([
    [`${H} | 연합뉴스`, undefined, '연합뉴스'],
    [`${H} - 매일경제`, undefined, '매일경제'],
    [`${H} : 네이트 뉴스`, undefined, undefined],
    [`${H} < 사회 < 기사본문 - 한빛일보`, undefined, '한빛일보'],
    [`${H} < 사회 < 기사본문 - 한빛일보`, undefined, undefined],
    [`${H} - 한빛일보`, undefined, undefined],
    [`${H} | 한빛경제신문`, undefined, undefined],
    ['다른 제목', `${H} | 한빛 미디어`, '한빛 미디어'],
    ['다른 제목', `${H} - 우리동네소식`, undefined],
  ])('%j (og:title %j, site %j) is stored as the headline alone', (title, ogTitle, siteName) => {
    const a = page({ title, ogTitle, siteName, h1: H, body: paras(P1, P2, P3, P4) });
    expect(a.title).toBe(H);
  });

  it('the outlet is known from the JSON-LD publisher when there is no og:site_name', () => {
    const a = page({
      title: `${H} - 우리동네소식`,
      publisher: '우리동네소식',
      h1: '다른 헤드라인',
      body: paras(P1, P2),
    });
    expect(a.title).toBe(H);
  });

  it('the outlet is known from the host when the page names it nowhere else', () => {
    const a = page({
      title: `${H} : 네이트 뉴스`,
      h1: '다른 헤드라인',
      url: 'https://news.nate.com/view/20250205n01234',
      body: paras(P1, P2, P3),
    });
    expect(a.title).toBe(H);
  });

  it('[단독] and [속보] stay: they are part of the headline', () => {
    const a = page({ title: `[단독] ${H} | 연합뉴스`, h1: `[단독] ${H}`, siteName: '연합뉴스', body: paras(P1, P2) });
    expect(a.title).toBe(`[단독] ${H}`);
    const b = page({ title: `[속보] ${H} - 한빛일보`, h1: '다른 헤드라인', siteName: '한빛일보', body: paras(P1, P2) });
    expect(b.title).toBe(`[속보] ${H}`);
  });

  it('a headline that holds a dash, a colon or a bar of its own keeps it', () => {
    const h = '이재명 "민생 먼저" - 여야 대표 회담 : 쟁점은 | 분석';
    const a = page({ title: `${h} - 한빛일보`, h1: h, siteName: '한빛일보', body: paras(P1, P2) });
    expect(a.title).toBe(h);
    const b = page({ title: '여야 "합의 불발" - 국회 파행 장기화', h1: '다른 것', body: paras(P1, P2) });
    expect(b.title).toBe('여야 "합의 불발" - 국회 파행 장기화');
  });
});

describe('date lines inside the body container', () => {
  it('입력 … 업데이트 …: the dates, not body text', () => {
    const a = page({ body: `<p class="dt">입력 2025.02.05. 08:15 업데이트 2025.02.05. 09:10</p>${paras(P1, P2, P3)}` });
    expect(a.publishedAt).toBe('2025-02-05T08:15:00+09:00');
    expect(a.modifiedAt).toBe('2025-02-05T09:10:00+09:00');
    expect(a.text).not.toMatch(/입력|업데이트/);
    expect(a.text.startsWith(P1)).toBe(true);
  });

  it.each([
    ['송고2025-02-05 10:31', '2025-02-05T10:31:00+09:00', null],
    ['기사전송 2025-02-05 10:31', '2025-02-05T10:31:00+09:00', null],
    ['승인 2025.02.05 10:31', '2025-02-05T10:31:00+09:00', null],
    ['등록 2025.02.05 10:31 | 최종수정 2025.02.05 11:02', '2025-02-05T10:31:00+09:00', '2025-02-05T11:02:00+09:00'],
    ['기사입력 : 2025년 02월 05일 10시 31분', '2025-02-05T10:31:00+09:00', null],
  ])('%j at the end of the body', (line, published, modified) => {
    const a = page({ body: `${paras(P1, P2, P3)}<div class="info"><span>${line}</span></div>` });
    expect(a.publishedAt).toBe(published);
    if (modified) expect(a.modifiedAt).toBe(modified);
    expect(a.text.endsWith(P3)).toBe(true);
  });

  it('the page metadata wins over a body date line', () => {
    const a = page({ published: '2025-02-04T20:00:00+09:00', body: `<p>입력 2025.02.05. 08:15</p>${paras(P1, P2)}` });
    expect(a.publishedAt).toBe('2025-02-04T20:00:00+09:00');
    expect(a.text).not.toContain('입력');
  });

  it('a sentence about 등록 or 승인 with a date stays', () => {
    const s = '금융위원회는 2025.02.05 정례회의에서 이 회사의 상장 승인 여부를 결정할 예정이라고 밝혔다.';
    const t = '등록 마감은 2025.02.28이며 신청은 누리집에서 받는다.';
    const a = page({ body: paras(P1, s, t, P2) });
    expect(a.text).toContain(s);
    expect(a.text).toContain(t);
  });
});

describe('promotions and copyright lines inside the body', () => {
  it('ad units, shop and course links, prompts and copyright lines are not body text', () => {
    const a = page({
      body: `${paras(P1)}
<div class="ad-wrap"><ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins><span>광고</span></div>
<div id="div-gpt-ad-1234"><span>AD</span></div>
${paras(P2)}
<p><a href="https://shop.hanbit.example/item/9">[한빛몰] 설 선물세트 최대 50% 할인 바로가기</a></p>
<p><a href="https://edu.hanbit.example/course/1">▶ 주식 초보를 위한 온라인 강의 신청하기</a></p>
${paras(P3, P4)}
<p>이 기사에 공감하시나요?</p>
<p>제보는 카카오톡 okjebo &lt;보도자료 및 기사 제보&gt; hanbit@hanbit.example</p>
<p>홍길동 기자 구독</p>
<p>기자 구독</p>
<p>▶ 한빛일보 뉴스레터 구독하기</p>
<p>&lt;저작권자 ⓒ 한빛일보 무단전재 및 재배포 금지&gt;</p>
<p>Copyright ⓒ <a href="/">한빛일보</a>. All rights reserved.</p>
<p>ⓒ 한빛일보</p>
<p>무단 전재 및 재배포 금지</p>`,
    });
    expect(a.text).toBe([P1, P2, P3, P4].join('\n'));
  });

  it('real sentences that mention 제보, 저작권, 구독 or 광고 stay', () => {
    const s = [
      '경찰은 시민의 제보를 받고 현장에 출동해 용의자를 붙잡았다고 밝혔다.',
      '음악 저작권 협회는 무단 전재와 재배포를 막기 위해 감시를 강화하겠다고 밝혔다.',
      '구독 경제가 커지면서 기자 구독 서비스를 시작한 언론사도 늘었다는 분석이 나온다.',
      '광고 시장은 지난해 3% 줄었고, 온라인 강의 시장은 반대로 커졌다.',
      '이 기사에 공감하시나요? 라는 질문은 독자 조사에서도 쓰였다며 연구진은 이를 소개했다.',
    ];
    const a = page({ body: paras(P1, ...s, P2) });
    for (const line of s) expect(a.text).toContain(line);
  });

  it('a paragraph with a link inside a sentence stays', () => {
    const s =
      '자세한 내용은 <a href="https://edu.hanbit.example/course/1">국토부 온라인 강의 안내</a>에서 볼 수 있으며 신청은 3월까지 받는다.';
    const a = page({ body: paras(P1, s, P2) });
    expect(a.text).toContain('국토부 온라인 강의 안내에서 볼 수 있으며');
  });
});

describe('lineKind and headlineOf, line by line', () => {
  it.each([
    ['입력 2025.02.05. 08:15 업데이트 2025.02.05. 09:10', 'date'],
    ['송고2025-02-05 10:31', 'date'],
    ['승인 2025.02.05 10:31', 'date'],
    ['[저작권자ⓒ 한빛일보. 무단전재 및 재배포 금지]', 'copyright'],
    ['Copyright ⓒ 한빛일보. All rights reserved.', 'copyright'],
    ['ⓒ 한빛일보', 'copyright'],
    ['이 기사에 공감하시나요?', 'promo'],
    ['제보는 카카오톡 okjebo', 'promo'],
    ['▶ 기사 제보: 이메일 jebo@hanbit.example', 'promo'],
    ['홍길동 기자 구독', 'promo'],
    ['광고', 'promo'],
    ['정부는 2025.02.05 승인 여부를 결정한다고 밝혔다.', null],
    ['시민 제보로 사고 현장을 찾았다.', null],
    ['저작권자 단체는 무단 전재를 막겠다고 밝혔다.', null],
    ['구독자 수가 늘었다.', null],
  ])('%j is %s', (line, kind) => {
    expect(lineKind(line)).toBe(kind);
  });

  it('headlineOf leaves titles in other languages and titles without an outlet alone', () => {
    const hints = { siteNames: ['Example News'], headings: ['Mozilla'] };
    expect(headlineOf('Mozilla - Wikipedia', hints)).toBe('Mozilla - Wikipedia');
    expect(headlineOf('여야 "합의 불발" - 국회 파행 장기화', { siteNames: [], headings: [] })).toBe(
      '여야 "합의 불발" - 국회 파행 장기화',
    );
    expect(headlineOf('흔들리는 경제 - 한빛 경제', { siteNames: [], headings: [] })).toBe('흔들리는 경제 - 한빛 경제');
    expect(headlineOf('헤드라인 기사 < 정치 < 기사본문 - 한빛일보', { siteNames: [], headings: [] })).toBe(
      '헤드라인 기사',
    );
    expect(knownOutlet('m.yna.co.kr')).toBe('연합뉴스');
    expect(knownOutlet('example.co.kr')).toBeNull();
  });
});

describe('broadcasters, photo credits, printed times and outlets named only in the notice', () => {
  it('a credit by role and colon is no reporter; the sign-off names the reporter', () => {
    const a = page({
      siteName: '한빛방송',
      body: paras(P1, P2, '지금까지 사회부에서 한빛방송 홍서윤입니다.', '촬영기자 : 이영희'),
    });
    expect(a.authors).toEqual(['홍서윤']);
    expect(a.text).not.toContain('촬영기자');
    expect(a.text).toContain('홍서윤입니다.');
  });

  it('the reporter printed only above the story, in an element of its own, is the reporter', () => {
    const a = page({
      header:
        '<div class="w_article_info"><a class="name" href="/reporter/N100">권나은 기자</a> <a href="#">기자 구독</a></div>',
      body: paras(P1, P2, P3, '(영상취재 : 이승훈, 영상편집 : 정다운)'),
    });
    expect(a.authors).toEqual(['권나은']);
    expect(a.text).not.toContain('영상취재');
  });

  it("a photographer's credit in a caption names no reporter, and the caption stays", () => {
    const caption = '5일 서울의 한 주민센터에서 청년들이 상담을 받고 있다. 2025.2.5/한빛일보 ⓒ 김사진 기자';
    const a = page({
      body: `${paras(P1, P2)}<div><img src="https://img.hanbit.example/1.jpg" alt=""><p>${caption}</p></div>${paras(P3, P4)}`,
    });
    expect(a.authors).toEqual([]);
    expect(a.text).toContain(caption);
  });

  it("a broadcaster's news site stands for the broadcaster", () => {
    expect(page({ siteName: '한빛방송 뉴스', body: paras(P1, P2, P3) }).siteName).toBe('한빛방송');
    expect(outletName('KBS 뉴스')).toBe('KBS');
    expect(outletName('JTBC News')).toBe('JTBC');
    expect(outletName('네이트 뉴스')).toBe('네이트 뉴스');
    expect(outletName('한빛일보')).toBe('한빛일보');
  });

  it('a page that names no site gives its outlet in the copyright notice', () => {
    const a = page({ body: `${paras(P1, P2, P3)}<p>&lt;저작권자 © 한내신문, 무단 전재 및 재배포 금지&gt;</p>` });
    expect(a.siteName).toBe('한내신문');
    expect(a.text).not.toContain('저작권자');
  });

  it('a date and time alone in a date element is the publication time; a story list date is not', () => {
    const a = page({
      header:
        '<ul class="list"><li><span class="date">2025.01.30. 오전 9:00</span></li></ul><em class="date">2025.02.03. 오후 7:41</em>',
      body: paras(P1, P2, P3),
    });
    expect(a.publishedAt).toBe('2025-02-03T19:41:00+09:00');
    const b = page({
      header: '<div class="dates"><em>입력 2025.02.05 (07:05)</em> <em>수정 2025.02.05 (07:40)</em></div>',
      body: paras(P1, P2),
    });
    expect(b.publishedAt).toBe('2025-02-05T07:05:00+09:00');
    expect(b.modifiedAt).toBe('2025-02-05T07:40:00+09:00');
  });

  it('a subtitle before a wire dateline is header, not the lead', () => {
    const a = page({
      body: paras('월세 지원 대상 중위소득 100%까지…신청은 하반기부터', `(세종=한빛통신) 홍길동 기자 = ${P1}`, P2),
    });
    expect(a.text.startsWith('(세종=한빛통신) 홍길동 기자 =')).toBe(true);
    expect(a.authors).toEqual(['홍길동']);
  });

  it('a full-width bar or a ㅣ between spaces separates the outlet from the headline', () => {
    const hints = { siteNames: ['동녘일보'], headings: [] };
    expect(headlineOf('국립박물관 야간 개장 확대｜동녘일보', hints)).toBe('국립박물관 야간 개장 확대');
    expect(headlineOf('작은도서관 절반 "사서 없어" ㅣ 동녘일보', hints)).toBe('작은도서관 절반 "사서 없어"');
    expect(headlineOf('ㅣ자 모양 다리 ㅣ 동녘일보', hints)).toBe('ㅣ자 모양 다리');
    const a = page({ title: '청년 월세 지원 두 배로 늘린다｜한빛일보', siteName: '한빛일보', body: paras(P1, P2) });
    expect(a.title).toBe('청년 월세 지원 두 배로 늘린다');
  });
});
