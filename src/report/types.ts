// What every report format receives, and the shape each one implements.
import type { CsvDialect, Lang, PackInfo, Result, Summary } from '../types.js';
import type { FindingsMode } from './json-shape.js';
import type { Words } from './words.js';

export type { ReportRule } from './words.js';

export interface ReportContext {
  tool: { name: string; version: string };
  pack: PackInfo & { name: string };
  lang: Lang;
  color: boolean;
  /** the threshold in force (the pack's, or --threshold) */
  threshold: number;
  /** which findings json and ndjson list (default costly: those that cost points) */
  findings?: FindingsMode;
  /** the pack's words in `lang`: rule texts, finding messages, category titles (see words.ts) */
  words: Words;
  /** text: the terminal's width to wrap lines to (issue 16); unset when the report goes to a file or a pipe */
  columns?: number;
  /**
   * html and markdown: how many brands, first in input order, get a section of their own (default DEFAULT_SECTIONS;
   * Infinity for all)
   */
  sections?: number;
  /** issue 13: csv and xlsx, the spreadsheet handed back (see report/sheet.ts) */
  sheet?: SheetOptions;
  /** v2 (issue 12): how each spreadsheet's columns were read, filled in as the inputs are read (json prints it) */
  spreadsheets?: SpreadsheetInfo[];
  /** github, junit, sarif: the folder their paths are relative to (the repository's root; see report/locate.ts) */
  pathBase?: string;
}

/** issue 13: how csv and xlsx give the spreadsheet back. */
export interface SheetOptions {
  /** --csv-dialect: the dialect to write; else the input's (one input spreadsheet), else the one --lang implies */
  dialect?: CsvDialect;
  /** the run reads one spreadsheet (every row then has its header) */
  singleInput: boolean;
  /** --timestamp: the date of the run (ISO), written in the xlsx About sheet; absent, the file has no date */
  timestamp?: string;
  /**
   * csv: the run's columns and dialect, settled by the main thread before any slice goes to a worker thread,
   * so that every thread writes the same rows (see report/csv.ts); absent, the first result settles them
   */
  settled?: SettledSheet;
}

/** csv: what the first result of a run settles, plain (it goes to the workers with the setup). */
export interface SettledSheet {
  /** the input's header as the run's first spreadsheet row had it (empty: the run starts with YAML or JSON) */
  input: readonly string[];
  /** the dialect written, the input's encoding as known when the run settled */
  dialect: CsvDialect;
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
  /**
   * issue 11: what the format reads of a result. 'sheet': the verdict, its scores, the knock-outs not met and the
   * first three reasons (csv), so the batch assesses only that (Result.partial); absent, the whole result.
   */
  readonly needs?: 'sheet';
  /** the format places findings in the input files: the caller fills `location` in results and findings */
  readonly locations?: boolean;
  header(ctx: ReportContext): string;
  result(result: Result, ctx: ReportContext, index: number): string;
  footer(ctx: ReportContext, summary: Summary, results: readonly Result[]): string;
  spooled?(ctx: ReportContext): SpooledReport;
  /** issue 13: a binary format (xlsx): never written to a terminal */
  readonly binary?: boolean;
  /** issue 13: a workbook written to a byte stream, one result at a time (xlsx) */
  workbook?(ctx: ReportContext, out: import('node:stream').Writable, spoolDir: string): Promise<WorkbookRun>;
}

/** issue 13: one run of a workbook format. */
export interface WorkbookRun {
  add(result: Result): Promise<void> | void;
  finish(summary: Summary): Promise<void>;
  abort(): void;
}
