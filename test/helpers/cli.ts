// Spawns the built binary, as a user would run it (build first: `npm run build`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'market-ready.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** cpus: the CPUs the tool may run on, through taskset (`'0'`: one core, as on a one-core machine). */
export function run(
  args: string[],
  options: {
    input?: string | Buffer;
    env?: Record<string, string>;
    cwd?: string;
    timeoutMs?: number;
    uid?: number;
    gid?: number;
    cpus?: string;
  } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [command, ...prefix] =
      options.cpus === undefined ? [process.execPath] : ['taskset', '-c', options.cpus, process.execPath];
    const child = spawn(command!, [...prefix, BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        LANG: 'C',
        // the run's temporary folder (test/helpers/temp-root.ts), where the CLI's own temporary files go too
        ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
        // every format's worker path from 1 MB, as the e2e files are sized (csv's own default is 8 MB)
        MARKET_READY_WORKERS_MIN_BYTES: String(1 << 20),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 20_000,
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/**
 * A stderr line's severity: `file:line:column: error: ...` (the GCC form problem matchers read), `file: error: ...`
 * (no place in the file), or `error: ...` (no file: a usage error, an output that cannot be written).
 */
const SEVERITY = /^(?:(?:[^\n]*?)(?::\d+:\d+)?: )?(error|warning): /;
export const isErrorLine = (line: string): boolean => SEVERITY.exec(line)?.[1] === 'error';
export const isWarningLine = (line: string): boolean => SEVERITY.exec(line)?.[1] === 'warning';
/** stderr without its warning lines */
export const withoutWarnings = (stderr: string): string =>
  stderr
    .split(/(?<=\n)/)
    .filter((l) => !isWarningLine(l))
    .join('');
