import { describe, expect, it } from 'vitest';
import { pageTextArticle } from '@/lib/extract/fallback';

const doc = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('Save anyway text', () => {
  it('keeps title and paragraphs, drops scripts, nav and markup', () => {
    const a = pageTextArticle(
      doc(`<html><head><title>장바구니</title></head><body><nav>메뉴</nav><h1>장바구니</h1><script>window.x=1</script>
      <table><tr><td>겨울 장갑</td><td><img src=x onerror="alert(1)">12,000원</td></tr></table><p>주문 <b>안내</b></p></body></html>`),
    );
    expect(a?.title).toBe('장바구니');
    expect(a?.text.split('\n')).toEqual(['장바구니', '겨울 장갑 12,000원', '주문 안내']);
    expect(a?.html).not.toMatch(/onerror|<script|<img/);
    expect(a?.text).not.toMatch(/메뉴|window\.x/);
  });

  it('escapes text that looks like markup', () => {
    const a = pageTextArticle(doc('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'));
    expect(a?.html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('an empty page has nothing to save', () => {
    expect(pageTextArticle(doc('<body>  </body>'))).toBeNull();
  });
});
