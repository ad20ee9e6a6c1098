// `--format json`: one object { tool, pack, results, summary }, streamed result by result, byte-for-byte
// deterministic (no timestamps, fixed key order). The pack's rule and category texts are printed once, in
// `pack.rules` and `pack.categories`, in the report's language; each result refers to them by id.
import { jsonResult } from './json-shape.js';
import type { Formatter, ReportContext } from './types.js';

function packJson(ctx: ReportContext): Record<string, unknown> {
  return {
    ...ctx.pack,
    categories: ctx.words.categories(),
    rules: ctx.words.rules(),
  };
}

export const json: Formatter = {
  streaming: true,
  header: (ctx) => `{"tool":${JSON.stringify(ctx.tool)},"pack":${JSON.stringify(packJson(ctx))},"results":[`,
  result: (result, ctx, index) =>
    (index === 0 ? '\n' : ',\n') + JSON.stringify(jsonResult(result, ctx.words, ctx.findings ?? 'costly')),
  // v2 (issue 12): "spreadsheets" says which column of each spreadsheet was read as which field
  footer: (ctx, summary) =>
    `\n],${ctx.spreadsheets?.length ? `"spreadsheets":${JSON.stringify(ctx.spreadsheets)},` : ''}"summary":${JSON.stringify(summary)}}\n`,
};
