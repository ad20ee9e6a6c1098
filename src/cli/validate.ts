// `market-ready validate`: the profile schema only, no rules. Exit 0 when every profile is valid, 2 otherwise.
// `--format github|sarif|junit|json` gives a pipeline the schema check alone, as annotations or a report on
// stdout (diagnostics still go to stderr with the text format, the default).
import { readInputs, type InputFormat } from '../io/inputs.js';
import {
  toValidation,
  validationSummaryLine,
  type Validation,
  type ValidationContext,
  type ValidationFormat,
} from '../report/validation.js';
import { getValidationFormatter } from '../report/validation-formats.js';
import { printDiagnostics, resolveLang, toolInfo, type CommonOptions } from './common.js';
import { EXIT } from './exit-code.js';
import { t } from '../i18n/index.js';
import { ciPathBase } from '../io/repository-root.js';

export interface ValidateOptions extends CommonOptions {
  strict?: boolean;
  inputFormat?: InputFormat;
  quiet?: boolean;
  format?: ValidationFormat;
  columns?: string;
  sheet?: string;
  verbose?: boolean;
}

export async function runValidate(inputs: string[], options: ValidateOptions): Promise<number> {
  const lang = resolveLang(options);
  if (inputs.length === 0) {
    process.stderr.write(`error: ${t(lang, 'validate.noInput')}\n`);
    return EXIT.usage;
  }
  const format = options.format ?? 'text';
  const formatter = format === 'text' ? null : await getValidationFormatter(format);
  const ctx: ValidationContext = { tool: toolInfo(), lang, pathBase: ciPathBase() };
  const kept: Validation[] = [];
  let valid = 0;
  let invalid = 0;
  if (formatter) process.stdout.write(formatter.header(ctx));
  const { spreadsheetOptions } = await import('./assess.js');
  const sheetOptions = await spreadsheetOptions(options, lang);
  const readOptions = {
    strict: options.strict ?? false,
    lang,
    ...sheetOptions.read,
    ...(options.inputFormat ? { inputFormat: options.inputFormat } : {}),
  };
  for await (const item of readInputs(inputs, readOptions)) {
    if (item.kind === 'error') invalid++;
    else valid++;
    if (!formatter) {
      printDiagnostics(item.kind === 'error' ? item.errors : item.profile.warnings, lang);
      continue;
    }
    const v = toValidation(item);
    if (formatter.keepItems) kept.push(v);
    else process.stdout.write(formatter.item(v, lang, ctx));
  }
  const total = valid + invalid;
  if (formatter) process.stdout.write(formatter.footer({ total, valid, invalid }, lang, kept, ctx));
  else if (!options.quiet) {
    process.stdout.write(`${validationSummaryLine({ total, valid, invalid }, lang)}\n`);
  }
  return invalid > 0 ? EXIT.usage : EXIT.ok;
}
