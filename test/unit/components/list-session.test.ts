/**
 * The board list handed from the popup to the side panel's reader (storage.session): read back as
 * written, its position moved within the list only, a damaged value read as none, and a position
 * past the list's end read as its last post.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { type ListReading, listSession } from '@/components/sidepanel/listSession';

const row = (n: number) => ({
  url: `https://www.ranknews.kr/board/${n}`,
  key: `ranknews.kr/${n}`,
  title: `글 ${n}`,
  author: 'ㅇㅇ',
  postId: String(n),
  number: n,
  comments: n % 3 ? n : null,
});
const READING: Omit<ListReading, 'at'> = {
  tabId: 4,
  board: { name: '뉴스게시판', url: 'https://www.ranknews.kr/board' },
  rows: [row(3), row(2), row(1)],
  index: 1,
};

beforeEach(() => fakeBrowser.reset());

describe('listSession', () => {
  it('hands a list over and moves within it only', async () => {
    expect(await listSession.get()).toBeNull();
    await listSession.start(READING);
    expect(await listSession.get()).toMatchObject({ ...READING, at: expect.any(Number) });
    await listSession.moveTo(2);
    expect((await listSession.get())?.index).toBe(2);
    await listSession.moveTo(3);
    await listSession.moveTo(-1);
    expect((await listSession.get())?.index).toBe(2);
    await listSession.clear();
    expect(await listSession.get()).toBeNull();
  });

  it('reads a damaged value as none and a position past the end as the last post', async () => {
    await fakeBrowser.storage.session.set({ 'scrapnote.listReading': { ...READING, rows: [] } });
    expect(await listSession.get()).toBeNull();
    await fakeBrowser.storage.session.set({
      'scrapnote.listReading': { ...READING, rows: [{ ...row(1), url: 'javascript:alert(1)' }], at: 1 },
    });
    expect(await listSession.get()).toBeNull();
    await fakeBrowser.storage.session.set({ 'scrapnote.listReading': { ...READING, index: 9, at: 1 } });
    expect((await listSession.get())?.index).toBe(2);
  });
});
