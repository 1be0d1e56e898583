/** Markdown notes of many items as one zip (fflate, streamed into chunks). */
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { imageExtension } from '../images/collect';
import type { ExportItem } from './json';
import { DEFAULT_LABELS, itemToMarkdown, type MarkdownLabels, markdownFileName } from './markdown';

/** A zip entry's time: the item's last change, inside the range a zip can store. */
function zipTime(iso: string): number {
  const ms = Date.parse(iso);
  const min = Date.UTC(1980, 1, 1);
  const max = Date.UTC(2099, 11, 1);
  return Number.isNaN(ms) ? min : Math.min(max, Math.max(min, ms));
}

/** The bytes of a stored image for the zip. */
export interface ZipImage {
  hash: string;
  type: string;
  bytes: Uint8Array;
}

/** Where an image is in the zip, relative to the notes beside it: `images/<hash>.<ext>`. */
export const zipImagePath = (img: { hash: string; type: string }) => `images/${img.hash}.${imageExtension(img.type)}`;

/**
 * A zip with one Markdown note per item, built entry by entry, and the images the notes show
 * under `images/` (each once, by content hash, stored as they are: images are compressed
 * already), linked from the notes by relative paths. It yields to the event loop every 200 items
 * so the page stays responsive and progress can be shown.
 */
export async function markdownZip(
  items: ExportItem[],
  labels: MarkdownLabels = DEFAULT_LABELS,
  onProgress?: (done: number, total: number) => void,
  images: readonly ZipImage[] = [],
): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else chunks.push(data);
  });
  const used = new Set<string>();
  const files = new Map<string, string>();
  for (const img of images) {
    if (files.has(img.hash)) continue;
    const path = zipImagePath(img);
    files.set(img.hash, path);
    const entry = new ZipPassThrough(path);
    zip.add(entry);
    entry.push(img.bytes, true);
    if (failure) throw failure;
  }
  for (const [i, item] of items.entries()) {
    const entry = new ZipDeflate(markdownFileName(item.title, used, item.id), { level: 6 });
    entry.mtime = zipTime(item.updatedAt);
    zip.add(entry);
    entry.push(strToU8(itemToMarkdown(item, labels, files)), true);
    if (failure) throw failure;
    if ((i + 1) % 200 === 0) {
      onProgress?.(i + 1, items.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  zip.end();
  if (failure) throw failure;
  onProgress?.(items.length, items.length);
  return chunks;
}
