/**
 * Decoding a fetched page's bytes the way a browser would: a byte order mark, else the charset
 * of the HTTP Content-Type header, else the page's own `<meta charset>` or
 * `<meta http-equiv="Content-Type">` in its first 1024 bytes, else sniffing (valid UTF-8 is
 * UTF-8; anything else is taken as EUC-KR, the legacy encoding of Korean boards). Decoding is the
 * platform's TextDecoder, whose `euc-kr` is windows-949 (the extended syllables such as 똠 and 뷁
 * included). Pure.
 */

/** How the encoding was chosen. */
export type CharsetSource = 'bom' | 'header' | 'meta' | 'sniff';

export interface Decoded {
  text: string;
  /** The encoding's WHATWG name (`utf-8`, `euc-kr`...). */
  charset: string;
  source: CharsetSource;
}

/** Labels Korean sites print that the Encoding Standard does not list, and what they mean. */
const ALIASES: Record<string, string> = {
  cp949: 'euc-kr',
  ms949: 'euc-kr',
  'x-windows-949': 'euc-kr',
  uhc: 'euc-kr',
  ks_c_5601: 'euc-kr',
  'x-euc-kr': 'euc-kr',
};

/** A decoder for a charset label, or null when the label names no encoding a browser knows. */
function decoderFor(label: string, fatal = false): TextDecoder | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!l) return null;
  for (const name of [l, ALIASES[l]]) {
    if (!name) continue;
    try {
      const d = new TextDecoder(name, { fatal });
      // A page that claims UTF-16 in its markup is ASCII-compatible bytes: browsers read it as UTF-8.
      return d.encoding.startsWith('utf-16') ? new TextDecoder('utf-8', { fatal }) : d;
    } catch {
      // not a label of this name
    }
  }
  return null;
}

/** The charset parameter of a Content-Type header value, if any. */
export function headerCharset(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return m ? m[2]! : null;
}

/** The charset a page declares in a meta tag within its first 1024 bytes. */
export function metaCharset(bytes: Uint8Array): string | null {
  // One character per byte: the ASCII markup reads as it is (other bytes cannot match the tags).
  let head = '';
  for (let i = 0; i < bytes.length && i < 1024; i++) head += String.fromCharCode(bytes[i]!);
  const direct = /<meta[^>]*?\scharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (direct) return direct[1]!;
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/http-equiv\s*=\s*["']?content-type/i.test(tag)) continue;
    const content = /content\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1] ?? '';
    const cs = /charset\s*=\s*([\w.:-]+)/i.exec(content);
    if (cs) return cs[1]!;
  }
  return null;
}

function bomOf(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/** Decode an HTML response's bytes (see the module comment for the order). */
export function decodeHtml(input: ArrayBuffer | Uint8Array, contentType: string | null | undefined): Decoded {
  // ArrayBuffer.isView, not instanceof: a buffer from another realm (a content script's fetch) is one too.
  const bytes = ArrayBuffer.isView(input) ? (input as Uint8Array) : new Uint8Array(input);
  const bom = bomOf(bytes);
  if (bom) {
    const d = new TextDecoder(bom);
    return { text: d.decode(bytes), charset: d.encoding, source: 'bom' };
  }
  const fromHeader = headerCharset(contentType);
  const header = fromHeader ? decoderFor(fromHeader) : null;
  if (header) return { text: header.decode(bytes), charset: header.encoding, source: 'header' };
  const fromMeta = metaCharset(bytes);
  const meta = fromMeta ? decoderFor(fromMeta) : null;
  if (meta) return { text: meta.decode(bytes), charset: meta.encoding, source: 'meta' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8', source: 'sniff' };
  } catch {
    const d = new TextDecoder('euc-kr');
    return { text: d.decode(bytes), charset: d.encoding, source: 'sniff' };
  }
}
