// `market-ready assess [inputs...]`: parses the options and runs the pipeline (src/pipeline/run.ts).
import { fstatSync } from 'node:fs';
import { Readable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import type { InputFormat } from '../io/inputs.js';
import { FORMATS, type Format } from '../report/index.js';
import { FINDINGS_MODES, findingsMode, type FindingsMode } from '../report/json-shape.js';
import type { InputOptions } from '../io/inputs.js';
import { t } from '../i18n/index.js';
import { DEFAULT_SECTIONS } from '../report/spooled.js';
import { loadPack } from '../rules/packs.js';
import { DEFAULT_PACK } from '../rules/locate.js';
import { runPipeline } from '../pipeline/run.js';
import type { RunSetup } from '../pipeline/setup.js';
import type { Lang } from '../types.js';
import type { SpreadsheetInfo } from '../report/types.js';
import { EXIT, getExitCode, type FailOn } from './exit-code.js';
import { choice, resolveLang, toolInfo, useColor, withCommonOptions, type CommonOptions } from './common.js';
import { createProgress } from './progress.js';
// issue 13: spreadsheets back
import { statSync } from 'node:fs';
import { CSV_DIALECTS, NAMED_DIALECTS, type CsvDialectName } from '../report/csv-dialect.js';
import { stdoutIsTerminal } from '../io/atomic-writer.js';
import { ciPathBase } from '../io/repository-root.js';

/** The formats whose paths CI tools read (report/locate.ts, reportPath). */
const CI_FORMATS: ReadonlySet<string> = new Set(['github', 'junit', 'sarif']);

export interface AssessOptions extends CommonOptions {
  pack: string;
  format: Format;
  output?: string;
  failOn: FailOn;
  threshold?: number;
  strict?: boolean;
  inputFormat?: InputFormat;
  quiet?: boolean;
  /** remediation plan: default on for text, json, markdown and html (see explain.ts) */
  plan?: boolean;
  baseline?: string;
  /** json and ndjson: which findings carry the rule texts (see report/json-shape.ts) */
  findings?: FindingsMode;
  /** html and markdown: how many brands get a section (Infinity for all) */
  sections?: number;
  /** v2 (issue 12): a YAML map of the spreadsheet's own headers to field paths */
  columns?: string;
  /** v2 (issue 12): the .xlsx sheet to read */
  sheet?: string;
  /** v2 (issue 12): print how each spreadsheet's columns were read */
  verbose?: boolean;
  /** issue 13: csv: the dialect to write instead of the input's or --lang's */
  csvDialect?: CsvDialectName;
  /** issue 13: xlsx: the date of the run in the About sheet (else none, so the same inputs give the same bytes) */
  timestamp?: boolean;
}

/** issue 13: the run reads one spreadsheet, whose dialect csv output then follows. */
function oneSpreadsheet(inputs: string[], inputFormat: InputFormat | undefined): boolean {
  if (inputs.length !== 1) return false;
  const input = inputs[0]!;
  if (input === '-') return inputFormat === 'csv' || inputFormat === 'tsv';
  try {
    return /\.(csv|tsv|xlsx)$/i.test(input) && statSync(input).isFile();
  } catch {
    return false;
  }
}

/**
 * The stream as it comes, or null when it ends before its first byte: only the first chunk is waited for, so a
 * piped CRM export (or an endless line) is streamed, never held whole in memory.
 */
async function unlessEmpty(stream: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream | null> {
  const chunks = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return null;
  return Readable.from(
    (async function* () {
      yield first.value;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
  );
}

/** Piped or redirected stdin counts as an input; a terminal or /dev/null does not. */
function stdinHasData(): boolean {
  if (process.stdin.isTTY) return false;
  try {
    const info = fstatSync(0);
    return info.isFIFO() || info.isSocket() || (info.isFile() && info.size > 0);
  } catch {
    return false;
  }
}

export function parseThreshold(value: string): number {
  const n = Number(value.replace(',', '.'));
  // issue 15: written as a person writes a score (70, 72.5, 72,5); Number() alone also takes 0x10, 1e1 and 0b1
  if (!/^\s*\d+(?:[.,]\d+)?\s*$/.test(value) || !Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError('expected a number from 0 to 100');
  return n;
}

export function parseSections(value: string): number {
  if (value.trim().toLowerCase() === 'all') return Infinity;
  if (!/^\s*\d+\s*$/.test(value))
    throw new InvalidArgumentError('expected a whole number of brands (0 for the overview alone) or all');
  return Number(value);
}

/**
 * v2 (issue 12): --columns, --sheet and --verbose, as the readers take them: the columns map is read and checked
 * before any input (a mistake in it is the run's error), and each spreadsheet's header map is kept for the
 * json report (and printed under --verbose).
 */
export async function spreadsheetOptions(
  options: { columns?: string; sheet?: string; verbose?: boolean },
  lang: Lang,
): Promise<{
  read: Pick<InputOptions, 'columns' | 'sheet' | 'onHeaderMap'>;
  spreadsheets: SpreadsheetInfo[];
}> {
  const spreadsheets: SpreadsheetInfo[] = [];
  const columns = options.columns
    ? await (await import('../read/columns-map.js')).loadColumnsMap(options.columns, lang)
    : undefined;
  return {
    spreadsheets,
    read: {
      ...(columns ? { columns } : {}),
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      onHeaderMap: (file, map, sheet) => {
        spreadsheets.push({
          file,
          ...(sheet !== undefined ? { sheet } : {}),
          columns: map.map((m) => ({
            column: m.column,
            header: m.header,
            field: m.field,
            ...(m.scale !== undefined ? { scale: m.scale } : {}),
          })),
        });
        if (options.verbose) {
          const shown = map
            .map((m) => `${m.column} ${JSON.stringify(m.header)} → ${m.field}${m.scale ? ` (× ${m.scale})` : ''}`)
            .join(', ');
          process.stderr.write(
            `${file}${sheet !== undefined ? ` [${sheet}]` : ''}: ${t(lang, 'sheet.headerMap', { map: shown || t(lang, 'sheet.noHeaderMatch') })}\n`,
          );
        }
      },
    },
  };
}

export function registerAssess(program: Command): void {
  withCommonOptions(
    program
      .command('assess')
      .description('score brand profiles against a rule pack and print approve or turn-down with the reasons')
      .argument(
        '[inputs...]',
        'profile files (.yaml .yml .json .csv .tsv .xlsx), directories, quoted patterns ("dossiers/**/*.yaml"), or - for stdin',
      )
      .option(
        '-p, --pack <id or path>',
        `rule pack: a built-in id (${DEFAULT_PACK}, tmall, luxury-pavilion), a directory, a manifest or a market-ready-pack-* package`,
        DEFAULT_PACK,
      )
      .option('-f, --format <name>', `report format: ${FORMATS.join(', ')}`, choice(FORMATS), 'text')
      .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
      .option(
        '--fail-on <verdict>',
        'which verdicts make the exit code 1: turn-down or none',
        choice(['turn-down', 'none'] as const),
        'turn-down',
      )
      .option('--threshold <0-100>', "override the pack's approval threshold", parseThreshold)
      .option('--strict', 'unknown profile fields are errors, not warnings')
      .option(
        '--input-format <format>',
        'format of stdin (-): yaml, json, csv or tsv',
        choice(['yaml', 'json', 'csv', 'tsv'] as const),
      )
      .option('-q, --quiet', 'no warnings and no progress on stderr')
      .option('--plan', 'add the remediation plan to every result (default for text, json, markdown, html)')
      .option('--no-plan', 'no remediation plan (faster for large batches)')
      .option(
        '--findings <costly|all>',
        'json and ndjson: list the findings that cost points (costly), or every rule as a finding with its texts, as v1 did (all; full is its old name)',
        (v: string) => findingsMode(choice(FINDINGS_MODES)(v)),
        'costly',
      )
      .option('--baseline <report.json>', 'an earlier --format json report: show what changed for each brand since')
      .option(
        '--csv-dialect <name>',
        `csv: ${CSV_DIALECTS.join(', ')} (default: the input spreadsheet's own, else excel-fr for --lang fr, excel otherwise)`,
        choice(CSV_DIALECTS),
      )
      .option(
        '--timestamp',
        'xlsx: write the date of the run in the About sheet (without it, the same inputs give the same bytes)',
      )
      .option(
        '--sections <n|all>',
        `html and markdown: how many brands, first in input order, get a section of their own (default ${DEFAULT_SECTIONS}; the overview counts every brand)`,
        parseSections,
      ),
    // v2 (issue 12)
  )
    .option(
      '--columns <file>',
      "a YAML map of your spreadsheet's own headers to field paths (Account Name: brand.name)",
    )
    .option('--sheet <name>', 'the .xlsx sheet to read (default: the first with a header row)')
    .option('--verbose', 'print how the columns of each spreadsheet were read')
    .action(async (inputs: string[], options: AssessOptions, cmd: Command) => {
      let stdin: NodeJS.ReadableStream | undefined;
      if (inputs.length === 0) {
        // no input named: piped data is the input; nothing at all (a terminal, /dev/null, an empty pipe) is a usage
        // error
        const piped = stdinHasData() ? await unlessEmpty(process.stdin) : null;
        if (!piped) {
          process.stderr.write(cmd.helpInformation());
          process.exitCode = EXIT.usage;
          return;
        }
        inputs = ['-'];
        stdin = piped;
      }
      process.exitCode = await runAssess(inputs, options, stdin);
    });
}

export async function runAssess(
  inputs: string[],
  options: AssessOptions,
  stdin?: NodeJS.ReadableStream,
): Promise<number> {
  const lang = resolveLang(options);
  const sheetOptions = await spreadsheetOptions(options, lang);
  const pack = await loadPack(options.pack, { lang });
  const setup: RunSetup = {
    pack: options.pack,
    format: options.format,
    lang,
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    today: new Date().toISOString().slice(0, 10),
    findings: options.findings ?? 'costly',
    ...(options.plan !== undefined ? { plan: options.plan } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    quiet: options.quiet ?? false,
    color: options.output ? false : useColor(options),
    ...(options.sections !== undefined ? { sections: options.sections } : {}),
    tool: toolInfo(),
    sheet: {
      singleInput: oneSpreadsheet(inputs, options.inputFormat),
      ...(options.csvDialect ? { dialect: NAMED_DIALECTS[options.csvDialect] } : {}),
      ...(options.timestamp ? { timestamp: new Date().toISOString() } : {}),
    },
    ...(!options.output && stdoutIsTerminal() && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
    // the CI formats name files from the repository's root, as GitHub places annotations
    ...(CI_FORMATS.has(options.format) ? { pathBase: ciPathBase() } : {}),
  };
  const progress = createProgress({ ...options, lang });
  try {
    const totals = await runPipeline(
      inputs,
      setup,
      {
        ...(options.output !== undefined ? { output: options.output } : {}),
        strict: options.strict ?? false,
        read: sheetOptions.read,
        spreadsheets: sheetOptions.spreadsheets,
        ...(options.columns ? { alsoRead: [options.columns] } : {}),
        ...(options.inputFormat ? { inputFormat: options.inputFormat } : {}),
        ...(stdin ? { stdin } : {}),
        ...(progress ? { onProgress: progress.update } : {}),
        // GitHub names the job summary's file in every step: the markdown report there lists every brand, where
        // the pull request shows 10 annotations of each kind
        ...(options.format === 'github' && process.env.GITHUB_STEP_SUMMARY
          ? { stepSummary: process.env.GITHUB_STEP_SUMMARY }
          : {}),
      },
      pack,
    );
    return getExitCode(totals, options.failOn);
  } finally {
    progress?.stop();
  }
}
