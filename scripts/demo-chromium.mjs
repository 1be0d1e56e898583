// Starting Chromium for `npm run demo` and telling honestly whether it came up.
//
// Chromium is started with --remote-debugging-port=0 and counts as up only once it prints
// "DevTools listening on ws://…" on stderr, which it does after its browser process has
// initialised (display, sandbox, profile). If it exits or cannot be spawned before that, the
// captured stderr says why; explainFailure turns that into a reason and the ways to fix it. The
// debugging port listens on loopback only, for this throwaway demo profile.

/** How long Chromium may take to report that it is up before the demo says it is still waiting. */
export const READY_TIMEOUT_MS = 30_000;

/** Chromium's log line prefix, e.g. `[123:123:1207/201050.123456:ERROR:zygote_host_impl_linux.cc(101)] `. */
const LOG_PREFIX = /^\[\d+:\d+:\d{4}\/\d{6}\.\d+:([A-Z]+):[^\]]*\]\s*/;

/** The DevTools address in a line of Chromium's stderr, or null. */
export function devtoolsEndpoint(line) {
  return /DevTools listening on (ws:\/\/\S+)/.exec(line)?.[1] ?? null;
}

/** `SCRAPNOTE_CHROMIUM_FLAGS` split into arguments (separated by spaces; no quoting). */
export function parseFlags(value) {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Chromium's command line for the demo, plus notes the demo must print. As root Chromium refuses
 * to start with its sandbox, so --no-sandbox is added, and a note says so.
 */
export function chromiumArgs({ profile, ext, proxy, urls, flags = [], asRoot = false }) {
  const notes = [];
  const extra = [...flags];
  if (asRoot && !extra.includes('--no-sandbox')) {
    extra.push('--no-sandbox');
    notes.push(
      'Running as root: Chromium is started with --no-sandbox, because it refuses to run as root with its ' +
        'sandbox. The sandbox is off in this demo browser; run `npm run demo` as a normal user to keep it on.',
    );
  }
  if (flags.length > 0) notes.push(`Extra Chromium flags from SCRAPNOTE_CHROMIUM_FLAGS: ${flags.join(' ')}`);
  const args = [
    `--user-data-dir=${profile}`,
    `--load-extension=${ext}`,
    `--disable-extensions-except=${ext}`,
    `--proxy-server=http://${proxy}`,
    '--proxy-bypass-list=<-loopback>',
    '--ignore-certificate-errors',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-sync',
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    ...extra,
    ...urls,
  ];
  return { args, notes };
}

/**
 * Watches a spawned Chromium (stderr piped) until it is up or has failed, and keeps reading its
 * stderr after that (a full pipe would stall Chromium). Calls exactly one of
 * `onReady(endpoint)` and `onFailed({ code, signal, error, stderr })`, the latter only while it
 * is not up yet; `onWaiting()` once if neither happened within `timeoutMs` (one of them may still
 * follow). An exit after `onReady` is the caller's to handle.
 */
export function watchChromium(child, { timeoutMs = READY_TIMEOUT_MS, onReady, onFailed, onWaiting }) {
  const lines = [];
  let partial = '';
  let settled = false;
  const timer = setTimeout(() => {
    if (!settled) onWaiting?.();
  }, timeoutMs);
  const settle = (report) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    report();
  };
  const onLine = (line) => {
    if (settled) return;
    lines.push(line);
    if (lines.length > 200) lines.shift();
    const endpoint = devtoolsEndpoint(line);
    if (endpoint) settle(() => onReady?.(endpoint));
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk) => {
    const parts = (partial + chunk).split(/\r?\n/);
    partial = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  });
  const failed = (fields) => {
    if (partial) onLine(partial);
    partial = '';
    settle(() => onFailed?.({ code: null, signal: null, error: null, ...fields, stderr: lines.join('\n') }));
  };
  child.once('error', (error) => failed({ error }));
  // 'close' rather than 'exit': by then stderr has been read to its end.
  child.once('close', (code, signal) => failed({ code, signal }));
}

/** Failures Chromium reports in a recognisable way: what they mean and what to do. */
const KNOWN = [
  {
    match: /Running as root without --no-sandbox is not supported/i,
    reason: 'running as root needs --no-sandbox',
    fixes: [
      'run `npm run demo` as a normal user (keeps the sandbox), or',
      'pass the flag yourself: SCRAPNOTE_CHROMIUM_FLAGS=--no-sandbox npm run demo (turns the sandbox off)',
    ],
  },
  {
    match:
      /No usable sandbox|setuid sandbox|SUID sandbox helper|Failed to move to new namespace|zygote_host_impl.*sandbox/i,
    reason: 'its sandbox cannot start here (common in containers)',
    fixes: [
      'run it where user namespaces are allowed, or',
      'SCRAPNOTE_CHROMIUM_FLAGS=--no-sandbox npm run demo (turns the sandbox off)',
    ],
  },
  {
    match:
      /Missing X server|cannot open display|Unable to open X display|platform failed to initialize|Gtk: cannot open/i,
    reason: 'it cannot open the display',
    fixes: [
      'run it from a desktop session, or check that DISPLAY / WAYLAND_DISPLAY point at a running display, or',
      'give it a virtual one: xvfb-run -a npm run demo (Debian package xvfb)',
    ],
  },
  {
    match: /error while loading shared libraries/i,
    reason: 'a library it needs is missing',
    fixes: ['reinstall the browser with its dependencies (Debian: apt install chromium)'],
  },
  {
    match: /profile appears to be in use|ProcessSingleton/i,
    reason: 'its profile is in use by another Chromium',
    fixes: ['close that Chromium and try again'],
  },
];

/** The line of stderr that says most about a failure, without Chromium's log prefix. */
export function keyLine(stderr) {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const known = lines.find((l) => KNOWN.some((k) => k.match.test(l)));
  const severe = lines.findLast((l) => /:(FATAL|ERROR):/.test(l) || /^(FATAL|ERROR)\b/i.test(l));
  const line = known ?? severe ?? lines.at(-1) ?? '';
  return line.replace(LOG_PREFIX, (_all, level) => `${level}: `);
}

/**
 * What went wrong, from a failed start (see watchChromium): `{ reason, line, fixes }`, with `line`
 * the key line of Chromium's stderr (empty when there was none).
 */
export function explainFailure({ code, signal, error, stderr = '' }, { path = 'chromium' } = {}) {
  if (error) {
    if (error.code === 'ENOENT') {
      return {
        reason: `${path} was not found`,
        line: '',
        fixes: ['install Chromium (Debian: apt install chromium), or point CHROMIUM_PATH at a Chromium or Chrome'],
      };
    }
    if (error.code === 'EACCES') {
      return { reason: `${path} is not executable`, line: '', fixes: ['point CHROMIUM_PATH at a working Chromium'] };
    }
    return { reason: `it could not be started (${error.message})`, line: '', fixes: [] };
  }
  const line = keyLine(stderr);
  const known = KNOWN.find((k) => k.match.test(stderr));
  if (known) return { reason: known.reason, line, fixes: known.fixes };
  const how = signal ? `it was stopped by ${signal}` : `it exited with code ${code}`;
  return {
    reason: `${how} before it was up`,
    line,
    fixes: ['start it by hand as below to see its full output, or pass flags with SCRAPNOTE_CHROMIUM_FLAGS'],
  };
}

/** The message the demo prints for a failed start. */
export function failureMessage(failure, options) {
  const { reason, line, fixes } = explainFailure(failure, options);
  const out = [`Chromium could not start: ${reason}.`];
  if (line) out.push(`  Chromium said: ${line}`);
  if (fixes.length > 0) out.push('  To fix it:', ...fixes.map((f) => `    - ${f}`));
  return out.join('\n');
}
