/**
 * The one way to answer a message: each helper checks who sent it and validates its data against
 * the protocol's schema (lib/messaging/protocol.ts) before the handler runs, and turns a throw
 * into an error Result. Each message name has exactly one handler, in the receiving context.
 */
import * as v from 'valibot';
import { err, errorMessage, type Result } from '../result';
import {
  backgroundToBoardReader,
  backgroundToExtractor,
  backgroundToParser,
  contentToBackground,
  uiToBackground,
} from './index';
import {
  type BackgroundToBoardReader,
  type BackgroundToExtractor,
  type BackgroundToParser,
  boardReaderSchemas,
  type ContentToBackground,
  contentSchemas,
  extractorSchemas,
  parserSchemas,
  type UiToBackground,
  uiSchemas,
} from './protocol';
import { isContentScript, isExtensionPage, type SenderLike, sameDocument } from './senders';

/** Who "we" are, for sender checks. */
export interface Self {
  extensionId: string;
  /** The extension's base URL (runtime.getURL('/')). */
  baseUrl: string;
}

/** A content script's sender: its tab, and the URL it spoke of (checked to be its own page). */
export interface PageSender {
  tabId: number;
  url: string;
}

type Answer<F> = F extends (...args: never[]) => infer R ? R : never;
type Data<S extends Record<string, v.GenericSchema>, K extends keyof S> = v.InferOutput<S[K]>;
type Messenger = { onMessage(type: string, fn: (m: { data: unknown; sender: SenderLike }) => unknown): () => void };

function bad(type: string, issues: readonly v.BaseIssue<unknown>[]): Result<never> {
  const where = issues[0]?.path?.map((p) => String(p.key)).join('.');
  return err(`Bad request: ${type}${where ? ` (${where})` : ''}: ${issues[0]?.message ?? 'invalid data'}.`);
}

/**
 * Register `run` for `type`: the sender is checked first (`from`), then the data against the
 * schema, then what the sender may ask about (`about`, given the valid data).
 */
function register<S extends Record<string, v.GenericSchema>>(
  messenger: unknown,
  schemas: S,
  type: keyof S & string,
  from: (sender: SenderLike) => Result<never> | null,
  run: (data: unknown, sender: SenderLike) => Promise<unknown>,
  about: (sender: SenderLike, data: unknown) => Result<never> | null = () => null,
): () => void {
  return (messenger as Messenger).onMessage(type, async ({ data, sender }) => {
    const stranger = from(sender);
    if (stranger) return stranger;
    const parsed = v.safeParse(schemas[type]!, data);
    if (!parsed.success) return bad(type, parsed.issues);
    const refused = about(sender, parsed.output);
    if (refused) return refused;
    try {
      return await run(parsed.output, sender);
    } catch (e) {
      return err(errorMessage(e));
    }
  });
}

/** Answer a UI message, only from the extension's own pages. */
export function handleUi<K extends keyof UiToBackground & keyof typeof uiSchemas>(
  self: Self,
  type: K,
  run: (data: Data<typeof uiSchemas, K>) => Promise<Answer<UiToBackground[K]>>,
): () => void {
  return register(
    uiToBackground,
    uiSchemas,
    type,
    (sender) =>
      isExtensionPage(sender, self.extensionId, self.baseUrl) ? null : err('Refused: not an extension page.'),
    (data) => run(data as Data<typeof uiSchemas, K>),
  );
}

/**
 * Answer a content script's message, only from our content script in a tab's top frame, and
 * only about that tab's own page (every content message names its page's URL).
 */
export function handleContent<K extends keyof ContentToBackground & keyof typeof contentSchemas>(
  self: Self,
  type: K,
  run: (data: Data<typeof contentSchemas, K>, page: PageSender) => Promise<Answer<ContentToBackground[K]>>,
): () => void {
  return register(
    contentToBackground,
    contentSchemas,
    type,
    (sender) => (isContentScript(sender, self.extensionId) ? null : err('Refused: not a content script.')),
    (data, sender) =>
      run(data as Data<typeof contentSchemas, K>, { tabId: sender.tab!.id!, url: (data as PageSender).url }),
    (sender, data) =>
      sameDocument((data as PageSender).url, sender.tab?.url ?? sender.url)
        ? null
        : err('Refused: a page may only ask about itself.'),
  );
}

/** Only messages from this extension's background (not from a tab), for scripts injected in tabs. */
const fromBackground = (extensionId: string) => (sender: SenderLike) =>
  sender.id === extensionId && sender.tab === undefined ? null : err('Refused: not the extension background.');

/** Answer the background in a tab's extractor. */
export function handleExtractor<K extends keyof BackgroundToExtractor & keyof typeof extractorSchemas>(
  extensionId: string,
  type: K,
  run: (data: Data<typeof extractorSchemas, K>) => Promise<Answer<BackgroundToExtractor[K]>>,
): () => void {
  return register(backgroundToExtractor, extractorSchemas, type, fromBackground(extensionId), (data) =>
    run(data as Data<typeof extractorSchemas, K>),
  );
}

/** Answer the background in a tab's board reader. */
export function handleBoardReader<K extends keyof BackgroundToBoardReader & keyof typeof boardReaderSchemas>(
  extensionId: string,
  type: K,
  run: (data: Data<typeof boardReaderSchemas, K>) => Promise<Answer<BackgroundToBoardReader[K]>>,
): () => void {
  return register(backgroundToBoardReader, boardReaderSchemas, type, fromBackground(extensionId), (data) =>
    run(data as Data<typeof boardReaderSchemas, K>),
  );
}

/** Answer the background in the DOM parser (Chrome's offscreen document). */
export function handleParser<K extends keyof BackgroundToParser & keyof typeof parserSchemas>(
  extensionId: string,
  type: K,
  run: (data: Data<typeof parserSchemas, K>) => Promise<Answer<BackgroundToParser[K]>>,
): () => void {
  return register(backgroundToParser, parserSchemas, type, fromBackground(extensionId), (data) =>
    run(data as Data<typeof parserSchemas, K>),
  );
}
