// @vitest-environment jsdom
/**
 * Reading a post fetched anew (as "Check again" does, in a DOMParser document of the background's
 * or the offscreen page's window): every profile fixture that is a post is read as a post, not as
 * gone; the engines' deleted-post pages are gone; a relative link resolves against the post.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goneAtSource } from '@/lib/versions/diff';
import { isGone, readFetchedComments, readFetchedPost } from '@/lib/versions/read';
import { hasSeed, load, NOW, PROFILE_FIXTURES } from '../sites/fixtures';

const win = window as unknown as Window & typeof globalThis;
const FIXTURES = join(import.meta.dirname, '../../fixtures');

describe('readFetchedPost', () => {
  // The seed page is built from the shared seed when it is there (test/unit/sites/fixtures.ts).
  const posts = PROFILE_FIXTURES.filter((f) => f.kind !== 'board' && (hasSeed || !f.file.includes('seed')));
  it.each(posts.map((f) => [f.file, f] as const))('%s is read as a post that is still there', (_name, f) => {
    const html = `<!doctype html>${load(f.file, f.url).documentElement.outerHTML}`;
    const { analysis, pageText } = readFetchedPost(html, f.url, NOW, win);
    expect(analysis.profile).toBe(f.profile);
    expect(analysis.article?.text.length).toBeGreaterThan(40);
    expect(goneAtSource(200, pageText, analysis.article !== null)).toBe(false);
    expect(isGone(200, { analysis, pageText })).toBe(false);
    // A board list below the post showing a deleted row does not make the post gone.
    const withRow = html.replace(
      '</body>',
      '<ul class="list"><li>삭제된 게시물입니다.</li><li>존재하지 않는 게시물입니다</li></ul></body>',
    );
    expect(isGone(200, readFetchedPost(withRow, f.url, NOW, win))).toBe(false);
    expect(isGone(404, { analysis, pageText })).toBe(true);
  });

  it("GNUBoard's alert page for a deleted post (status 200) is gone, from its script's alert text", () => {
    const html = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>오류안내 페이지 | 골목 이웃</title></head><body>
<script>alert("글이 존재하지 않습니다.\\n\\n글이 삭제되었거나 이동된 경우입니다.");document.location.replace("./board.php?bo_table=free");</script></body></html>`;
    const { analysis, pageText } = readFetchedPost(
      html,
      'https://golmok.example/bbs/board.php?bo_table=free&wr_id=7',
      NOW,
      win,
    );
    expect(analysis.article).toBeNull();
    expect(goneAtSource(200, pageText, false)).toBe(true);
    expect(isGone(200, { analysis, pageText })).toBe(true);
  });

  it("XE's message page for a deleted document is gone", () => {
    const html = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="generator" content="Rhymix"><title>랭크뉴스</title></head><body>
<div class="xe"><div class="body"><div class="content xe_content"><div class="message error"><p>삭제된 게시물입니다.</p></div></div></div></div></body></html>`;
    const { analysis, pageText } = readFetchedPost(html, 'https://ranknews.example/board/47501', NOW, win);
    expect(isGone(200, { analysis, pageText })).toBe(true);
  });

  it('resolves relative links against the post, not the page that parsed it', () => {
    const html = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>글</title></head><body><article><h1>글 제목</h1>
${'<p>동네 도서관이 밤 10시까지 문을 엽니다. 시범 운영 결과를 보고 다른 요일로 넓힐지 정합니다.</p>'.repeat(6)}
<p><a href="files/notice.pdf">첨부 파일</a></p></article></body></html>`;
    const { analysis } = readFetchedPost(html, 'https://library.example/board/12', NOW, win);
    expect(analysis.article?.html).toContain('https://library.example/board/files/notice.pdf');
  });

  it('reads the comments of a comment page', () => {
    const html = readFileSync(join(FIXTURES, 'comments/gnuboard5-comments.html'), 'utf8');
    const page = readFetchedComments(
      html,
      'https://fishing.example.kr/bbs/board.php?bo_table=free&wr_id=2981',
      NOW,
      win,
    );
    expect(page?.comments.length).toBeGreaterThan(0);
  });
});
