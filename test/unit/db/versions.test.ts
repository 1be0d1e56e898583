/**
 * Checks written through the library service: each is one transaction with its feed row (the
 * views and sync hear it); a check of an item deleted meanwhile fails and writes nothing; saving
 * the post again from its page keeps the earlier versions.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { lastSeq } from '@/lib/db/feed';
import type { ChangeRow } from '@/lib/db/index';
import { LibraryService } from '@/lib/db/service';
import { makeItem } from '../../support/items';

let db: ScrapnoteDB;
let service: LibraryService;
const heard: ChangeRow[] = [];
let clock = new Date('2026-12-07T00:00:00Z');
beforeEach(() => {
  db = new ScrapnoteDB(`versions-service-${Math.random()}`);
  service = new LibraryService(db, () => clock);
  heard.length = 0;
  service.onChange((rows) => heard.push(...rows));
});
afterEach(() => db.close());

const item = makeItem({ id: 'a', text: '15일에 모입니다.\n주차 공간이 없습니다.' });

describe('LibraryService.recordCheck', () => {
  it('records each check in the feed; a check of a deleted item writes nothing', async () => {
    await service.save(item);
    clock = new Date('2026-12-07T01:00:00Z');
    const r = await service.recordCheck('a', {
      gone: false,
      version: { title: item.title, text: '22일에 모입니다.\n주차 공간이 없습니다.', html: '<p>22일</p>' },
    });
    expect(r).toMatchObject({ outcome: 'changed', counts: { added: 0, removed: 0, edited: 1 } });
    expect(heard.at(-1)?.changes).toEqual([
      { entity: 'item', id: 'a', itemId: 'a', op: 'put', key: item.canonicalKey },
    ]);
    const seq = await lastSeq(db);
    await service.deleteItems(['a']);
    await expect(service.recordCheck('a', { gone: true })).rejects.toThrow('This item was deleted.');
    expect(await lastSeq(db)).toBe(seq + 1);
  });

  it('saving the post again from its page keeps its versions, and the changed page as one more', async () => {
    await service.save(item);
    clock = new Date('2026-12-07T01:00:00Z');
    await service.recordCheck('a', {
      gone: false,
      version: { title: item.title, text: '22일에 모입니다.\n주차 공간이 없습니다.', html: '<p>22일</p>' },
    });
    clock = new Date('2026-12-08T00:00:00Z');
    const again = await service.save({ ...item, id: 'other', text: '29일에 모입니다.', html: '<p>29일</p>' });
    expect(again.id).toBe('a');
    expect(again.versions?.map((v) => v.text)).toEqual([item.text, '22일에 모입니다.\n주차 공간이 없습니다.']);
    expect(again.fetchedAt).toBe('2026-12-08T00:00:00.000Z');
    // Saved again unchanged: nothing more.
    const same = await service.save({ ...item, id: 'other', text: '29일에 모입니다.', html: '<p>29일</p>' });
    expect(same.versions).toHaveLength(2);
  });
});
