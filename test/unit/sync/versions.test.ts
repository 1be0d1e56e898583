/**
 * Versions in sync documents: an item's earlier versions travel in its body document, so a tag
 * change, or a check that found the post unchanged, changes only the small item document; a new
 * version changes the body; the item comes back whole from the two documents.
 */
import { describe, expect, it } from 'vitest';
import { StampSource } from '@/lib/sync/hlc';
import { bodyDocId, itemDocId, itemOfDocs, itemStates, updateDoc } from '@/lib/sync/map';
import { applyCheck } from '@/lib/versions/check';
import { makeItem } from '../../support/items';

const stamps = new StampSource({ ms: 0, counter: 0 }, 'dev-1', () => 1_000);
const base = makeItem({ id: 'a', text: '15일에 모입니다.', html: '<p>15일에 모입니다.</p>' });
const edited = applyCheck(
  base,
  { gone: false, version: { title: base.title, text: '22일에 모입니다.', html: '<p>22일에 모입니다.</p>' } },
  new Date('2026-12-07T10:00:00Z'),
).item;

function docsOf(
  item: typeof base,
  prev?: { item?: ReturnType<typeof updateDoc>; body?: ReturnType<typeof updateDoc> },
) {
  const s = itemStates(item);
  return {
    item: updateDoc(prev?.item, { _id: itemDocId(item.id), kind: 'item', rid: item.id }, s.item, stamps),
    body: updateDoc(prev?.body, { _id: bodyDocId(item.id), kind: 'body', rid: item.id, item: item.id }, s.body, stamps),
  };
}

describe('versions in sync documents', () => {
  it('live in the body document; a tag change or an unchanged check leaves the body alone', () => {
    const first = docsOf(edited);
    expect(first.body?.f.versions?.v).toEqual(edited.versions);
    expect(first.item?.f.versions).toBeUndefined();
    const tagged = docsOf({ ...edited, tags: [...edited.tags, '모임'] }, first);
    expect(tagged.item).toBeDefined();
    expect(tagged.body).toBeUndefined();
    const checked = applyCheck(
      edited,
      { gone: false, version: { title: edited.title, text: edited.text, html: edited.html } },
      new Date('2026-12-08T00:00:00Z'),
    ).item;
    const again = docsOf(checked, first);
    expect(again.item?.f.checkedAt?.v).toBe('2026-12-08T00:00:00.000Z');
    expect(again.body).toBeUndefined();
    expect(itemOfDocs(first.item, first.body)).toEqual(edited);
  });
});
