/**
 * Notes that were edited on two devices at once. The note shown is the latest text; each other
 * text still standing (./doc.ts mergeNoteValues) follows it as a conflict copy under a marked
 * line, so the reader sees both and can merge them. Writing the note again (any edit, including
 * deleting the copy) makes the written text the one value: it follows every text it was written
 * after, so the copies are resolved everywhere it syncs.
 */
import type { NoteValue } from './doc';
import { joinVectors } from './doc';
import { parseStamp, type Stamp } from './hlc';

/** The line that introduces a conflict copy (both languages: the note is the reader's text). */
export const CONFLICT_MARK = '── 충돌 사본 · Conflict copy';

/** The note as the library shows it: the latest text, then every other text as a conflict copy. */
export function renderNote(values: readonly NoteValue[] | undefined): string {
  if (!values?.length) return '';
  const [winner, ...others] = values;
  const parts = winner!.v ? [winner!.v] : [];
  const shown = new Set([winner!.v]);
  for (const other of others) {
    if (!other.v.trim() || shown.has(other.v)) continue;
    shown.add(other.v);
    const at = parseStamp(other.c);
    const when = at ? new Date(at.ms).toISOString().slice(0, 16).replace('T', ' ') : '';
    parts.push(`${CONFLICT_MARK} (${when} UTC) ──\n${other.v}`);
  }
  return parts.join('\n\n');
}

/** The note's values after the reader wrote `text` on this device (stamp `c`). */
export function writeNote(
  values: readonly NoteValue[] | undefined,
  text: string,
  c: Stamp,
  device: string,
): NoteValue[] {
  return [{ v: text, c, vv: { ...joinVectors(...(values ?? []).map((x) => x.vv)), [device]: c } }];
}
