// `--format json`: one object { tool, pack, results, summary }, streamed result by result, byte-for-byte
// deterministic (no timestamps, fixed key order).
import { jsonResult } from './json-shape.js';
import type { Formatter } from './types.js';

export const json: Formatter = {
  streaming: true,
  header: (ctx) => `{"tool":${JSON.stringify(ctx.tool)},"pack":${JSON.stringify(ctx.pack)},"results":[`,
  result: (result, ctx, index) => (index === 0 ? '\n' : ',\n') + JSON.stringify(jsonResult(result, ctx.findings ?? 'compact')),
  // v2 (issue 12): "spreadsheets" says which column of each spreadsheet was read as which field
  footer: (ctx, summary) => `\n],${ctx.spreadsheets?.length ? `"spreadsheets":${JSON.stringify(ctx.spreadsheets)},` : ''}"summary":${JSON.stringify(summary)}}\n`,
};
