// `--format csv`: one row per input profile, written as each one is assessed, for a spreadsheet or a CRM
// import. Quoting is csv-stringify's; the columns are fixed so scripts can rely on them.
import { stringify } from 'csv-stringify/sync';
import { formatDiagnostic } from '../errors.js';
import type { Result } from '../types.js';
import type { Formatter } from './types.js';
import type { Words } from './words.js';

export const CSV_COLUMNS = [
  'file', 'row', 'document', 'brand', 'verdict', 'score', 'threshold', 'completeness',
  'reason_1', 'reason_2', 'reason_3', 'errors',
] as const;

function cells(result: Result, words: Words): (string | number | null)[] {
  const [r1 = '', r2 = '', r3 = ''] = words.reasons(result);
  return [
    result.source.file,
    result.source.row,
    result.source.document,
    result.brand,
    result.verdict,
    result.score,
    result.threshold,
    result.completeness,
    r1,
    r2,
    r3,
    result.errors.map(formatDiagnostic).join('; '),
  ];
}

// null and undefined become empty cells (unknown), never the text "null"
const options = { eof: true, record_delimiter: 'unix' as const, cast: { number: (n: number) => String(n) } };

export const csv: Formatter = {
  streaming: true,
  header: () => stringify([[...CSV_COLUMNS]], options),
  result: (result, ctx) => stringify([cells(result, ctx.words)], options),
  footer: () => '',
};
