// Posts that change under the reader, for "Check again": an XE/Rhymix post edited at its source
// (a date changed inside a paragraph, a paragraph removed, one added, a comment added), an XE
// post that later answers 404, and a GNUBoard5 post deleted at its source, which then answers
// with GNUBoard's alert page ("글이 존재하지 않습니다", status 200) and, once, a 429 with
// Retry-After. Each post's state is set by the test (setPostState) or, for the demo, by
// /__versions?post=<id>&state=<state> on the post's host.
import { esc, xeShell } from './pages.mjs';

/** An XE post's versions: title, paragraphs and comments. */
const XE = {
  original: {
    title: '[공지] 3월 정기 모임 장소 안내',
    paragraphs: [
      '3월 정기 모임은 15일 토요일 오후 2시, 시청역 근처 카페 온새미에서 엽니다.',
      '참석하실 분은 댓글로 알려 주세요. 회비는 만 원이고 음료는 각자 계산합니다.',
      '주차 공간이 없으니 대중교통을 이용해 주시기 바랍니다.',
    ],
    comments: ['참석합니다. 기대되네요.', '저도 갑니다!'],
  },
  edited: {
    title: '[공지] 3월 정기 모임 장소 안내 (날짜 변경)',
    paragraphs: [
      '3월 정기 모임은 22일 토요일 오후 2시, 시청역 근처 카페 온새미에서 엽니다.',
      '참석하실 분은 댓글로 알려 주세요. 회비는 만 원이고 음료는 각자 계산합니다.',
      '장소가 바뀌면 이 글을 다시 고쳐서 알리겠습니다.',
    ],
    comments: ['참석합니다. 기대되네요.', '저도 갑니다!', '22일로 바뀌었군요. 그래도 갑니다.'],
  },
};

const OTHER = {
  title: '동네 도서관 야간 개방 시범 운영',
  paragraphs: [
    '구립 도서관이 다음 달부터 금요일 밤 10시까지 문을 엽니다.',
    '시범 운영 결과를 보고 다른 요일로 넓힐지 정한다고 합니다.',
  ],
};

const G5 = {
  title: '골목 벼룩시장 자리 배정 결과',
  paragraphs: [
    '이번 주 토요일 골목 벼룩시장 자리 배정 결과를 알려 드립니다.',
    '1번부터 12번 자리는 먼저 신청하신 순서대로 드렸고, 나머지는 추첨했습니다.',
    '자리를 바꾸고 싶으신 분은 금요일까지 쪽지 주세요.',
  ],
};

/** Post id → its state now: 'original', 'edited', 'deleted' (the engine's deleted page or 404). */
const state = { 47500: 'original', 47501: 'original', 7: 'original' };
/** How many 429s a post still answers before its page (each with Retry-After: 1). */
const busy = { 7: 0 };
/** When each post was served: `<id> <ms> <status>` (the test checks the Retry-After wait). */
export const served = [];

export function setPostState(id, s, { busyTimes = 0 } = {}) {
  state[id] = s;
  busy[id] = busyTimes;
}

export const VERSIONS_URLS = {
  edited: 'https://www.ranknews.kr/board/47500',
  notFound: 'https://www.ranknews.kr/board/47501',
  gnuboard: 'https://www.golmok.or.kr/bbs/board.php?bo_table=free&wr_id=7',
};
export const XE_VERSIONS = XE;
export const G5_POST = G5;

function xePost(id, v) {
  const comments = (v.comments ?? [])
    .map(
      (
        c,
        i,
      ) => `<li class="fbItem" id="comment_${id * 100 + i + 1}"><div class="fbMeta"><h3 class="author"><a href="#popup_menu_area" class="member_${7000 + i}" onclick="return false">회원${i + 1}</a></h3><p class="time">2025.03.0${i + 2} 10:0${i}</p></div>
<div class="comment_${id * 100 + i + 1}_0 xe_content"><p>${esc(c)}</p></div></li>`,
    )
    .join('\n');
  return xeShell(`${v.title} - 랭크뉴스`, {
    head: `<meta property="og:type" content="article"><meta property="og:title" content="${esc(v.title)}"><link rel="canonical" href="https://www.ranknews.kr/board/${id}">`,
    body: `<div class="board"><div class="board_read">
<div class="read_header"><h1><a href="/board/${id}">${esc(v.title)}</a></h1>
<p class="time">2025.03.01 09:00</p><p class="meta"><a href="#popup_menu_area" class="author member_1042">모임지기</a> <span class="read">조회 수 31</span></p></div>
<div class="read_body"><div class="document_${id}_1042 xe_content">
${v.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</div></div></div>
<div class="feedback" id="comment"><div class="fbHeader"><h2>댓글 <em>'${v.comments?.length ?? 0}'</em></h2></div>
<ul class="fbList">${comments}</ul></div></div>`,
  });
}

const g5Shell = (title, body) => `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>${esc(title)} > 자유게시판 | 골목 이웃</title>
<script>var g5_url = "https://www.golmok.or.kr"; var g5_bbs_url = "https://www.golmok.or.kr/bbs"; var g5_bo_table = "free";</script>
</head><body><div id="hd"><h1><a href="/">골목 이웃</a></h1></div><div id="container">${body}</div></body></html>`;

function g5Post(id) {
  return g5Shell(
    G5.title,
    `<article id="bo_v"><header><h2 id="bo_v_title"><span class="bo_v_tit">${esc(G5.title)}</span></h2></header>
<section id="bo_v_info"><div class="profile_info"><div class="profile_info_ct"><strong><span class="sv_member">골목지기</span></strong> <strong class="if_date"><span class="sound_only">작성일</span>25-03-03 11:20</strong></div></div></section>
<section id="bo_v_atc"><div id="bo_v_con">${G5.paragraphs.map((x) => `<p>${esc(x)}</p>`).join('')}</div></section></article>
<section id="bo_vc"><h2>댓글목록</h2><article id="c_${id}01"><div class="cm_wrap"><header><span class="sv_guest">이웃1</span> <span>(175.♡.2.9)</span> <span class="bo_vc_hdinfo"><time datetime="2025-03-03T12:00:00+09:00">25-03-03 12:00</time></span></header>
<div class="cmt_contents"><p>3번 자리 감사합니다.</p></div></div></article></section>`,
  );
}

/** GNUBoard5's alert page (bbs/alert.php) for a post that no longer exists: status 200. */
function g5Alert() {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>오류안내 페이지 | 골목 이웃</title></head><body>
<script>
alert("글이 존재하지 않습니다.\\n\\n글이 삭제되었거나 이동된 경우입니다.");
document.location.replace("./board.php?bo_table=free");
</script>
<noscript>
<div id="validation_check">
    <h1>다음 항목에 오류가 있습니다.</h1>
    <p class="cbg">글이 존재하지 않습니다.<br><br>글이 삭제되었거나 이동된 경우입니다.</p>
    <div class="btn_confirm"><a href="./board.php?bo_table=free">돌아가기</a></div>
</div>
</noscript>
</body></html>`;
}

const page = (body, status = 200) => ({ status, type: 'text/html; charset=utf-8', body });

/** The pages of this file's posts, or null. */
export function versionsRoute(host, u) {
  if ((host === 'www.ranknews.kr' || host === 'www.golmok.or.kr') && u.pathname === '/__versions') {
    setPostState(u.searchParams.get('post'), u.searchParams.get('state') ?? 'original');
    return { status: 200, type: 'text/plain; charset=utf-8', body: 'ok' };
  }
  if (host === 'www.ranknews.kr') {
    const id = Number(u.pathname.match(/^\/board\/(4750[01])$/)?.[1] ?? u.searchParams.get('document_srl'));
    if (id !== 47500 && id !== 47501) return null;
    const s = state[id];
    served.push(`${id} ${Date.now()} ${s === 'deleted' ? 404 : 200}`);
    if (s === 'deleted') return null; // the server's 404
    return page(xePost(id, id === 47501 ? OTHER : s === 'edited' ? XE.edited : XE.original));
  }
  if (host === 'www.golmok.or.kr' && u.pathname === '/bbs/board.php' && u.searchParams.get('bo_table') === 'free') {
    const id = Number(u.searchParams.get('wr_id'));
    if (id !== 7) return null;
    if (busy[id] > 0) {
      busy[id]--;
      served.push(`${id} ${Date.now()} 429`);
      return {
        status: 429,
        type: 'text/html; charset=utf-8',
        body: '<p>잠시 후 다시 시도해 주세요.</p>',
        headers: { 'retry-after': '1' },
      };
    }
    served.push(`${id} ${Date.now()} 200`);
    return page(state[id] === 'deleted' ? g5Alert() : g5Post(id));
  }
  return null;
}
