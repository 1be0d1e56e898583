/**
 * GNUBoard5 basic skin, PC (`#bo_list` table) and mobile (`#bo_list .list_01` items), and the
 * gallery skin (`#bo_gall #gall_ul li`): list and view (`#bo_v`) pages.
 * Fingerprints: `g5_url`/`g5_bbs_url`/`g5_bo_table` globals, `#bo_list`, `#bo_gall`, `#bo_v`.
 */
import { resolveKoreanDate } from '../dates/korean';
import type { BoardData } from '../model';
import { hostName, inlineScriptMatches, pick, siteNameOf, textOf } from './dom';
import { postIdentity, urlKey } from './identity';
import { boardFromRows, pageLinks, type RowSpec } from './rows';
import type { CommentSpec, ProfileArticle, ProfileMatch, SiteProfile } from './types';

/** Example URLs of GNUBoard5 pages. */
export const GNUBOARD_EXAMPLES = [
  'https://gb.example.kr/bbs/board.php?bo_table=free',
  'https://gb.example.kr/bbs/board.php?bo_table=free&wr_id=42',
  'https://gb.example.kr/free/42',
] as const;

/** GNUBoard5 detection (selectors, inline globals and URL only). */
export function detectGnuboard(doc: Document, url: URL): ProfileMatch | null {
  const list = doc.querySelector(LIST);
  const view = doc.querySelector('#bo_v');
  const globals = inlineScriptMatches(doc, /\bg5_(bbs_)?url\b|\bg5_bo_table\b/);
  if (!list && !view && !(globals && url.searchParams.has('bo_table'))) {
    return globals ? { article: false, board: false, confidence: 0.5 } : null;
  }
  const article = Boolean(view?.querySelector('#bo_v_con'));
  const board = Boolean(list?.querySelector(ROW_LINK));
  return { article, board, confidence: globals ? 0.95 : 0.85 };
}

/** The list: the basic skin's (PC and mobile), or the gallery skin's. */
const LIST = '#bo_list, #bo_gall';
/** A post link in a list row: the PC skin's table, the mobile skin's items, the gallery's cards. */
const ROW_LINK = 'tbody tr td a[href], .list_01 li a[href], #gall_ul li a[href]';
const ROWS = 'table tbody tr, .list_01 li, #gall_ul > li';

/**
 * Every skin puts the category link (`a.bo_cate_link`) before the post's own link, in the title
 * cell (PC: `td.td_subject > .bo_tit`; mobile: `.bo_cnt`; gallery: `.gall_text_href > a.bo_tit`);
 * the mobile and gallery skins keep the comment count and the notice icon inside the post link,
 * and the author and date in `.bo_info` (gallery: `.gall_info`, `.gall_date`).
 */
const SPEC: RowSpec = {
  number: 'td.td_num2',
  title: 'td.td_subject, .bo_cnt, .gall_text_href',
  titleLink: 'a.bo_subject, a.bo_tit, .bo_tit a, a',
  comments: '.cnt_cmt',
  author: 'td.td_name, .bo_info .sv_member, .bo_info .sv_guest, .gall_info .sv_member, .gall_info .sv_guest',
  views: 'td.td_num',
  date: 'td.td_datetime, .bo_date, .gall_date',
  notice: '.bo_notice',
  titleNoise: '.bo_cate_link, .notice_icon',
};

function board(doc: Document, url: URL, now: Date): BoardData | null {
  const list = doc.querySelector(LIST);
  if (!list) return null;
  const rows = [...list.querySelectorAll(ROWS)].filter((r) => !r.querySelector('td.empty_table, .empty_list'));
  const caption = textOf(list.querySelector('caption')).replace(/\s*목록$/, '');
  const name = caption || textOf(pick(doc, ['#container_title', '#bo_list_title'])) || null;
  return boardFromRows(
    rows,
    { base: url.href, now, pageKey: postIdentity(url) ? urlKey(url.href) : null, spec: SPEC },
    name,
    pageLinks(list.ownerDocument.querySelector('.pg_wrap, nav.pg_wrap'), url.href),
  );
}

function article(doc: Document, url: URL, now: Date): ProfileArticle | null {
  const view = doc.querySelector('#bo_v');
  const body = view?.querySelector('#bo_v_con');
  if (!view || !body) return null;
  const titleEl = view.querySelector('#bo_v_title .bo_v_tit') ?? view.querySelector('#bo_v_title');
  const title = titleEl ? textOf(titleEl) : '';
  const dateEl = view.querySelector('#bo_v_info .if_date');
  const publishedText = dateEl
    ? textOf(dateEl)
        .replace(/^작성일\s*/, '')
        .trim() || null
    : null;
  const poster = textOf(
    pick(view, ['#bo_v_info .sv_member', '#bo_v_info .sv_guest', '#bo_v_info .profile_info_ct strong']),
  );
  return {
    title: title || null,
    body,
    poster: poster || null,
    publishedText,
    publishedAt: resolveKoreanDate(publishedText, now),
    modifiedAt: null,
    siteName: siteNameOf(doc) ?? hostName(url),
    postId: postIdentity(url)?.postId ?? (doc.querySelector<HTMLInputElement>('input[name="wr_id"]')?.value || null),
  };
}

/**
 * Comments (basic skin, view_comment.skin.php): `section#bo_vc > article#c_<id>`, the author as
 * the side view (`a.sv_member` linking `profile.php?mb_id=`, or `span.sv_guest`) with the guest's
 * masked IP in parentheses (`(123.♡.45.67)`), the date in `time` (or `.bo_vc_hdinfo`), the text in
 * `.cmt_contents`, and a hidden copy of it in `textarea#save_comment_<id>` for editing. Replies
 * follow what they answer, indented 50px per depth (`style="margin-left:50px"`). GNUBoard5 shows
 * every comment on the post's page.
 */
const COMMENTS: CommentSpec = {
  list: '#bo_vc',
  item: 'article',
  author: '.sv_member, .sv_guest, .member, .guest',
  date: 'time, .bo_vc_hdinfo',
  content: '.cmt_contents',
  strip: ['textarea', 'input', 'button', 'form', '.bo_vc_act', '.bo_vc_w'],
  poster: '#bo_v_info .sv_member, #bo_v_info .sv_guest',
};

/** GNUBoard5 profile. */
export const gnuboardProfile: SiteProfile = {
  id: 'gnuboard',
  examples: GNUBOARD_EXAMPLES,
  detect: detectGnuboard,
  board,
  article,
  comments: COMMENTS,
};
