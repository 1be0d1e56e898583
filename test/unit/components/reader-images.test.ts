import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { readerFragment } from '@/components/sidepanel/readerHtml';

// A jsdom document: DOMPurify does not work in happy-dom.
function render(html: string, images?: Parameters<typeof readerFragment>[2]) {
  const doc = new JSDOM('<!doctype html><body></body>').window.document;
  const div = doc.createElement('div');
  div.append(readerFragment(html, doc, images));
  return div;
}

const HTML =
  '<p>본문</p><p><img src="https://img.kr/a.png#x" alt="항구"></p><p><img src="https://img.kr/gone.png" alt="지워진 사진"></p><p><img src="https://t.kr/p.gif" alt=""></p><p><img src="https://img.kr/a.png"></p>';

describe('reader images', () => {
  it('shows stored copies through their blob: URLs, a placeholder for the others, nothing for pixels and ads', () => {
    const div = render(HTML, {
      copies: new Map([['https://img.kr/a.png', 'blob:chrome-extension://x/1']]),
      hidden: new Set(['https://t.kr/p.gif']),
      missing: (alt) => (alt ? `Image not kept: ${alt}` : 'Image not kept'),
      openOriginal: 'open the original image',
    });
    const imgs = [...div.querySelectorAll('img')];
    expect(imgs.map((i) => [i.getAttribute('src'), i.getAttribute('data-original-src')])).toEqual([
      ['blob:chrome-extension://x/1', 'https://img.kr/a.png#x'],
      ['blob:chrome-extension://x/1', 'https://img.kr/a.png'],
    ]);
    const missing = div.querySelector('.img-missing')!;
    expect(missing.textContent).toBe('Image not kept: 지워진 사진 open the original image');
    const link = missing.querySelector('a')!;
    expect([link.getAttribute('href'), link.getAttribute('rel'), link.getAttribute('target')]).toEqual([
      'https://img.kr/gone.png',
      'noopener noreferrer',
      '_blank',
    ]);
    // No element left that would load anything from the network.
    expect(div.querySelector('img[src^="http"], [srcset]')).toBeNull();
    expect(div.innerHTML).not.toContain('t.kr/p.gif');
  });

  it('an item saved before images were kept loads its images as before (no referrer)', () => {
    const div = render(HTML);
    expect([...div.querySelectorAll('img')].map((i) => i.getAttribute('referrerpolicy'))).toEqual([
      'no-referrer',
      'no-referrer',
      'no-referrer',
      'no-referrer',
    ]);
  });

  it('a hostile alt text stays text in the placeholder', () => {
    const div = render('<img src="https://x.kr/a.png" alt="<img src=x onerror=alert(1)>">', {
      copies: new Map(),
      missing: (alt) => `Image not kept: ${alt}`,
      openOriginal: 'open',
    });
    expect(div.querySelector('.img-missing')!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(div.querySelectorAll('img')).toHaveLength(0);
  });
});
