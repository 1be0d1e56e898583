/** Turn a page analysis into a library record. */
import type { ItemKind, PageAnalysis, SavedItem } from '../model';
import { mergeCommentPages } from './comments';

export interface NewItemOptions {
  id: string;
  now: Date;
  tags?: string[];
  note?: string;
}

/** The record to save for an analyzed page; throws when the page has no article to save. */
export function itemFromAnalysis(a: PageAnalysis, opts: NewItemOptions): SavedItem {
  const art = a.article;
  if (!art) throw new Error('No article text could be found on this page.');
  const current = a.board?.rows.find((r) => r.current);
  const kind: ItemKind = a.board || a.site.engine === 'xe' || a.site.engine === 'gnuboard' ? 'post' : 'article';
  const now = opts.now.toISOString();
  return {
    id: opts.id,
    kind: a.profile === 'naver' || a.profile === 'daum' ? 'article' : kind,
    url: a.url,
    canonicalUrl: a.canonicalUrl,
    originalUrl: a.originalUrl ?? null,
    canonicalKey: a.canonicalKey,
    site: a.site,
    board: a.board
      ? {
          name: a.board.name,
          url: a.board.url,
          postId: art.postId ?? current?.postId ?? null,
          number: current?.number ?? null,
        }
      : null,
    title: art.title,
    byline: art.byline,
    authors: art.authors,
    poster: art.poster,
    publishedAt: art.publishedAt,
    publishedText: art.publishedText,
    lang: art.lang,
    excerpt: art.excerpt,
    text: art.text,
    html: art.html,
    tags: opts.tags ?? [],
    note: opts.note ?? '',
    savedAt: now,
    updatedAt: now,
    // Threaded as a whole: a page read alone may start with a reply to the page before.
    ...(a.comments ? { comments: mergeCommentPages([a.comments]) } : {}),
  };
}
