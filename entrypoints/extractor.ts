/**
 * The heavy part, injected on demand into one tab by the background (scripting.executeScript):
 * page recognition, Readability and DOMPurify. Never runs on page load.
 */
import { analyzePage } from '@/lib/extract/analyze';
import { err, errorMessage, ok } from '@/lib/result';

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as { __scrapnoteAnalyze?: () => unknown };
  if (g.__scrapnoteAnalyze) return;
  g.__scrapnoteAnalyze = () => {
    try {
      return ok(analyzePage(document, location.href, new Date()));
    } catch (e) {
      return err(`The page could not be read: ${errorMessage(e)}`);
    }
  };
});
