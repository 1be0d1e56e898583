#!/usr/bin/env node
/**
 * Mozilla's add-ons linter (what addons.mozilla.org runs) on the Firefox build: fails on any error
 * and on any warning about the manifest. Warnings about bundled code are printed: the linter flags
 * every innerHTML assignment (ours are DOMPurify's output, docs/security.md) and PouchDB's unused
 * code path for filter functions given as strings (never used: MV3's CSP forbids eval).
 *
 *   node scripts/lint-firefox.mjs [build folder]   (default .output/firefox-mv3)
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '.output/firefox-mv3');
const run = spawnSync('npx', ['addons-linter', '--output', 'json', dir], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(run.stdout, run.stderr);
  console.error(`addons-linter did not report on ${dir}: build it first (npm run build:firefox).`);
  process.exit(1);
}
const line = (m) => `  ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''} ${m.message}`;
const manifestWarnings = report.warnings.filter((w) => !w.file || w.file === 'manifest.json');
for (const w of report.warnings.filter((x) => !manifestWarnings.includes(x))) console.info(`warning (code):${line(w)}`);
for (const w of manifestWarnings) console.error(`warning (manifest):${line(w)}`);
for (const e of report.errors) console.error(`error:${line(e)}`);
console.info(
  `addons-linter: ${report.errors.length} errors, ${manifestWarnings.length} manifest warnings, ${report.warnings.length - manifestWarnings.length} code warnings`,
);
process.exit(report.errors.length || manifestWarnings.length ? 1 : 0);
