/**
 * The images of a saved item's body and fetching their copies. Pure: the HTML, the page URL and
 * the fetch function are arguments (the background gives a fetch that sends the page as referrer,
 * entrypoints/background/images.ts), so this runs anywhere, a service worker without a DOM too.
 *
 * The HTML is the extracted article (Readability's body, sanitized by DOMPurify and serialized by
 * a DOM), so an image is an `<img src="...">` with its attribute double-quoted and `&`, `"`, `<`,
 * `>` and no-break spaces escaped: what the DOM's serializer writes. Ads, trackers and the page's
 * chrome are not in it; tracking pixels that are (1×1) are left out by their size attributes.
 */
import type { ItemImage } from '../model';
import { runQueue } from '../queue';

/** One image bigger than this is not kept (its URL stays in the list, `too-large`). */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** Default bytes of images one item may keep (the images after it are `cap`). */
export const DEFAULT_ITEM_CAP_BYTES = 30 * 1024 * 1024;
/** Images of one item fetched at once (per item; bulk saves run items one or two at a time). */
export const IMAGE_CONCURRENCY = 3;
/** How long one image may take. */
export const IMAGE_TIMEOUT_MS = 20_000;
/** At most this many images per item (a gallery post with more keeps the first ones). */
export const MAX_IMAGES_PER_ITEM = 200;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', nbsp: '\u00a0', apos: "'" };

function decodeAttr(value: string): string {
  return value.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The value of attribute `name` in one serialized start tag, or null. */
function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!m) return null;
  return decodeAttr(m[1] ?? m[2] ?? m[3] ?? '');
}

/** A width or height attribute that says the image is a pixel (0, 1 or 2 px). */
function tiny(value: string | null): boolean {
  return value !== null && /^\s*[0-2](?:px)?\s*$/i.test(value);
}

/**
 * The absolute http(s) URLs of the images in an article's HTML, in order, without repeats.
 * Relative URLs resolve against `baseUrl`; data: URLs are already inside the HTML (nothing to
 * fetch); 1×1 and 2×2 pixels are left out.
 */
export function imageUrls(html: string, baseUrl: string): string[] {
  return imageTags(html, baseUrl).map((t) => t.url);
}

/** {@link imageUrls} with each image's alt text (the first one, for an image shown twice). */
export function imageTags(html: string, baseUrl: string): Array<{ url: string; alt: string }> {
  const out: Array<{ url: string; alt: string }> = [];
  for (const m of html.matchAll(/<img\b[^>]*>/gi)) {
    const tag = m[0];
    const src = attr(tag, 'src')?.trim();
    if (!src) continue;
    if (tiny(attr(tag, 'width')) && tiny(attr(tag, 'height'))) continue;
    let url: URL;
    try {
      url = new URL(src, baseUrl);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    url.hash = '';
    if (!out.some((t) => t.url === url.href)) out.push({ url: url.href, alt: attr(tag, 'alt')?.trim() ?? '' });
    if (out.length >= MAX_IMAGES_PER_ITEM) break;
  }
  return out;
}

/**
 * The Referer a browser sends for an image of `pageUrl` under its default policy
 * (strict-origin-when-cross-origin): the page itself on its own origin, the page's origin on
 * another, nothing from https to http. Saving sends what showing the page sent, no more.
 */
export function refererFor(imageUrl: string, pageUrl: string): string | null {
  try {
    const page = new URL(pageUrl);
    const image = new URL(imageUrl);
    if (page.protocol === 'https:' && image.protocol !== 'https:') return null;
    if (page.origin === image.origin) {
      page.hash = '';
      return page.href;
    }
    return `${page.origin}/`;
  } catch {
    return null;
  }
}

/**
 * Width and height of a PNG, GIF, JPEG or WebP from its header, or null when unknown (another
 * format, or a header this does not read): enough to tell a tracking pixel from a picture.
 */
export function imageSize(b: Uint8Array): { width: number; height: number } | null {
  const u16be = (i: number) => (b[i]! << 8) | b[i + 1]!;
  const u16le = (i: number) => b[i]! | (b[i + 1]! << 8);
  const u24le = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
  const u32be = (i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[12] === 0x49 && b[13] === 0x48)
    return { width: u32be(16), height: u32be(20) };
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return { width: u16le(6), height: u16le(8) };
  if (b.length >= 30 && b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45) {
    const kind = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
    if (kind === 'VP8X') return { width: u24le(24) + 1, height: u24le(27) + 1 };
    if (kind === 'VP8L') {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (kind === 'VP8 ') return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    return null;
  }
  if (b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      // Start of frame (baseline, progressive...; not DHT, JPG or DAC): height, then width.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: u16be(i + 7), height: u16be(i + 5) };
      i += 2 + u16be(i + 2);
    }
  }
  return null;
}

/** SHA-256 of bytes, as 64 lower-case hex digits (Web Crypto). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The bytes of an image and what they are, ready to store. */
export interface FetchedImage {
  hash: string;
  blob: Blob;
  type: string;
  size: number;
}

export interface FetchImagesOptions {
  /** Fetches one image URL (with the page as referrer where the platform allows it). */
  fetch: (url: string, signal: AbortSignal) => Promise<Response>;
  /** Bytes all the item's images may take together. */
  capBytes?: number;
  maxImageBytes?: number;
  concurrency?: number;
  timeoutMs?: number;
}

/** An item's image list and the bytes of the images kept. */
export interface FetchedImages {
  list: ItemImage[];
  blobs: FetchedImage[];
}

/** Image types kept; an answer of another type (an HTML error page, a script) is not an image. */
const IMAGE_TYPE = /^image\/(?:png|jpe?g|gif|webp|avif|bmp|svg\+xml|x-icon|vnd\.microsoft\.icon)$/i;

/** What the first bytes say the image is, when the server's type is missing or generic. */
function sniffType(b: Uint8Array): string | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'image/gif';
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45)
    return 'image/webp';
  if (b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70 && b[8] === 0x61 && b[9] === 0x76)
    return 'image/avif';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp';
  return null;
}

/**
 * Fetch the images of one item, a few at a time, each within a time limit; an image that fails,
 * is not an image, or is too large is listed without a copy (`skipped` says why), and so is every
 * image past the item's cap (counted in page order, so the first images are the ones kept).
 */
export async function fetchImages(urls: readonly string[], opts: FetchImagesOptions): Promise<FetchedImages> {
  const cap = opts.capBytes ?? DEFAULT_ITEM_CAP_BYTES;
  const maxImage = Math.min(opts.maxImageBytes ?? MAX_IMAGE_BYTES, cap);
  const timeoutMs = opts.timeoutMs ?? IMAGE_TIMEOUT_MS;
  type Got = { ok: true; image: FetchedImage } | { ok: false; skipped: ItemImage['skipped'] };
  const got: Got[] = new Array(urls.length);
  await runQueue(
    urls,
    async (url) => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        const res = await opts.fetch(url, abort.signal);
        if (!res.ok) return { ok: true as const, value: { ok: false, skipped: 'failed' } as Got };
        const length = Number(res.headers.get('content-length'));
        if (length > maxImage) {
          abort.abort();
          return { ok: true as const, value: { ok: false, skipped: 'too-large' } as Got };
        }
        const bytes = await res.arrayBuffer();
        if (bytes.byteLength === 0) return { ok: true as const, value: { ok: false, skipped: 'failed' } as Got };
        if (bytes.byteLength > maxImage)
          return { ok: true as const, value: { ok: false, skipped: 'too-large' } as Got };
        const declared = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        const type = IMAGE_TYPE.test(declared)
          ? declared
          : sniffType(new Uint8Array(bytes, 0, Math.min(16, bytes.byteLength)));
        if (!type) return { ok: true as const, value: { ok: false, skipped: 'not-image' } as Got };
        const size = imageSize(new Uint8Array(bytes, 0, Math.min(64 * 1024, bytes.byteLength)));
        // A tracking pixel (1×1, 2×2) is not part of the article.
        if (size && size.width <= 2 && size.height <= 2)
          return { ok: true as const, value: { ok: false, skipped: 'pixel' } as Got };
        const hash = await sha256Hex(bytes);
        return {
          ok: true as const,
          value: { ok: true, image: { hash, blob: new Blob([bytes], { type }), type, size: bytes.byteLength } } as Got,
        };
      } catch {
        return { ok: true as const, value: { ok: false, skipped: 'failed' } as Got };
      } finally {
        clearTimeout(timer);
      }
    },
    { concurrency: opts.concurrency ?? IMAGE_CONCURRENCY, spacingMs: 0 },
    (_url, outcome, i) => {
      got[i] = outcome.ok ? outcome.value : { ok: false, skipped: 'failed' };
    },
  );
  const list: ItemImage[] = [];
  const blobs = new Map<string, FetchedImage>();
  let used = 0;
  urls.forEach((url, i) => {
    const g = got[i] ?? { ok: false, skipped: 'failed' };
    if (!g.ok) {
      list.push({ url, hash: null, size: 0, skipped: g.skipped });
      return;
    }
    const { image } = g;
    // The same bytes twice in one item count once.
    if (!blobs.has(image.hash)) {
      if (used + image.size > cap) {
        list.push({ url, hash: null, size: 0, skipped: 'cap' });
        return;
      }
      used += image.size;
      blobs.set(image.hash, image);
    }
    list.push({ url, hash: image.hash, size: image.size });
  });
  return { list, blobs: [...blobs.values()] };
}

/** The file name extension of an image type (`png`, `jpg`...). */
export function imageExtension(type: string): string {
  const sub = type.replace(/^image\//, '').toLowerCase();
  if (sub === 'jpeg') return 'jpg';
  if (sub === 'svg+xml') return 'svg';
  if (sub === 'x-icon' || sub === 'vnd.microsoft.icon') return 'ico';
  return /^[a-z0-9]+$/.test(sub) ? sub : 'bin';
}

/** The list of an item whose images are not kept (the library's setting is off). */
export function imagesNotKept(urls: readonly string[]): ItemImage[] {
  return urls.map((url) => ({ url, hash: null, size: 0, skipped: 'off' as const }));
}

/** Ad and banner servers whose images are never an article's. */
const AD_HOSTS =
  /(^|\.)(doubleclick\.net|googlesyndication\.com|googleadservices\.com|adnxs\.com|criteo\.(com|net)|mobon\.net|adfit\.kakao\.com|ad\.daum\.net|adcr\.naver\.com|taboola\.com|outbrain\.com|dable\.io)$/i;
/** A path segment or file name that says banner or ad (`/banner/`, `/ads/`, `ad_300x250.jpg`), or a publisher's logo. */
const AD_PATH = /(^|[/_.-])(ads?|adv|advert|advertisement|banners?|adimg|office_logo)([/_.-]|\d+x\d+|$)/i;
/** Alt texts that say the image is an ad: 광고 (ad), 배너, AD, sponsored. */
const AD_ALT = /^\s*(광고|배너|애드|ad|ads|advertisement|sponsored|스폰서)\s*$/i;

/**
 * Whether a body image is an ad or a banner the extraction left in the article (a Korean news
 * page often puts a 300×250 ad between paragraphs, alt `광고`), or the portal's logo of the press
 * outlet: such images are listed (`skipped: 'ad'`) but neither fetched nor shown.
 */
export function isAdImage(url: string, alt: string): boolean {
  if (AD_ALT.test(alt)) return true;
  try {
    const u = new URL(url);
    return AD_HOSTS.test(u.hostname) || AD_PATH.test(u.pathname);
  } catch {
    return false;
  }
}

/**
 * An item's image list and the copies to store, from its article HTML (`html`, from `pageUrl`):
 * ads are listed without a fetch; with `options` null (*Keep images* off) nothing is fetched.
 */
export async function itemImages(
  html: string,
  pageUrl: string,
  options: FetchImagesOptions | null,
): Promise<FetchedImages> {
  const tags = imageTags(html, pageUrl);
  const wanted = tags.filter((t) => !isAdImage(t.url, t.alt)).map((t) => t.url);
  const fetched = options ? await fetchImages(wanted, options) : { list: imagesNotKept(wanted), blobs: [] };
  const byUrl = new Map(fetched.list.map((i) => [i.url, i] as const));
  return {
    list: tags.map((t) => byUrl.get(t.url) ?? { url: t.url, hash: null, size: 0, skipped: 'ad' }),
    blobs: fetched.blobs,
  };
}
