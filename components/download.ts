import { browser } from 'wxt/browser';
/**
 * Save generated content as a file through the downloads API, which keeps the file name (Hangul
 * included) in both browsers; the Blob is built from chunks, never one giant string.
 */
export async function downloadFile(chunks: BlobPart[], filename: string, type: string): Promise<string> {
  const url = URL.createObjectURL(new Blob(chunks, { type }));
  try {
    try {
      await browser.downloads.download({ url, filename, saveAs: false, conflictAction: 'uniquify' });
      return filename;
    } catch (e) {
      // Chromium on a system without a UTF-8 locale refuses non-ASCII names: keep the data, lose
      // only the Hangul.
      if (!/filename/i.test(String(e))) throw e;
      const ascii = filename.replace(/^스크랩노트/, 'scrapnote').replace(/[^\x20-\x7e]/g, '_');
      await browser.downloads.download({ url, filename: ascii, saveAs: false, conflictAction: 'uniquify' });
      return ascii;
    }
  } finally {
    // The download reads the blob asynchronously; give it time before releasing it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
