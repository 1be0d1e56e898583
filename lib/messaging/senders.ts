/**
 * Who may send what. The background answers UI messages only from the extension's own pages,
 * and content messages only from a tab's top frame, about that tab's own URL.
 */

/** The parts of runtime.MessageSender these checks read. */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/** A page of this extension (popup, side panel, options), not a content script. */
export function isExtensionPage(sender: SenderLike, extensionId: string, extensionBaseUrl: string): boolean {
  if (sender.id !== extensionId) return false;
  if (!sender.url?.startsWith(extensionBaseUrl)) return false;
  // Content scripts have a tab and the page's URL; an extension page in a tab has our URL.
  return sender.tab === undefined || (sender.tab.url?.startsWith(extensionBaseUrl) ?? false);
}

/** A content script of this extension in a tab's top frame. */
export function isContentScript(
  sender: SenderLike,
  extensionId: string,
): sender is SenderLike & { tab: { id: number } } {
  return sender.id === extensionId && typeof sender.tab?.id === 'number' && (sender.frameId ?? 0) === 0;
}

/** Two URLs name the same document (fragments aside). */
export function sameDocument(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    ua.hash = '';
    ub.hash = '';
    return ua.href === ub.href;
  } catch {
    return false;
  }
}
