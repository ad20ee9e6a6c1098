// CSV and TSV profile files (contract section 2). Placeholder until the streaming reader lands: see issue 3.
import type { ReadItem } from '../types.js';
import type { InputOptions } from './inputs.js';

export async function* readCsvInput(path: string, _format: 'csv' | 'tsv', _options: InputOptions): AsyncGenerator<ReadItem> {
  yield { kind: 'error', source: { file: path, row: null, document: null }, brand: null, errors: [{ severity: 'error', file: path, message: 'CSV input is not available in this build' }] };
}
