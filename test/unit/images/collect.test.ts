import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyzePage } from '@/lib/extract/analyze';
import { fetchImages, imageSize, imageUrls, isAdImage, itemImages, refererFor, sha256Hex } from '@/lib/images/collect';
import { IMAGE_URLS, IMAGES, imagesRoute, png } from '../../e2e/site/images.mjs';
import { NOW } from '../sites/fixtures';

const bytes = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('imageUrls', () => {
  it('lists the body images of an extracted post, absolute, in order, once each', () => {
    const url = IMAGE_URLS.post(21);
    const page = imagesRoute('www.sajinbang.kr', new URL(url))!;
    const doc = new JSDOM(String(page.body), { url }).window.document;
    const a = analyzePage(doc, url, NOW);
    expect(imageUrls(a.article!.html, url)).toEqual(
      ['harbor.png', 'lighthouse.png', 'gone.png', 'pixel.gif'].map((f) => IMAGE_URLS.image(`/data/editor/2502/${f}`)),
    );
  });

  it('reads serialized attributes: entities, relative URLs, no data: or script URLs, no sized pixels', () => {
    const html = [
      '<p><img src="/files/a.jpg?w=1&amp;h=2" alt="a"></p>',
      '<img alt="b" src="https://cdn.example.kr/b.png#frag">',
      '<img src="https://cdn.example.kr/b.png">',
      '<img src="data:image/png;base64,iVBORw0KGgo=">',
      '<img src="javascript:alert(1)">',
      '<img src="https://t.example/p.gif" width="1" height="1">',
      '<img src="">',
    ].join('');
    expect(imageUrls(html, 'https://www.example.kr/bbs/board.php?wr_id=1')).toEqual([
      'https://www.example.kr/files/a.jpg?w=1&h=2',
      'https://cdn.example.kr/b.png',
    ]);
  });
});

describe('refererFor', () => {
  it('sends what the browser sends by default (strict-origin-when-cross-origin)', () => {
    const page = 'https://www.example.kr/bbs/board.php?bo_table=free&wr_id=3#c_1';
    expect(refererFor('https://img.cdn.kr/a.png', page)).toBe('https://www.example.kr/');
    expect(refererFor('https://www.example.kr/data/a.png', page)).toBe(
      'https://www.example.kr/bbs/board.php?bo_table=free&wr_id=3',
    );
    expect(refererFor('http://img.cdn.kr/a.png', page)).toBeNull();
    expect(refererFor('http://img.cdn.kr/a.png', 'http://www.example.kr/1')).toBe('http://www.example.kr/');
  });
});

describe('imageSize', () => {
  it('reads PNG, GIF, JPEG and WebP headers', () => {
    expect(imageSize(png(64, 48, [1, 2, 3]))).toEqual({ width: 64, height: 48 });
    expect(imageSize(IMAGES['/data/editor/2502/pixel.gif']!)).toEqual({ width: 1, height: 1 });
    // A JPEG: SOI, an APP0 segment, then SOF0 with height 480 and width 640.
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03,
    ]);
    expect(imageSize(jpeg)).toEqual({ width: 640, height: 480 });
    const webp = new Uint8Array(30);
    webp.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58]);
    webp.set([99, 0, 0, 49, 0, 0], 24);
    expect(imageSize(webp)).toEqual({ width: 100, height: 50 });
    expect(imageSize(new TextEncoder().encode('<html>'))).toBeNull();
  });
});

/** A fetch of fixed answers by URL, counting requests. */
function fakeFetch(answers: Record<string, { status?: number; type?: string; body: Uint8Array | string }>) {
  const asked: string[] = [];
  const fn = async (url: string) => {
    asked.push(url);
    const a = answers[url];
    if (!a) return new Response('nope', { status: 404 });
    return new Response(typeof a.body === 'string' ? a.body : bytes(a.body), {
      status: a.status ?? 200,
      headers: a.type ? { 'content-type': a.type } : {},
    });
  };
  return { fn, asked };
}

describe('fetchImages', () => {
  const red = png(40, 30, [200, 0, 0]);
  const blue = png(30, 40, [0, 0, 200]);
  it('keeps each image once by content hash and says why the others have no copy', async () => {
    const { fn } = fakeFetch({
      'https://c.kr/a.png': { body: red, type: 'image/png' },
      'https://c.kr/a-again.png': { body: red, type: 'image/png' },
      'https://c.kr/b': { body: blue }, // no type: sniffed
      'https://c.kr/page.html': { body: '<html>', type: 'text/html' },
      'https://c.kr/refused.png': { body: 'no', status: 403, type: 'text/html' },
      'https://c.kr/p.gif': { body: IMAGES['/data/editor/2502/pixel.gif']!, type: 'image/gif' },
    });
    const urls = [
      'https://c.kr/a.png',
      'https://c.kr/a-again.png',
      'https://c.kr/b',
      'https://c.kr/page.html',
      'https://c.kr/refused.png',
      'https://c.kr/p.gif',
      'https://c.kr/missing.png',
    ];
    const { list, blobs } = await fetchImages(urls, { fetch: fn });
    const redHash = await sha256Hex(bytes(red));
    expect(list).toEqual([
      { url: urls[0], hash: redHash, size: red.length },
      { url: urls[1], hash: redHash, size: red.length },
      { url: urls[2], hash: await sha256Hex(bytes(blue)), size: blue.length },
      { url: urls[3], hash: null, size: 0, skipped: 'not-image' },
      { url: urls[4], hash: null, size: 0, skipped: 'failed' },
      { url: urls[5], hash: null, size: 0, skipped: 'pixel' },
      { url: urls[6], hash: null, size: 0, skipped: 'failed' },
    ]);
    expect(blobs.map((b) => [b.type, b.size])).toEqual([
      ['image/png', red.length],
      ['image/png', blue.length],
    ]);
    expect(new Uint8Array(await blobs[0]!.blob.arrayBuffer())).toEqual(new Uint8Array(red));
  });

  it('keeps the first images up to the item cap, refuses a single image over the image limit', async () => {
    const green = png(10, 10, [0, 200, 0]);
    expect(green.length).toBeLessThan(Math.min(red.length, blue.length));
    const { fn } = fakeFetch({
      'https://c.kr/1.png': { body: red, type: 'image/png' },
      'https://c.kr/2.png': { body: blue, type: 'image/png' },
      'https://c.kr/3.png': { body: green, type: 'image/png' },
    });
    const urls = ['https://c.kr/1.png', 'https://c.kr/2.png', 'https://c.kr/3.png'];
    const capped = await fetchImages(urls, { fetch: fn, capBytes: red.length + 10 });
    expect(capped.list.map((i) => i.skipped ?? 'kept')).toEqual(['kept', 'cap', 'cap']);
    const big = await fetchImages(urls, { fetch: fn, maxImageBytes: green.length });
    expect(big.list.map((i) => i.skipped ?? 'kept')).toEqual(['too-large', 'too-large', 'kept']);
  });

  it('gives up on an image that takes too long, and fetches a few at a time', async () => {
    let running = 0;
    let most = 0;
    const fn = (url: string, signal: AbortSignal) =>
      new Promise<Response>((resolve, reject) => {
        running++;
        most = Math.max(most, running);
        const done = () => {
          running--;
        };
        if (url.endsWith('slow.png')) {
          signal.addEventListener('abort', () => {
            done();
            reject(new DOMException('aborted', 'AbortError'));
          });
          return;
        }
        setTimeout(() => {
          done();
          resolve(new Response(bytes(red), { headers: { 'content-type': 'image/png' } }));
        }, 5);
      });
    const urls = ['https://c.kr/slow.png', ...Array.from({ length: 8 }, (_, i) => `https://c.kr/${i}.png`)];
    const { list } = await fetchImages(urls, { fetch: fn, timeoutMs: 50, concurrency: 3 });
    expect(list[0]).toEqual({ url: urls[0], hash: null, size: 0, skipped: 'failed' });
    expect(list.slice(1).every((i) => i.hash)).toBe(true);
    expect(most).toBe(3);
  });
});

describe('the images of real Korean news pages', () => {
  const dir = join(__dirname, '../../fixtures/corpus/articles');
  const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
  const url = 'https://news.example.kr/article/1';
  /** Each page's extracted body images, as saving lists them (every fetch answers a photo). */
  async function listOf(file: string) {
    const doc = new JSDOM(readFileSync(join(dir, file), 'utf8'), { url }).window.document;
    const a = analyzePage(doc, url, NOW);
    const photo = png(120, 80, [90, 90, 90]);
    const asked: string[] = [];
    const { list } = await itemImages(a.article?.html ?? '', url, {
      fetch: async (u) => {
        asked.push(u);
        return new Response(bytes(photo), { headers: { 'content-type': 'image/jpeg' } });
      },
    });
    return { list, asked };
  }

  it('keeps the photos of the body and leaves out ads and portal logos, unfetched', async () => {
    expect(pages.length).toBeGreaterThan(40);
    let photos = 0;
    for (const file of pages) {
      const { list, asked } = await listOf(file);
      for (const img of list) {
        const ad = /banner\/ad_|office_logo/.test(img.url);
        expect(img.skipped === 'ad', `${file}: ${img.url}`).toBe(ad);
        expect(asked.includes(img.url)).toBe(!ad);
        if (!ad) photos++;
      }
    }
    // 28 photos in the bodies of the corpus's articles (a change of extraction or of the corpus
    // shows here).
    expect(photos).toBe(28);
  });

  it('a regional paper: its photo, then the 광고 banner between paragraphs', async () => {
    const { list } = await listOf('regional-solmoe-education.html');
    expect(list.map((i) => [i.url, i.skipped ?? 'kept'])).toEqual([
      ['https://cdn.solmoe.kr/news/photo/202502/98765_1_v150.jpg', 'kept'],
      ['https://news.example.kr/banner/ad_300x250.jpg', 'ad'],
    ]);
  });

  it('isAdImage reads alt texts, ad servers and banner paths', () => {
    expect(isAdImage('https://a.kr/p/1.jpg', '광고')).toBe(true);
    expect(isAdImage('https://tpc.googlesyndication.com/simgad/1', '')).toBe(true);
    expect(isAdImage('https://img.kr/banners/top.gif', '')).toBe(true);
    expect(isAdImage('https://imgnews.pstatic.net/image/028/2025/02/05/0002727273_001.jpg', '')).toBe(false);
    expect(isAdImage('https://img.kr/news/photo/head_1.jpg', '광고판 앞의 시민들')).toBe(false);
  });
});
