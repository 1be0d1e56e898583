/**
 * The board reader, injected on demand by the background into one tab's top frame (in the same
 * isolated world as the content script) on board lists of sites where marks are on: it reads the
 * list's posts with the site profiles' list readers and shows the marks the background decided.
 * Kept apart from the article extractor (entrypoints/extractor.ts): a list needs no Readability or
 * DOMPurify, and marks run on every load of a marked list.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { showMarks } from '@/lib/marks/paint';
import { handleBoardReader } from '@/lib/messaging/handle';
import { err, errorMessage, ok } from '@/lib/result';
import { recognize } from '@/lib/sites';
import { lookupKeys } from '@/lib/sites/identity';

/** Set once this script has registered its handlers in this isolated world. */
const LOADED = '__scrapnoteBoardReader';

/** Every key a link's post may have (none for an address that is not one). */
function keysOf(href: string): string[] {
  try {
    return lookupKeys(href);
  } catch {
    return [];
  }
}

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as Record<string, boolean | undefined>;
  if (g[LOADED]) return;
  g[LOADED] = true;
  const id = browser.runtime.id;
  handleBoardReader(id, 'readBoard', async () => {
    try {
      const url = new URL(location.href);
      const rec = recognize(document, url);
      const board = rec.match.board ? rec.profile.board?.(document, url, new Date()) : null;
      if (!board?.rows.length) return ok(null);
      return ok(
        board.rows.map((r) => ({
          url: r.url,
          key: r.key,
          comments: r.comments,
          title: r.title,
          author: r.author,
          authorId: r.authorId ?? null,
        })),
      );
    } catch (e) {
      return err(`The page could not be read: ${errorMessage(e)}`);
    }
  });
  handleBoardReader(id, 'showMarks', async ({ marks, collapse, mutedWords, memberNotes }) =>
    ok(showMarks(document, marks, keysOf, collapse, mutedWords, memberNotes)),
  );
});
