// @vitest-environment node
/**
 * Images in exports: the JSON export lists each item's images and, when asked, carries their
 * bytes once each (base64), which import checks against their hash and restores; the Markdown
 * zip holds the images under images/ with relative links from the notes.
 */
import 'fake-indexeddb/auto';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportFile } from '@/lib/db/export';
import type { ImageBlob } from '@/lib/db/images';
import { importText } from '@/lib/db/import';
import { getItem, upsertItem } from '@/lib/db/items';
import { sha256Hex } from '@/lib/images/collect';
import { png } from '../../e2e/site/images.mjs';
import { makeItem } from '../../support/items';

const dbs: ScrapnoteDB[] = [];
const fresh = () => {
  const db = new ScrapnoteDB(`export-images-${Math.random()}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function image(rgb: [number, number, number]): Promise<ImageBlob> {
  const bytes = png(8, 6, rgb);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return {
    hash: await sha256Hex(buf),
    blob: new Blob([buf], { type: 'image/png' }),
    type: 'image/png',
    size: bytes.length,
  };
}

const NOW = new Date('2026-12-08T00:00:00Z');
const text = async (parts: Array<string | Uint8Array | Blob>) =>
  (await Promise.all(parts.map((p) => (p instanceof Blob ? p.text() : typeof p === 'string' ? p : strFromU8(p))))).join(
    '',
  );

let db: ScrapnoteDB;
let red: ImageBlob;
let blue: ImageBlob;
beforeEach(async () => {
  db = fresh();
  red = await image([200, 0, 0]);
  blue = await image([0, 0, 200]);
  const html = (alt: string) =>
    `<p>본문</p><p><img src="https://img.example.kr/red.png" alt="${alt}"></p><p><img src="https://img.example.kr/gone.png" alt="사라진 사진"></p>`;
  await upsertItem(
    db,
    makeItem({
      id: 'a',
      canonicalKey: 'a',
      url: 'https://www.example.kr/bbs/board.php?bo_table=photo&wr_id=1',
      canonicalUrl: 'https://www.example.kr/bbs/board.php?bo_table=photo&wr_id=1',
      title: '사진 글 하나',
      html: html('빨간 사진'),
      images: [
        { url: 'https://img.example.kr/red.png', hash: red.hash, size: red.size },
        { url: 'https://img.example.kr/gone.png', hash: null, size: 0, skipped: 'failed' },
      ],
    }),
    NOW,
    [red],
  );
  await upsertItem(
    db,
    makeItem({
      id: 'b',
      canonicalKey: 'b',
      url: 'https://www.example.kr/bbs/board.php?bo_table=photo&wr_id=2',
      canonicalUrl: 'https://www.example.kr/bbs/board.php?bo_table=photo&wr_id=2',
      title: '사진 글 둘',
      html: '<p><img src="https://img.example.kr/red.png" alt="다시"><img src="https://img.example.kr/blue.png" alt="파랑"></p>',
      images: [
        { url: 'https://img.example.kr/red.png', hash: red.hash, size: red.size },
        { url: 'https://img.example.kr/blue.png', hash: blue.hash, size: blue.size },
      ],
    }),
    NOW,
    [blue],
  );
});

describe('JSON export with images', () => {
  it('lists the images of each item; carries no bytes unless asked', async () => {
    const file = JSON.parse(await text((await exportFile(db, 'json', { now: NOW, appVersion: '0' })).parts));
    expect(file.version).toBe(4);
    expect(file.items.map((i: { images: unknown[] }) => i.images.length)).toEqual([2, 2]);
    expect(file.images).toEqual([]);
  });

  it('carries each image once, and import into an empty library restores the items with their images', async () => {
    const out = await text((await exportFile(db, 'json', { now: NOW, appVersion: '0', includeImages: true })).parts);
    const file = JSON.parse(out);
    expect(file.images.map((i: { hash: string }) => i.hash)).toEqual([red.hash, blue.hash].sort());
    const other = fresh();
    const report = await importText(other, out);
    expect(report.items.added).toBe(2);
    expect(await other.images.count()).toBe(2);
    expect((await other.images.get(red.hash))!.items.sort()).toEqual(['a', 'b']);
    const bytes = new Uint8Array(await (await other.images.get(blue.hash))!.blob.arrayBuffer());
    expect(bytes).toEqual(new Uint8Array(await blue.blob.arrayBuffer()));
    expect((await getItem(other, 'a'))!.images).toEqual((await getItem(db, 'a'))!.images);
  });

  it('an image whose bytes do not match its hash is not stored; its items list it as not kept', async () => {
    const file = JSON.parse(
      await text((await exportFile(db, 'json', { now: NOW, appVersion: '0', includeImages: true })).parts),
    );
    const forged = file.images.find((i: { hash: string }) => i.hash === blue.hash);
    forged.data = file.images.find((i: { hash: string }) => i.hash === red.hash).data;
    forged.size = red.size;
    const other = fresh();
    await importText(other, JSON.stringify(file));
    expect(await other.images.count()).toBe(1);
    expect((await getItem(other, 'b'))!.images![1]).toEqual({
      url: 'https://img.example.kr/blue.png',
      hash: null,
      size: 0,
      skipped: 'failed',
    });
  });

  it('a version 3 file (no image lists) imports as items without images', async () => {
    const file = JSON.parse(await text((await exportFile(db, 'json', { now: NOW, appVersion: '0' })).parts));
    file.version = 3;
    for (const item of file.items) delete item.images;
    delete file.images;
    const other = fresh();
    expect((await importText(other, JSON.stringify(file))).items.added).toBe(2);
    expect((await getItem(other, 'a'))!.images).toBeUndefined();
  });
});

describe('Markdown export with images', () => {
  it('the zip holds each image once under images/, linked from the notes by relative paths', async () => {
    const file = await exportFile(db, 'markdown', { now: NOW, appVersion: '0' });
    expect(file.type).toBe('application/zip');
    const zip = unzipSync(new Uint8Array(await new Blob(file.parts).arrayBuffer()));
    const names = Object.keys(zip).sort();
    expect(names).toEqual(
      [`images/${blue.hash}.png`, `images/${red.hash}.png`, '사진 글 둘.md', '사진 글 하나.md'].sort(),
    );
    expect(zip[`images/${red.hash}.png`]).toEqual(new Uint8Array(await red.blob.arrayBuffer()));
    const one = strFromU8(zip['사진 글 하나.md']!);
    expect(one).toContain(`![빨간 사진](<images/${red.hash}.png>)`);
    expect(one).toContain('- 사라진 사진: <https://img.example.kr/gone.png>');
    expect(strFromU8(zip['사진 글 둘.md']!)).toContain(`![파랑](<images/${blue.hash}.png>)`);
  });

  it('one item with images is a zip too; one without stays a single note', async () => {
    const one = await exportFile(db, 'markdown', { now: NOW, appVersion: '0', ids: ['a'] });
    expect(one.type).toBe('application/zip');
    await upsertItem(db, makeItem({ id: 'c', canonicalKey: 'c', title: '글만' }), NOW);
    const plain = await exportFile(db, 'markdown', { now: NOW, appVersion: '0', ids: ['c'] });
    expect(plain.type).toBe('text/markdown');
  });
});
