/**
 * Markdown export: one note per item with YAML front matter, for Obsidian and other Markdown
 * tools. Page text is escaped so it always renders as text (no HTML, links, embeds or wikilinks
 * can be smuggled in through a saved page).
 */
import { imageTags } from '../images/collect';
import type { ExportItem } from './json';

/** Section labels, so the UI can pass translated ones. */
export interface MarkdownLabels {
  note: string;
  highlights: string;
  source: string;
  /** The comments section's heading. */
  comments?: string;
  /** After a comment by the post's own author. */
  byPoster?: string;
  /** The images section's heading. */
  images?: string;
}

export const DEFAULT_LABELS: MarkdownLabels = {
  note: 'Note',
  highlights: 'Highlights',
  source: 'Source',
  comments: 'Comments',
  byPoster: 'original poster',
  images: 'Images',
};

/** Lone surrogates become U+FFFD and control characters (but tab and newline) go. */
function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  return s.toWellFormed().replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * Escape text for a Markdown line: entities for `& < >` (no HTML, autolinks or quotes),
 * backslashes before the punctuation that starts emphasis, links, images, wikilinks, code,
 * tables, math, Obsidian comments, highlights and tags, before list or heading markers at the
 * start of a line, and inside bare web and mail addresses so they are not autolinked. Other
 * punctuation (`-` in dates, parentheses) stays readable.
 */
export function escapeMarkdown(s: string): string {
  return (
    clean(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]#|~$=%@]/g, '\\$&')
      // Bare addresses would become links (GFM and Obsidian autolink them): keep them text.
      .replace(/:\/\//g, '\\://')
      .replace(/(www)\./gi, '$1\\.')
      .replace(/^[ \t]+/gm, '')
      .replace(/^([-+])/gm, '\\$1')
      .replace(/^(\d+)([.)])/gm, '$1\\$2')
  );
}

/** Text as Markdown paragraphs: one per non-empty line. */
export function markdownParagraphs(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map(escapeMarkdown)
    .join('\n\n');
}

/** A YAML 1.2 double-quoted scalar (JSON strings are valid YAML; NEL and LS/PS are escaped too). */
export function yamlString(s: string): string {
  return JSON.stringify(clean(s)).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A tag in Obsidian's tag syntax: letters, digits, `_`, `-`, `/`; spaces become `_`. */
export function obsidianTag(tag: string): string {
  return clean(tag)
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}\p{M}_\-/]/gu, '')
    .replace(/^\/+|\/+$/g, '');
}

function yamlList(name: string, values: string[]): string[] {
  if (!values.length) return [`${name}: []`];
  return [`${name}:`, ...values.map((v) => `  - ${yamlString(v)}`)];
}

/** One item as a Markdown note. */
export function itemToMarkdown(
  item: ExportItem,
  labels: MarkdownLabels = DEFAULT_LABELS,
  files?: ReadonlyMap<string, string>,
): string {
  const author = item.poster ?? (item.authors.length ? item.authors.join(', ') : item.byline);
  const front = [
    '---',
    `title: ${yamlString(item.title)}`,
    `url: ${yamlString(item.url)}`,
    ...(item.canonicalUrl !== item.url ? [`canonical_url: ${yamlString(item.canonicalUrl)}`] : []),
    ...(item.originalUrl ? [`original: ${yamlString(item.originalUrl)}`] : []),
    `site: ${yamlString(item.site.name ?? item.site.host)}`,
    ...(item.site.via ? [`via: ${yamlString(item.site.via)}`] : []),
    `kind: ${item.kind}`,
    ...(author ? [`author: ${yamlString(author)}`] : []),
    ...(item.board?.name ? [`board: ${yamlString(item.board.name)}`] : []),
    ...(item.publishedAt ? [`published: ${yamlString(item.publishedAt)}`] : []),
    ...(item.publishedText && !item.publishedAt ? [`published_text: ${yamlString(item.publishedText)}`] : []),
    `saved: ${yamlString(item.savedAt)}`,
    `updated: ${yamlString(item.updatedAt)}`,
    ...yamlList('tags', item.tags.map(obsidianTag).filter(Boolean)),
    `scrapnote_id: ${yamlString(item.id)}`,
    '---',
  ];
  const out = [front.join('\n'), '', `# ${escapeMarkdown(item.title.replace(/\s+/g, ' ').trim()) || '(untitled)'}`, ''];
  // The address as an autolink in angle brackets: only http(s) URLs reach the library.
  if (/^https?:\/\//.test(item.url))
    out.push(`${escapeMarkdown(labels.source)}: <${encodeURI(decodeSafe(item.url))}>`, '');
  if (item.note.trim()) out.push(`## ${escapeMarkdown(labels.note)}`, '', markdownParagraphs(item.note), '');
  const body = markdownParagraphs(item.text);
  if (body) out.push(body, '');
  const images = imagesSection(item, labels, files);
  if (images.length) out.push(...images);
  if (item.comments.length) out.push(...commentsSection(item.comments, labels));
  if (item.highlights.length) {
    out.push(`## ${escapeMarkdown(labels.highlights)}`, '');
    for (const h of item.highlights) {
      const quote = h.target.selector.find((s) => s.type === 'TextQuoteSelector');
      const exact = quote?.exact ?? '';
      const lines = exact
        .split(/\r\n|\r|\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => `> ${escapeMarkdown(l)}`);
      out.push(lines.length ? lines.join('\n>\n') : '> …', '');
      if (h.note.trim()) out.push(markdownParagraphs(h.note), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * The item's images, in page order: an image whose copy is in the export (`files`: content hash
 * → its path in the zip, relative to the note) embedded from it, the others linked to their
 * address (never embedded from the site: a hotlink-protected image would only show broken).
 * Tracking pixels and ads are left out.
 */
function imagesSection(item: ExportItem, labels: MarkdownLabels, files?: ReadonlyMap<string, string>): string[] {
  const shown = item.images.filter((i) => i.skipped !== 'pixel' && i.skipped !== 'ad');
  if (!shown.length) return [];
  const alts = new Map(imageTags(item.html, item.url).map((t) => [t.url, t.alt] as const));
  const out = [`## ${escapeMarkdown(labels.images ?? DEFAULT_LABELS.images!)}`, ''];
  for (const img of shown) {
    const alt = escapeMarkdown((alts.get(img.url) ?? '').replace(/\s+/g, ' ').trim());
    const path = img.hash ? files?.get(img.hash) : undefined;
    if (path) out.push(`![${alt}](<${path}>)`, '');
    else out.push(`- ${alt ? `${alt}: ` : ''}<${encodeURI(decodeSafe(img.url))}>`, '');
  }
  return out;
}

/**
 * The comments as a nested list: `- **author** · date`, the text under it, replies one level
 * deeper (two spaces per depth, as Obsidian and CommonMark nest list items).
 */
function commentsSection(comments: ExportItem['comments'], labels: MarkdownLabels): string[] {
  const heading = labels.comments ?? DEFAULT_LABELS.comments!;
  const op = labels.byPoster ?? DEFAULT_LABELS.byPoster!;
  const out = [`## ${escapeMarkdown(heading)} (${comments.length})`, ''];
  for (const c of comments) {
    const pad = '  '.repeat(Math.min(c.depth, 20));
    const who = `**${escapeMarkdown(c.author?.replace(/\s+/g, ' ').trim() || '?')}**`;
    const when = c.date ?? c.dateText;
    const meta = [who, when ? escapeMarkdown(when) : null, c.byPoster ? `(${escapeMarkdown(op)})` : null];
    out.push(`${pad}- ${meta.filter(Boolean).join(' · ')}`);
    for (const line of c.text.split(/\r\n|\r|\n/)) {
      const t = line.trim();
      if (t) out.push(`${pad}  ${escapeMarkdown(t)}`);
    }
  }
  out.push('');
  return out;
}

/** A URL decoded where possible, so encodeURI neither double-encodes nor throws. */
function decodeSafe(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A file name for an item's note that Obsidian, Windows and macOS all accept: Hangul kept (NFC,
 * so macOS does not split syllables), forbidden characters turned into spaces, at most 80
 * characters; `used` (lower-cased names) makes duplicates ` (2)`, ` (3)`...
 */
export function markdownFileName(title: string, used: Set<string>, fallback = 'untitled'): string {
  let base = safeName(title) || safeName(fallback) || 'untitled';
  if (WINDOWS_RESERVED.test(base)) base = `${base}_`;
  let name = `${base}.md`;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n}).md`;
  used.add(name.toLowerCase());
  return name;
}

function safeName(s: string): string {
  const base = clean(s)
    .normalize('NFC')
    .replace(/[\\/:*?"<>|#^[\]\t\n]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  return [...base]
    .slice(0, 80)
    .join('')
    .replace(/[. ]+$/, '');
}
