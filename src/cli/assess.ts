// `market-ready assess [inputs...]`: read -> validate -> evaluate -> score -> decide -> format -> write.
import { fstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { assessProfile } from '../engine/assess.js';
import { SummaryBuilder } from '../engine/summary.js';
import { UserError } from '../errors.js';
import { readInputs, type InputFormat, type InputOptions } from '../io/inputs.js';
import { t } from '../i18n/index.js';
import { fileSink, stdoutSink, type Sink } from '../io/atomic-writer.js';
import { FORMATS, getFormatter, type Format, type ReportContext } from '../report/index.js';
import { FINDINGS_MODES, type FindingsMode } from '../report/json-shape.js';
import { locateResult, reportRules } from '../report/locate.js';
import { DEFAULT_SECTIONS } from '../report/spooled.js';
import { Spool } from '../io/spool.js';
import { loadPack } from '../rules/packs.js';
import { DEFAULT_PACK } from '../rules/locate.js';
import type { Lang, ReadItem, Result } from '../types.js';
import type { SpreadsheetInfo } from '../report/types.js';
import { EXIT, getExitCode, type FailOn } from './exit-code.js';
import { printDiagnostics, resolveLang, toolInfo, useColor, withCommonOptions, type CommonOptions } from './common.js';
import { createProgress } from './progress.js';
import { createExplainer } from './explain.js';

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
}

function choice<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return value as T;
  };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
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
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a number from 0 to 100');
  return n;
}

export function parseSections(value: string): number {
  if (value.trim().toLowerCase() === 'all') return Infinity;
  if (!/^\s*\d+\s*$/.test(value)) throw new InvalidArgumentError('expected a whole number of brands (0 for the overview alone) or all');
  return Number(value);
}

/**
 * v2 (issue 12): --columns, --sheet and --verbose, as the readers take them: the columns map is read and checked
 * before any input (a mistake in it is the run's error), and each spreadsheet's header map is kept for the
 * json report (and printed under --verbose).
 */
export async function spreadsheetOptions(options: { columns?: string; sheet?: string; verbose?: boolean }, lang: Lang): Promise<{
  read: Pick<InputOptions, 'columns' | 'sheet' | 'onHeaderMap'>;
  spreadsheets: SpreadsheetInfo[];
}> {
  const spreadsheets: SpreadsheetInfo[] = [];
  const columns = options.columns ? await (await import('../read/columns-map.js')).loadColumnsMap(options.columns) : undefined;
  return {
    spreadsheets,
    read: {
      ...(columns ? { columns } : {}),
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      onHeaderMap: (file, map, sheet) => {
        spreadsheets.push({ file, ...(sheet !== undefined ? { sheet } : {}), columns: map.map((m) => ({ column: m.column, header: m.header, field: m.field })) });
        if (options.verbose) {
          const shown = map.map((m) => `${m.column} ${JSON.stringify(m.header)} → ${m.field}`).join(', ');
          process.stderr.write(`${file}${sheet !== undefined ? ` [${sheet}]` : ''}: ${t(lang, 'sheet.headerMap', { map: shown || t(lang, 'sheet.noHeaderMatch') })}\n`);
        }
      },
    },
  };
}

export function errorResult(item: ReadItem & { kind: 'error' }, threshold: number): Result {
  return {
    source: item.source,
    brand: item.brand,
    verdict: 'error',
    score: null,
    threshold,
    completeness: null,
    categories: [],
    findings: [],
    reasons: [],
    errors: item.errors.filter((e) => e.severity === 'error'),
    warnings: item.errors.filter((e) => e.severity === 'warning'),
  };
}

export function registerAssess(program: Command): void {
  withCommonOptions(
    program
      .command('assess')
      .description('score brand profiles against a rule pack and print approve or turn-down with the reasons')
      .argument('[inputs...]', 'profile files (.yaml .yml .json .csv .tsv), directories, or - for stdin')
      .option('-p, --pack <id or path>', `rule pack: a built-in id (${DEFAULT_PACK}, tmall, luxury-pavilion), a directory, a manifest or a market-ready-pack-* package`, DEFAULT_PACK)
      .option('-f, --format <name>', `report format: ${FORMATS.join(', ')}`, choice(FORMATS), 'text')
      .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
      .option('--fail-on <verdict>', 'which verdicts make the exit code 1: turn-down or none', choice(['turn-down', 'none'] as const), 'turn-down')
      .option('--threshold <0-100>', "override the pack's approval threshold", parseThreshold)
      .option('--strict', 'unknown profile fields are errors, not warnings')
      .option('--input-format <format>', 'format of stdin (-): yaml, json, csv or tsv', choice(['yaml', 'json', 'csv', 'tsv'] as const))
      .option('-q, --quiet', 'no warnings and no progress on stderr')
      .option('--plan', 'add the remediation plan to every result (default for text, json, markdown, html)')
      .option('--no-plan', 'no remediation plan (faster for large batches)')
      .option('--findings <compact|full>', 'json and ndjson: rule texts (title, expected, remedy, source) only in findings that cost points (compact), or in every finding (full)', choice(FINDINGS_MODES), 'compact')
      .option('--baseline <report.json>', 'an earlier --format json report: show what changed for each brand since')
      .option('--sections <n|all>', `html and markdown: how many brands, first in input order, get a section of their own (default ${DEFAULT_SECTIONS}; the overview counts every brand)`, parseSections),
    // v2 (issue 12)
  ).option('--columns <file>', "a YAML map of your spreadsheet's own headers to field paths (Account Name: brand.name)")
    .option('--sheet <name>', 'the .xlsx sheet to read (default: the first with a header row)')
    .option('--verbose', 'print how the columns of each spreadsheet were read')
    .action(async (inputs: string[], options: AssessOptions, cmd: Command) => {
    let stdin: NodeJS.ReadableStream | undefined;
    if (inputs.length === 0) {
      // no input named: piped data is the input; nothing at all (a terminal, /dev/null, an empty pipe) is a usage error
      const piped = stdinHasData() ? await readStream(process.stdin) : Buffer.alloc(0);
      if (piped.length === 0) {
        process.stderr.write(cmd.helpInformation());
        process.exitCode = EXIT.usage;
        return;
      }
      inputs = ['-'];
      stdin = Readable.from([piped]);
    }
    process.exitCode = await runAssess(inputs, options, stdin);
  });
}

export async function runAssess(inputs: string[], options: AssessOptions, stdin?: NodeJS.ReadableStream): Promise<number> {
  const lang = resolveLang(options);
  const sheetOptions = await spreadsheetOptions(options, lang);
  const pack = await loadPack(options.pack);
  const threshold = options.threshold ?? pack.threshold;
  const formatter = await getFormatter(options.format);
  const ctx: ReportContext = {
    tool: toolInfo(),
    pack: { id: pack.id, version: pack.version, digest: pack.digest, name: pack.name[lang] ?? pack.name.en },
    lang,
    color: options.output ? false : useColor(options),
    threshold,
    findings: options.findings ?? 'compact',
    ...(formatter.locations ? { rules: reportRules(pack, lang) } : {}),
    ...(options.sections !== undefined ? { sections: options.sections } : {}),
    spreadsheets: sheetOptions.spreadsheets,
  };
  const today = new Date().toISOString().slice(0, 10);
  const explain = createExplainer(options, pack, { threshold, lang, today });
  const summary = new SummaryBuilder();
  const kept: Result[] = [];
  let sink: Sink & { drain?: () => Promise<void> };
  if (options.output) {
    try {
      sink = fileSink(options.output);
    } catch (e) {
      throw new UserError(`${options.output}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else sink = stdoutSink();
  // formats that open with totals write each result to temporary files beside the report (or in the system's
  // temporary directory for stdout) and put the document together at the end: nothing is held per result
  const run = formatter.spooled?.(ctx);
  const spools: Spool[] = [];
  const abort = (): void => {
    for (const spool of spools) spool.close();
    sink.abort();
  };
  process.once('SIGINT', () => {
    abort();
    process.stderr.write('\ninterrupted: no report written\n');
    process.exit(EXIT.interrupted);
  });
  let progress: ReturnType<typeof createProgress>;
  try {
    sink.write(formatter.header(ctx));
    if (run) {
      const dir = options.output ? dirname(resolve(options.output)) : tmpdir();
      for (let i = 0; i < run.spools; i++) spools.push(new Spool(dir));
    }
    let index = 0;
    progress = createProgress(options);
    // large CSV files in ndjson or csv are assessed on worker threads, straight to the sink (see batch.ts)
    // (--columns is not passed to the slices' path yet: such a run reads its files the usual way)
    const parallel = (options.format === 'ndjson' || options.format === 'csv') && !explain && !options.columns && (await import('./batch.js')).parallelNdjson({ format: options.format, pack: options.pack, compiled: pack, lang, threshold, today, findings: options.findings ?? 'compact', sink });
    for await (const item of (parallel ? parallel.read : readInputs)(inputs, { strict: options.strict ?? false, lang, ...sheetOptions.read, ...(stdin ? { stdin } : {}), ...(options.inputFormat ? { inputFormat: options.inputFormat } : {}), ...(progress ? { onProgress: progress.update } : {}) })) {
      let result: Result;
      if (item.kind === 'error') {
        printDiagnostics(item.errors);
        result = errorResult(item, threshold);
      } else {
        result = assessProfile(pack, item.profile, { lang, threshold, today });
        if (!options.quiet && result.warnings.length > 0) printDiagnostics(result.warnings);
      }
      // a brand the report does not detail (past --sections) needs no plan, the costly part of html and markdown
      if (explain && (!run || run.detailed(index))) explain(result, item.kind === 'profile' ? item.profile : null);
      if (formatter.locations) locateResult(result, item);
      summary.add(result);
      if (run) run.add(result, index).forEach((piece, i) => spools[i]!.append(piece));
      else if (formatter.streaming) sink.write(formatter.result(result, ctx, index));
      else kept.push(result);
      index++;
      if (sink.drain && (index & 255) === 0) await sink.drain();
    }
    progress?.stop();
    const totals = parallel ? parallel.totals(summary.build()) : summary.build();
    if (run) {
      for (const part of run.finish(totals)) {
        if (typeof part === 'string') sink.write(part);
        else {
          for (const chunk of spools[part]!.chunks()) {
            sink.write(chunk);
            if (sink.drain) await sink.drain();
          }
        }
      }
      for (const spool of spools) spool.close();
    } else sink.write(formatter.footer(ctx, totals, kept));
    sink.commit();
    if (sink.drain) await sink.drain();
    return getExitCode(totals, options.failOn);
  } catch (e) {
    progress?.stop();
    abort();
    throw e;
  }
}
