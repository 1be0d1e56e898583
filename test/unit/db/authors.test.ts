/** Notes on authors and muted words: through the library service, into the change feed, forgotten when empty. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { authorsOf, mutedWords, muteForm } from '@/lib/db/authors';
import { changesSince } from '@/lib/db/feed';
import { LibraryService } from '@/lib/db/service';

let db: ScrapnoteDB;
let service: LibraryService;
const now = new Date('2026-12-07T09:00:00Z');
beforeEach(() => {
  db = new ScrapnoteDB(`authors-${Math.random()}`);
  service = new LibraryService(db, () => now);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

it('keeps a note and the muting apart, per site, and forgets an author left with neither', async () => {
  const bada = { host: 'ranknews.kr', authorId: 'm:11', name: '바다' };
  await service.setAuthor({ ...bada, note: '  부동산 글을 잘 씀  ' });
  await service.setAuthor({ ...bada, muted: true });
  // The same identity on another site is another author.
  await service.setAuthor({ ...bada, host: 'other.kr', note: '다른 사이트' });
  expect(await authorsOf(db, 'ranknews.kr')).toEqual([
    {
      key: 'ranknews.kr m:11',
      host: 'ranknews.kr',
      authorId: 'm:11',
      name: '바다',
      note: '부동산 글을 잘 씀',
      muted: 1,
      updatedAt: now.toISOString(),
    },
  ]);
  await service.setAuthor({ ...bada, muted: false });
  expect((await authorsOf(db, 'ranknews.kr'))[0]).not.toHaveProperty('muted');
  expect(await service.setAuthor({ ...bada, note: '' })).toBeNull();
  expect(await authorsOf(db, 'ranknews.kr')).toEqual([]);
  expect((await authorsOf(db)).map((a) => a.host)).toEqual(['other.kr']);
  const feed = (await changesSince(db, 0)).map((r) => r.changes.map((c) => [c.entity, c.id, c.op, c.key]));
  expect(feed).toEqual([
    [['author', 'ranknews.kr m:11', 'put', 'ranknews.kr']],
    [['author', 'ranknews.kr m:11', 'put', 'ranknews.kr']],
    [['author', 'other.kr m:11', 'put', 'other.kr']],
    [['author', 'ranknews.kr m:11', 'put', 'ranknews.kr']],
    [['author', 'ranknews.kr m:11', 'delete', 'ranknews.kr']],
  ]);
});

it('mutes words in one form (NFC, lower case), once, and refuses an empty word', async () => {
  let tick = 0;
  service = new LibraryService(db, () => new Date(now.getTime() + 1000 * tick++));
  expect(await service.setMutedWord('  광고 '.normalize('NFD'), true)).toBe('광고');
  expect(await service.setMutedWord('광고', true)).toBe('광고');
  await service.setMutedWord('SPAM', true);
  expect((await mutedWords(db)).map((w) => w.word)).toEqual(['광고', 'spam']);
  await service.setMutedWord('Spam', false);
  expect((await mutedWords(db)).map((w) => w.word)).toEqual(['광고']);
  await expect(service.setMutedWord('   ', true)).rejects.toThrow('empty');
  // Muting a muted word again wrote nothing: three writes in the feed.
  expect((await changesSince(db, 0)).map((r) => r.changes[0]!.op)).toEqual(['put', 'put', 'delete']);
  expect(muteForm('속보  단독')).toBe('속보 단독');
});
