// What every report format receives, and the shape each one implements.
import type { Effort, Lang, PackInfo, Result, Summary } from '../types.js';
import type { FindingsMode } from './json-shape.js';

/** A rule of the pack as the CI formats describe it (SARIF reportingDescriptors), in the report's language. */
export interface ReportRule {
  id: string;
  category: string;
  title: string;
  expected: string;
  remedy: string;
  /** where the requirement comes from: a URL or a short citation */
  source: string;
  blocker: boolean;
  weight: number;
  effort: Effort;
  field: string;
}

export interface ReportContext {
  tool: { name: string; version: string };
  pack: PackInfo & { name: string };
  lang: Lang;
  color: boolean;
  /** the threshold in force (the pack's, or --threshold) */
  threshold: number;
  /** how much rule text the findings of json and ndjson carry (default compact) */
  findings?: FindingsMode;
  /** the pack's rules, for formats that describe them (sarif) */
  rules?: readonly ReportRule[];
}

/**
 * A report format. Streaming formats write each result as it is assessed (header, result..., footer);
 * the others set `streaming: false` and render everything in `footer` from the collected results.
 */
export interface Formatter {
  readonly streaming: boolean;
  /** the format places findings in the input files: the caller fills `location` in results and findings */
  readonly locations?: boolean;
  header(ctx: ReportContext): string;
  result(result: Result, ctx: ReportContext, index: number): string;
  footer(ctx: ReportContext, summary: Summary, results: readonly Result[]): string;
}
