import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { importText } from '@/lib/db/import';
import { getItem, upsertItem } from '@/lib/db/items';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import { itemToMarkdown } from '@/lib/export/markdown';
import { parseExport } from '@/lib/export/parse';
import type { SavedComment } from '@/lib/model';
import { makeItem } from '../../support/items';

const comments: SavedComment[] = [
  {
    id: '88301',
    parent: null,
    depth: 0,
    author: '부동산초보',
    memberId: '5120',
    ip: null,
    dateText: '2025.02.05 13:40',
    date: '2025-02-05T13:40:00+09:00',
    text: '경매 유예는 신청해야 적용되나요?',
    byPoster: false,
  },
  {
    id: '88302',
    parent: '88301',
    depth: 1,
    author: '세입자연대',
    memberId: '4412',
    ip: null,
    dateText: '2025.02.05 13:52',
    date: '2025-02-05T13:52:00+09:00',
    text: '네, 피해자 결정 후 신청해야 합니다.\n- 양식은 첨부 글에 있습니다. [링크](https://evil.example)',
    byPoster: true,
  },
  {
    id: 'p1-3',
    parent: null,
    depth: 0,
    author: '손님',
    memberId: null,
    ip: '121.130',
    dateText: '3분 전',
    date: null,
    text: '감사합니다',
    byPoster: false,
  },
];
const post = makeItem({ id: 'post-1', kind: 'post', canonicalKey: 'devclub.example.kr/88213', comments });

describe('comments in the exports', () => {
  it('JSON: every comment in the documented field order, items without comments have an empty list', () => {
    const file = JSON.parse(
      [
        ...exportChunks(exportHeader(new Date(0), '0'), [exportItem(post, []), exportItem(makeItem({ id: 'b' }), [])]),
      ].join(''),
    );
    expect(file.items[0].comments).toEqual(comments);
    expect(Object.keys(file.items[0].comments[0])).toEqual([
      'id',
      'parent',
      'depth',
      'author',
      'memberId',
      'ip',
      'dateText',
      'date',
      'text',
      'byPoster',
    ]);
    expect(file.items[1].comments).toEqual([]);
    expect(parseExport(file).rejected).toEqual([]);
  });

  it('JSON: a version 2 file imports with empty comments; a broken comment rejects only its item', () => {
    const file = JSON.parse([...exportChunks(exportHeader(new Date(0), '0'), [exportItem(post, [])])].join(''));
    const v2 = {
      ...file,
      version: 2,
      items: file.items.map(({ comments: _c, ...rest }: { comments: unknown }) => rest),
    };
    const parsed = parseExport(v2);
    expect(parsed.version).toBe(2);
    expect(parsed.items[0]?.comments).toEqual([]);
    const broken = structuredClone(file);
    broken.items[0].comments[1].depth = -1;
    expect(parseExport(broken).rejected[0]?.reason).toMatch(/^comments\.1\.depth/);
  });

  it('JSON: the comments survive export and import into another library', async () => {
    const a = new ScrapnoteDB(`comments-a-${Math.random()}`);
    const b = new ScrapnoteDB(`comments-b-${Math.random()}`);
    await upsertItem(a, post);
    const text = (await exportLibrary(a, new Date(), '0.1.0')).join('');
    await importText(b, text);
    expect((await getItem(b, 'post-1'))?.comments).toEqual(comments);
    a.close();
    b.close();
  });

  it('Markdown: a comments section, replies nested under what they answer, text escaped', () => {
    const md = itemToMarkdown(exportItem(post, []));
    const section = md.slice(md.indexOf('## Comments'));
    expect(section.split('\n').slice(0, 7)).toEqual([
      '## Comments (3)',
      '',
      '- **부동산초보** · 2025-02-05T13:40:00+09:00',
      '  경매 유예는 신청해야 적용되나요?',
      '  - **세입자연대** · 2025-02-05T13:52:00+09:00 · (original poster)',
      '    네, 피해자 결정 후 신청해야 합니다.',
      '    \\- 양식은 첨부 글에 있습니다. \\[링크\\](https\\://evil.example)',
    ]);
    expect(section).toContain('- **손님** · 3분 전\n  감사합니다');
    expect(itemToMarkdown(exportItem(makeItem(), []))).not.toContain('## Comments');
  });
});
