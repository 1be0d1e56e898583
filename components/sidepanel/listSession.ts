/**
 * Which board list the side panel's reader goes through, and where in it: the popup's list hands
 * it over, the side panel reads it and follows it. Kept in `storage.session` (this browser
 * session only, never in the library): it is a place in a list, not something to keep.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const webUrl = v.pipe(v.string(), v.maxLength(8192), v.regex(/^https?:\/\//i));

const rowSchema = v.object({
  url: webUrl,
  key: text(8192),
  title: text(2000),
  author: v.nullable(text(500)),
  postId: v.nullable(text(200)),
  number: v.nullable(v.number()),
  comments: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

const readingSchema = v.object({
  /** The tab that shows the list: posts are fetched there (its site, its cookies). */
  tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  board: v.object({ name: v.nullable(text(500)), url: webUrl }),
  rows: v.pipe(v.array(rowSchema), v.minLength(1), v.maxLength(2000)),
  /** The post being read. */
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** When the popup handed the list over: a new hand-over starts the reader afresh. */
  at: v.number(),
});

/** A listed post as the reader needs it. */
export type ListRow = v.InferOutput<typeof rowSchema>;
/** A board list being read in the side panel. */
export type ListReading = v.InferOutput<typeof readingSchema>;

const item = storage.defineItem<unknown>('session:scrapnote.listReading');

/** A stored value as a reading, or null (absent or damaged). */
function parse(stored: unknown): ListReading | null {
  const r = v.safeParse(readingSchema, stored);
  if (!r.success) return null;
  return { ...r.output, index: Math.min(r.output.index, r.output.rows.length - 1) };
}

export const listSession = {
  get: async (): Promise<ListReading | null> => parse(await item.getValue()),
  /** Hand a list over to the side panel, at one of its posts. */
  start: (reading: Omit<ListReading, 'at'>): Promise<void> => item.setValue({ ...reading, at: Date.now() }),
  /** Move to another post of the list being read (kept, so the panel opens there again). */
  moveTo: async (index: number): Promise<void> => {
    const current = parse(await item.getValue());
    if (current && index >= 0 && index < current.rows.length) await item.setValue({ ...current, index });
  },
  /** Stop reading the list (the side panel goes back to the library). */
  clear: (): Promise<void> => item.removeValue(),
  watch: (listener: (next: ListReading | null) => void): (() => void) => item.watch((next) => listener(parse(next))),
};
