/**
 * The background's DOM adapter: where pages fetched by the background ("Check again") are parsed
 * and read. Firefox's background page has a DOM and reads them itself; Chrome's service worker
 * has none, so it hands the HTML to an offscreen document (entrypoints/parser, reason DOM_PARSER),
 * opened on first use and closed after IDLE_MS without work. Chrome allows one offscreen document
 * at a time: while the scheduled backup's is open, reading waits for it (up to BUSY_MS).
 */
import { browser } from 'wxt/browser';
import { backgroundToParser } from '@/lib/messaging';
import type { ParsedHtml } from '@/lib/messaging/protocol';
import { err, errorMessage, ok, type Result } from '@/lib/result';

/** The parser page closes after this long without a page to read. */
const IDLE_MS = 30_000;
/** How long reading waits for another offscreen document (the backup's) to close. */
const BUSY_MS = 60_000;

type Offscreen = {
  createDocument(o: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
};
type Runtime = { getContexts?(f: { contextTypes: string[] }): Promise<Array<{ documentUrl?: string }>> };
const chromeApi = () =>
  (globalThis as { chrome?: { offscreen?: Offscreen; runtime?: Runtime } }).chrome ?? ({} as never);

let opening: Promise<void> | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;

/** The offscreen documents open now (their URLs). */
async function openDocuments(): Promise<string[]> {
  const contexts = (await chromeApi().runtime?.getContexts?.({ contextTypes: ['OFFSCREEN_DOCUMENT'] })) ?? [];
  return contexts.map((c) => c.documentUrl ?? '');
}

/** Open the parser page unless it is open; waits while another offscreen document is. */
function ensureParser(): Promise<void> {
  opening ??= (async () => {
    const api = chromeApi().offscreen;
    if (!api) throw new Error('This browser cannot read pages in the background.');
    const url = browser.runtime.getURL('/parser.html');
    const end = Date.now() + BUSY_MS;
    for (;;) {
      const open = await openDocuments();
      if (open.some((u) => u.startsWith(url))) return;
      if (!open.length) break;
      if (Date.now() > end) throw new Error('Another task of the extension is still running; check again later.');
      await new Promise((r) => setTimeout(r, 500));
    }
    await api.createDocument({
      url,
      reasons: ['DOM_PARSER'],
      justification: 'Read saved posts fetched anew to find what changed at their source.',
    });
  })().finally(() => {
    opening = null;
  });
  return opening;
}

function closeLater(): void {
  clearTimeout(idle);
  idle = setTimeout(() => {
    void (async () => {
      const url = browser.runtime.getURL('/parser.html');
      if ((await openDocuments()).some((u) => u.startsWith(url))) await chromeApi().offscreen?.closeDocument();
    })().catch(() => undefined);
  }, IDLE_MS);
}

/**
 * Whether this background can parse HTML itself (Firefox's background page). Decided at build
 * time first, so Chrome's service worker does not carry the readers it never runs.
 */
const hasDom = () => import.meta.env.FIREFOX && typeof DOMParser !== 'undefined' && typeof document !== 'undefined';

/** Read fetched HTML as a post or as one of its comment pages. */
export async function parseHtml(
  html: string,
  url: string,
  task: ParsedHtml['task'],
  now: Date,
): Promise<Result<ParsedHtml>> {
  if (hasDom()) {
    try {
      // Only Firefox's build holds the readers here (Chrome's runs them in the offscreen page).
      const { readFetchedComments, readFetchedPost } = await import('@/lib/versions/read');
      const win = window as Window & typeof globalThis;
      return task === 'post'
        ? ok({ task, post: readFetchedPost(html, url, now, win) })
        : ok({ task, comments: readFetchedComments(html, url, now, win) });
    } catch (e) {
      return err(`The page could not be read: ${errorMessage(e)}`);
    }
  }
  // Twice at most: the backup may close the parser page between opening it and asking it.
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureParser();
      const answer = await backgroundToParser.sendMessage('parseHtml', { html, url, task, now: now.toISOString() });
      closeLater();
      if (answer) return answer;
      throw new Error('The page reader did not answer.');
    } catch (e) {
      if (attempt >= 1) return err(`The page could not be read: ${errorMessage(e)}`);
    }
  }
}
