/** Naver News article pages (n.news.naver.com/mnews/article/<oid>/<aid>). */
import { resolveKoreanDate } from '../dates/korean';
import { metaContent, pick, textOf } from './dom';
import { postIdentity } from './identity';
import type { ProfileArticle, ProfileMatch, SiteProfile } from './types';

/** Example URLs of Naver News articles. */
export const NAVER_EXAMPLES = [
  'https://n.news.naver.com/mnews/article/028/0002727273',
  'https://n.news.naver.com/article/028/0002727273?sid=104',
  'https://news.naver.com/main/read.naver?oid=028&aid=0002727273',
] as const;

const TITLE = ['h2.media_end_head_headline', '#title_area', '#articleTitle', 'h2.end_tit'];
const BODY = ['#dic_area', '#newsct_article', '#articleBodyContents', '#articeBody'];

/** Naver News detection (selectors and URL only). */
export function detectNaver(doc: Document, url: URL): ProfileMatch | null {
  const onNaver = /(^|\.)naver\.com$/i.test(url.hostname);
  // No body, no Naver article: the title selectors (whole-document misses elsewhere) are not read.
  const body = pick(doc, BODY);
  if (!body) return null;
  const title = pick(doc, TITLE);
  if (!title && !(onNaver && postIdentity(url)?.engine === 'naver')) return null;
  return { article: true, board: false, confidence: onNaver ? 0.95 : 0.8 };
}

function article(doc: Document, url: URL, now: Date): ProfileArticle | null {
  const body = pick(doc, BODY);
  if (!body) return null;
  const stamps = [...doc.querySelectorAll('.media_end_head_info_datestamp_time, span.t11')];
  const isModified = (s: Element) => s.hasAttribute('data-modify-date-time') || /MODIFY/.test(s.className);
  const published = stamps.find((s) => !isModified(s)) ?? null;
  const modified = stamps.find(isModified) ?? null;
  const at = (el: Element | null) =>
    resolveKoreanDate(el?.getAttribute('data-date-time') ?? el?.getAttribute('data-modify-date-time'), now) ??
    resolveKoreanDate(textOf(el), now);
  const reporters = [...doc.querySelectorAll('em.media_end_head_journalist_name, .byline_s')]
    .map((e) =>
      textOf(e)
        .replace(/\s*(기자|특파원|선임기자|논설위원).*$/, '')
        .trim(),
    )
    .filter((n) => /^[가-힣]{2,4}$/.test(n));
  const logo = doc.querySelector(
    '.media_end_head_top_logo img[title], img.media_end_head_top_logo_img, .press_logo img, .media_end_head_top_logo img',
  );
  const outlet =
    logo?.getAttribute('title') ||
    logo?.getAttribute('alt') ||
    metaContent(doc, 'twitter:creator')?.replace(/^@/, '') ||
    metaContent(doc, 'og:article:author')?.split('|')[0]?.trim() ||
    null;
  const bylineEl = doc.querySelector('.media_end_head_journalist, .byline');
  return {
    title: textOf(pick(doc, TITLE)) || metaContent(doc, 'og:title'),
    body,
    byline: bylineEl ? textOf(bylineEl) || null : null,
    authors: [...new Set(reporters)],
    publishedText: textOf(published) || null,
    publishedAt: at(published),
    modifiedAt: at(modified),
    siteName: outlet,
    postId: postIdentity(url)?.postId ?? null,
    strip: [
      '.media_end_summary_copyright',
      '.byline',
      '.reporter_area',
      '.copyright',
      'script',
      'style',
      '.vod_player_wrap',
    ],
  };
}

/** Naver News profile. */
export const naverProfile: SiteProfile = { id: 'naver', examples: NAVER_EXAMPLES, detect: detectNaver, article };
