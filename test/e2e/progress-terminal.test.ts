// End to end: the progress bar of a large batch in a real 80-column terminal (tmux), in French, then Ctrl-C.
// The bar must fit the terminal, speak the run's language, and leave the shell as it found it when interrupted
// (cli-progress hides the cursor and turns line wrapping off while it is shown). Build first (`npm run build`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

// a private tmux server for this file: nothing here touches the user's own sessions
const SOCKET = `market-ready-progress-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dir = mkdtempSync(join(tmpdir(), 'market-ready-progress-'));

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    /* no server left */
  }
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(test: (screen: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', 'bar');
    if (test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out; the screen was:\n${screen}`);
    await sleep(100);
  }
}

describe.skipIf(!!process.env.SKIP_TMUX_TESTS)('the progress bar on a terminal', () => {
  it('fits 80 columns in French, and Ctrl-C clears it, restores the cursor and wrapping, and writes no file', async () => {
    // some 16 MB of rows: a bar at once (over 1 MB) and a run long enough to interrupt
    const [header, ...rows] = readFileSync(join(ROOT, 'fixtures/csv/prospects.csv'), 'utf8').trimEnd().split('\n');
    const body = rows.join('\n');
    const copies = Math.ceil((16 << 20) / body.length);
    writeFileSync(join(dir, 'big.csv'), `${header}\n${Array.from({ length: copies }, () => body).join('\n')}\n`);
    const command =
      `cd ${JSON.stringify(dir)} && env NO_COLOR=1 LANG=C.UTF-8 ${JSON.stringify(process.execPath)} ` +
      `${JSON.stringify(BIN)} assess big.csv --format csv -o out.csv --lang fr; echo "EXIT=$?"; sleep 600`;
    tmux('new-session', '-d', '-s', 'bar', '-x', '80', '-y', '20', command);
    const rowsDone = /[1-9]\d* lignes \|/;
    const shown = await waitFor((s) => rowsDone.test(s), 20_000);
    const line = shown.split('\n').find((l) => rowsDone.test(l))!;
    expect(line).toMatch(/^big\.csv .*\u00a0% \| \d+ lignes \| \d+ lignes\/s \| reste /);
    expect([...line.trimEnd()].length).toBeLessThanOrEqual(80);
    tmux('send-keys', '-t', 'bar', 'C-c');
    const after = await waitFor((s) => s.includes('EXIT='), 10_000);
    expect(after).toContain('EXIT=130');
    const joined = tmux('capture-pane', '-p', '-J', '-t', 'bar');
    expect(joined).toContain(
      'interrompu par SIGINT\u00a0: aucun rapport écrit, out.csv laissé tel quel et le fichier temporaire supprimé',
    );
    expect(joined).not.toContain('lignes/s');
    expect(tmux('display', '-p', '-t', 'bar', '#{cursor_flag} #{wrap_flag}').trim()).toBe('1 1');
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  }, 60_000);
});
