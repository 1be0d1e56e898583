import { describe, expect, it } from 'vitest';
import type { SavedComment } from '@/lib/model';
import { allVersions, applyCheck, currentVersionId, firstVersionId, keepComments } from '@/lib/versions/check';
import { makeItem } from '../../support/items';

const comment = (id: string, text: string): SavedComment => ({
  id,
  parent: null,
  depth: 0,
  author: '독자',
  memberId: null,
  ip: null,
  dateText: null,
  date: null,
  text,
  byPoster: false,
});

const item = makeItem({
  id: 'a',
  title: '심야 운행 재개',
  text: '서울시가 심야 운행을 검토합니다.\n의견을 남겨 주세요.',
  html: '<p>서울시가 심야 운행을 검토합니다.</p><p>의견을 남겨 주세요.</p>',
  comments: [comment('1', '찬성합니다')],
});
const t1 = new Date('2026-12-07T01:00:00Z');
const t2 = new Date('2026-12-07T02:00:00Z');

describe('applyCheck', () => {
  it('unchanged: records the check time only, keeps new comments beside the old', () => {
    const { item: next, result } = applyCheck(
      item,
      {
        gone: false,
        version: { title: item.title, text: item.text, html: item.html, comments: [comment('2', '반대')] },
      },
      t1,
    );
    expect(result.outcome).toBe('unchanged');
    expect(result.commentsAdded).toBe(1);
    expect(next.checkedAt).toBe(t1.toISOString());
    expect(next.versions).toBeUndefined();
    expect(next.text).toBe(item.text);
    // The comment deleted at the source stays in the copy.
    expect(next.comments?.map((c) => c.id)).toEqual(['2', '1']);
  });

  it('changed: the old content becomes an earlier version, the new one the item', () => {
    const text = '서울시가 심야 운행을 새벽 2시까지 검토합니다.\n의견을 남겨 주세요.\n결과는 다음 주에 알립니다.';
    const { item: next, result } = applyCheck(
      item,
      { gone: false, version: { title: item.title, text, html: '<p>x</p>' } },
      t1,
    );
    expect(result).toMatchObject({ outcome: 'changed', counts: { added: 1, removed: 0, edited: 1 } });
    expect(next.versions).toEqual([
      { fetchedAt: item.savedAt, title: item.title, text: item.text, html: item.html, comments: item.comments },
    ]);
    expect(next.text).toBe(text);
    expect(next.fetchedAt).toBe(t1.toISOString());
    expect(currentVersionId(next)).toBe(t1.toISOString());
    expect(firstVersionId(next)).toBe(item.savedAt);
    expect(allVersions(next).map((v) => v.fetchedAt)).toEqual([item.savedAt, t1.toISOString()]);

    // Then gone: every version kept, and it stays marked since the first time it was found gone.
    const gone = applyCheck(next, { gone: true }, t2).item;
    expect(gone).toMatchObject({ status: 'gone', goneAt: t2.toISOString(), text });
    expect(gone.versions).toHaveLength(1);
    expect(applyCheck(gone, { gone: true }, new Date('2026-12-08T00:00:00Z')).item.goneAt).toBe(t2.toISOString());
    // Back at its source: no longer marked.
    const back = applyCheck(gone, { gone: false, version: { title: next.title, text, html: next.html } }, t2).item;
    expect(back.status).toBeUndefined();
    expect(back.goneAt).toBeUndefined();
  });

  it('keepComments keeps comments gone from the source after the current ones', () => {
    expect(
      keepComments([comment('1', 'a'), comment('2', 'b')], [comment('2', 'b'), comment('3', 'c')]).map((c) => c.id),
    ).toEqual(['2', '3', '1']);
  });
});
