import { describe, expect, it } from 'vitest';
import { isContentScript, isExtensionPage, sameDocument } from '@/lib/messaging/senders';

const ID = 'abcdefghijklmnop';
const BASE = `chrome-extension://${ID}/`;

describe('sender checks', () => {
  it('extension pages are ours, content scripts and other extensions are not', () => {
    expect(isExtensionPage({ id: ID, url: `${BASE}popup.html` }, ID, BASE)).toBe(true);
    expect(
      isExtensionPage({ id: ID, url: 'https://evil.example/', tab: { id: 3, url: 'https://evil.example/' } }, ID, BASE),
    ).toBe(false);
    expect(isExtensionPage({ id: 'other', url: `chrome-extension://other/popup.html` }, ID, BASE)).toBe(false);
  });

  it('content scripts are top frames of a tab', () => {
    expect(isContentScript({ id: ID, tab: { id: 1 }, frameId: 0 }, ID)).toBe(true);
    expect(isContentScript({ id: ID, tab: { id: 1 }, frameId: 4 }, ID)).toBe(false);
    expect(isContentScript({ id: ID }, ID)).toBe(false);
  });

  it('same document ignores the fragment only', () => {
    expect(sameDocument('https://a.kr/x?y=1#c', 'https://a.kr/x?y=1')).toBe(true);
    expect(sameDocument('https://a.kr/x?y=1', 'https://a.kr/x?y=2')).toBe(false);
    expect(sameDocument('not a url', 'https://a.kr/')).toBe(false);
  });
});
