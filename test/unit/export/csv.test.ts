import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardPostsCsvChunks, csvCell } from '@/lib/export/csv';
import { exportItem } from '@/lib/export/json';
import { makeItem } from '../../support/items';

/** An RFC 4180 reader, to check that what is written reads back. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('file does not end with CRLF');
  return rows;
}

const post = makeItem({
  id: 'p1',
  kind: 'post',
  title: '=HYPERLINK("http://evil.example","클릭"), 자유게시판 "공지"',
  url: 'https://www.clien.net/service/board/park/18000000',
  poster: '-닉네임',
  byline: null,
  publishedAt: '2026-11-27T21:05:00+09:00',
  board: { name: '모두의공원', url: 'https://www.clien.net/service/board/park', postId: '18000000', number: null },
  site: { host: 'clien.net', name: '클리앙', engine: 'generic' },
});

describe('CSV of board posts', () => {
  it('has a header, one row per post, BOM and CRLF; articles are left out', () => {
    const text = [...boardPostsCsvChunks([exportItem(post, []), exportItem(makeItem({ id: 'a' }), [])])].join('');
    expect(text.startsWith('\uFEFFtitle,url,author,date,board,site\r\n')).toBe(true);
    expect(readCsv(text.slice(1))).toEqual([
      ['title', 'url', 'author', 'date', 'board', 'site'],
      [
        `'=HYPERLINK("http://evil.example","클릭"), 자유게시판 "공지"`,
        post.url,
        "'-닉네임",
        '2026-11-27T21:05:00+09:00',
        '모두의공원',
        '클리앙',
      ],
    ]);
  });

  it('defuses formulas and quotes per RFC 4180', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+82 10')).toBe("'+82 10");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell('평범한 제목')).toBe('평범한 제목');
  });

  it('any cell reads back as written (with the formula guard)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { minLength: 1, maxLength: 5 }), (cells) => {
        const line = `${cells.map(csvCell).join(',')}\r\n`;
        const expected = cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c));
        expect(readCsv(line)).toEqual([expected]);
      }),
    );
  });
});
