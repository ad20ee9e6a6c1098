// `npm run bench:formats [-- N...]`: time and peak RSS of `market-ready assess` in every report format on a
// generated CSV of N rows (default 20,000 and 200,000), the report written with -o to bench/out/ and removed
// after each run. Memory should not grow with N in any format: the streaming ones write each result as it
// comes, html, markdown and junit spool it to a temporary file (src/io/spool.ts). html and markdown also run
// with `--sections all`, their largest report, to show that the cap on sections is not what keeps memory flat.
// Prints a markdown table and writes it to the "Report formats" section of bench/RESULTS.md.
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
  throw new Error('bench:formats needs GNU time (/usr/bin/time, Debian package "time") for the peak RSS');

const RUNS = [
  ['text'],
  ['json'],
  ['ndjson'],
  ['csv'],
  ['junit'],
  ['github'],
  ['sarif'],
  ['markdown'],
  ['markdown', '--sections', 'all'],
  ['html'],
  ['html', '--sections', 'all'],
  ['xlsx'],
];
// BENCH_FORMATS=xlsx,csv (npm run bench:xlsx): those formats alone, in a section of their own
const only = process.env.BENCH_FORMATS?.split(',');
const runs = only ? RUNS.filter(([format]) => only.includes(format)) : RUNS;
const title = only ? `Report formats: ${only.join(', ')}` : 'Report formats';

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
  for (const [format, ...extra] of runs) {
    const label = [format, ...extra].join(' ');
    process.stderr.write(`${fmt(rows)} rows, ${label}...\n`);
    measured.set(`${rows} ${label}`, measure(csv, format, extra));
  }
}

const header = `| format | ${counts.map((n) => `${fmt(n)} rows: time | peak RSS | report`).join(' | ')} |`;
const align = `| --- | ${counts.map(() => '---: | ---: | ---:').join(' | ')} |`;
const lines = runs.map(([format, ...extra]) => {
  const label = [format, ...extra].join(' ');
  const cells = counts.map((rows) => {
    const m = measured.get(`${rows} ${label}`);
    return `${(m.ms / 1000).toFixed(1)} s | ${fmt(m.rss)} MB | ${size(m.bytes)}`;
  });
  return `| \`${label}\` | ${cells.join(' | ')} |`;
});
const machine = `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')} at the end of the run.`;
const section = `## ${title}\n\n\`npm run ${only ? 'bench:xlsx' : 'bench:formats'}${sizes.length > 0 ? ` -- ${sizes.join(' ')}` : ''}\`, ${new Date().toISOString().slice(0, 10)}. ${machine} Each run: \`market-ready assess brands-N.csv --format <format> --fail-on none -q -o <file>\` (plans on for text, json, markdown and html, as by default); wall time, peak RSS from GNU time, size of the report.\n\n${[header, align, ...lines].join('\n')}\n`;
process.stdout.write(section);

// the section replaces its predecessor in bench/RESULTS.md; the "N = ..." sections of bench/run.mjs stay as they are
const results = 'bench/RESULTS.md';
const text = existsSync(results) ? readFileSync(results, 'utf8') : '# Batch benchmark\n';
const parts = text.split(/^(?=## )/m).filter((part) => !part.startsWith(`## ${title}\n`));
writeFileSync(results, `${parts.map((part) => part.trimEnd()).join('\n\n')}\n\n${section}`);
