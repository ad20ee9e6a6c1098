// `market-ready init [file]`: a commented template profile; with --csv a CSV header of the fields' labels, in
// the dialect --lang implies (or --csv-dialect); with --xlsx an Excel template with drop-down lists and checks.
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { t } from '../i18n/index.js';
import { csvTemplate, profileTemplate } from '../profile/template.js';
import { dialectForLang, NAMED_DIALECTS, type CsvDialectName } from '../report/csv-dialect.js';
import { fileSink } from '../io/atomic-writer.js';
import { resolveLang, type CommonOptions } from './common.js';
import { EXIT } from './exit-code.js';

export interface InitOptions extends CommonOptions {
  csv?: boolean;
  xlsx?: boolean;
  csvDialect?: CsvDialectName;
  force?: boolean;
}

export async function runInit(file: string | undefined, options: InitOptions): Promise<number> {
  const lang = resolveLang(options);
  if (options.csv && options.xlsx) throw new UserError(t(lang, 'init.csvOrXlsx'));
  if (options.csvDialect && !(options.csvDialect in NAMED_DIALECTS))
    throw new UserError(`--csv-dialect: expected one of ${Object.keys(NAMED_DIALECTS).join(', ')}`);
  let content: string | Buffer;
  if (options.xlsx) {
    // a workbook is binary: not for a terminal
    if ((!file || file === '-') && process.stdout.isTTY) throw new UserError(t(lang, 'init.binaryOnTerminal'));
    const { xlsxTemplate } = await import('../report/xlsx-template.js');
    content = await xlsxTemplate(lang);
  } else if (options.csv) {
    content = csvTemplate(lang, options.csvDialect ? NAMED_DIALECTS[options.csvDialect] : dialectForLang(lang));
  } else content = profileTemplate(lang);
  if (!file || file === '-') {
    process.stdout.write(content);
    return EXIT.ok;
  }
  if (existsSync(file) && !options.force) {
    process.stderr.write(`error: ${file} already exists (use --force to overwrite it)\n`);
    return EXIT.usage;
  }
  // the one output writer: a missing folder, a full disk or a read-only place is one line naming the file
  const sink = fileSink(file, { what: 'template', lang });
  sink.write(content);
  sink.commit();
  process.stderr.write(`wrote ${file}: fill it in, then run market-ready assess ${file}\n`);
  return EXIT.ok;
}
