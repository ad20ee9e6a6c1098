// `--format ndjson`: one result object per line, written as each profile is assessed (the shape of json's
// results; the rule texts are not repeated on every line: `rules show`, or json's pack.rules, has them).
import { jsonResult } from './json-shape.js';
import type { Formatter } from './types.js';

export const ndjson: Formatter = {
  streaming: true,
  header: () => '',
  result: (result, ctx) => JSON.stringify(jsonResult(result, ctx.words, ctx.findings ?? 'costly')) + '\n',
  footer: () => '',
};
