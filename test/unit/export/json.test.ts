import { describe, expect, it } from 'vitest';
import { EXPORT_VERSION, exportChunks, exportFileName, exportHeader, exportItem } from '@/lib/export/json';
import { makeHighlight, makeItem } from '../../support/items';

describe('JSON export', () => {
  it('chunks join into the documented file', () => {
    const items = [makeItem({ id: 'a' }), makeItem({ id: 'b', tags: [] })].map((i) =>
      exportItem(i, [makeHighlight(i.id)]),
    );
    const text = [...exportChunks(exportHeader(new Date('2026-11-28T00:00:00Z'), '0.1.0'), items)].join('');
    const file = JSON.parse(text);
    expect(file.format).toBe('scrapnote-export');
    expect(file.version).toBe(4);
    expect(EXPORT_VERSION).toBe(4);
    expect(file.exportedAt).toBe('2026-11-28T00:00:00.000Z');
    expect(file.app).toEqual({ name: 'Scrapnote', version: '0.1.0' });
    expect(file.items).toHaveLength(2);
    expect(Object.keys(file.items[0])).toEqual([
      'id',
      'kind',
      'url',
      'canonicalUrl',
      'originalUrl',
      'site',
      'board',
      'title',
      'byline',
      'authors',
      'poster',
      'publishedAt',
      'publishedText',
      'lang',
      'excerpt',
      'text',
      'html',
      'tags',
      'note',
      'savedAt',
      'updatedAt',
      'comments',
      'highlights',
    ]);
    expect(file.items[0].highlights[0].target.selector[0]).toMatchObject({ type: 'TextQuoteSelector' });
    expect(file.items[0]).not.toHaveProperty('canonicalKey');
    expect(Object.keys(file.items[0].site)).toEqual(['host', 'name', 'engine', 'via']);
    expect(file.items[0].originalUrl).toBeNull();
    expect(file.readingHistory).toEqual([]);
    expect(Object.keys(file)).toEqual([
      'format',
      'version',
      'exportedAt',
      'app',
      'items',
      'readingHistory',
      'authors',
      'mutedWords',
    ]);
  });

  it('writes the portal and the original article when known', () => {
    const item = makeItem({
      id: 'a',
      originalUrl: 'https://www.hani.co.kr/arti/1.html',
      site: { host: 'n.news.naver.com', name: '한겨레', engine: 'naver', via: '네이버 뉴스' },
    });
    const file = JSON.parse([...exportChunks(exportHeader(new Date(0), '0'), [exportItem(item, [])])].join(''));
    expect(file.items[0].site).toEqual({
      host: 'n.news.naver.com',
      name: '한겨레',
      engine: 'naver',
      via: '네이버 뉴스',
    });
    expect(file.items[0].originalUrl).toBe('https://www.hani.co.kr/arti/1.html');
  });

  it('an item stored before via and originalUrl existed exports them as null', () => {
    const { originalUrl: _o, ...old } = makeItem({ id: 'a' });
    const { via: _v, ...site } = old.site;
    const exported = exportItem({ ...old, site } as unknown as ReturnType<typeof makeItem>, []);
    expect(exported.originalUrl).toBeNull();
    expect(exported.site.via).toBeNull();
  });

  it('writes the reading history after the items, one compact line per entry, sorted by key', () => {
    const history = [
      { key: 'b.kr/2', url: 'https://b.kr/free/2', at: '2026-11-28T02:00:00.000Z', comments: 3 },
      { key: 'a.kr/1', url: 'https://a.kr/free/1', at: '2026-11-28T01:00:00.000Z', comments: null },
    ];
    const items = [exportItem(makeItem({ id: 'a' }), [])];
    const text = [...exportChunks(exportHeader(new Date(0), '0'), items, { readingHistory: history })].join('');
    const file = JSON.parse(text);
    expect(file.readingHistory).toEqual([history[1], history[0]]);
    const lines = text.split('\n');
    const at = lines.indexOf('  "readingHistory": [');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3).map((l) => JSON.parse(l.trim().replace(/,$/, '')).key)).toEqual([
      'a.kr/1',
      'b.kr/2',
    ]);
    expect(lines.slice(-5)).toEqual(['  ],', '  "authors": [],', '  "mutedWords": []', '}', '']);
    // Without items, too.
    expect(
      JSON.parse([...exportChunks(exportHeader(new Date(0), '0'), [], { readingHistory: history })].join(''))
        .readingHistory,
    ).toEqual([history[1], history[0]]);
  });

  it('writes one compact line per item under a readable header', () => {
    const items = [makeItem({ id: 'a' }), makeItem({ id: 'b', note: '줄\n바꿈' })].map((i) => exportItem(i, []));
    const lines = [...exportChunks(exportHeader(new Date(0), '0'), items)].join('').split('\n');
    expect(lines.slice(0, 3)).toEqual(['{', '  "format": "scrapnote-export",', '  "version": 4,']);
    const itemLines = lines.filter((l) => l.startsWith('    {'));
    expect(itemLines.map((l) => JSON.parse(l.replace(/,$/, '')).id)).toEqual(['a', 'b']);
    expect(lines.at(-1)).toBe('');
  });

  it('an empty library is still a valid file', () => {
    const text = [...exportChunks(exportHeader(new Date(0), '0'), [])].join('');
    expect(JSON.parse(text).items).toEqual([]);
    expect(JSON.parse(text).readingHistory).toEqual([]);
  });

  it('names the file in Korean with the local date', () => {
    expect(exportFileName(new Date(2026, 10, 28, 23, 59))).toBe('스크랩노트-2026-11-28.json');
  });
});
