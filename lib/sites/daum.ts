/** Daum News article pages (v.daum.net/v/<id>). */
import { resolveKoreanDate } from '../dates/korean';
import { metaContent, textOf } from './dom';
import { postIdentity } from './identity';
import type { ProfileArticle, ProfileMatch, SiteProfile } from './types';

/** Example URLs of Daum News articles. */
export const DAUM_EXAMPLES = [
  'https://v.daum.net/v/20250205143200123',
  'https://v.daum.net/v/20250205080112345?f=o',
] as const;

/** Daum News detection (selectors and URL only). */
export function detectDaum(doc: Document, url: URL): ProfileMatch | null {
  // No body, no Daum article: the title selector (a whole-document miss elsewhere) is not read.
  const body = doc.querySelector('div.article_view');
  if (!body) return null;
  const title = doc.querySelector('h3.tit_view');
  if (!title && postIdentity(url)?.engine !== 'daum') return null;
  return { article: true, board: false, confidence: /daum\.net$/i.test(url.hostname) ? 0.95 : 0.8 };
}

function article(doc: Document, url: URL, now: Date): ProfileArticle | null {
  const view = doc.querySelector('div.article_view');
  const body = view?.querySelector('section') ?? view;
  if (!body) return null;
  const infos = [...doc.querySelectorAll('div.info_view span.txt_info')];
  const dated = infos.filter((s) => s.querySelector('.num_date'));
  const reporter = infos.find((s) => !s.querySelector('.num_date'));
  const dateText = (el: Element | undefined) => textOf(el?.querySelector('.num_date')) || null;
  const pub = dated.find((s) => /입력/.test(textOf(s))) ?? dated[0];
  const mod = dated.find((s) => /수정/.test(textOf(s)));
  const byline = reporter ? textOf(reporter) : null;
  const names = byline
    ? [...byline.matchAll(/([가-힣]{2,4})\s*(?:기자|특파원|선임기자|논설위원)/g)].map((m) => m[1]!)
    : [];
  return {
    title: textOf(doc.querySelector('h3.tit_view')) || metaContent(doc, 'og:title'),
    body,
    byline: byline || null,
    authors: names,
    publishedText: dateText(pub),
    publishedAt: resolveKoreanDate(metaContent(doc, 'og:regDate'), now) ?? resolveKoreanDate(dateText(pub), now),
    modifiedAt: resolveKoreanDate(dateText(mod), now),
    siteName:
      metaContent(doc, 'og:article:author', 'article:author') ??
      (doc.querySelector('#kakaoServiceLogo, .link_cp img')?.getAttribute('alt') || null),
    postId: postIdentity(url)?.postId ?? null,
    strip: ['.txt_copyright', '.box_copyright', 'script', 'style', '.link_figure .ico_view'],
  };
}

/** Daum News profile. */
export const daumProfile: SiteProfile = { id: 'daum', examples: DAUM_EXAMPLES, detect: detectDaum, article };
