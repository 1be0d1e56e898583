import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exportItem } from '@/lib/export/json';
import { escapeMarkdown, itemToMarkdown, markdownFileName, obsidianTag } from '@/lib/export/markdown';
import { markdownZip } from '@/lib/export/zip';
import { makeHighlight, makeItem } from '../../support/items';

const ATTACKS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '![x](https://evil.example/pixel.png)',
  '<https://evil.example>',
  '<javascript:alert(1)>',
  '[[Secret note]] ![[embed.png]]',
  '```\ncode\n```',
  '<iframe src="https://evil.example"></iframe>',
  '&lt;script&gt; stays text',
  '# not a heading',
  '> not a quote',
  '- not a list',
  '1. not a list',
  '    indented code',
  '---',
  '| a | b |\n|---|---|',
  '%%hidden%% ==mark== $x^2$ ~~strike~~ *em* _em_ #tag',
  '[^1]: footnote',
  '<!-- comment -->',
  'see www.evil.example or https://evil.example/x?a=1&b=2 or me@evil.example',
  'a\\\nb',
];

/** The text without control characters other than tab and newline (what the export drops). */
function withoutControls(s: string): string {
  return [...s]
    .filter((c) => {
      const n = c.codePointAt(0)!;
      return n === 9 || n === 10 || (n >= 32 && n !== 127);
    })
    .join('');
}

/** The body of a note rendered by a CommonMark+GFM renderer, as a DOM. */
function render(md: string): HTMLElement {
  const body = md.replace(/^---\n[\s\S]*?\n---\n/, '');
  const div = document.createElement('div');
  div.innerHTML = marked.parse(body, { async: false, gfm: true });
  return div;
}

function frontMatter(md: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (!m) throw new Error('no front matter');
  return parseYaml(m[1]!) as Record<string, unknown>;
}

const lineText = fc.oneof(
  fc.constantFrom(...ATTACKS.flatMap((a) => a.split('\n'))),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^[-+*>#\d.)\\[\]()<>!&;`~_=|:/@a-z ]{0,30}$/),
);

describe('Markdown export', () => {
  it('front matter carries title, URL, tags and dates, parsed back exactly by a YAML parser', () => {
    const item = exportItem(
      makeItem({ title: 'He said "hi": #1 \u2028 --- \n title', tags: ['AI', '경제 뉴스', 'C++'], note: '메모' }),
      [],
    );
    const fm = frontMatter(itemToMarkdown(item));
    expect(fm).toMatchObject({
      title: item.title,
      url: item.url,
      tags: ['AI', '경제_뉴스', 'C'],
      published: '2025-02-05T14:32:00+09:00',
      saved: item.savedAt,
      updated: item.updatedAt,
      author: '홍석재',
      site: '한겨레',
    });
  });

  it('any title survives the YAML front matter', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (title) => {
        const fm = frontMatter(itemToMarkdown(exportItem(makeItem({ title }), [])));
        expect(fm.title).toBe(withoutControls(title.toWellFormed()));
      }),
    );
  });

  it('page text renders as exactly that text: no HTML, links, images or embeds get through', () => {
    fc.assert(
      fc.property(fc.array(lineText, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.join('\n');
        const item = exportItem(makeItem({ text, title: lines[0]!, note: lines.at(-1)! }), [
          makeHighlight('item-1', {
            note: lines[0]!,
            target: {
              source: 'https://a.kr/',
              selector: [{ type: 'TextQuoteSelector', exact: text || 'x', prefix: '', suffix: '' }],
            },
          }),
        ]);
        const dom = render(itemToMarkdown(item));
        const tags = new Set([...dom.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()));
        for (const tag of tags) expect(['h1', 'h2', 'p', 'a', 'blockquote', 'br']).toContain(tag);
        // The one link is the source; bare addresses in the text stay text.
        const links = [...dom.querySelectorAll('a')];
        expect(links.map((a) => a.getAttribute('href'))).toEqual([item.url]);
        // White space around a line (a tab before a removed control character) is not its text.
        const paragraphs = [...dom.querySelectorAll(':scope > p')].map((p) => p.textContent?.trim());
        for (const line of text
          .split(/\r\n|\r|\n/)
          .map((l) => withoutControls(l).trim())
          .filter(Boolean)) {
          expect(paragraphs).toContain(line.toWellFormed());
        }
      }),
      { numRuns: 300, examples: [[['<script>alert(1)</script>', '!\t\u0000', '<script>alert(1)</script>']]] },
    );
  });

  it('highlights are quotes followed by their notes', () => {
    const item = exportItem(makeItem({ id: 'a' }), [
      makeHighlight('a', { note: '중요한 대목' }),
      makeHighlight('a', {
        id: 'h2',
        createdAt: '2026-11-28T02:00:00.000Z',
        target: {
          source: 'https://a.kr/',
          selector: [{ type: 'TextQuoteSelector', exact: '둘째 줄\n셋째 줄', prefix: '', suffix: '' }],
        },
      }),
    ]);
    const md = itemToMarkdown(item, { note: '메모', highlights: '하이라이트', source: '원문' });
    expect(md).toContain('## 하이라이트\n\n> 첫 정상회담\n\n중요한 대목\n\n> 둘째 줄\n>\n> 셋째 줄\n');
    expect(md).toContain(`원문: <${item.url}>`);
    const quotes = render(md).querySelectorAll('blockquote');
    expect(quotes).toHaveLength(2);
  });

  it('escapes what would start Markdown syntax', () => {
    expect(escapeMarkdown('<b>&x</b>')).toBe('&lt;b&gt;&amp;x&lt;/b&gt;');
    expect(escapeMarkdown('[a](b) *c* #d')).toBe('\\[a\\](b) \\*c\\* \\#d');
    expect(escapeMarkdown('  - 1. x')).toBe('\\- 1. x');
    expect(escapeMarkdown('2025. 2. 5.')).toBe('2025\\. 2. 5.');
    expect(escapeMarkdown('2025-02-05 (목)')).toBe('2025-02-05 (목)');
  });

  it('file names keep Hangul and drop what file systems and Obsidian forbid', () => {
    const used = new Set<string>();
    expect(markdownFileName('이시바·트럼프 "첫" 정상회담: AI/반도체? [속보] #1', used)).toBe(
      '이시바·트럼프 첫 정상회담 AI 반도체 속보 1.md',
    );
    expect(markdownFileName('이시바·트럼프 "첫" 정상회담: AI/반도체? [속보] #1', used)).toBe(
      '이시바·트럼프 첫 정상회담 AI 반도체 속보 1 (2).md',
    );
    expect(markdownFileName('\u1100\u1161', used)).toBe('가.md'); // NFD jamo become one syllable
    expect(markdownFileName('...', used, 'item-9')).toBe('item-9.md');
    expect(markdownFileName('CON', used)).toBe('CON_.md');
    expect([...markdownFileName('가'.repeat(300), used)].length).toBe(83);
    expect(obsidianTag(' 경제 뉴스 ')).toBe('경제_뉴스');
  });

  it('all items as one zip of notes with Hangul names', async () => {
    const items = [
      exportItem(makeItem({ id: 'a', title: '같은 제목' }), []),
      exportItem(makeItem({ id: 'b', title: '같은 제목' }), []),
      exportItem(makeItem({ id: 'c', title: '다른 글' }), []),
    ];
    const progress: number[] = [];
    const chunks = await markdownZip(items, undefined, (done) => progress.push(done));
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['다른 글.md', '같은 제목 (2).md', '같은 제목.md'].sort());
    expect(strFromU8(files['다른 글.md']!)).toBe(itemToMarkdown(items[2]!));
    expect(progress.at(-1)).toBe(3);
  });
});
