// `npm run bench:xlsx [-- N...]`: time and peak RSS of `market-ready assess --format xlsx` (and of csv, the
// other spreadsheet handed back, for comparison) on a generated CSV of N rows (default 20,000 and 200,000),
// the report written with -o to bench/out/ and removed after each run. The workbook is streamed (exceljs'
// WorkbookWriter, Findings spooled to a temporary file), so peak RSS should not grow with N.
// Prints a markdown table and writes it to the "Spreadsheet formats" section of bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const counts = sizes.length > 0 ? sizes : [20_000, 200_000];
const TIME = '/usr/bin/time';
if (!existsSync(TIME))
  throw new Error('bench:xlsx needs GNU time (/usr/bin/time, Debian package "time") for the peak RSS');

const RUNS = [['xlsx'], ['csv']];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const size = (bytes) =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(1)} GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : `${(bytes / 1e3).toFixed(0)} kB`;

function measure(csv, format, extra) {
  const out = `bench/out/report.${format}`;
  const args = [
    'bin/market-ready.js',
    'assess',
    csv,
    '--format',
    format,
    ...extra,
    '--fail-on',
    'none',
    '-q',
    '-o',
    out,
  ];
  const started = performance.now();
  const run = spawnSync(TIME, ['-v', process.execPath, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - started;
  const stderr = run.stderr.toString();
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${stderr.slice(0, 500)}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
  const bytes = statSync(out).size;
  rmSync(out);
  return { ms, rss, bytes };
}

const measured = new Map();
for (const rows of counts) {
  const csv = `bench/out/brands-${rows}.csv`;
  if (!existsSync(csv)) {
    process.stderr.write(`generating ${csv}...\n`);
    await generate(csv, rows);
  }
  for (const [format, ...extra] of RUNS) {
    const label = [format, ...extra].join(' ');
    process.stderr.write(`${fmt(rows)} rows, ${label}...\n`);
    measured.set(`${rows} ${label}`, measure(csv, format, extra));
  }
}

const header = `| format | ${counts.map((n) => `${fmt(n)} rows: time | peak RSS | report`).join(' | ')} |`;
const align = `| --- | ${counts.map(() => '---: | ---: | ---:').join(' | ')} |`;
const lines = RUNS.map(([format, ...extra]) => {
  const label = [format, ...extra].join(' ');
  const cells = counts.map((n) => {
    const m = measured.get(`${n} ${label}`);
    return `${(m.ms / 1000).toFixed(1)} s | ${fmt(m.rss)} MB | ${size(m.bytes)}`;
  });
  return `| ${label} | ${cells.join(' | ')} |`;
});
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}, Node ${process.version}.`;
const section = `## Spreadsheet formats\n\n\`npm run bench:xlsx${sizes.length > 0 ? ` -- ${sizes.join(' ')}` : ''}\`, ${new Date().toISOString().slice(0, 10)}. ${machine} Each run: \`market-ready assess brands-N.csv --format <format> --fail-on none -q -o <file>\`; wall time, peak RSS from GNU time, size of the report.\n\n${[header, align, ...lines].join('\n')}\n`;
process.stdout.write(section);
const results = 'bench/RESULTS.md';
const before = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmarks\n';
const start = before.indexOf('## Spreadsheet formats');
const next = start === -1 ? -1 : before.indexOf('\n## ', start + 1);
const updated =
  start === -1
    ? `${before.trimEnd()}\n\n${section}`
    : `${before.slice(0, start)}${section}${next === -1 ? '' : before.slice(next + 1)}`;
writeFileSync(results, updated);
