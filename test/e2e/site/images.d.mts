/** Types of the fixture photo board (test/e2e/site/images.mjs), for the unit tests that use it. */
export const IMAGE_URLS: { board: string; post: (id: number | string) => string; image: (path: string) => string };
export const IMAGE_POSTS: Record<string, { title: string; paragraphs: string[]; images: Array<[string, string]> }>;
export const IMAGES: Record<string, Uint8Array>;
export function imagesRoute(
  host: string,
  u: URL,
  headers?: Record<string, string>,
): { status: number; type: string; body: string | Uint8Array } | null;
export function png(width: number, height: number, rgb: [number, number, number]): Uint8Array;
