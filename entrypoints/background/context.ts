/** What every background module shares: the database and who "we" are, for sender checks. */
import type { ScrapnoteDB } from '@/lib/db';
import { isContentScript, isExtensionPage, type SenderLike, sameDocument } from '@/lib/messaging/senders';
import { err, type Result } from '@/lib/result';

export interface BackgroundContext {
  db: ScrapnoteDB;
  extensionId: string;
  baseUrl: string;
}

/** null when the sender is one of our pages, else the refusal to answer with. */
export function refuseUnlessUi(ctx: BackgroundContext, sender: SenderLike): Result<never> | null {
  return isExtensionPage(sender, ctx.extensionId, ctx.baseUrl) ? null : err('Refused: not an extension page.');
}

/**
 * The sender's tab id when the sender is our content script in a top frame asking about its own
 * page; a refusal otherwise.
 */
export function contentTab(
  ctx: BackgroundContext,
  sender: SenderLike,
  url: string,
): { ok: true; tabId: number } | { ok: false; error: string } {
  if (!isContentScript(sender, ctx.extensionId)) return { ok: false, error: 'Refused: not a content script.' };
  if (!sameDocument(url, sender.tab.url ?? sender.url)) {
    return { ok: false, error: 'Refused: a page may only ask about itself.' };
  }
  return { ok: true, tabId: sender.tab.id };
}
