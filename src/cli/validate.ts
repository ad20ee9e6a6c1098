// `market-ready validate`: the profile schema only, no rules. Exit 0 when every profile is valid, 2 otherwise.
import { readInputs, type InputFormat } from '../io/inputs.js';
import { printDiagnostics, resolveLang, type CommonOptions } from './common.js';
import { EXIT } from './exit-code.js';
import { t } from '../i18n/index.js';

export interface ValidateOptions extends CommonOptions {
  strict?: boolean;
  inputFormat?: InputFormat;
  quiet?: boolean;
  columns?: string;
  sheet?: string;
  verbose?: boolean;
}

export async function runValidate(inputs: string[], options: ValidateOptions): Promise<number> {
  if (inputs.length === 0) {
    process.stderr.write('error: validate needs at least one input (a file, a directory, or - for stdin)\n');
    return EXIT.usage;
  }
  const lang = resolveLang(options);
  const { spreadsheetOptions } = await import('./assess.js');
  const sheetOptions = await spreadsheetOptions(options, lang);
  let valid = 0;
  let invalid = 0;
  for await (const item of readInputs(inputs, { strict: options.strict ?? false, lang, ...sheetOptions.read, ...(options.inputFormat ? { inputFormat: options.inputFormat } : {}) })) {
    if (item.kind === 'error') {
      invalid++;
      printDiagnostics(item.errors);
    } else {
      valid++;
      printDiagnostics(item.profile.warnings);
    }
  }
  const total = valid + invalid;
  if (!options.quiet) process.stdout.write(`${t(lang, total === 1 ? 'validate.summary.one' : 'validate.summary.many', { total, valid, invalid })}\n`);
  return invalid > 0 ? EXIT.usage : EXIT.ok;
}
