import { describe, expect, it } from 'vitest';
import type { SavedComment } from '@/lib/model';
import { diffVersions, goneAtSource, inlineDiff, similarity } from '@/lib/versions/diff';

const v1 = [
  '서울시가 지하철 심야 연장 운행을 다시 검토한다고 밝혔습니다.',
  '코로나 이후 중단됐던 새벽 1시까지의 연장 운행을 재개할지 의견을 모읍니다.',
  '찬성과 반대 의견을 댓글로 남겨 주세요.',
  '운영진이 정리해 시에 전달하겠습니다.',
].join('\n');
const v2 = [
  '서울시가 지하철 심야 연장 운행을 다시 검토한다고 밝혔습니다.',
  '[추가] 시의회도 다음 달 공청회를 엽니다.',
  '코로나 이후 중단됐던 새벽 2시까지의 연장 운행을 재개할지 의견을 모읍니다.',
  '운영진이 정리해 시에 전달하겠습니다.',
].join('\n');

const comment = (id: string, text: string): SavedComment => ({
  id,
  parent: null,
  depth: 0,
  author: '독자',
  memberId: null,
  ip: null,
  dateText: '2025.02.05 16:00',
  date: null,
  text,
  byPoster: false,
});

describe('what changed between two versions of a post', () => {
  const d = diffVersions(
    { title: '심야 운행 토론', text: v1, comments: [comment('1', '찬성'), comment('2', '반대')] },
    {
      title: '심야 운행 토론 (수정)',
      text: v2,
      comments: [comment('1', '찬성'), comment('2', '반대'), comment('3', '새 댓글')],
    },
  );

  it('paragraphs added, removed and edited, in the order of the newer text', () => {
    expect(d.changed).toBe(true);
    expect(d.counts).toEqual({ added: 1, removed: 1, edited: 1 });
    expect(d.paragraphs.map((p) => p.op)).toEqual(['same', 'added', 'edited', 'removed', 'same']);
    expect(d.paragraphs[1]).toEqual({ op: 'added', text: '[추가] 시의회도 다음 달 공청회를 엽니다.' });
    expect(d.paragraphs[3]).toEqual({ op: 'removed', text: '찬성과 반대 의견을 댓글로 남겨 주세요.' });
  });

  it('marks the edit inside the paragraph, by words', () => {
    const edited = d.paragraphs[2]!;
    expect(edited.op).toBe('edited');
    if (edited.op !== 'edited') return;
    const changedParts = edited.parts.filter((p) => p.op !== 'same');
    // Intl.Segmenter splits a number from the syllables after it: the edit marks only the number.
    expect(changedParts).toEqual([
      { op: 'removed', text: '1' },
      { op: 'added', text: '2' },
    ]);
    expect(
      edited.parts
        .filter((p) => p.op !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe(edited.before);
    expect(
      edited.parts
        .filter((p) => p.op !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe(edited.after);
  });

  it('the title, and the comments added since', () => {
    expect(d.title).toEqual({ before: '심야 운행 토론', after: '심야 운행 토론 (수정)' });
    expect(d.commentsAdded.map((c) => c.id)).toEqual(['3']);
  });

  it('unchanged text is no change, even with new comments; positional comment ids compare by content', () => {
    const same = diffVersions(
      { title: 't', text: v1, comments: [comment('p1-1', '가')] },
      { title: 't ', text: `${v1}\n`, comments: [comment('p1-1', '가'), comment('p1-2', '나')] },
    );
    expect(same.changed).toBe(false);
    expect(same.paragraphs.every((p) => p.op === 'same')).toBe(true);
    expect(same.commentsAdded.map((c) => c.text)).toEqual(['나']);
  });

  it('a rewritten paragraph with little in common is a removal and an addition, not an edit', () => {
    const r = diffVersions(
      { title: 't', text: '가나다라마바사 아자차카' },
      { title: 't', text: '완전히 다른 문장입니다' },
    );
    expect(r.paragraphs.map((p) => p.op)).toEqual(['removed', 'added']);
    expect(similarity('가나다라', '가나다라')).toBe(1);
    expect(inlineDiff('a b', 'a c').map((p) => p.op)).toEqual(['same', 'removed', 'added']);
  });
});

describe('a post gone at its source', () => {
  it('404 and 410 are gone; so is an engine deleted-post page; a live post is not', () => {
    expect(goneAtSource(404, '', false)).toBe(true);
    expect(goneAtSource(410, '', false)).toBe(true);
    expect(goneAtSource(200, '삭제된 게시물입니다.', false)).toBe(true);
    expect(goneAtSource(200, '요청하신 게시물은 존재하지 않습니다.', false)).toBe(true);
    expect(goneAtSource(200, 'alert("글이 존재하지 않습니다.\\n\\n글이 삭제되었거나 이동된 경우입니다.")', false)).toBe(
      true,
    );
    expect(goneAtSource(200, v1, true)).toBe(false);
    expect(goneAtSource(500, '', false)).toBe(false);
  });
});
