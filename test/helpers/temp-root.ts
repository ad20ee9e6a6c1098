// vitest's global setup: every test file, and every program a test spawns (the CLI, LibreOffice), makes its
// temporary files under one folder of this run, removed when the run ends. Tests make their folders with
// mkdtempSync(join(tmpdir(), ...)) and many keep them for the run's length (inputs shared by several tests, a
// failure's evidence); left in the machine's /tmp they added some 340 MB at every `npm test`.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'market-ready-tests-'));
  // open to all and sticky, as /tmp is: some tests run the CLI as another user, in folders of their own here
  chmodSync(root, 0o1777);
  // os.tmpdir() reads TMPDIR on every call, and the test workers and the programs they spawn inherit it
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
