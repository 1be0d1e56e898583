/** Builders for library records in tests. */
import type { ScrapnoteDB } from '@/lib/db';
import type { Highlight, SavedItem, SiteInfo } from '@/lib/model';

/** Fields to change in {@link makeItem}; a `site` without `via` gets `via: null`. */
export type ItemOverrides = Partial<Omit<SavedItem, 'site'>> & {
  site?: Omit<SiteInfo, 'via'> & Partial<Pick<SiteInfo, 'via'>>;
};

export function makeItem(over: ItemOverrides = {}): SavedItem {
  const id = over.id ?? 'item-1';
  const { site, ...rest } = over;
  return {
    id,
    kind: 'article',
    url: `https://n.news.naver.com/mnews/article/028/000273${id.length}000`,
    canonicalUrl: `https://n.news.naver.com/mnews/article/028/000273${id.length}000`,
    originalUrl: null,
    canonicalKey: `naver:028/${id}`,
    site: site
      ? { ...site, via: site.via ?? null }
      : { host: 'n.news.naver.com', name: '한겨레', engine: 'naver', via: null },
    board: null,
    title: '이시바·트럼프 첫 정상회담서 ‘AI 공동 개발’ 논의',
    byline: '도쿄/홍석재 특파원',
    authors: ['홍석재'],
    poster: null,
    publishedAt: '2025-02-05T14:32:00+09:00',
    publishedText: '2025.02.05. 오후 2:32',
    lang: 'ko',
    excerpt: '미·일 정상회담 의제',
    text: '오는 7일 예정된 이시바 시게루 일본 총리와 도널드 트럼프 미국 대통령의 첫 정상회담에서',
    html: '<p>오는 7일 예정된 이시바 시게루 일본 총리와 도널드 트럼프 미국 대통령의 첫 정상회담에서</p>',
    tags: ['AI', '일본'],
    note: '',
    savedAt: '2026-11-28T01:00:00.000Z',
    updatedAt: '2026-11-28T01:00:00.000Z',
    ...rest,
  };
}

export function makeHighlight(itemId: string, over: Partial<Highlight> = {}): Highlight {
  return {
    id: over.id ?? `${itemId}-h1`,
    itemId,
    color: 'yellow',
    note: '',
    createdAt: '2026-11-28T01:05:00.000Z',
    updatedAt: '2026-11-28T01:05:00.000Z',
    target: {
      source: 'https://n.news.naver.com/mnews/article/028/0002730000',
      selector: [
        { type: 'TextQuoteSelector', exact: '첫 정상회담', prefix: '트럼프 미국 대통령의 ', suffix: '에서' },
        { type: 'TextPositionSelector', start: 40, end: 46 },
      ],
    },
    ...over,
  };
}

/** Every stored highlight, in the rows' order. */
export async function allHighlights(db: ScrapnoteDB): Promise<Highlight[]> {
  return (await db.items.toArray()).flatMap((row) => row.highlights ?? []);
}
