import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ScrapnoteDB } from '@/lib/db';
import { exportLibrary } from '@/lib/db/export';
import { exportChunks, exportHeader, exportItem } from '@/lib/export/json';
import { exportFileSchema, LIMITS } from '@/lib/export/schema';
import { validate } from './json-schema';
import { libraryArb, seed } from './library';

const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../../docs/export.schema.json'), 'utf8'));
const NOW = new Date('2026-11-28T09:00:00.000Z');

async function realExport(lib: Parameters<typeof seed>[1]): Promise<unknown> {
  const db = new ScrapnoteDB(`schema-${Math.random()}`);
  try {
    await seed(db, lib);
    return JSON.parse((await exportLibrary(db, NOW, '0.1.0')).join(''));
  } finally {
    await db.delete();
  }
}

/** The same file built without a database (fast enough for many mutations and shrinking). */
function pureExport(lib: Parameters<typeof seed>[1]): unknown {
  const items = [...lib.items]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((i) =>
      exportItem(
        i,
        lib.highlights.filter((h) => h.itemId === i.id),
      ),
    );
  return JSON.parse([...exportChunks(exportHeader(NOW, '0.1.0'), items)].join(''));
}

/** Every [container, key] pair of a JSON document, for mutations. */
function slots(doc: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node, i]);
        walk(child);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        walk(child);
      }
    }
  };
  walk(doc);
  return out;
}

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'x', 'https://a.kr/', '2026-11-28T00:00:00Z', 'yellow', 'TextQuoteSelector', -1, 1.5, 0, null),
);

describe('docs/export.schema.json and lib/export/schema.ts agree', () => {
  it('real exports of random libraries are valid against both', async () => {
    await fc.assert(
      fc.asyncProperty(libraryArb, async (lib) => {
        const file = await realExport(lib);
        expect(validate(schema, file)).toEqual([]);
        expect(file).toEqual(pureExport(lib));
        expect(v.safeParse(exportFileSchema, file).success).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('mutated exports are accepted or rejected by both alike', () => {
    fc.assert(
      fc.property(
        libraryArb.filter((l) => l.items.length > 0),
        fc.nat(),
        fc.constantFrom('replace', 'delete', 'add'),
        replacement,
        (lib, pick, action, value) => {
          const file = pureExport(lib);
          const all = slots(file);
          const [container, key] = all[pick % all.length]!;
          if (action === 'replace') (container as Record<string, unknown>)[key as string] = value;
          else if (Array.isArray(container)) container.splice(key as number, 1);
          else if (action === 'delete') delete container[key as string];
          else container[`${String(key)}Extra`] = value;
          const bySchema = validate(schema, file).length === 0;
          const byValibot = v.safeParse(exportFileSchema, file).success;
          expect(byValibot, `JSON Schema errors: ${validate(schema, file).join('; ')}`).toBe(bySchema);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the length limits are the same numbers', () => {
    const text = JSON.stringify(schema);
    for (const [name, limit] of Object.entries(LIMITS)) {
      expect(text, `limit ${name}`).toMatch(new RegExp(`"(maxLength|maxItems)":${limit}[,}]`));
    }
  });

  it('a string at the limit passes both; one character more fails both (in code points)', () => {
    const file = {
      format: 'scrapnote-export',
      version: 1,
      exportedAt: NOW.toISOString(),
      app: { name: 'a', version: '1' },
      items: [],
    };
    for (const [name, ok] of [
      ['😀'.repeat(2000), true],
      ['가'.repeat(2001), false],
    ] as const) {
      const f = { ...file, app: { name, version: '1' } };
      expect(validate(schema, f).length === 0).toBe(ok);
      expect(v.safeParse(exportFileSchema, f).success).toBe(ok);
    }
  });
});
