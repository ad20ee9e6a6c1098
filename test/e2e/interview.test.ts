// End to end: the built binary's interview in a real pseudo-terminal (tmux), driven as a consultant would:
// keys are sent only once the question they answer is on screen, and every wait has a timeout that fails with
// the screen as it was. Build first (`npm run build`); CI installs tmux (.ci/run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT, run } from '../helpers/cli.js';

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// a private tmux server per test file: nothing here touches the user's own sessions
const SOCKET = `market-ready-e2e-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dir = mkdtempSync(join(tmpdir(), 'market-ready-interview-'));
let sessions = 0;

class Terminal {
  readonly name = `interview-${process.pid}-${++sessions}`;

  constructor(args: string[], env: Record<string, string> = {}) {
    const vars = { NO_COLOR: '1', LANG: 'C.UTF-8', ...env };
    const exports = Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    // the exit code is printed after the command, and the pane kept open so its output can be read
    const command = `cd ${JSON.stringify(dir)} && env ${exports} ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.map((a) => JSON.stringify(a)).join(' ')}; echo "EXIT=$?"; sleep 600`;
    // the previous test's kill-session may have left the server shutting down: a session started at that
    // moment fails with "server exited unexpectedly", and a moment later a fresh server starts fine
    for (let attempt = 1; ; attempt++) {
      try {
        tmux('new-session', '-d', '-s', this.name, '-x', '200', '-y', '50', command);
        return;
      } catch (e) {
        if (attempt === 5 || !/server exited unexpectedly/.test(String((e as { stderr?: unknown }).stderr ?? e))) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100 * attempt);
      }
    }
  }

  /** The whole pane, scrollback included, wrapped lines joined. */
  screen(): string {
    return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.name);
  }

  async waitFor(test: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof test === 'string' ? screen.includes(test) : test.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; the screen was:\n${screen}`);
      await sleep(50);
    }
  }

  /** Prompts answered so far (by `answer` or by Enter); a prompt on screen beyond that count is waiting. */
  private handled = 0;

  /** Prompts drawn so far: answered ones turned into "✔ " lines, the live one starts with "? ". */
  private drawn(screen: string): number {
    return screen.split('\n').filter((l) => l.startsWith('? ') || l.startsWith('✔ ')).length;
  }

  /** Presses Enter on each question as it comes (keeping its default) until `until` shows up. */
  async enterUntil(until: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof until === 'string' ? screen.includes(until) : until.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(until)}; the screen was:\n${screen}`);
      if (this.drawn(screen) > this.handled) {
        // the prompt is drawn right after its message; a short pause lets it take the keyboard first
        await sleep(60);
        this.keys('Enter');
        this.handled++;
      }
      await sleep(40);
    }
  }

  /** Enter on the questions before the one about `field` (found by its note line), then answers that one. */
  async answer(field: string, ...keys: (string | { text: string })[]): Promise<void> {
    await this.enterUntil(new RegExp(`^  ${field.replace(/\./g, '\\.')}( ·|$)`, 'm'));
    const deadline = Date.now() + 10_000;
    while (this.drawn(this.screen()) <= this.handled) {
      if (Date.now() > deadline) throw new Error(`no prompt for ${field}; the screen was:\n${this.screen()}`);
      await sleep(40);
    }
    await sleep(60);
    this.keys(...keys);
    this.handled++;
  }

  keys(...keys: (string | { text: string })[]): void {
    for (const k of keys) {
      if (typeof k === 'string') tmux('send-keys', '-t', this.name, k);
      else tmux('send-keys', '-t', this.name, '-l', k.text);
    }
  }

  kill(): void {
    try { tmux('kill-session', '-t', this.name); } catch { /* already gone */ }
  }
}

afterAll(() => {
  try { tmux('kill-server'); } catch { /* no server left */ }
  rmSync(dir, { recursive: true, force: true });
});

// No silent skip: without tmux this test fails and says what to install (SKIP_TMUX_TESTS=1 opts out)
describe.skipIf(!!process.env.SKIP_TMUX_TESTS)('interview in a terminal', () => {
  it('has tmux to drive the terminal', () => {
    expect(hasTmux, 'tmux is missing: apt-get install -y tmux (or SKIP_TMUX_TESTS=1 to opt out)').toBe(true);
  });

  const out = join(dir, 'maison-tmux.yaml');

  it('asks, validates, shows the standing and the verdict, and writes the profile', async () => {
    const term = new Terminal(['interview', '--out', out]);
    try {
      await term.answer('brand.name', { text: 'Maison Tmux' }, 'Enter');
      await term.answer('brand.country', { text: 'fr' }, 'Enter');
      await term.answer('brand.category', 'Enter'); // beauty, the first category
      await term.answer('productRange.positiveListSharePct', { text: 'abc' }, 'Enter');
      await term.waitFor('> Expected a number such as 12.5 or 12,5, from 0 to 100; ? if you don’t know');
      term.keys('C-u', { text: '87,5' }, 'Enter');
      await term.waitFor(/✔ Share of SKUs .* 87,5/);
      await term.answer('company.entityOutsideMainlandChina');
      // the key hints are the interview's, not @inquirer's English ones ("↑↓ navigate • ⏎ select")
      await term.waitFor('↑↓ move • ⏎ choose');
      term.keys('Up', 'Enter'); // from "don't know" up to "no"
      // "don't know" is ticked already on an unknown list: ticking Xiaohongshu answers with it
      await term.answer('localization.socialChannels');
      await term.waitFor('↑↓ move • space tick • a all • i invert • ⏎ confirm');
      term.keys('Down', 'Down', 'space', 'Enter');
      await term.waitFor('✔ Active official accounts on Chinese social networks Xiaohongshu (xiaohongshu)\n');
      const screen = await term.enterUntil('EXIT=');
      // a number left unknown reads as such once answered, not as an empty answer
      expect(screen).toMatch(/^✔ SKUs intended for China \(\? = don’t know\) don’t know$/m);
      expect(screen).toMatch(/^ {2}→ Product range: [\d.]+ \/ 25 · so far: score/m);
      expect(screen).toContain('── Company, 3 of 8 ──');
      expect(screen).toMatch(/→ Company: [\d.]+ \/ 20 · so far: score [\d.]+ \/ 100 \(threshold 70\), data completeness [\d.]+% · knock-out already failed: Applicant registered outside mainland China/);
      expect(screen).toMatch(/✖ TURN DOWN {2}Maison Tmux/);
      expect(screen).toContain('Plan to approval');
      expect(screen).toContain(`Saved ${out}`);
      expect(screen).toContain('EXIT=1');
      const written = readFileSync(out, 'utf8');
      expect(written).toContain('  positiveListSharePct: 87.5 # share of SKUs');
      expect(parse(written)).toMatchObject({
        schemaVersion: 1,
        brand: { name: 'Maison Tmux', country: 'FR', category: 'beauty' },
        company: { entityOutsideMainlandChina: false },
        productRange: { positiveListSharePct: 87.5 },
        localization: { socialChannels: ['xiaohongshu'] },
      });
      // the profile is one `assess` reads as it is
      const assessed = await run(['assess', out, '--format', 'json']);
      expect(JSON.parse(assessed.stdout).results[0].verdict).toBe('turn-down');
    } finally {
      term.kill();
    }
  });

  it('re-interviewing with Enter throughout writes the same file, after asking to overwrite it', async () => {
    expect(existsSync(out)).toBe(true);
    const before = readFileSync(out, 'utf8');
    const term = new Terminal(['interview', '--from', out, '--out', out]);
    try {
      const screen = await term.enterUntil('EXIT=');
      expect(screen).toContain(`${out} already exists. Overwrite it?`);
      expect(screen).toContain('EXIT=1');
      expect(readFileSync(out, 'utf8')).toBe(before);
    } finally {
      term.kill();
    }
  });

  it('re-interviewing a hand-written profile with Enter throughout leaves it untouched; a wine brand is offered wine routes only', async () => {
    const file = join(dir, 'vallon-sarrail.yaml');
    const original = readFileSync(join(ROOT, 'fixtures', 'brands', 'approve-bordeaux-wine-estate.yaml'), 'utf8');
    writeFileSync(file, original);
    const term = new Terminal(['interview', '--from', file]);
    try {
      await term.answer('productRange.regulatoryPath');
      const route = await term.waitFor(/❯ cross-border\n {2}GACC-registered/);
      expect(route).not.toContain('NMPA');
      term.keys('Enter');
      const screen = await term.enterUntil('EXIT=');
      expect(screen).toContain(`No answer changed: ${file} is left as it was.`);
      expect(screen).toContain('EXIT=0');
      // byte for byte, its own description comment and layout included
      expect(readFileSync(file, 'utf8')).toBe(original);
    } finally {
      term.kill();
    }
  });

  it('Ctrl-C saves a draft in French, and --from resumes it', async () => {
    const term = new Terminal(['interview', '--lang', 'fr', '--out', join(dir, 'brouillon.yaml')]);
    const draft = join(dir, 'chateau-tmux.draft.yaml');
    try {
      await term.answer('brand.name', { text: 'Château Tmux' }, 'Enter');
      await term.answer('brand.country', { text: 'FR' }, 'Enter');
      await term.waitFor('La marque, 1 sur 8');
      // wine and spirits: seventh in the catalogue's list of categories
      await term.answer('brand.category', ...Array<string>(6).fill('Down'), 'Enter');
      await term.answer('productRange.positiveListSharePct', { text: '60' }, 'Enter');
      await term.answer('productRange.skuCount', 'C-c');
      const screen = await term.waitFor('EXIT=');
      expect(screen).toContain(`Interrompu : les réponses données sont enregistrées dans ${draft}. Reprenez avec : market-ready interview --from ${draft}`);
      expect(screen).toContain('EXIT=130');
      expect(parse(readFileSync(draft, 'utf8'))).toEqual({ schemaVersion: 1, brand: { name: 'Château Tmux', country: 'FR', category: 'wine-spirits' }, productRange: { positiveListSharePct: 60 } });
    } finally {
      term.kill();
    }
    const resumed = new Terminal(['interview', '--lang', 'fr', '--from', draft, '--out', join(dir, 'chateau-tmux.yaml')]);
    try {
      // the answers given before come back as defaults
      await resumed.waitFor('(Château Tmux)');
      const screen = await resumed.enterUntil('EXIT=');
      expect(screen).toMatch(/REFUSER {2}Château Tmux/);
      expect(parse(readFileSync(join(dir, 'chateau-tmux.yaml'), 'utf8')).productRange).toEqual({ positiveListSharePct: 60 });
      // the draft has done its job
      expect(existsSync(draft)).toBe(false);
    } finally {
      resumed.kill();
    }
  });

  it('a closed terminal saves the answers given so far', async () => {
    const term = new Terminal(['interview', '--out', join(dir, 'hangup.yaml')]);
    const draft = join(dir, 'closed-window.draft.yaml');
    await term.answer('brand.name', { text: 'Closed Window' }, 'Enter');
    await term.answer('brand.country', { text: 'IT' }, 'Enter');
    await term.waitFor(/^\? Main product category/m);
    term.kill(); // tmux hangs up the pane: SIGHUP
    const deadline = Date.now() + 10_000;
    while (!existsSync(draft) && Date.now() < deadline) await sleep(50);
    // the draft appears whole (written beside, then renamed): it can be read as soon as it exists
    expect(parse(readFileSync(draft, 'utf8')).brand).toEqual({ name: 'Closed Window', country: 'IT' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('interview without a terminal', () => {
  it('exits 2 and points to assess and init', async () => {
    const r = await run(['interview'], { input: 'brand: x\n', cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('market-ready assess <file>');
    expect(r.stderr).toContain('market-ready init <file>');
    expect(r.stdout).toBe('');
  });
});
