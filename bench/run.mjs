// `npm run bench`: the batch benchmark of issue 11, on the paths users take. For each size (BENCH_SIZES,
// default 200000,1000000 rows; BENCH_SIZES=20000 for a quick run) one generated CSV, and on it, alternated,
// BENCH_ROUNDS rounds (default 3), each measure keeping its median wall time and median CPU (user + sys of
// the whole process tree, from GNU time) and its highest peak RSS:
//   anchors: bare csv-parse into objects; DuckDB's count(*); DuckDB's ten-rule verdict in SQL written to a CSV;
//   ours: ndjson to a file on disk (-o), ndjson through jq's filter, --format csv -o.
// At BENCH_REPORT_ROWS (default 20000): csv-parse again, --format json with plans (-o), --format html (-o).
// Then (c) the ZEN engine, json-rules-engine and our evaluator warm on the same rows, and cold start against
// `node -e 0`. Everything goes to bench/results.json (a size run replaces that size's entry); bench/render.mjs
// then writes the tables into docs/performance.md and README.md. BENCH_ONLY=key,key measures some of a size's
// measures again and keeps the others. Outputs are written to bench/out and removed
// after each run; an ndjson output that would pass BENCH_MAX_OUTPUT_GB (default 8) is not written, and the
// table says so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { compareRulesEngines } from './rules-engine.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const TIME = '/usr/bin/time';
if (!existsSync(TIME))
  throw new Error('the benchmark needs GNU time at /usr/bin/time (Debian package "time") for CPU and peak RSS');
const sizes = (process.env.BENCH_SIZES ?? '200000,1000000').split(',').map(Number);
const reportRows = Number(process.env.BENCH_REPORT_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const maxOutput = Number(process.env.BENCH_MAX_OUTPUT_GB ?? 8) * 1e9;
const node = process.execPath;
const bin = 'bin/market-ready.js';
mkdirSync('bench/out', { recursive: true });
const JQ = `select(.verdict=="turn-down") | {brand, reasons}`;

/** One run under GNU time: wall and CPU seconds, peak RSS in MB, and the size of the output file if any. */
function measure(args, output) {
  // Each measure starts with no dirty pages left by the one before: the 2.1 GB floor file and the outputs
  // just removed were still being written back, which made ndjson -o at 200,000 rows 7.5 s -> 9-10 s and tripled
  // its sys time (measured alone against right after writing the floor file). A user's disk has no such queue.
  spawnSync('sync');
  const stats = 'bench/out/time.txt';
  const run = spawnSync(TIME, ['-o', stats, '-f', '%e %U %S %M', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const [wall, user, sys, rssKb] = readFileSync(stats, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr.toString().slice(0, 500)}`);
  const bytes = output && existsSync(output) ? statSync(output).size : null;
  if (output) rmSync(output, { force: true });
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, bytes };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
function summarise(runs) {
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    bytes: runs[0].bytes,
    runs: runs.map(({ wall, cpu }) => ({ wall, cpu })),
  };
}

/** Alternates the measures, ROUNDS times; each keeps its median. */
function alternate(label, measures) {
  const runs = Object.fromEntries(Object.keys(measures).map((k) => [k, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [key, [args, output]] of Object.entries(measures)) {
      process.stderr.write(`${label}: ${key} (${round}/${ROUNDS})...\n`);
      runs[key].push(measure(args, output));
    }
  }
  return Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, summarise(r)]));
}

async function fileOf(rows) {
  const csv = `bench/out/brands-${rows}.csv`;
  if (!existsSync(csv)) {
    process.stderr.write(`generating ${csv}...\n`);
    await generate(csv, rows);
  }
  return csv;
}

/** ndjson of the file's first rows: bytes per result and the median result, to size what a full run writes */
function probe(csv, rows) {
  const head = 'bench/out/probe.csv';
  const text = readFileSync(csv, 'utf8');
  let end = 0;
  for (let i = 0; i <= rows && end !== -1; i++) end = text.indexOf('\n', end + 1);
  writeFileSync(head, text.slice(0, end + 1));
  const out = spawnSync(node, [bin, 'assess', head, '--format', 'ndjson'], { maxBuffer: 1 << 30 }).stdout.toString();
  const lengths = out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => Buffer.byteLength(l) + 1);
  rmSync(head);
  const results = out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  return {
    bytesPerResult: lengths.reduce((a, b) => a + b, 0) / lengths.length,
    medianResultBytes: median(lengths),
    ...floors(results),
  };
}

/** the contract's own keys of a result (section 3, "a result has at least"), and of a finding */
const CONTRACT_KEYS = ['source', 'brand', 'verdict', 'decidedBy', 'score', 'threshold', 'completeness'];
const CONTRACT_FINDING_KEYS = ['ruleId', 'category', 'status', 'blocker', 'weight', 'points', 'field', 'actual'];

/**
 * What no formatting of ours can go under, from the probed results: the median result cut to the contract's
 * required keys with every message and reason emptied (the 6 KB target's floor), and one JSON.stringify of a
 * result (ndjson's floor: the one serialiser), CPU µs per result, the median of 5 passes over them warm.
 */
function floors(results) {
  const bare = results.map((r) => {
    const kept = Object.fromEntries(CONTRACT_KEYS.map((k) => [k, r[k]]));
    const findings = r.findings.map((f) => ({
      ...Object.fromEntries(CONTRACT_FINDING_KEYS.map((k) => [k, f[k]])),
      message: '',
    }));
    const rest = { categories: r.categories, passed: r.passed, notApplicable: r.notApplicable, errors: r.errors };
    return Buffer.byteLength(JSON.stringify({ ...kept, ...rest, findings, reasons: [] })) + 1;
  });
  const passes = [];
  for (let pass = 0; pass < 5; pass++) {
    const start = process.cpuUsage();
    let n = 0;
    for (const r of results) n += JSON.stringify(r).length;
    const used = process.cpuUsage(start);
    if (n === 0) throw new Error('no results probed');
    passes.push((used.user + used.system) / results.length);
  }
  return {
    contractFloorBytes: median(bare),
    costlyFindings: median(results.map((r) => r.findings.length)),
    reasons: median(results.map((r) => r.reasons.length)),
    stringifyCpuUs: median(passes),
  };
}

const results = existsSync('bench/results.json')
  ? JSON.parse(readFileSync('bench/results.json', 'utf8'))
  : { sizes: {} };
results.machine = `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`;
results.rounds = ROUNDS;
/** written after each part, so that a run cut short keeps what it measured */
const save = () => writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
/**
 * BENCH_ONLY=key,key: only these measures (of each size, of the reports: jsonPlans, html, reportCsvParse; and
 * `engines`, `cold`), the others kept from the last run
 */
const only = process.env.BENCH_ONLY?.split(',');
for (const rows of sizes) {
  const csv = await fileOf(rows);
  const sample = probe(csv, 2000);
  const writesNdjson = sample.bytesPerResult * rows <= maxOutput;
  const measures = {
    csvParse: [[node, 'bench/csv-parse-objects.mjs', csv]],
    duckCount: [[node, 'bench/duckdb.mjs', 'count', csv]],
    duckVerdict: [[node, 'bench/duckdb.mjs', 'verdict', csv, 'bench/out/duck.csv'], 'bench/out/duck.csv'],
    ...(writesNdjson
      ? {
          ndjsonFile: [
            [node, bin, 'assess', csv, '--format', 'ndjson', '-o', 'bench/out/out.ndjson'],
            'bench/out/out.ndjson',
          ],
          // jq alone on the same bytes, read from a file: the part of the jq path that is jq's own parsing
          jqAlone: [
            ['bash', '-c', `jq -c '${JQ}' bench/out/floor.ndjson > bench/out/jq-alone.ndjson`],
            'bench/out/jq-alone.ndjson',
          ],
          ndjsonJq: [
            [
              'bash',
              '-c',
              `${JSON.stringify(node)} ${bin} assess ${csv} --format ndjson | jq -c '${JQ}' > bench/out/jq.ndjson`,
            ],
            'bench/out/jq.ndjson',
          ],
        }
      : {}),
    csvFile: [[node, bin, 'assess', csv, '--format', 'csv', '-o', 'bench/out/out.csv'], 'bench/out/out.csv'],
  };
  // BENCH_ONLY=csvFile,csvParse: measure those alone, keeping this size's other figures from the last run
  if (only) for (const key of Object.keys(measures)) if (!only.includes(key)) delete measures[key];
  const kept = only ? (results.sizes[rows]?.measures ?? {}) : {};
  if (measures.jqAlone) {
    process.stderr.write(`N = ${rows}: the ndjson jq alone reads...\n`);
    spawnSync(node, [
      bin,
      'assess',
      csv,
      '--format',
      'ndjson',
      '-o',
      'bench/out/floor.ndjson',
      '-q',
      '--fail-on',
      'none',
    ]);
  }
  results.sizes[rows] = {
    rows,
    bytes: statSync(csv).size,
    probe: sample,
    ...(writesNdjson
      ? {}
      : {
          skipped: `ndjson not written: ${((sample.bytesPerResult * rows) / 1e9).toFixed(1)} GB would pass BENCH_MAX_OUTPUT_GB`,
        }),
    measures: { ...kept, ...alternate(`N = ${rows}`, measures) },
    // one JSON.stringify per result, scaled to the file: CPU seconds no ndjson run can go under
    stringifySeconds: (sample.stringifyCpuUs * rows) / 1e6,
    date: new Date().toISOString().slice(0, 10),
    load: loadavg()[0],
    // a size's rounds, since BENCH_ROUNDS may differ from one size's run to another's
    rounds: ROUNDS,
  };
  rmSync('bench/out/floor.ndjson', { force: true });
  save();
}
{
  const csv = await fileOf(reportRows);
  const reports = {
    csvParse: [[node, 'bench/csv-parse-objects.mjs', csv]],
    jsonPlans: [[node, bin, 'assess', csv, '--format', 'json', '-o', 'bench/out/out.json'], 'bench/out/out.json'],
    html: [[node, bin, 'assess', csv, '--format', 'html', '-o', 'bench/out/out.html'], 'bench/out/out.html'],
  };
  if (only) {
    for (const key of Object.keys(reports))
      if (!only.includes(key === 'csvParse' ? 'reportCsvParse' : key)) delete reports[key];
  }
  if (Object.keys(reports).length > 0) {
    results.report = {
      rows: reportRows,
      rounds: ROUNDS,
      measures: {
        ...(only ? (results.report?.measures ?? {}) : {}),
        ...alternate(`reports at N = ${reportRows}`, reports),
      },
    };
  }
  if (!only || only.includes('engines')) {
    process.stderr.write('(c) ZEN, json-rules-engine and our evaluator, warm, alternated...\n');
    results.engines = await compareRulesEngines(csv, 2000, ROUNDS);
  }
  save();
}
process.stderr.write('cold start...\n');
// wall time taken here (process.hrtime around the spawn, output piped back and dropped), not with GNU time:
// its 10 ms steps are a fifth of `node -e 0`, too coarse for a 1.6x target; 21 runs of each, alternated
const COLD_RUNS = 21;
const timed = (args) => {
  const start = process.hrtime.bigint();
  spawnSync(args[0], args.slice(1));
  return Number(process.hrtime.bigint() - start) / 1e9;
};
const bare = [];
const cold = [];
// BENCH_ONLY without `cold` keeps the last run's figures
for (let i = 0; i < (!only || only.includes('cold') ? COLD_RUNS : 0); i++) {
  bare.push(timed([node, '-e', '0']));
  cold.push(timed([node, bin, 'assess', 'fixtures/brands/approve-french-skincare.yaml', '--no-color']));
}
if (cold.length > 0) results.cold = { bare: median(bare), assess: median(cold), runs: cold.length, timer: 'hrtime' };
save();
const { render } = await import('./render.mjs');
render();
