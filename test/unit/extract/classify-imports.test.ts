import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

/** Every module classify.ts pulls in, following relative imports (type-only imports are skipped). */
function importGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
    const spec = m[1]!;
    if (!spec.startsWith('.')) {
      seen.add(spec);
      continue;
    }
    importGraph(path.resolve(path.dirname(file), `${spec}.ts`), seen);
  }
  return seen;
}

it('classifyPage never pulls in Readability or DOMPurify (it may run in the always-on content script)', () => {
  const graph = [...importGraph(path.join(root, 'lib/extract/classify.ts'))];
  const packages = graph.filter((g) => !g.startsWith('/'));
  expect(packages).toEqual(['@mozilla/readability/Readability-readerable.js']);
  expect(graph.some((g) => /analyze|sanitize/.test(g))).toBe(false);
  expect(graph.length).toBeGreaterThan(5);
});
