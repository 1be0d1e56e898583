// @vitest-environment node
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  chromiumArgs,
  devtoolsEndpoint,
  explainFailure,
  failureMessage,
  keyLine,
  parseFlags,
  type StartFailure,
  watchChromium,
} from '../../../scripts/demo-chromium.mjs';

// What Chromium 13x prints on Linux in these situations.
const ROOT_STDERR =
  '[4711:4711:1207/201050.123456:ERROR:zygote_host_impl_linux.cc(101)] Running as root without --no-sandbox is not supported. See https://crbug.com/638180.';
const NO_DISPLAY_STDERR = [
  '[4711:4711:1207/201050.123456:ERROR:ozone_platform_x11.cc(245)] Missing X server or $DISPLAY',
  '[4711:4711:1207/201050.123789:ERROR:env.cc(257)] The platform failed to initialize.  Exiting.',
].join('\n');
const READY_LINE = 'DevTools listening on ws://127.0.0.1:40123/devtools/browser/1b2c3d4e-aaaa-bbbb-cccc-123456789abc';

const base = { profile: '/tmp/p', ext: '/x/.output/chrome-mv3', proxy: '127.0.0.1:8080', urls: ['http://a.kr/'] };

describe('chromiumArgs', () => {
  it('asks for a DevTools port, so the demo can tell when Chromium is up', () => {
    const { args } = chromiumArgs(base);
    expect(args).toContain('--remote-debugging-port=0');
    expect(args).toContain('--load-extension=/x/.output/chrome-mv3');
    expect(args.at(-1)).toBe('http://a.kr/');
  });

  it('as root adds --no-sandbox and says so; as a normal user does not', () => {
    const root = chromiumArgs({ ...base, asRoot: true });
    expect(root.args).toContain('--no-sandbox');
    expect(root.notes.join(' ')).toMatch(/root.*--no-sandbox/);
    const user = chromiumArgs(base);
    expect(user.args).not.toContain('--no-sandbox');
    expect(user.notes).toEqual([]);
  });

  it('passes SCRAPNOTE_CHROMIUM_FLAGS through, before the pages, without adding --no-sandbox twice', () => {
    const { args, notes } = chromiumArgs({
      ...base,
      asRoot: true,
      flags: parseFlags(' --no-sandbox  --lang=ko '),
    });
    expect(args.filter((a) => a === '--no-sandbox')).toHaveLength(1);
    expect(args.indexOf('--lang=ko')).toBeLessThan(args.indexOf('http://a.kr/'));
    expect(notes.join(' ')).toContain('SCRAPNOTE_CHROMIUM_FLAGS: --no-sandbox --lang=ko');
    expect(notes.join(' ')).not.toMatch(/Running as root/);
  });

  it('parseFlags of nothing is no flags', () => {
    expect(parseFlags(undefined)).toEqual([]);
    expect(parseFlags('  ')).toEqual([]);
  });
});

describe('explainFailure', () => {
  it('as root without --no-sandbox: says so, and how to fix it', () => {
    const { reason, line, fixes } = explainFailure({ code: 1, stderr: ROOT_STDERR });
    expect(reason).toBe('running as root needs --no-sandbox');
    expect(line).toBe('ERROR: Running as root without --no-sandbox is not supported. See https://crbug.com/638180.');
    expect(fixes.join('\n')).toMatch(/normal user/);
    expect(fixes.join('\n')).toContain('SCRAPNOTE_CHROMIUM_FLAGS=--no-sandbox');
  });

  it('no display: names the X server line, not the generic exit line after it', () => {
    const { reason, line, fixes } = explainFailure({ code: 1, stderr: NO_DISPLAY_STDERR });
    expect(reason).toBe('it cannot open the display');
    expect(line).toBe('ERROR: Missing X server or $DISPLAY');
    expect(fixes.join('\n')).toContain('xvfb-run');
  });

  it('a browser that is not there', () => {
    const error = Object.assign(new Error('spawn /nope ENOENT'), { code: 'ENOENT' });
    expect(explainFailure({ error }, { path: '/nope' }).reason).toBe('/nope was not found');
  });

  it('anything else: the exit and the last error line', () => {
    const stderr = 'starting\n[1:1:1207/201050.1:ERROR:foo.cc(1)] Something odd\nbye';
    expect(explainFailure({ code: 139, stderr })).toMatchObject({
      reason: 'it exited with code 139 before it was up',
      line: 'ERROR: Something odd',
    });
    expect(explainFailure({ signal: 'SIGKILL', stderr: '' })).toMatchObject({
      reason: 'it was stopped by SIGKILL before it was up',
      line: '',
    });
    expect(keyLine('only this\n\n')).toBe('only this');
  });

  it('failureMessage says it could not start, why, and what to do', () => {
    const message = failureMessage({ code: 1, stderr: ROOT_STDERR });
    expect(message).toMatch(/^Chromium could not start: running as root needs --no-sandbox\./);
    expect(message).toContain('Chromium said: ERROR: Running as root');
    expect(message).toContain('To fix it:');
    expect(message).not.toMatch(/Chromium is open/);
  });

  it('devtoolsEndpoint reads the ready line only', () => {
    expect(devtoolsEndpoint(READY_LINE)).toBe(
      'ws://127.0.0.1:40123/devtools/browser/1b2c3d4e-aaaa-bbbb-cccc-123456789abc',
    );
    expect(devtoolsEndpoint(ROOT_STDERR)).toBeNull();
  });
});

/** Runs `script` in Node as a stand-in for Chromium and reports what watchChromium decided. */
function watch(script: string, timeoutMs = 5000) {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  const events: string[] = [];
  const result = new Promise<{ state: 'ready'; endpoint: string } | ({ state: 'failed' } & StartFailure)>((resolve) => {
    watchChromium(child, {
      timeoutMs,
      onReady: (endpoint) => resolve({ state: 'ready', endpoint }),
      onFailed: (failure) => resolve({ state: 'failed', ...failure }),
      onWaiting: () => events.push('waiting'),
    });
  });
  return { child, events, result };
}

describe('watchChromium (with a stand-in process)', () => {
  it('a process that dies at once with an error is a failure, with its stderr', async () => {
    const { result } = watch(`process.stderr.write(${JSON.stringify(`${ROOT_STDERR}\n`)}); process.exit(1)`);
    const r = await result;
    expect(r.state).toBe('failed');
    if (r.state !== 'failed') return;
    expect(r.code).toBe(1);
    expect(explainFailure(r).reason).toBe('running as root needs --no-sandbox');
  });

  it('is up only once the DevTools line is printed, even if split across writes', async () => {
    const half = Math.floor(READY_LINE.length / 2);
    const { child, result } = watch(
      `process.stderr.write('some warning\\n' + ${JSON.stringify(READY_LINE.slice(0, half))});
       setTimeout(() => process.stderr.write(${JSON.stringify(`${READY_LINE.slice(half)}\n`)}), 100);
       setTimeout(() => {}, 10000);`,
    );
    try {
      expect(await result).toEqual({
        state: 'ready',
        endpoint: 'ws://127.0.0.1:40123/devtools/browser/1b2c3d4e-aaaa-bbbb-cccc-123456789abc',
      });
    } finally {
      child.kill();
    }
  });

  it('an exit after it was up is not reported as a failed start', async () => {
    const { result } = watch(`console.error(${JSON.stringify(READY_LINE)}); setTimeout(() => process.exit(3), 50);`);
    expect((await result).state).toBe('ready');
  });

  it('a silent process is "waiting" after the timeout, then whatever it does next', async () => {
    const { child, events, result } = watch(
      `setTimeout(() => { console.error(${JSON.stringify(NO_DISPLAY_STDERR)}); process.exit(1); }, 400)`,
      100,
    );
    const r = await result;
    expect(events).toEqual(['waiting']);
    child.kill();
    expect(r.state).toBe('failed');
    if (r.state !== 'failed') return;
    expect(explainFailure(r).line).toBe('ERROR: Missing X server or $DISPLAY');
  });

  it('a program that does not exist is a failure', async () => {
    const child = spawn('/nonexistent/chromium', [], { stdio: ['ignore', 'ignore', 'pipe'] });
    const failure = await new Promise<StartFailure>((resolve) => watchChromium(child, { onFailed: resolve }));
    expect(explainFailure(failure, { path: '/nonexistent/chromium' }).reason).toBe(
      '/nonexistent/chromium was not found',
    );
  });
});
