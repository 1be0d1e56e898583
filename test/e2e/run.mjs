// npm run test:e2e: build the extension for both browsers, then run every *.e2e.mjs file with
// node's test runner, one at a time (they share the machine's browsers).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR, ROOT } from './browsers.mjs';

const args = process.argv.slice(2);
const run = (cmd, cmdArgs) => {
  const r = spawnSync(cmd, cmdArgs, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SCRAPNOTE_OUT_DIR: OUT_DIR },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!args.includes('--no-build')) {
  run('npx', ['wxt', 'build']);
  run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);
}
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(join(ROOT, 'test/e2e'))
  .filter((f) => f.endsWith('.e2e.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => join('test/e2e', f));
run('node', ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);
