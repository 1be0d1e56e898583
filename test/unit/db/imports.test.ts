/**
 * lib/db's modules import each other without a cycle (a cycle made its modules' load order, and
 * so which of them was defined when, depend on who imported first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const DIR = join(__dirname, '../../../lib/db');

/** Each module's value imports of other lib/db modules (type-only imports leave no runtime edge). */
function graph(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(DIR, file), 'utf8');
    const deps = [...text.matchAll(/^(import|export)\s+(?!type\b)[^;]*?from '\.\/([\w-]+)'/gms)].map(
      (m) => `${m[2]}.ts`,
    );
    out.set(file, [...new Set(deps)]);
  }
  return out;
}

it('lib/db has no import cycle', () => {
  const deps = graph();
  expect(deps.size).toBeGreaterThan(5);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const dep of deps.get(file) ?? []) visit(dep, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of deps.keys()) visit(file, []);
  expect(cycles).toEqual([]);
});
