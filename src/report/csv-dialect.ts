// The CSV dialects market-ready writes: the named ones of --csv-dialect, the one each --lang implies, and the
// choice between them and the input's own.
import type { CsvDialect, Lang } from '../types.js';

export const CSV_DIALECTS = ['excel-fr', 'excel', 'rfc4180'] as const;
export type CsvDialectName = (typeof CSV_DIALECTS)[number];

/**
 * excel-fr is what French Excel reads on a double click (`;`, decimal comma; UTF-8 with a BOM, which every
 * Excel since 2016 honours, so accents and Chinese survive); excel the same with `,` and a decimal point;
 * rfc4180 plain UTF-8 with CRLF, for programs.
 */
export const NAMED_DIALECTS: Record<CsvDialectName, CsvDialect> = {
  'excel-fr': { delimiter: ';', encoding: 'utf-8', bom: true, lineBreak: '\r\n', decimalComma: true },
  excel: { delimiter: ',', encoding: 'utf-8', bom: true, lineBreak: '\r\n', decimalComma: false },
  rfc4180: { delimiter: ',', encoding: 'utf-8', bom: false, lineBreak: '\r\n', decimalComma: false },
};

export function dialectForLang(lang: Lang): CsvDialect {
  return NAMED_DIALECTS[lang === 'fr' ? 'excel-fr' : 'excel'];
}

/** --csv-dialect first, then the input spreadsheet's own (one input only), then --lang's. */
export function chooseDialect(
  lang: Lang,
  options: { dialect?: CsvDialect; singleInput: boolean } | undefined,
  input: CsvDialect | undefined,
): CsvDialect {
  if (options?.dialect) return options.dialect;
  if (options?.singleInput && input) return input;
  return dialectForLang(lang);
}
