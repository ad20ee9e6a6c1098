// A worker of the parallel ndjson / csv batch (see batch.ts): takes a slice of a CSV file that starts and ends on
// row boundaries, and does everything a row needs (parse, convert, evaluate, serialise) off the main
// thread. It answers with the slice's ndjson as UTF-8 bytes, its diagnostics as text, and its counts.
import { parentPort, workerData } from 'node:worker_threads';
import { compileCsvHeader, convertRow, countNewlines, isBlank, parserCore, rowError, unclosedQuoteMessage, type CsvPlan } from '../io/csv.js';
import { formatDiagnostic } from '../errors.js';
import { ByteOut, compileResultWriter } from '../report/result-json.js';
import { jsonResult } from '../report/json-shape.js';
import { loadPack } from '../rules/packs.js';
import { assessProfile } from '../engine/assess.js';
import type { CsvError } from 'csv-parse';
import type { ReadItem, Result } from '../types.js';
import { errorResult } from './assess.js';
import type { BatchJob, BatchSetup, BatchAnswer } from './batch.js';

const setup = workerData as BatchSetup;
const pack = await loadPack(setup.pack);
const assessOptions = { lang: setup.lang, threshold: setup.threshold, today: setup.today };
const write = compileResultWriter(pack, { ...assessOptions, findings: setup.findings });
// --format csv rows come from the csv formatter itself, so that both paths write the same bytes
const csvRow = setup.format === 'csv' ? (await import('../report/csv.js')).csv.result : null;
const formatRow = (result: Result): string => (csvRow ? csvRow(result, undefined as never, 0) : JSON.stringify(jsonResult(result, setup.findings)) + '\n');
/** Output of one slice, UTF-8, written row by row (see report/result-json.ts for why bytes, not strings). */
const OUT_BYTES = 4 << 20;
const out = new ByteOut(16);
const NEWLINE = Buffer.from('\n');
const plans = new Map<string, CsvPlan>();

function planFor(job: BatchJob): CsvPlan {
  let plan = plans.get(job.file);
  if (!plan) {
    const compiled = compileCsvHeader(job.file, job.header, 1, setup.lang);
    // the main thread checked the header already; a failure here would be a bug, not a user error
    if ('errors' in compiled) throw new Error(`header of ${job.file} does not compile in the worker`);
    plan = compiled;
    plans.set(job.file, plan);
  }
  return plan;
}

function run(job: BatchJob): BatchAnswer {
  const plan = planFor(job);
  out.buf = job.out ? Buffer.from(job.out) : Buffer.allocUnsafeSlow(OUT_BYTES);
  out.pos = 0;
  let diagnostics = '';
  const counts = { total: 0, approve: 0, turnDown: 0, error: 0 };
  let nextLine = job.startLine;
  let parserLines = 0;
  let stopped = false;
  const emit = (item: ReadItem): void => {
    counts.total++;
    if (item.kind === 'error') {
      counts.error++;
      for (const d of item.errors) diagnostics += `${d.severity === 'warning' ? 'warning' : 'error'}: ${formatDiagnostic(d)}\n`;
      out.utf8(formatRow(errorResult(item, assessOptions.threshold)));
      return;
    }
    let verdict = csvRow ? null : write(item.profile, out);
    if (verdict === null) {
      const result = assessProfile(pack, item.profile, assessOptions);
      out.utf8(formatRow(result));
      verdict = result.verdict;
    } else out.raw(NEWLINE);
    if (verdict === 'approve') counts.approve++;
    else counts.turnDown++;
  };
  const core = parserCore({
    ...job.parserOptions,
    on_skip: (err: CsvError | undefined): undefined => {
      if (!err || stopped) return;
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        // only the file's last slice can end inside quotes: the main thread cuts slices outside them
        stopped = true;
        emit(rowError(plan, nextLine, null, [{ severity: 'error', file: plan.file, row: nextLine, line: nextLine, column: 1, message: unclosedQuoteMessage(nextLine, plan.lang) }]));
        return;
      }
      const line = nextLine;
      nextLine = Math.max(nextLine + 1, job.startLine + core.info.lines);
      parserLines = core.info.lines;
      emit(rowError(plan, line, null, [{ severity: 'error', file: plan.file, row: line, line, column: 1, message: `cannot read the row: ${err.message}` }]));
    },
  });
  const onRecord = (cells: string[]): void => {
    if (stopped) return;
    const end = core.info.lines;
    const start = nextLine;
    nextLine += end === parserLines + 1 ? 1 : 1 + countNewlines(cells);
    parserLines = end;
    if (isBlank(cells)) return;
    emit(convertRow(plan, cells, start));
  };
  const err = core.parse(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), true, onRecord, () => {});
  if (err) throw err;
  // the output buffer goes to the main thread (moved, not copied), which hands it back with a later slice
  const bytes = new Uint8Array(out.buf.buffer, out.buf.byteOffset, out.pos);
  return { id: job.id, bytes, diagnostics, counts };
}

parentPort!.on('message', (job: BatchJob) => {
  const answer = run(job);
  parentPort!.postMessage(answer, [answer.bytes.buffer as ArrayBuffer]);
});
parentPort!.postMessage({ ready: true });
