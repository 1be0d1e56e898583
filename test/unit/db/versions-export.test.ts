/**
 * Versions in the JSON export and import (format version 4): an item edited and then deleted at
 * its source exports every version (the last its own content), its check time and `status: 'gone'`,
 * and its highlights their version; importing the file into an empty library gives the same item
 * back; importing an older file (no versions) over it keeps the versions stored here.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromRow, ScrapnoteDB } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { addHighlight, highlightsOf } from '@/lib/db/highlights';
import { importText } from '@/lib/db/import';
import { upsertItem } from '@/lib/db/items';
import { recordCheck } from '@/lib/db/versions';
import { makeItem } from '../../support/items';

const NOW = new Date('2026-12-07T09:00:00Z');
let db: ScrapnoteDB;
beforeEach(() => {
  db = new ScrapnoteDB(`versions-${Math.random()}`);
});
afterEach(() => db.close());

const item = makeItem({
  id: 'a',
  title: '모임 안내',
  text: '15일에 모입니다.\n주차 공간이 없습니다.',
  html: '<p>15일</p>',
});

async function editedThenGone(): Promise<void> {
  await upsertItem(db, item, NOW);
  await addHighlight(db, {
    id: 'h1',
    itemId: 'a',
    color: 'yellow',
    source: item.url,
    selector: [{ type: 'TextQuoteSelector', exact: '주차 공간', prefix: '', suffix: '' }],
    now: NOW,
  });
  await recordCheck(
    db,
    'a',
    {
      gone: false,
      version: { title: '모임 안내 (변경)', text: '22일에 모입니다.\n주차 공간이 없습니다.', html: '<p>22일</p>' },
    },
    new Date('2026-12-07T10:00:00Z'),
  );
  await addHighlight(db, {
    id: 'h2',
    itemId: 'a',
    color: 'green',
    source: item.url,
    selector: [{ type: 'TextQuoteSelector', exact: '22일', prefix: '', suffix: '' }],
    now: new Date('2026-12-07T10:05:00Z'),
  });
  await recordCheck(db, 'a', { gone: true }, new Date('2026-12-07T11:00:00Z'));
}

describe('versions in the JSON export', () => {
  it('exports every version, the check time, the status and each highlight’s version, and imports them back', async () => {
    await editedThenGone();
    const text = (await exportLibrary(db, NOW, '0.1.0')).join('');
    const file = JSON.parse(text);
    expect(file.version).toBe(4);
    const [exported] = file.items;
    expect(exported.status).toBe('gone');
    expect(exported.goneAt).toBe('2026-12-07T11:00:00.000Z');
    expect(exported.checkedAt).toBe('2026-12-07T11:00:00.000Z');
    expect(
      exported.versions.map((v: { fetchedAt: string; title: string; text: string }) => [v.fetchedAt, v.title, v.text]),
    ).toEqual([
      [item.savedAt, '모임 안내', '15일에 모입니다.\n주차 공간이 없습니다.'],
      ['2026-12-07T10:00:00.000Z', '모임 안내 (변경)', '22일에 모입니다.\n주차 공간이 없습니다.'],
    ]);
    expect(exported.text).toBe('22일에 모입니다.\n주차 공간이 없습니다.');
    expect(exported.highlights.map((h: { id: string; version?: string }) => [h.id, h.version])).toEqual([
      ['h1', item.savedAt],
      ['h2', '2026-12-07T10:00:00.000Z'],
    ]);

    const other = new ScrapnoteDB(`versions-other-${Math.random()}`);
    try {
      const report = await importText(other, text, { now: NOW });
      expect(report.items.added).toBe(1);
      // The key is the URL's (the file has none) and an item without comments reads as none.
      const { canonicalKey: _k1, comments: _c1, ...back } = fromRow((await other.items.get('a'))!);
      const { canonicalKey: _k2, comments: _c2, ...here } = fromRow((await db.items.get('a'))!);
      expect(back).toEqual(here);
      expect(await highlightsOf(other, 'a')).toEqual(await highlightsOf(db, 'a'));
      // And it exports the same file again.
      expect((await exportLibrary(other, NOW, '0.1.0')).join('')).toBe(text);
    } finally {
      other.close();
    }
  });

  it('an older file without versions, newer than the stored item, keeps the versions stored here', async () => {
    await editedThenGone();
    const file = JSON.parse((await exportLibrary(db, NOW, '0.1.0')).join(''));
    const [exported] = file.items;
    const { versions: _v, checkedAt: _c, status: _s, goneAt: _g, ...plain } = exported;
    const v3 = { ...file, version: 3, items: [{ ...plain, note: '새 메모', updatedAt: '2026-12-08T00:00:00.000Z' }] };
    await importText(db, JSON.stringify(v3), { now: NOW });
    const row = (await db.items.get('a'))!;
    expect(row.note).toBe('새 메모');
    expect(row.versions?.map((v) => v.text)).toEqual(['15일에 모입니다.\n주차 공간이 없습니다.']);
    expect(row.fetchedAt).toBe('2026-12-07T10:00:00.000Z');
  });
});
