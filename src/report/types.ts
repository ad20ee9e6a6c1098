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
  /** html and markdown: how many brands, first in input order, get a section of their own (default DEFAULT_SECTIONS; Infinity for all) */
  sections?: number;
  /** v2 (issue 12): how each spreadsheet's columns were read, filled in as the inputs are read (json prints it) */
  spreadsheets?: SpreadsheetInfo[];
}

/** v2 (issue 12): a spreadsheet's header map: which column was read as which field. */
export interface SpreadsheetInfo {
  file: string;
  sheet?: string;
  columns: { column: string; header: string; field: string }[];
}

/**
 * One run of a format whose document opens with what only the whole batch knows (html's overview, markdown's
 * summary table, junit's counts). Each result is rendered as it comes into pieces that the caller appends to
 * temporary files (spools, one per kind of piece: an index row, a section), so no result is held; at the end
 * the document is the text around those spools. The same run renders in memory for the library and the tests
 * (see spooled.ts), so both paths give the same bytes.
 */
export interface SpooledReport {
  /** how many spools the document uses */
  readonly spools: number;
  /** whether the result at this index appears in detail: when not, the caller can skip its remediation plan */
  detailed(index: number): boolean;
  /** the result's piece for each spool, in spool order ('' for none) */
  add(result: Result, index: number): string[];
  /** the whole document in order: text, or the number of the spool whose contents go there */
  finish(summary: Summary): (string | number)[];
}

/**
 * A report format. Streaming formats write each result as it is assessed (header, result..., footer).
 * Formats that need the batch's totals before the first result provide `spooled`: `assess` then writes each
 * result's pieces to temporary files and puts the document together at the end, and their `footer` renders
 * the same document from results in memory (for the library and the tests). A format with neither would have
 * every result collected for its `footer`, which no built-in format does: memory would grow with the batch.
 */
export interface Formatter {
  readonly streaming: boolean;
  /** the format places findings in the input files: the caller fills `location` in results and findings */
  readonly locations?: boolean;
  header(ctx: ReportContext): string;
  result(result: Result, ctx: ReportContext, index: number): string;
  footer(ctx: ReportContext, summary: Summary, results: readonly Result[]): string;
  spooled?(ctx: ReportContext): SpooledReport;
}
