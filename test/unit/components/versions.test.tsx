import axe from 'axe-core';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type * as VersionsModule from '@/components/sidepanel/Versions';
import type { ItemVersion } from '@/lib/model';
import { getMessage } from '../../support/fake-extension';

const v1: ItemVersion = {
  fetchedAt: '2026-12-01T00:00:00.000Z',
  title: '모임 안내',
  text: '3월 모임은 15일에 엽니다.\n주차 공간이 없습니다.',
  html: '',
};
const v2: ItemVersion = {
  fetchedAt: '2026-12-07T00:00:00.000Z',
  title: '모임 안내 (변경)',
  text: '3월 모임은 22일에 엽니다.\n장소가 바뀌면 알리겠습니다. <b>알림</b>',
  html: '',
};

let host: HTMLElement;
let Versions: typeof VersionsModule;
beforeEach(async () => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation(getMessage as never);
  vi.spyOn(browser.i18n, 'getUILanguage').mockReturnValue('en-US');
  vi.resetModules();
  Versions = await import('@/components/sidepanel/Versions');
  host = document.createElement('div');
  document.body.append(host);
});
afterEach(() => {
  render(null, host);
  host.remove();
  vi.restoreAllMocks();
});

describe('what changed, in the reader', () => {
  it('lists edited, removed and added paragraphs, the edit marked inside, the old title; text stays text', async () => {
    render(<Versions.Changes before={v1} after={v2} />, host);
    const items = [...host.querySelectorAll('li[data-op]')];
    expect(items.map((li) => li.getAttribute('data-op'))).toEqual(['edited', 'removed', 'added']);
    expect([...items[0]!.querySelectorAll('del')].map((e) => e.textContent).join('')).toMatch(/15/);
    expect([...items[0]!.querySelectorAll('ins')].map((e) => e.textContent).join('')).toMatch(/22/);
    expect(items[0]!.textContent).toContain('3월 모임은');
    expect(host.querySelector('.changed-title')?.textContent).toBe('Title was: 모임 안내');
    expect(items[2]!.innerHTML).toContain('&lt;b&gt;');
    const result = await axe.run(host, { rules: { region: { enabled: false } } });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });

  it('says what a check found', () => {
    const base = { itemId: 'a', checkedAt: '2026-12-07T00:00:00.000Z', commentsAdded: 0, titleChanged: false };
    expect(Versions.checkMessage({ ...base, outcome: 'changed', counts: { added: 1, removed: 2, edited: 3 } })).toBe(
      'Changed at the source: 1 added, 2 removed, 3 edited paragraphs; a new version is kept.',
    );
    expect(Versions.checkMessage({ ...base, outcome: 'gone', counts: { added: 0, removed: 0, edited: 0 } })).toMatch(
      /^Deleted at the source/,
    );
    expect(Versions.checkMessage({ itemId: 'a', outcome: 'failed', error: 'The site answered 500.' })).toBe(
      'Could not check: The site answered 500.',
    );
  });
});
