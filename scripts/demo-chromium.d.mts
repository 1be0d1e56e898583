// Types of scripts/demo-chromium.mjs, for test/unit/scripts/demo-chromium.test.ts.
import type { ChildProcess } from 'node:child_process';

export interface StartFailure {
  code: number | null;
  signal: NodeJS.Signals | null;
  error: (Error & { code?: string }) | null;
  stderr: string;
}

export declare const READY_TIMEOUT_MS: number;
export declare function devtoolsEndpoint(line: string): string | null;
export declare function parseFlags(value: string | undefined): string[];
export declare function chromiumArgs(options: {
  profile: string;
  ext: string;
  proxy: string;
  urls: string[];
  flags?: string[];
  asRoot?: boolean;
}): { args: string[]; notes: string[] };
export declare function watchChromium(
  child: ChildProcess,
  handlers: {
    timeoutMs?: number;
    onReady?: (endpoint: string) => void;
    onFailed?: (failure: StartFailure) => void;
    onWaiting?: () => void;
  },
): void;
export declare function keyLine(stderr: string): string;
export declare function explainFailure(
  failure: Partial<StartFailure>,
  options?: { path?: string },
): { reason: string; line: string; fixes: string[] };
export declare function failureMessage(failure: Partial<StartFailure>, options?: { path?: string }): string;
