// What every report format receives, and the shape each one implements.
import type { Lang, PackInfo, Result, Summary } from '../types.js';

export interface ReportContext {
  tool: { name: string; version: string };
  pack: PackInfo & { name: string };
  lang: Lang;
  color: boolean;
  /** the threshold in force (the pack's, or --threshold) */
  threshold: number;
}

/**
 * A report format. Streaming formats write each result as it is assessed (header, result..., footer);
 * the others set `streaming: false` and render everything in `footer` from the collected results.
 */
export interface Formatter {
  readonly streaming: boolean;
  header(ctx: ReportContext): string;
  result(result: Result, ctx: ReportContext, index: number): string;
  footer(ctx: ReportContext, summary: Summary, results: readonly Result[]): string;
}
