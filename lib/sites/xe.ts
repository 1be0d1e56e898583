/**
 * XE / Rhymix boards: default, xedition and sketchbook5 skins (list and read pages), and the
 * default mobile skin's list (m.skins/default: `ul.lt > li`, one link per post).
 * Fingerprints: generator meta, `current_mid`/`request_uri` globals, `.xe_content`.
 */
import { resolveKoreanDate } from '../dates/korean';
import type { BoardData } from '../model';
import { hostName, inlineScriptMatches, metaContent, pick, siteNameOf, textOf } from './dom';
import { postIdentity, urlKey } from './identity';
import { boardFromRows, pageLinks, type RowSpec } from './rows';
import type { CommentSpec, ProfileArticle, ProfileMatch, SiteProfile } from './types';

/** Example URLs of XE / Rhymix pages. */
export const XE_EXAMPLES = [
  'https://www.rankingnews.example/index.php?mid=news&document_srl=47309123',
  'https://community.example.kr/board/1234567',
  'https://community.example.kr/index.php?mid=free&page=2',
  'https://community.example.kr/1234567',
] as const;

const LIST = '.board_list table, table.bd_lst, .bd_lst_wrp table';
/** The mobile skin's list: each item one link holding the title, the comment count, the author and the date. */
const MOBILE_LIST = 'ul.lt';
const READ = '.board_read, .rd, div.read_body, div.rd_body';
const CONTENT = '.xe_content, .rhymix_content';

function fingerprint(doc: Document): boolean {
  const gen = metaContent(doc, 'generator') ?? '';
  if (/rhymix|xpressengine|\bxe\b/i.test(gen)) return true;
  // One class per query: a single-class selector takes the browser's fast path, a list does not.
  if (doc.querySelector('.xe_content') || doc.querySelector('.rhymix_content')) return true;
  return inlineScriptMatches(doc, /\bcurrent_mid\b|\brequest_uri\b|\bxe\.current_lang\b/);
}

/** XE / Rhymix detection (generator meta, inline globals, skin selectors and URL only). */
export function detectXe(doc: Document, url: URL): ProfileMatch | null {
  // Most pages are not XE: the fingerprint (and the URL) decide before the skin selectors run.
  const known = fingerprint(doc);
  if (!known && !url.searchParams.has('mid') && !url.searchParams.has('document_srl')) return null;
  const list = doc.querySelector(LIST);
  const mobile = list ? null : doc.querySelector(MOBILE_LIST);
  const read = doc.querySelector(READ);
  const skinned = Boolean(list || read);
  if (!known && !skinned) return null;
  const article = Boolean(read?.querySelector(CONTENT) ?? (read && doc.querySelector(CONTENT)));
  // The mobile list counts only on a page the fingerprint knows (`ul.lt` is a common class).
  const board = Boolean(list?.querySelector('tbody tr td a[href]') ?? (known && mobile?.querySelector('li > a[href]')));
  if (!article && !board) return { article: false, board: false, confidence: 0.5 };
  return { article, board, confidence: skinned ? 0.95 : 0.7 };
}

const SPEC: RowSpec = {
  number: 'td.no',
  title: 'td.title',
  comments: '.replyNum',
  author: 'td.author',
  date: 'td.time, td.date, td.regdate',
  views: 'td.readNum, td.m_no',
  notice: '.notice, .notice_expand',
  titleNoise: '.category, .cate',
};

/** The mobile skin's item: the title is the link's text less the author, date, count and notice mark. */
const MOBILE_SPEC: RowSpec = {
  comments: 'a > em',
  author: '.auth strong',
  date: '.auth .time',
  notice: '.notice',
  titleNoise: '.auth, em, span.notice',
};

function board(doc: Document, url: URL, now: Date): BoardData | null {
  const table = doc.querySelector(LIST);
  const mobile = table ? null : doc.querySelector(MOBILE_LIST);
  if (mobile) {
    const name = textOf(pick(doc, ['.hx h2 a', '.hx h2'])) || null;
    return boardFromRows(
      [...mobile.querySelectorAll(':scope > li')],
      { base: url.href, now, pageKey: postIdentity(url) ? urlKey(url.href) : null, spec: MOBILE_SPEC },
      name,
      pageLinks(pick(doc, ['.pn', '.pagination']), url.href),
    );
  }
  if (!table) return null;
  const rows = [...table.querySelectorAll('tbody tr')].filter((r) => !r.matches('.no_article'));
  const name =
    textOf(pick(doc, ['.board_header h2', '.board_header h1', '.bd_hd h2', '.bd_tl h1', '.board_title', '.bd_tl'])) ||
    // The layout's menu marks the board being shown.
    textOf(pick(doc, ['.gnb li.active > a', '.gnb li.on > a', 'nav li.active > a', 'nav li.on > a', '#gnb .on > a'])) ||
    null;
  const pager = pick(doc, ['.pagination', 'form.bd_pg', '.bd_pg', '.paging']);
  return boardFromRows(
    rows,
    { base: url.href, now, pageKey: postIdentity(url) ? urlKey(url.href) : null, spec: SPEC },
    name,
    pageLinks(pager, url.href),
  );
}

function article(doc: Document, url: URL, now: Date): ProfileArticle | null {
  const read = doc.querySelector('.board_read, .rd') ?? doc.querySelector('div.read_body, div.rd_body')?.parentElement;
  const body = read?.querySelector(CONTENT) ?? doc.querySelector(`.read_body ${CONTENT}, .rd_body ${CONTENT}`);
  if (!read || !body) return null;
  const title = textOf(
    pick(read, ['.read_header h1 a', '.read_header h1', '.rd_hd h1 a', '.rd_hd h1', '.top_area h1', 'h1', 'h2']),
  );
  const dateEl = pick(read, [
    '.read_header .time',
    '.read_header .date',
    '.rd_hd .date',
    '.rd_hd .time',
    '.time',
    '.date',
  ]);
  const publishedText = textOf(dateEl) || null;
  const posterEl = pick(read, [
    '.read_header .author',
    '.rd_hd .nick',
    '.rd_hd .author',
    '[class*="member_"]',
    '.author',
  ]);
  const srl = /document_(\d+)_/.exec(body.className)?.[1] ?? postIdentity(url)?.postId ?? null;
  const published = metaContent(doc, 'article:published_time', 'og:article:published_time');
  return {
    title: title || null,
    body,
    poster: textOf(posterEl) || null,
    publishedText,
    publishedAt: resolveKoreanDate(published, now) ?? resolveKoreanDate(publishedText, now),
    modifiedAt: resolveKoreanDate(metaContent(doc, 'article:modified_time', 'og:article:modified_time'), now),
    siteName: siteNameOf(doc) ?? hostName(url),
    postId: srl,
    strip: ['.document_popup_menu', '.xe_content + .rd_ft', '.sign', '.signature'],
  };
}

/**
 * Comments: the default and xedition skins print `#comment ul.fbList > li.fbItem` (author
 * `.author`, member link `a.member_<srl>`, date `.time`, text `.xe_content`); sketchbook5 prints
 * `.fdb_lst li.fdb_itm` (author `a.nick.member_<srl>`, date `.date`). Replies follow what they
 * answer, indented by a margin per depth (`.re` on sketchbook5). Comment pages are `?cpage=N`
 * links in the comment block's pagination (default skin `.pagination`, sketchbook5 `.bd_pg`).
 */
const COMMENTS: CommentSpec = {
  list: '#comment, .feedback, .fdb_lst_wrp, .fdb_lst, #cmtPosition, .comment_list',
  item: 'li.fbItem, li.fdb_itm, div.fdb_itm, li[id^="comment_"]',
  author: '.author, .nick, [class*="member_"], .nickname',
  date: '.time, .date, .regdate',
  content: '.xe_content, .comment_content',
  pager: '.pagination, .bd_pg, .cmt_pg, .paging',
  pageParam: 'cpage',
  poster: '.read_header .author, .rd_hd .nick, .rd_hd [class*="member_"], .board_read [class*="member_"]',
};

/** XE / Rhymix profile. */
export const xeProfile: SiteProfile = {
  id: 'xe',
  examples: XE_EXAMPLES,
  detect: detectXe,
  board,
  article,
  comments: COMMENTS,
};
