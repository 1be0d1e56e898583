// npm run score:corpus [-- --quiet]
//
// Scores page recognition on our own Korean fixtures (test/fixtures/corpus/articles and the
// generic board and not-board pages): per fixture, then overall article-field accuracy, board F1
// and board title accuracy. The scoring itself is test/support/score-corpus.ts, which
// test/unit/extract/own-corpus.test.ts also runs to hold the overall numbers at their floors.
//
// The scorer is TypeScript (and imports lib/ without extensions), which this Node cannot run
// directly: it is loaded through Vite's module runner (`runnerImport`), as
// scripts/export-schema.mjs loads lib/export/schema.ts.
import { join, resolve } from 'node:path';
import { runnerImport } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');
const { module } = await runnerImport(join(ROOT, 'test/support/score-corpus.ts'), {
  configFile: false,
  logLevel: 'warn',
});
const quiet = process.argv.includes('--quiet');
console.log(module.formatScore(module.scoreCorpus(ROOT), !quiet));
