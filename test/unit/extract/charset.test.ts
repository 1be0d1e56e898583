import { describe, expect, it } from 'vitest';
import { decodeHtml, headerCharset, metaCharset } from '@/lib/extract/charset';
import { encodeCp949 } from '../../e2e/site/copies.mjs';

const html = (head: string, body = '게시판 글 본문입니다. 가나다') =>
  `<!doctype html><html><head>${head}<title>제목</title></head><body>${body}</body></html>`;

describe('decoding fetched pages by their charset', () => {
  it('takes the HTTP header first', () => {
    const bytes = encodeCp949(html('<meta charset="utf-8">'));
    const d = decodeHtml(bytes, 'text/html; charset=EUC-KR');
    expect(d).toMatchObject({ charset: 'euc-kr', source: 'header' });
    expect(d.text).toContain('게시판 글 본문입니다. 가나다');
  });

  it("then the page's meta charset or http-equiv Content-Type", () => {
    const a = decodeHtml(encodeCp949(html('<meta charset="euc-kr">')), 'text/html');
    expect(a).toMatchObject({ charset: 'euc-kr', source: 'meta' });
    expect(a.text).toContain('가나다');
    const b = decodeHtml(
      encodeCp949(html('<meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">')),
      'text/html',
    );
    expect(b).toMatchObject({ charset: 'euc-kr', source: 'meta' });
    expect(b.text).not.toContain('\uFFFD');
  });

  it('reads labels Korean sites print that are not in the Encoding Standard (cp949, x-windows-949)', () => {
    expect(decodeHtml(encodeCp949(html('')), 'text/html; charset=cp949').charset).toBe('euc-kr');
    expect(decodeHtml(encodeCp949(html('<meta charset="x-windows-949">')), 'text/html').charset).toBe('euc-kr');
  });

  it('sniffs without any declaration: valid UTF-8 is UTF-8, anything else EUC-KR', () => {
    const utf8 = decodeHtml(new TextEncoder().encode(html('')), 'text/html');
    expect(utf8).toMatchObject({ charset: 'utf-8', source: 'sniff' });
    expect(utf8.text).toContain('가나다');
    const legacy = decodeHtml(encodeCp949(html('')), null);
    expect(legacy).toMatchObject({ charset: 'euc-kr', source: 'sniff' });
    expect(legacy.text).toContain('게시판 글 본문입니다. 가나다');
  });

  it('a byte order mark decides over everything; an unknown header label falls through to the meta', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(html('<meta charset="euc-kr">'))]);
    expect(decodeHtml(bom, 'text/html; charset=euc-kr')).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(decodeHtml(encodeCp949(html('<meta charset="euc-kr">')), 'text/html; charset=bogus')).toMatchObject({
      source: 'meta',
    });
  });

  it('parses the declarations', () => {
    expect(headerCharset('text/html;charset="utf-8"')).toBe('utf-8');
    expect(headerCharset('text/html')).toBeNull();
    expect(
      metaCharset(new TextEncoder().encode('<meta content="text/html; charset=euc-kr" http-equiv="content-type">')),
    ).toBe('euc-kr');
  });
});
