// `market-ready init [file]`: a commented template profile; with --csv a CSV header of the fields' labels, in
// the dialect --lang implies (or --csv-dialect); with --xlsx an Excel template with drop-down lists and checks.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { UserError } from '../errors.js';
import { t } from '../i18n/index.js';
import { csvTemplate, profileTemplate } from '../profile/template.js';
import { dialectForLang, NAMED_DIALECTS, type CsvDialectName } from '../report/csv-dialect.js';
import { fileSink } from '../io/atomic-writer.js';
import { resolveLang, type CommonOptions } from './common.js';
import type { Lang } from '../types.js';
import { EXIT } from './exit-code.js';
import { forTerminal } from '../report/escape.js';

export interface InitOptions extends CommonOptions {
  csv?: boolean;
  xlsx?: boolean;
  csvDialect?: CsvDialectName;
  force?: boolean;
}

type TemplateKind = 'yaml' | 'csv' | 'tsv' | 'xlsx';
const KIND_OF_EXTENSION: Record<string, TemplateKind> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.xlsx': 'xlsx',
};

/**
 * The template the file's name asks for: `init prospects.xlsx` is an Excel template, `init leads.csv` a CSV header,
 * as `assess` will read them back. Without this, both got the YAML template, which `assess` then refused.
 */
function templateKind(file: string | undefined, options: InitOptions, lang: Lang): TemplateKind {
  const named: TemplateKind | undefined = options.xlsx ? 'xlsx' : options.csv ? 'csv' : undefined;
  if (!file || file === '-') return named ?? 'yaml';
  const extension = extname(file).toLowerCase();
  if (extension === '.json' && !named) throw new UserError(t(lang, 'init.jsonFile', { file }));
  const byName = KIND_OF_EXTENSION[extension];
  if (!named) return byName ?? 'yaml';
  if (byName === undefined || byName === named || (named === 'csv' && byName === 'tsv')) return byName ?? named;
  const option = named === 'xlsx' ? '--xlsx' : '--csv';
  throw new UserError(
    t(lang, 'init.extensionMismatch', {
      file,
      option,
      kind: t(lang, named === 'xlsx' ? 'init.kind.xlsx' : 'init.kind.csv'),
      extension,
      wanted: named === 'xlsx' ? '.xlsx' : '.csv',
    }),
  );
}

export async function runInit(file: string | undefined, options: InitOptions): Promise<number> {
  const lang = resolveLang(options);
  if (options.csv && options.xlsx) throw new UserError(t(lang, 'init.csvOrXlsx'));
  const kind = templateKind(file, options, lang);
  if (options.csvDialect && !(options.csvDialect in NAMED_DIALECTS))
    throw new UserError(t(lang, 'init.dialect', { dialects: Object.keys(NAMED_DIALECTS).join(', ') }));
  let content: string | Buffer;
  if (kind === 'xlsx') {
    // a workbook is binary: not for a terminal
    if ((!file || file === '-') && process.stdout.isTTY) throw new UserError(t(lang, 'init.binaryOnTerminal'));
    const { xlsxTemplate } = await import('../report/xlsx-template.js');
    content = await xlsxTemplate(lang);
  } else if (kind === 'csv' || kind === 'tsv') {
    const dialect = options.csvDialect ? NAMED_DIALECTS[options.csvDialect] : dialectForLang(lang);
    content = csvTemplate(lang, kind === 'tsv' ? { ...dialect, delimiter: '\t' } : dialect);
  } else content = profileTemplate(lang);
  if (!file || file === '-') {
    process.stdout.write(content);
    return EXIT.ok;
  }
  if (existsSync(file) && !options.force) {
    process.stderr.write(`error: ${forTerminal(t(lang, 'init.exists', { file }))}\n`);
    return EXIT.usage;
  }
  // the one output writer: a missing folder, a full disk or a read-only place is one line naming the file
  const sink = fileSink(file, { what: 'template', lang, pathOption: 'init [file]' });
  sink.write(content);
  sink.commit();
  process.stderr.write(`${forTerminal(t(lang, 'init.wrote', { file }))}\n`);
  return EXIT.ok;
}
