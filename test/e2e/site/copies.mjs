// Pages for saved copies that last: an XE post whose comments run over several comment pages
// (replies nested, the poster answering), and an old GNUBoard5 board served in EUC-KR (windows-949),
// as many Korean community sites still are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esc, xeShell } from './pages.mjs';

/** Comment markup of engines no profile knows (the unit tests' fixtures), served as pages. */
const GENERIC = {
  'club.sanakhoe.kr': 'kboard-comments.html',
  'seomsal.tistory.com': 'tistory-comments.html',
};
const FIXTURES = join(import.meta.dirname, '../../fixtures/comments');

/** The poster of the comment posts, as the XE read header prints them (member_1042). */
const POSTER = { name: '랭크뉴스', member: 1042 };

/** Comment posts: id → total comments and comments per page. */
export const COMMENT_POSTS = {
  47400: { total: 12, perPage: 5, title: '[토론] 지하철 심야 연장 운행, 필요한가요?' },
  47401: { total: 200, perPage: 50, title: '[토론] 공공도서관 24시간 개방 찬반' },
};

/** Depth of comment n (1-based): a thread of three, then a comment on the post, repeating. */
export const commentDepth = (n) => [0, 1, 2, 0][(n - 1) % 4];
/** Comment n is the poster's own when n is a multiple of 6. */
export const byPoster = (n) => n % 6 === 0;
export const commentText = (n) => `댓글 ${n}번: 심야 운행은 ${n % 2 ? '찬성' : '반대'}합니다. 이유는 ${n}가지입니다.`;

function comment(id, n) {
  const depth = commentDepth(n);
  const poster = byPoster(n);
  const guest = !poster && n % 3 === 0;
  const author = poster
    ? `<a href="#popup_menu_area" class="member_${POSTER.member}" onclick="return false">${POSTER.name}</a>`
    : guest
      ? `<strong>손님${n}</strong> (121.${100 + n})`
      : `<a href="#popup_menu_area" class="member_${5000 + n}" onclick="return false">독자${n}</a>`;
  return `<li class="fbItem" id="comment_${id * 1000 + n}"${depth ? ` style="margin-left:${depth * 15}px"` : ''}>
<div class="fbMeta"><span class="profile"></span><h3 class="author">${author}</h3><p class="time">2025.02.05 ${String(16 + Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}</p></div>
<div class="comment_${id * 1000 + n}_${poster ? POSTER.member : 0} xe_content"><p>${esc(commentText(n))}</p></div>
<p class="action"><a href="/index.php?mid=board&amp;document_srl=${id}&amp;act=dispBoardReplyComment&amp;comment_srl=${id * 1000 + n}" class="reply">댓글</a></p></li>`;
}

/**
 * An XE post with its comments, `perPage` a page; without `cpage` the last comment page is shown
 * (XE's default when comments run oldest first), and the pagination links every page.
 */
export function commentPostPage(id, cpage) {
  const post = COMMENT_POSTS[id];
  const pages = Math.ceil(post.total / post.perPage);
  const page = cpage ? Math.min(Math.max(1, cpage), pages) : pages;
  const from = (page - 1) * post.perPage + 1;
  const to = Math.min(post.total, page * post.perPage);
  const items = [];
  for (let n = from; n <= to; n++) items.push(comment(id, n));
  const link = (n) => `/index.php?mid=board&amp;document_srl=${id}&amp;cpage=${n}#comment`;
  const pager = Array.from({ length: pages }, (_, i) => i + 1)
    .map((n) => (n === page ? `<strong>${n}</strong>` : `<a href="${link(n)}">${n}</a>`))
    .join(' ');
  return xeShell(`${post.title} - 랭크뉴스`, {
    head: `<meta property="og:type" content="article"><meta property="og:title" content="${esc(post.title)}"><link rel="canonical" href="https://www.ranknews.kr/board/${id}">`,
    body: `<div class="board"><div class="board_read">
<div class="read_header"><h1><a href="/board/${id}">${esc(post.title)}</a></h1>
<p class="time">2025.02.05 15:30</p><p class="meta"><a href="#popup_menu_area" class="author member_${POSTER.member}">${POSTER.name}</a> <span class="read">조회 수 ${id % 900}</span></p></div>
<div class="read_body"><div class="document_${id}_${POSTER.member} xe_content">
<p>서울시가 지하철 심야 연장 운행을 다시 검토한다고 밝혔습니다. 코로나 이후 중단됐던 새벽 1시까지의 연장 운행을 재개할지, 인력과 예산 문제를 어떻게 풀지 의견을 모읍니다.</p>
<p>찬성과 반대 의견을 댓글로 남겨 주세요. 운영진이 정리해 시에 전달하겠습니다.</p>
</div></div></div>
<div class="feedback" id="comment"><div class="fbHeader"><h2>댓글 <em>'${post.total}'</em></h2></div>
<ul class="fbList">${items.join('\n')}</ul>
<div class="pagination"><a href="${link(1)}" class="prev">첫 페이지</a> ${pager} <a href="${link(pages)}" class="next">끝 페이지</a></div>
<form action="/" method="post" class="write_comment"><textarea name="content" rows="5" cols="50"></textarea><input type="submit" value="댓글 등록"></form>
</div></div>`,
  });
}

// ---- EUC-KR (windows-949) --------------------------------------------------------------------

let table;
/**
 * Unicode to windows-949 bytes. Node's TextDecoder('euc-kr') knows KS X 1001; the 8,822 Hangul
 * syllables it lacks (똠, 뷁, 햏...) are windows-949's extension, laid out in syllable order over
 * lead bytes 0x81-0xC6 (trail bytes 0x41-0x5A, 0x61-0x7A, then 0x81-0xFE below lead 0xA1 and
 * 0x81-0xA0 from it on).
 */
function cp949Table() {
  if (table) return table;
  table = new Map();
  const d = new TextDecoder('euc-kr');
  for (let a = 0xa1; a <= 0xfe; a++)
    for (let b = 0xa1; b <= 0xfe; b++) {
      const s = d.decode(new Uint8Array([a, b]));
      if (s.length === 1 && s !== '\ufffd' && !table.has(s)) table.set(s, [a, b]);
    }
  const extra = [];
  for (let c = 0xac00; c <= 0xd7a3; c++) if (!table.has(String.fromCharCode(c))) extra.push(String.fromCharCode(c));
  let i = 0;
  for (let lead = 0x81; lead <= 0xc6 && i < extra.length; lead++) {
    const trails = [];
    for (let t = 0x41; t <= 0x5a; t++) trails.push(t);
    for (let t = 0x61; t <= 0x7a; t++) trails.push(t);
    for (let t = 0x81; t <= (lead < 0xa1 ? 0xfe : 0xa0); t++) trails.push(t);
    for (const t of trails) {
      if (i >= extra.length) break;
      table.set(extra[i++], [lead, t]);
    }
  }
  return table;
}

/** Text as windows-949 bytes (every character of the fixture pages is in it). */
export function encodeCp949(text) {
  const t = cp949Table();
  const out = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else {
      const b = t.get(ch);
      if (!b) throw new Error(`not in windows-949: ${ch} U+${c.toString(16)}`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

/** Posts of the EUC-KR board: id → title, paragraphs, how the page names its charset. */
export const EUCKR_POSTS = {
  11: {
    title: '똠방각하 다시 읽기 모임 후기',
    paragraphs: [
      '지난 토요일 똠방각하를 다시 읽는 모임이 있었습니다. 뷁 소리가 날 만큼 웃긴 장면이 많았어요.',
      '다음 모임은 햏자 문화 이야기를 나눕니다.',
    ],
    charset: 'header',
  },
  12: {
    title: '뷁어 사전 만들기 제안',
    paragraphs: [
      '옛 통신 시절 말투인 뷁, 햏, 똠 같은 글자를 모아 사전을 만들어 보면 어떨까요?',
      '쓰는 사람이 줄어 잊히기 전에 기록해 두고 싶습니다.',
    ],
    charset: 'meta',
  },
  13: {
    title: '게시판 이전 안내 (똠똠이 운영자)',
    paragraphs: [
      '이 게시판은 다음 달 새 서버로 옮깁니다. 글과 댓글은 그대로 옮겨집니다.',
      '문의는 똠똠이에게 쪽지로 보내 주세요.',
    ],
    charset: 'none',
  },
};

const g5Shell = (title, body, meta) => `<!doctype html>
<html lang="ko"><head>${meta}<title>${esc(title)} > 자유게시판 | 옛골 커뮤니티</title>
<script>var g5_url = "https://www.oldgol.co.kr"; var g5_bbs_url = "https://www.oldgol.co.kr/bbs"; var g5_bo_table = "free";</script>
</head><body><div id="hd"><h1><a href="/">옛골 커뮤니티</a></h1></div><div id="container">${body}</div></body></html>`;

function euckrList() {
  const rows = Object.entries(EUCKR_POSTS)
    .reverse()
    .map(
      ([
        id,
        p,
      ]) => `<tr><td class="td_num2">${id}</td><td class="td_subject"><div class="bo_tit"><a href="https://www.oldgol.co.kr/bbs/board.php?bo_table=free&amp;wr_id=${id}">${esc(p.title)}</a> <span class="cnt_cmt">1</span></div></td>
<td class="td_name sv_use"><span class="sv_guest">똠똠이</span></td><td class="td_num">${Number(id) * 3}</td><td class="td_datetime">02-05</td></tr>`,
    )
    .join('\n');
  return g5Shell(
    '자유게시판',
    `<div id="bo_list"><form name="fboardlist" id="fboardlist"><div class="tbl_head01 tbl_wrap"><table><caption>자유게시판 목록</caption>
<thead><tr><th scope="col">번호</th><th scope="col">제목</th><th scope="col">글쓴이</th><th scope="col">조회</th><th scope="col">날짜</th></tr></thead>
<tbody>${rows}</tbody></table></div></form></div>`,
    '<meta charset="euc-kr">',
  );
}

function euckrPost(id) {
  const p = EUCKR_POSTS[id];
  const meta = p.charset === 'meta' ? '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' : '';
  return g5Shell(
    p.title,
    `<article id="bo_v"><header><h2 id="bo_v_title"><span class="bo_v_tit">${esc(p.title)}</span></h2></header>
<section id="bo_v_info"><div class="profile_info"><div class="profile_info_ct"><strong><span class="sv_guest">똠똠이</span></strong> <strong class="if_date"><span class="sound_only">작성일</span>25-02-05 09:${String(id).padStart(2, '0')}</strong></div></div></section>
<section id="bo_v_atc"><div id="bo_v_con">${p.paragraphs.map((x) => `<p>${esc(x)}</p>`).join('')}</div></section></article>
<section id="bo_vc"><h2>댓글목록</h2><article id="c_${id}01"><div class="cm_wrap"><header><span class="sv_guest">햏인</span> <span>(211.♡.1.${id})</span> <span class="bo_vc_hdinfo"><time datetime="2025-02-05T10:${id}:00+09:00">25-02-05 10:${id}</time></span></header>
<div class="cmt_contents"><p>똠방각하 최고! 뷁뷁 ${id}</p></div></div></article></section>`,
    meta,
  );
}

/** The pages of this file's hosts, or null. */
export function copiesRoute(host, u) {
  if (GENERIC[host]) {
    return u.pathname === '/88' || u.pathname === '/board/42'
      ? { status: 200, type: 'text/html; charset=utf-8', body: readFileSync(join(FIXTURES, GENERIC[host]), 'utf8') }
      : null;
  }
  if (host === 'www.ranknews.kr') {
    const id = Number(u.searchParams.get('document_srl') ?? u.pathname.match(/^\/(?:board\/)?(\d+)$/)?.[1]);
    if (COMMENT_POSTS[id]) {
      const cpage = Number(u.searchParams.get('cpage')) || null;
      return { status: 200, type: 'text/html; charset=utf-8', body: commentPostPage(id, cpage) };
    }
    return null;
  }
  if (host !== 'www.oldgol.co.kr') return null;
  if (u.pathname !== '/bbs/board.php' || u.searchParams.get('bo_table') !== 'free') return null;
  const wrId = u.searchParams.get('wr_id');
  if (!wrId) return { status: 200, type: 'text/html', body: encodeCp949(euckrList()) };
  const p = EUCKR_POSTS[wrId];
  if (!p) return null;
  const type = p.charset === 'header' ? 'text/html; charset=euc-kr' : 'text/html';
  return { status: 200, type, body: encodeCp949(euckrPost(wrId)) };
}

export const COPIES_URLS = {
  commentPost: 'https://www.ranknews.kr/board/47400',
  bigCommentPost: 'https://www.ranknews.kr/board/47401',
  euckrBoard: 'https://www.oldgol.co.kr/bbs/board.php?bo_table=free',
  /** A KBoard (WordPress) post and a Tistory post: comment markup no profile knows. */
  kboardPost: 'https://club.sanakhoe.kr/board/42',
  tistoryPost: 'https://seomsal.tistory.com/88',
};
