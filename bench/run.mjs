// `npm run bench [-- N]`: the batch benchmark of issue 3, all on one generated file of N rows (default 200000):
// (a) bare csv-parse into objects, (b) `market-ready assess --format ndjson > /dev/null` end to end (the two
// alternate, three runs each, medians kept),
// (c) json-rules-engine against our compiled evaluator on the same rules and rows, (d) cold start of one YAML
// assessment against `node -e 0`. Prints a markdown table and writes it to bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { compareRulesEngines } from './rules-engine.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 200_000);
const csv = `bench/out/brands-${rows}.csv`;
const TIME = '/usr/bin/time';

if (!existsSync(csv)) {
  process.stderr.write(`generating ${csv}...\n`);
  await generate(csv, rows);
}
const bytes = statSync(csv).size;

/** Runs a command with stdout to /dev/null; wall time, and peak RSS from GNU time when it is there. */
function measure(args) {
  const devnull = openSync('/dev/null', 'w');
  const useTime = existsSync(TIME);
  const started = performance.now();
  const run = spawnSync(useTime ? TIME : process.execPath, useTime ? ['-v', process.execPath, ...args] : args, { stdio: ['ignore', devnull, 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  const stderr = run.stderr.toString();
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')} failed (${run.status}): ${stderr.slice(0, 500)}`);
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : null };
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const f1 = (x) => (x === null ? 'n/a' : x.toFixed(1));
const fmt = (x) => Math.round(x).toLocaleString('en-US');

// (a) and (b) alternate, three runs each, and each keeps its median run: the machines this runs on are shared,
// and their speed drifts by 10-20% within minutes; measured one right after the other, the two drift together
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const parseRuns = [];
const assessRuns = [];
for (let round = 1; round <= ROUNDS; round++) {
  process.stderr.write(`(a) csv-parse into objects on ${rows} rows (${round}/${ROUNDS})...\n`);
  parseRuns.push(measure(['bench/csv-parse-objects.mjs', csv]));
  process.stderr.write(`(b) market-ready assess --format ndjson (${round}/${ROUNDS})...\n`);
  assessRuns.push(measure(['bin/market-ready.js', 'assess', csv, '--format', 'ndjson']));
}
const medianRun = (runs) => [...runs].sort((x, y) => x.ms - y.ms)[Math.floor(runs.length / 2)];
const parseRun = medianRun(parseRuns);
// peak RSS: the highest of the runs, not the median's
const assessRun = { ...medianRun(assessRuns), rssMb: Math.max(...assessRuns.map((r) => r.rssMb ?? 0)) || null };
const spread = (runs) => runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ');
process.stderr.write('(c) json-rules-engine vs compiled evaluator...\n');
const engines = await compareRulesEngines(csv, Math.min(rows, 5000));
process.stderr.write('(d) cold start...\n');
const yaml = 'fixtures/brands/approve-french-skincare.yaml';
const cold = [];
const bare = [];
for (let i = 0; i < 11; i++) {
  bare.push(measure(['-e', '0']).ms);
  cold.push(measure(['bin/market-ready.js', 'assess', yaml]).ms);
}

const ratio = assessRun.ms / parseRun.ms;
const speedup = engines.jreUsPerRow / engines.oursUsPerRow;
const coldRatio = median(cold) / median(bare);
const table = `| measure (N = ${fmt(rows)} rows, ${(bytes / 1e6).toFixed(0)} MB CSV) | time | rows/s | peak RSS | target | met |
| --- | ---: | ---: | ---: | --- | --- |
| (a) csv-parse into objects (\`columns: true\`) | ${fmt(parseRun.ms)} ms | ${fmt(rows / (parseRun.ms / 1000))} | ${f1(parseRun.rssMb)} MB | baseline | |
| (b) \`market-ready assess --format ndjson > /dev/null\` | ${fmt(assessRun.ms)} ms | ${fmt(rows / (assessRun.ms / 1000))} | ${f1(assessRun.rssMb)} MB | (b)/(a) <= 1.0, RSS < 200 MB | ${ratio.toFixed(2)}x: ${ratio <= 1 ? 'yes' : 'no'}; RSS: ${assessRun.rssMb !== null && assessRun.rssMb < 200 ? 'yes' : 'no'} |
| (c) json-rules-engine, ${engines.booleanRules} boolean rules, ${fmt(engines.rows)} rows | ${f1(engines.jreUsPerRow)} µs/row | ${fmt(1e6 / engines.jreUsPerRow)} | | | |
| (c) market-ready compiled evaluator, all ${engines.allRules} rules, same rows | ${f1(engines.oursUsPerRow)} µs/row | ${fmt(1e6 / engines.oursUsPerRow)} | | >= 50x faster | ${fmt(speedup)}x: ${speedup >= 50 ? 'yes' : 'no'} |
| (d) \`node -e 0\` (median of 11) | ${fmt(median(bare))} ms | | | | |
| (d) \`market-ready assess\` one YAML (median of 11) | ${fmt(median(cold))} ms | | | <= 2x \`node -e 0\` | ${coldRatio.toFixed(2)}x: ${coldRatio <= 2 ? 'yes' : 'no'} |
`;
const machine = `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end of the run.`;
const runs = `(a) and (b) ran alternately, ${ROUNDS} times each; the table gives each one's median run (all runs, in seconds: (a) ${spread(parseRuns)}; (b) ${spread(assessRuns)}) and (b)'s highest peak RSS.`;
const section = `## N = ${fmt(rows)}\n\n\`npm run bench -- ${rows}\`, ${new Date().toISOString().slice(0, 10)}. ${machine} ${runs}\n\n${table}`;
process.stdout.write(section);
// one section per N: a run replaces the section of its N and keeps the others
const results = 'bench/RESULTS.md';
const sections = new Map();
// sections other than "N = ..." (bench/formats.mjs writes "Report formats") are kept after them
const others = [];
if (existsSync(results)) {
  for (const part of readFileSync(results, 'utf8').split(/^(?=## )/m).slice(1)) {
    const n = /^## N = ([\d,]+)/.exec(part)?.[1];
    if (n) sections.set(n, part.trimEnd() + '\n');
    else others.push(part.trimEnd() + '\n');
  }
}
sections.set(fmt(rows), section);
const ordered = [...sections.entries()].sort((x, y) => Number(x[0].replace(/,/g, '')) - Number(y[0].replace(/,/g, '')));
writeFileSync(results, `# Batch benchmark\n\nWritten by \`npm run bench\` (bench/run.mjs) and \`npm run bench:formats\` (bench/formats.mjs); see README.md, "Performance".\n\n${[...ordered.map(([, text]) => text), ...others].join('\n')}`);
