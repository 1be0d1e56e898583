import axe from 'axe-core';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type CommentsType from '@/components/sidepanel/Comments';
import type { SavedComment } from '@/lib/model';
import { getMessage } from '../../support/fake-extension';

const c = (id: string, parent: string | null, depth: number, author: string, byPoster = false): SavedComment => ({
  id,
  parent,
  depth,
  author,
  memberId: null,
  ip: null,
  dateText: '2025.02.05 13:40',
  date: '2025-02-05T13:40:00+09:00',
  text: `${author}의 댓글\n<b>굵게</b> 아님`,
  byPoster,
});
const comments = [
  c('1', null, 0, '독자1'),
  c('2', '1', 1, '글쓴이', true),
  c('3', '2', 2, '독자2'),
  c('4', null, 0, '독자3'),
  c('5', '4', 1, '글쓴이', true),
];

let host: HTMLElement;
let Comments: typeof CommentsType;
beforeEach(async () => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation(getMessage as never);
  vi.spyOn(browser.i18n, 'getUILanguage').mockReturnValue('en-US');
  // components/i18n.ts takes getMessage when it loads: load it after the mock.
  vi.resetModules();
  Comments = (await import('@/components/sidepanel/Comments')).default;
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
  vi.restoreAllMocks();
});

describe('comments in the reader', () => {
  it('a collapsed section whose heading gives the count; replies nested under what they answer', () => {
    render(<Comments comments={comments} />, host);
    const details = host.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(host.querySelector('summary')?.textContent).toBe('Comments (5)');
    const top = host.querySelectorAll(':scope details > ol > li');
    expect([...top].map((li) => li.getAttribute('data-comment-id'))).toEqual(['1', '4']);
    expect(
      host.querySelector('[data-comment-id="3"]')?.parentElement?.closest('li')?.getAttribute('data-comment-id'),
    ).toBe('2');
    // Text stays text: markup in a comment is not HTML.
    expect(host.querySelector('[data-comment-id="1"] .comment-text')?.innerHTML).toContain('&lt;b&gt;');
    expect(host.querySelector('[data-comment-id="2"] .comment-badge')?.textContent).toBe('Original poster');
  });

  it('"Original poster only" shows only the poster\'s comments, and says so when there are none', async () => {
    render(<Comments comments={comments} />, host);
    const box = host.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(box.closest('label')?.textContent).toContain('Original poster only');
    box.click();
    await new Promise((r) => setTimeout(r, 0));
    expect([...host.querySelectorAll('[data-comment-id]')].map((e) => e.getAttribute('data-comment-id'))).toEqual([
      '2',
      '5',
    ]);
    render(null, host);
    render(<Comments comments={comments.filter((x) => !x.byPoster)} />, host);
    host.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(host.textContent).toContain('The original poster wrote no comments.');
  });

  it('nothing at all for a post without comments; no axe violations', async () => {
    render(<Comments comments={[]} />, host);
    expect(host.innerHTML).toBe('');
    render(<Comments comments={comments} />, host);
    host.querySelector('details')!.open = true;
    const r = await axe.run(host, { resultTypes: ['violations'] });
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});
