// Build step: load and validate the built-in packs once and store them as JSON, so that start-up reads one
// bundled object instead of parsing and validating YAML (the cold-start budget is ~2x `node -e 0`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_PACKS, loadResolvedPack } from './load.js';
import type { ResolvedPack } from './types.js';
import { formatDiagnostic, PackError } from '../errors.js';

export async function precompileBuiltinPacks(root: string, outDir: string): Promise<void> {
  const packs: Record<string, ResolvedPack> = {};
  for (const id of BUILTIN_PACKS) {
    try {
      packs[id] = loadResolvedPack(join(root, 'rules', id, 'pack.yaml'), { cwd: root });
    } catch (e) {
      if (e instanceof PackError) {
        // a broken built-in pack must not stop the build of everything else; it fails loudly when used
        console.error(
          `warning: built-in pack ${id} is invalid and was left out:\n${e.diagnostics.map(formatDiagnostic).join('\n')}`,
        );
        continue;
      }
      console.error(`warning: built-in pack ${id} could not be loaded: ${(e as Error).message}`);
    }
  }
  // one file per pack: a run reads only the pack it uses, with JSON.parse (faster than compiling a JS literal)
  for (const [id, pack] of Object.entries(packs)) writeFileSync(join(root, outDir, `${id}.json`), JSON.stringify(pack));
}
