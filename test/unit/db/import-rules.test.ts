/** Notes on authors and muted words through export and import: round trip, merge by time, bad entries rejected alone. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { authorsOf, mutedWords, setAuthor, setMutedWord } from '@/lib/db/authors';
import { exportFile, exportLibrary } from '@/lib/db/export';
import { changesSince, lastSeq } from '@/lib/db/feed';
import { importText } from '@/lib/db/import';
import { makeItem } from '../../support/items';
import { seed } from '../../support/library';

const NOW = new Date('2026-12-07T09:00:00.000Z');
const later = new Date('2026-12-07T10:00:00.000Z');
let dbs: ScrapnoteDB[] = [];
const fresh = () => {
  const db = new ScrapnoteDB(`rules-import-${Math.random()}`);
  dbs.push(db);
  return db;
};
const exportText = async (db: ScrapnoteDB) => (await exportLibrary(db, NOW, '0.1.0')).join('');
beforeEach(() => {
  dbs = [];
});
afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
});

it('a whole-library export carries them and an import into an empty library gives them back', async () => {
  const a = fresh();
  await setAuthor(a, { host: 'board.example.kr', authorId: 'm:4123', name: '바람돌이', note: '꼼꼼함' }, NOW);
  await setAuthor(a, { host: 'board.example.kr', authorId: 'g:ㅇㅇ@121.130', name: 'ㅇㅇ', muted: true }, NOW);
  await setMutedWord(a, '광고', true, NOW);
  const text = await exportText(a);
  const file = JSON.parse(text);
  expect(file.authors.map((x: { authorId: string; muted: boolean }) => [x.authorId, x.muted])).toEqual([
    ['g:ㅇㅇ@121.130', true],
    ['m:4123', false],
  ]);
  expect(file.mutedWords).toEqual([{ word: '광고', createdAt: NOW.toISOString() }]);

  const b = fresh();
  const report = await importText(b, text);
  expect(report.rules).toEqual({ added: 3, updated: 0, skipped: 0 });
  expect(await authorsOf(b)).toEqual(await authorsOf(a));
  expect(await mutedWords(b)).toEqual(await mutedWords(a));
  // One feed row names them; exporting again gives the same file.
  expect((await changesSince(b, 0)).at(-1)!.changes.map((c) => c.entity)).toEqual(['author', 'author', 'mute']);
  expect(await exportText(b)).toBe(text);
});

it('an author merges by updatedAt; a word the library has is skipped; an export of some items carries none', async () => {
  const a = fresh();
  await seed(a, { items: [makeItem({ id: 'x', canonicalKey: 'kx' })], highlights: [] });
  await setAuthor(a, { host: 'board.example.kr', authorId: 'm:1', name: '하나', note: '옛 메모' }, NOW);
  await setMutedWord(a, '광고', true, NOW);
  const text = await exportText(a);
  const b = fresh();
  await setAuthor(b, { host: 'board.example.kr', authorId: 'm:1', name: '하나', note: '새 메모' }, later);
  await setMutedWord(b, '광고', true, later);
  const seq = await lastSeq(b);
  const report = await importText(b, text);
  expect(report.rules).toEqual({ added: 0, updated: 0, skipped: 2 });
  expect((await authorsOf(b))[0]!.note).toBe('새 메모');
  // Only the item was written.
  expect((await changesSince(b, seq)).flatMap((r) => r.changes.map((c) => c.entity))).toEqual(['item']);

  const part = await exportFile(a, 'json', { ids: ['x'], now: NOW, appVersion: '0' });
  const some = JSON.parse(await new Blob(part.parts).text());
  expect([some.authors, some.mutedWords]).toEqual([[], []]);
});

it('bad and repeated entries are rejected alone, with where they are and why', async () => {
  const a = fresh();
  const text = (await exportText(a)).replace(
    '"authors": [],\n  "mutedWords": []',
    `"authors": [
    {"host":"b.kr","authorId":"m:7","name":"칠","note":"","muted":true,"updatedAt":"2026-12-07T09:00:00.000Z"},
    {"host":"b.kr","authorId":"칠","name":"칠","note":"","muted":true,"updatedAt":"2026-12-07T09:00:00.000Z"},
    {"host":"b.kr","authorId":"m:7","name":"칠","note":"다시","muted":false,"updatedAt":"2026-12-07T09:00:00.000Z"}
  ],
  "mutedWords": [{"word":"","createdAt":"2026-12-07T09:00:00.000Z"}, {"word":"낚시","createdAt":"2026-12-07T09:00:00.000Z"}]`,
  );
  const b = fresh();
  const report = await importText(b, text);
  expect(report.rules).toEqual({ added: 2, updated: 0, skipped: 0 });
  expect(report.rejectedHistory.map((r) => [r.list, r.index, r.reason.split(':')[0]])).toEqual([
    ['authors', 1, 'authorId'],
    ['authors', 2, 'repeated'],
    ['mutedWords', 0, 'word'],
  ]);
  expect((await authorsOf(b)).map((x) => [x.authorId, x.muted])).toEqual([['m:7', 1]]);
  expect((await mutedWords(b)).map((w) => w.word)).toEqual(['낚시']);
});

it('a note that sync made longer than typing allows (a conflict copy beside it) exports and imports whole', async () => {
  const a = fresh();
  const long = `${'가'.repeat(400)}\n── 충돌 사본 · Conflict copy ──\n${'나'.repeat(400)}`;
  await a.authors.put({
    key: 'b.kr m:7',
    host: 'b.kr',
    authorId: 'm:7',
    name: '칠',
    note: long,
    updatedAt: NOW.toISOString(),
  });
  const b = fresh();
  const report = await importText(b, await exportText(a));
  expect(report.rejectedHistory).toEqual([]);
  expect((await authorsOf(b))[0]!.note).toBe(long);
});
