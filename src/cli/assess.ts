// `market-ready assess [inputs...]`: parses the options and runs the pipeline (src/pipeline/run.ts).
import { fstatSync } from 'node:fs';
import { Readable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import type { InputFormat } from '../io/inputs.js';
import { FORMATS, type Format } from '../report/index.js';
import { FINDINGS_MODES, type FindingsMode } from '../report/json-shape.js';
import { DEFAULT_SECTIONS } from '../report/spooled.js';
import { loadPack } from '../rules/packs.js';
import { DEFAULT_PACK } from '../rules/locate.js';
import { runPipeline } from '../pipeline/run.js';
import type { RunSetup } from '../pipeline/setup.js';
import { EXIT, getExitCode, type FailOn } from './exit-code.js';
import { resolveLang, toolInfo, useColor, withCommonOptions, type CommonOptions } from './common.js';
import { createProgress } from './progress.js';

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
}

function choice<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
    return value as T;
  };
}

/**
 * The stream as it comes, or null when it ends before its first byte: only the first chunk is waited for, so a
 * piped CRM export (or an endless line) is streamed, never held whole in memory.
 */
async function unlessEmpty(stream: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream | null> {
  const chunks = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return null;
  return Readable.from((async function* () {
    yield first.value;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  })());
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
  ).action(async (inputs: string[], options: AssessOptions, cmd: Command) => {
    let stdin: NodeJS.ReadableStream | undefined;
    if (inputs.length === 0) {
      // no input named: piped data is the input; nothing at all (a terminal, /dev/null, an empty pipe) is a usage error
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

export async function runAssess(inputs: string[], options: AssessOptions, stdin?: NodeJS.ReadableStream): Promise<number> {
  const lang = resolveLang(options);
  const pack = await loadPack(options.pack);
  const setup: RunSetup = {
    pack: options.pack,
    format: options.format,
    lang,
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    today: new Date().toISOString().slice(0, 10),
    findings: options.findings ?? 'compact',
    ...(options.plan !== undefined ? { plan: options.plan } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    quiet: options.quiet ?? false,
    color: options.output ? false : useColor(options),
    ...(options.sections !== undefined ? { sections: options.sections } : {}),
    tool: toolInfo(),
  };
  const progress = createProgress(options);
  try {
    const totals = await runPipeline(inputs, setup, {
      ...(options.output ? { output: options.output } : {}),
      strict: options.strict ?? false,
      ...(options.inputFormat ? { inputFormat: options.inputFormat } : {}),
      ...(stdin ? { stdin } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
    }, pack);
    return getExitCode(totals, options.failOn);
  } finally {
    progress?.stop();
  }
}
