/** Types of the fixture site's windows-949 encoder, for the unit tests that use it. */
export function encodeCp949(text: string): Uint8Array;
/** The demo site's XE post `id` with its comment page `cpage` (null: the last one, as XE shows it). */
export function commentPostPage(id: number, cpage: number | null): string;
/** Reply depth of comment n (1-based) on the demo site's comment posts. */
export function commentDepth(n: number): number;
/** Whether comment n is the poster's own. */
export function byPoster(n: number): boolean;
