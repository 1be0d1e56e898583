/**
 * Writing what "Check again" found (lib/versions/check.ts applyCheck) into a saved item: one
 * transaction that rewrites the item's row (its highlights kept as they are, each on the version
 * it was made on), its search row and the change feed. Only the library service calls it.
 */
import { applyCheck, type CheckResult, type Fetched } from '../versions/check';
import { itemChange, recordChanges } from './feed';
import { fromRow, highlightsOfRow, type ScrapnoteDB, toRow } from './index';
import { putRows, write } from './items';

/** Record a check of one item at `now`; throws when the item was deleted meanwhile. */
export function recordCheck(db: ScrapnoteDB, itemId: string, fetched: Fetched, now: Date): Promise<CheckResult> {
  return write(db, async () => {
    const row = await db.items.get(itemId);
    if (!row) throw new Error('This item was deleted.');
    const { item, result } = applyCheck(fromRow(row), fetched, now);
    await putRows(db, [toRow(item, highlightsOfRow(row))]);
    await recordChanges(db, [itemChange(item, 'put')], { now });
    return result;
  });
}
