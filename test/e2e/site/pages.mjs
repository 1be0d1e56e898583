// The demo and end-to-end news site: Korean pages in the real markup of the engines the
// extension recognizes (docs in ../shared/docs/korean-sites.md), served by host name.
import { ARTICLES, FREE, LISTED, NEWSPAPER } from './articles.mjs';
import { copiesRoute } from './copies.mjs';
import { hostileRoute } from './hostile.mjs';
import { imagesRoute } from './images.mjs';
import { versionsRoute } from './versions.mjs';

export const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const ampm = (datetime) => {
  const [d, t] = datetime.split(' ');
  const [h, m] = t.split(':').map(Number);
  return `${d.replaceAll('-', '.')}. ${h < 12 ? '오전' : '오후'} ${h % 12 || 12}:${String(m).padStart(2, '0')}`;
};

/** Naver News article (n.news.naver.com/mnews/article/<oid>/<aid>). */
export function naverArticle(a) {
  const body = a.paragraphs.map((p) => esc(p)).join('<br><br>');
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>${esc(a.title)} : 네이버 뉴스</title>
<meta property="og:type" content="article"><meta property="og:title" content="${esc(a.title)}">
<meta property="og:site_name" content="네이버 뉴스"><meta property="og:url" content="https://n.news.naver.com/mnews/article/${a.oid}/${a.aid}">
<meta name="twitter:creator" content="${esc(a.outlet)}">
<link rel="canonical" href="https://n.news.naver.com/mnews/article/${a.oid}/${a.aid}">
</head><body>
<div id="ct" class="newsct">
 <div class="media_end_head go_trans">
  <div class="media_end_head_top"><a href="https://media.naver.com/press/${a.oid}" class="media_end_head_top_logo"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" title="${esc(a.outlet)}" alt="${esc(a.outlet)}" class="media_end_head_top_logo_img"></a></div>
  <div class="media_end_head_title"><h2 id="title_area" class="media_end_head_headline"><span>${esc(a.title)}</span></h2></div>
  <div class="media_end_head_info nv_notrans">
   <div class="media_end_head_journalist"><a href="#" class="media_end_head_journalist_box"><em class="media_end_head_journalist_name">${esc(a.reporter)} ${esc(a.role)}</em></a></div>
   <div class="media_end_head_info_datestamp"><div class="media_end_head_info_datestamp_bunch"><span class="media_end_head_info_datestamp_term">입력</span><span class="media_end_head_info_datestamp_time _ARTICLE_DATE_TIME" data-date-time="${a.published}">${ampm(a.published)}</span></div></div>
  </div>
 </div>
 <div id="contents" class="newsct_body">
  <div id="newsct_article" class="newsct_article _article_body">
   <article id="dic_area" class="go_trans _article_content">${body}<br><br>${a.place ? `${esc(a.place)}/` : ''}${esc(a.reporter)} ${esc(a.role)} ${esc(a.email)}</article>
  </div>
  <div class="copyright"><p>Copyright ⓒ ${esc(a.outlet)}. All rights reserved. 무단 전재 및 재배포 금지.</p></div>
 </div>
</div>
<div class="media_end_linked_more"><h3>언론사 많이 본 뉴스</h3><ul>${ARTICLES.map((x) => `<li><a href="/mnews/article/${x.oid}/${x.aid}">${esc(x.title)}</a></li>`).join('')}</ul></div>
</body></html>`;
}

/** Daum News article (v.daum.net/v/<17 digits>). */
export function daumArticle(a, vid) {
  const [d, t] = a.published.split(' ');
  const [y, mo, da] = d.split('-').map(Number);
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(a.title)} | Daum 뉴스</title>
<meta property="og:type" content="article"><meta property="og:title" content="${esc(a.title)}"><meta property="og:site_name" content="Daum 뉴스">
<meta property="article:published_time" content="${d}T${t}+09:00"></head><body>
<div id="cSub"><div class="head_view"><h3 class="tit_view" data-translation="true">${esc(a.title)}</h3>
<div class="info_view"><span class="txt_info">${esc(a.reporter)} ${esc(a.role)}</span><span class="txt_info">입력 <span class="num_date">${y}. ${mo}. ${da}. ${t.slice(0, 5)}</span></span></div></div></div>
<div id="mArticle"><div class="news_view fs_type1"><div class="article_view" data-translation-body="true"><section dmcf-hash="${vid}">
<strong class="summary_view">${esc(a.paragraphs[0].slice(0, 40))}…</strong>
${a.paragraphs.map((p) => `<p dmcf-pid="${vid}" dmcf-ptype="general">${esc(p)}</p>`).join('\n')}
<p dmcf-ptype="general">${esc(a.reporter)} ${esc(a.role)} ${esc(a.email)}</p>
</section></div></div></div>
<div class="foot_view"><p class="txt_copyright">Copyright © ${esc(a.outlet)}. 무단전재 및 재배포 금지.</p></div>
</body></html>`;
}

const BOARD = '뉴스게시판';

function rows(currentId) {
  const all = [
    ...ARTICLES.map((a) => ({ id: a.id, title: a.title, comments: 2 })),
    ...LISTED,
    { id: 47290, title: '삭제된 게시물입니다 (목록에만 남음)', comments: 0 },
  ];
  const notice = `<tr class="notice"><td class="no">공지</td><td class="title"><a href="/board/100">게시판 이용 안내</a></td><td class="author"><a href="#" class="member_4">운영자</a></td><td class="time">2024.12.01</td><td class="readNum">9120</td></tr>`;
  return (
    notice +
    all
      .map(
        (
          r,
          i,
        ) => `<tr${r.id === currentId ? ' class="select"' : ''}><td class="no">${r.id === currentId ? '&raquo;' : r.id}</td>
<td class="title"><a href="/board/${r.id}">${esc(r.title)}</a>${r.comments ? ` <a href="/board/${r.id}#comment" class="replyNum" title="댓글">[${r.comments}]</a>` : ''}</td>
<td class="author">${authorCell(r.author)}</td><td class="time">2025.02.05</td><td class="readNum">${120 + i * 7}</td></tr>`,
      )
      .join('\n')
  );
}

/** XE's author cell: a member link with the member number, or a guest's nickname and address. */
function authorCell(author = { name: '랭크뉴스', member: 1042 }) {
  return author.member
    ? `<a href="#popup_menu_area" class="member_${author.member}" onclick="return false">${esc(author.name)}</a>`
    : `<span class="guest">${esc(author.name)}(${author.ip})</span>`;
}

/** The site's second board: its own posts, some by the news board's authors. */
function freeBoardPage() {
  const list = FREE.map(
    (
      r,
    ) => `<tr><td class="no">${r.id}</td><td class="title"><a href="/free/${r.id}">${esc(r.title)}</a>${r.comments ? ` <a href="/free/${r.id}#comment" class="replyNum">[${r.comments}]</a>` : ''}</td>
<td class="author">${authorCell(r.author)}</td><td class="time">2025.02.06</td><td class="readNum">${40 + r.comments}</td></tr>`,
  ).join('\n');
  return xeShell('자유게시판 - 랭크뉴스', {
    body: `<div class="board"><h2 class="board_title">자유게시판</h2><div class="board_list"><table width="100%" border="1" cellspacing="0">
<thead><tr><th scope="col">번호</th><th scope="col" class="title">제목</th><th scope="col">글쓴이</th><th scope="col">날짜</th><th scope="col">조회 수</th></tr></thead>
<tbody>${list}</tbody></table></div></div>`,
  });
}

function boardList(currentId) {
  return `<div class="board_list" id="board_list"><table width="100%" border="1" cellspacing="0" summary="List of Articles">
<thead><tr><th scope="col">번호</th><th scope="col" class="title">제목</th><th scope="col">글쓴이</th><th scope="col">날짜</th><th scope="col">조회 수</th></tr></thead>
<tbody>${rows(currentId)}</tbody></table></div>
<div class="pagination"><a href="/board" class="direction">‹ 첫 페이지</a><strong>1</strong><a href="/board/page/2">2</a><a href="/board/page/3">3</a><a href="/board/page/3" class="direction">끝 페이지 ›</a></div>`;
}

export function xeShell(title, inner) {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="generator" content="Rhymix">
<title>${esc(title)}</title>${inner.head ?? ''}
<script>var current_url = location.href; var request_uri = "https://www.ranknews.kr/"; var current_mid = "board";</script>
</head><body><div class="xe"><header class="header"><h1><a href="/">랭크뉴스</a></h1><nav><ul><li><a href="/board">${BOARD}</a></li><li><a href="/free">자유게시판</a></li></ul></nav></header>
<div class="body"><div class="content xe_content">${inner.body}</div></div><footer>© 랭크뉴스 커뮤니티</footer></div></body></html>`;
}

/** XE/Rhymix default skin: the board's list. */
export function xeBoardPage() {
  return xeShell(`${BOARD} - 랭크뉴스`, {
    body: `<div class="board"><h2 class="board_title">${BOARD}</h2>${boardList(null)}</div>`,
  });
}

/** XE/Rhymix default skin: a post, with the board's list below it (as on the seed page). */
export function xePostPage(a) {
  const body = a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n') + (a.extraHtml ?? '');
  return xeShell(`${a.title} - 랭크뉴스`, {
    head: `<meta property="og:type" content="article"><meta property="og:title" content="${esc(a.title)}"><meta property="og:article:published_time" content="2025-02-05T15:02:11+09:00"><link rel="canonical" href="https://www.ranknews.kr/board/${a.id}">`,
    body: `<div class="board"><div class="board_read">
<div class="read_header"><h1><a href="/board/${a.id}">${esc(a.title)}</a></h1>
<p class="time">2025.02.05 15:02</p><p class="meta"><a href="#popup_menu_area" class="author member_${a.author?.member ?? 1042}">${esc(a.author?.name ?? '랭크뉴스')}</a> <span class="read">조회 수 ${a.id % 500}</span></p></div>
<div class="read_body"><div class="document_${a.id}_1042 xe_content">
${body}
<p>${a.place ? `${esc(a.place)}/` : ''}${esc(a.reporter)} ${esc(a.role)}</p>
<p>${esc(a.outlet)}</p>
</div></div>
<div class="read_footer"><div class="fileList"></div></div></div>
<div class="feedback" id="comment"><ul class="fbList"><li class="fbItem"><div class="fbMeta"><span class="author">독자1</span><span class="time">2025.02.05 16:10</span></div><div class="xe_content">좋은 기사 감사합니다.</div></li></ul></div>
${boardList(a.id)}</div>`,
  });
}

/** A short post that is only in the list. */
function listedPost(r) {
  return xePostPage({
    id: r.id,
    title: r.title,
    author: r.author,
    outlet: '랭크뉴스',
    reporter: '편집팀',
    role: '기자',
    place: null,
    paragraphs: [
      `${r.title}. 이 글은 게시판 목록에서 바로 저장하는 기능을 시험하기 위한 짧은 게시물입니다. 자세한 내용은 원문 기사에서 확인할 수 있습니다.`,
      '관련 부처는 이번 주 안에 구체적인 계획을 발표할 예정이며, 시민단체와 전문가들은 충분한 의견 수렴이 필요하다고 지적했다.',
    ],
    // Relative URLs: saved from the board list (/board), they must still resolve against the
    // post's own URL (/board/N), not the list's (popup.e2e.mjs checks the saved html).
    extraHtml: `\n<p>앞선 글은 <a href="${r.id - 1}">이전 게시물</a>에서 볼 수 있습니다.</p>\n<p><img src="files/${r.id}.png" alt="현장 사진"></p>`,
  });
}

/** A page that is neither an article nor a board. */
export function shopPage() {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>장바구니 - 알뜰상점</title></head><body>
<h1>장바구니</h1><table class="cart"><thead><tr><th>상품명</th><th>수량</th><th>가격</th></tr></thead><tbody>
<tr><td><a href="/p/1">겨울 장갑</a></td><td>1</td><td>12,000원</td></tr><tr><td><a href="/p/2">털모자</a></td><td>2</td><td>18,000원</td></tr>
</tbody></table><button>주문하기</button></body></html>`;
}

/**
 * A newspaper's own article page, in the markup of the CMS many Korean regional papers share
 * (articleView.html?idxno=N, #article-view-content-div). No profile knows it: Readability reads it.
 */
export function newspaperArticle(a) {
  const [d, t] = a.published.split(' ');
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(a.title)} - ${esc(a.outlet)}</title>
<meta property="og:type" content="article"><meta property="og:title" content="${esc(a.title)}"><meta property="og:site_name" content="${esc(a.outlet)}">
<meta property="article:published_time" content="${d}T${t}+09:00"></head><body>
<header id="user-header"><nav><ul><li><a href="/news/articleList.html?sc_section_code=S1N1">정치</a></li><li><a href="/news/articleList.html?sc_section_code=S1N2">경제</a></li><li><a href="/news/articleList.html?sc_section_code=S1N3">사회</a></li></ul></nav></header>
<section id="user-container"><header class="article-view-header"><h1 class="heading">${esc(a.title)}</h1>
<ul class="infomation"><li><i class="icon-user-o"></i> ${esc(a.reporter)} ${esc(a.role)}</li><li><i class="icon-clock-o"></i> 입력 ${d.replaceAll('-', '.')} ${t.slice(0, 5)}</li></ul></header>
<article id="article-view-content-div" class="article-veiw-body" itemprop="articleBody">
${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
<p>${esc(a.reporter)} ${esc(a.role)} ${esc(a.email)}</p></article>
<aside class="side"><h2>많이 본 뉴스</h2><ol>${ARTICLES.map((x) => `<li><a href="/news/articleView.html?idxno=${x.id}">${esc(x.title)}</a></li>`).join('')}</ol></aside></section>
<footer id="user-footer"><p>Copyright © ${esc(a.outlet)}. 무단전재 및 재배포 금지</p></footer>
</body></html>`;
}

/**
 * A newspaper article whose metadata is JSON-LD (NewsArticle: headline, dates, author, publisher)
 * in a CMS no profile knows, as many national papers publish it.
 */
export function jsonLdArticle(a, id) {
  const [d, t] = a.published.split(' ');
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    datePublished: `${d}T${t}+09:00`,
    dateModified: `${d}T${t}+09:00`,
    author: [{ '@type': 'Person', name: a.reporter, jobTitle: a.role }],
    publisher: { '@type': 'Organization', name: '동부일보' },
    mainEntityOfPage: `https://www.dongbunews.kr/news/${id}`,
  };
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(a.title)} | 동부일보</title>
<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, '\\u003c')}</script></head><body>
<div class="gnb"><a href="/">동부일보</a> <a href="/politics">정치</a> <a href="/economy">경제</a></div>
<main class="news-wrap"><div class="news-head"><h1 class="news-title">${esc(a.title)}</h1><div class="news-meta"><span class="writer">${esc(a.reporter)} ${esc(a.role)}</span></div></div>
<div class="news-body">${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}</div></main>
<footer><p>ⓒ 동부일보. 무단 전재 및 재배포 금지</p></footer></body></html>`;
}

const html = (body, status = 200) => ({ status, type: 'text/html; charset=utf-8', body });

/** Answer a request for `host` and `path` (with query), or null for 404. */
export function route(host, pathWithQuery, headers = {}) {
  const u = new URL(pathWithQuery, `https://${host}`);
  const p = u.pathname;
  const images = imagesRoute(host, u, headers); // a photo board with hotlink-protected images (images.mjs)
  if (images) return images;
  const hostile = hostileRoute(host, u); // the security test's hostile site (hostile.mjs)
  if (hostile) return hostile;
  const copies = copiesRoute(host, u); // comments, non-UTF-8 boards (copies.mjs)
  if (copies) return copies;
  const versions = versionsRoute(host, u); // posts edited and deleted at their source (versions.mjs)
  if (versions) return versions;
  if (host === 'n.news.naver.com') {
    const m = p.match(/^\/(?:mnews\/)?article\/(\d{3})\/(\d{10})$/);
    const a = m && ARTICLES.find((x) => x.oid === m[1] && x.aid === m[2]);
    return a ? html(naverArticle(a)) : null;
  }
  if (host === 'v.daum.net') {
    const m = p.match(/^\/v\/(\d{17})$/);
    const a = m && ARTICLES[Number(m[1].slice(-1)) % ARTICLES.length];
    return a ? html(daumArticle(a, m[1])) : null;
  }
  if (host === 'www.ranknews.kr' || host === 'ranknews.kr') {
    const docSrl = u.searchParams.get('document_srl') ?? p.match(/^\/(?:board\/)?(\d+)$/)?.[1];
    if (docSrl) {
      const id = Number(docSrl);
      const a = ARTICLES.find((x) => x.id === id);
      if (a) return html(xePostPage(a));
      const r = LISTED.find((x) => x.id === id);
      if (r) return html(listedPost(r));
      return null;
    }
    if (p === '/' || p === '/board' || p.startsWith('/board/page/') || u.searchParams.get('mid') === 'board') {
      return html(xeBoardPage());
    }
    if (p === '/free') return html(freeBoardPage());
    return null;
  }
  if (host === 'www.hangangilbo.kr' && p === '/news/articleView.html') {
    const a = NEWSPAPER.find((x) => String(x.id) === u.searchParams.get('idxno'));
    return a ? html(newspaperArticle(a)) : null;
  }
  if (host === 'www.dongbunews.kr') {
    const m = p.match(/^\/news\/(\d+)$/);
    const a = m && ARTICLES[Number(m[1]) % ARTICLES.length];
    return a ? html(jsonLdArticle(a, m[1])) : null;
  }
  if (host === 'shop.alddeul.kr') return p === '/' ? html(shopPage()) : null;
  return null;
}

/** Pages worth opening first, for people and for tests. */
export const START_URLS = {
  naver: `https://n.news.naver.com/mnews/article/${ARTICLES[0].oid}/${ARTICLES[0].aid}`,
  daum: 'https://v.daum.net/v/20250205143200123',
  xeBoard: 'https://www.ranknews.kr/board',
  xePost: `https://www.ranknews.kr/board/${ARTICLES[0].id}`,
  xePostLong: `https://www.ranknews.kr/index.php?mid=board&document_srl=${ARTICLES[0].id}`,
  other: 'https://shop.alddeul.kr/',
  /** A newspaper brief (under 500 characters: Readability starts its passes over). */
  newspaperBrief: `https://www.hangangilbo.kr/news/articleView.html?idxno=${NEWSPAPER[0].id}`,
  /** A newspaper article described by JSON-LD, in markup no profile knows. */
  jsonLd: 'https://www.dongbunews.kr/news/2024',
};
