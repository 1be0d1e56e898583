/**
 * Chrome's offscreen document for reading pages the background fetched ("Check again"): the
 * service worker has no DOM, this page has one (reason DOM_PARSER). It parses the HTML it is handed
 * and runs the same recognition, Readability and DOMPurify as saving; it fetches nothing and
 * touches no storage. Opened and closed by entrypoints/background/dom.ts.
 */
import { browser } from 'wxt/browser';
import { handleParser } from '@/lib/messaging/handle';
import { err, errorMessage, ok } from '@/lib/result';
import { readFetchedComments, readFetchedPost } from '@/lib/versions/read';

handleParser(browser.runtime.id, 'parseHtml', async ({ html, url, task, now }) => {
  try {
    const at = new Date(now);
    return task === 'post'
      ? ok({ task, post: readFetchedPost(html, url, at, window) })
      : ok({ task, comments: readFetchedComments(html, url, at, window) });
  } catch (e) {
    return err(`The page could not be read: ${errorMessage(e)}`);
  }
});
