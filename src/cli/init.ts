// `market-ready init [file]`: a commented template profile (or, with --csv, a CSV header) to fill in.
import { existsSync } from 'node:fs';
import { csvTemplate, profileTemplate } from '../profile/template.js';
import { fileSink } from '../io/atomic-writer.js';
import { resolveLang, type CommonOptions } from './common.js';
import { EXIT } from './exit-code.js';

export async function runInit(file: string | undefined, options: CommonOptions & { csv?: boolean; force?: boolean }): Promise<number> {
  const content = options.csv ? csvTemplate() : profileTemplate(resolveLang(options));
  if (!file || file === '-') {
    process.stdout.write(content);
    return EXIT.ok;
  }
  if (existsSync(file) && !options.force) {
    process.stderr.write(`error: ${file} already exists (use --force to overwrite it)\n`);
    return EXIT.usage;
  }
  // the one output writer: a missing folder, a full disk or a read-only place is one line naming the file
  const sink = fileSink(file, { what: 'template' });
  sink.write(content);
  sink.commit();
  process.stderr.write(`wrote ${file}: fill it in, then run market-ready assess ${file}\n`);
  return EXIT.ok;
}
