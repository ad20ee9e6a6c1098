// `--format ndjson`: one result object per line, written as each profile is assessed.
import { jsonResult } from './json-shape.js';
import type { Formatter } from './types.js';

export const ndjson: Formatter = {
  streaming: true,
  header: () => '',
  result: (result, ctx) => JSON.stringify(jsonResult(result, ctx.findings ?? 'compact')) + '\n',
  footer: () => '',
};
