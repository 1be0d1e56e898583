import { describe, expect, it } from 'vitest';
import { exportChunks, exportFileName, exportHeader, exportItem } from '@/lib/export/json';
import { makeHighlight, makeItem } from '../../support/items';

describe('JSON export', () => {
  it('chunks join into the documented file', () => {
    const items = [makeItem({ id: 'a' }), makeItem({ id: 'b', tags: [] })].map((i) =>
      exportItem(i, [makeHighlight(i.id)]),
    );
    const text = [...exportChunks(exportHeader(new Date('2026-11-28T00:00:00Z'), '0.1.0'), items)].join('');
    const file = JSON.parse(text);
    expect(file.format).toBe('scrapnote-export');
    expect(file.version).toBe(1);
    expect(file.exportedAt).toBe('2026-11-28T00:00:00.000Z');
    expect(file.app).toEqual({ name: 'Scrapnote', version: '0.1.0' });
    expect(file.items).toHaveLength(2);
    expect(Object.keys(file.items[0])).toEqual([
      'id',
      'kind',
      'url',
      'canonicalUrl',
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
      'highlights',
    ]);
    expect(file.items[0].highlights[0].target.selector[0]).toMatchObject({ type: 'TextQuoteSelector' });
    expect(file.items[0]).not.toHaveProperty('canonicalKey');
  });

  it('writes one compact line per item under a readable header', () => {
    const items = [makeItem({ id: 'a' }), makeItem({ id: 'b', note: '줄\n바꿈' })].map((i) => exportItem(i, []));
    const lines = [...exportChunks(exportHeader(new Date(0), '0'), items)].join('').split('\n');
    expect(lines.slice(0, 3)).toEqual(['{', '  "format": "scrapnote-export",', '  "version": 1,']);
    const itemLines = lines.filter((l) => l.startsWith('    {'));
    expect(itemLines.map((l) => JSON.parse(l.replace(/,$/, '')).id)).toEqual(['a', 'b']);
    expect(lines.at(-1)).toBe('');
  });

  it('an empty library is still a valid file', () => {
    const text = [...exportChunks(exportHeader(new Date(0), '0'), [])].join('');
    expect(JSON.parse(text).items).toEqual([]);
  });

  it('names the file in Korean with the local date', () => {
    expect(exportFileName(new Date(2026, 10, 28, 23, 59))).toBe('스크랩노트-2026-11-28.json');
  });
});
