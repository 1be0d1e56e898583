/**
 * CSV of board posts (title, URL, author, date, board, site): RFC 4180 quoting, CRLF line ends,
 * UTF-8 byte order mark for spreadsheet programs, and cells that a spreadsheet would run as a
 * formula defused with a leading `'`.
 */
import type { ExportItem } from './json';

export const CSV_COLUMNS = ['title', 'url', 'author', 'date', 'board', 'site'] as const;

/**
 * One cell: formula starters (`= + - @`, tab, carriage return) get a `'` in front (OWASP CSV
 * injection advice); a cell with a quote, comma or line break is quoted, quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  s = s.toWellFormed();
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: Array<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The CSV row of a board post. */
export function boardPostRow(item: ExportItem): string {
  return csvRow([
    item.title,
    item.url,
    item.poster ?? item.byline ?? (item.authors.join(', ') || null),
    item.publishedAt ?? item.publishedText,
    item.board?.name ?? null,
    item.site.name ?? item.site.host,
  ]);
}

/** The file as chunks: byte order mark and header, then one row per post (`kind` "post"). */
export function* boardPostsCsvChunks(items: Iterable<ExportItem>): Generator<string> {
  yield `\uFEFF${csvRow([...CSV_COLUMNS])}`;
  for (const item of items) if (item.kind === 'post') yield boardPostRow(item);
}
