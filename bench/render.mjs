// Renders bench/results.json (written by bench/run.mjs) into the tables of docs/performance.md and the short
// table of README.md, between their `bench:begin` / `bench:end` markers; `node bench/render.mjs` alone
// re-renders without measuring. Every target of issue 11 is marked met or not from the numbers, never by hand.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const s = (x) => (x === undefined || x === null ? 'n/a' : x.toFixed(2));
const x = (a, b) => (a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`);
const mb = (m) => (m === undefined ? 'n/a' : `${Math.round(m.rssMb)} MB`);
const yes = (ok) => (ok ? '**met**' : '**not met**');
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const rounds = (n) => `${n} round${n === 1 ? '' : 's'}`;

const LABELS = {
  csvParse: 'bare csv-parse into objects (anchor)',
  duckCount: 'DuckDB `count(*)` (anchor)',
  duckVerdict: 'DuckDB ten-rule verdict in SQL, to a CSV (anchor)',
  ndjsonFile: '`assess --format ndjson -o file`',
  ndjsonJq: '`assess --format ndjson \\| jq -c \'select(.verdict=="turn-down") \\| {brand, reasons}\'`',
  jqAlone: "jq's filter alone, reading the same ndjson from a file (what the jq path cannot go under)",
  csvFile: '`assess --format csv -o file`',
  jsonPlans: '`assess --format json -o file` (with plans)',
  html: '`assess --format html -o file`',
};

/** target text and whether it is met, per measure, from the measure and its anchors */
function target(key, m, all) {
  const base = all.csvParse;
  const ours = ['ndjsonFile', 'ndjsonJq', 'csvFile', 'jsonPlans', 'html'].includes(key);
  const rss = ours ? [`RSS < 200 MB: ${yes(m.rssMb < 200)}`] : [];
  const both = (limit) => [
    `<= ${limit}x csv-parse wall: ${yes(m.wall / base.wall <= limit)}`,
    `<= ${limit}x its CPU: ${yes(m.cpu / base.cpu <= limit)}`,
  ];
  switch (key) {
    case 'ndjsonFile':
      return [...both(1.0), ...rss];
    case 'ndjsonJq':
      return [...both(3), ...rss];
    case 'csvFile':
      return [
        `<= 0.5x csv-parse wall: ${yes(m.wall / base.wall <= 0.5)}`,
        `<= 1.0x its CPU: ${yes(m.cpu / base.cpu <= 1.0)}`,
        `<= 3x DuckDB's verdict (wall): ${yes(all.duckVerdict && m.wall / all.duckVerdict.wall <= 3)}`,
        ...rss,
      ];
    case 'jsonPlans':
      return [...both(2), ...rss];
    case 'html':
      return [...both(1.5), ...rss];
    default:
      return [];
  }
}

/** What the contract and the tools outside ours leave: the floors under the 6 KB, ndjson and jq targets. */
function floors(size) {
  const p = size.probe;
  const m = size.measures;
  const out = [];
  if (p.contractFloorBytes !== undefined) {
    const left = (6144 - p.contractFloorBytes) / (p.costlyFindings + p.reasons);
    out.push(
      `- The 6 KB result: cut to the contract's required keys (section 3), with every message and reason emptied, the median result is still ${fmt(p.contractFloorBytes)} bytes (median ${p.costlyFindings} costly findings and ${p.reasons} reasons); 6 KB would leave ${left.toFixed(0)} bytes for each finding's message and each reason, which the contract requires.`,
    );
  }
  if (size.stringifySeconds !== undefined && m.csvParse) {
    out.push(
      `- ndjson: one \`JSON.stringify\` per result (${p.stringifyCpuUs.toFixed(1)} µs of CPU, warm) is ${s(size.stringifySeconds)} s of CPU at ${fmt(size.rows)} rows, ${x(size.stringifySeconds, m.csvParse.cpu)} csv-parse's CPU before anything is read, assessed or written.`,
    );
  }
  if (m.jqAlone && m.csvParse) {
    out.push(
      `- jq: its filter alone, on the same ${((m.ndjsonFile?.bytes ?? 0) / 1e9).toFixed(1)} GB read from a file, takes ${x(m.jqAlone.wall, m.csvParse.wall)} csv-parse's wall and ${x(m.jqAlone.cpu, m.csvParse.cpu)} its CPU (jq is single-threaded).`,
    );
  }
  return out.length > 0 ? `What the targets stand on (floors no change of ours goes under):\n\n${out.join('\n')}` : '';
}

function table(measures) {
  const base = measures.csvParse;
  const lines = [
    '| measure | wall | CPU (user+sys) | peak RSS | wall / csv-parse | CPU / csv-parse | targets |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const [key, m] of Object.entries(measures)) {
    lines.push(
      `| ${LABELS[key] ?? key} | ${s(m.wall)} s | ${s(m.cpu)} s | ${mb(m)} | ${x(m.wall, base.wall)} | ${x(m.cpu, base.cpu)} | ${target(key, m, measures).join('; ')} |`,
    );
  }
  return lines.join('\n');
}

export function render() {
  const r = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8'));
  const sizes = Object.values(r.sizes).sort((a, b) => a.rows - b.rows);
  const parts = [
    `Measured by \`npm run bench\` (bench/run.mjs; rendered by bench/render.mjs from bench/results.json). ${r.machine}. Each measure ran the rounds its size's heading gives, alternated with the others; the tables give the median wall time and the median CPU time (user + sys of the whole process tree, GNU time), and the highest peak RSS.`,
  ];
  for (const size of sizes) {
    parts.push(
      `### N = ${fmt(size.rows)} rows (${(size.bytes / 1e6).toFixed(0)} MB CSV), ${size.date}, ${rounds(size.rounds ?? r.rounds)}, load average ${size.load?.toFixed(1) ?? 'n/a'} at the end`,
    );
    parts.push(
      `ndjson result: median ${fmt(size.probe.medianResultBytes)} bytes, mean ${fmt(size.probe.bytesPerResult)} bytes (of the file's first 2,000 rows); target: median at most 6 KB: ${yes(size.probe.medianResultBytes <= 6144)}.${size.skipped ? ` ${size.skipped}.` : ''}`,
    );
    parts.push(table(size.measures));
    const floorText = floors(size);
    if (floorText) parts.push(floorText);
  }
  const linear = sizes.filter((z) => z.measures.csvFile);
  if (linear.length > 1) {
    const [small, large] = [linear[0], linear.at(-1)];
    const perRow = (z) => z.measures.csvFile.wall / z.rows;
    const growth = perRow(large) / perRow(small);
    parts.push(
      `Linear in rows (\`--format csv -o\`, wall per row at ${fmt(large.rows)} against ${fmt(small.rows)} rows): ${growth.toFixed(2)}x; target at most 1.25x: ${yes(growth <= 1.25)}.`,
    );
  }
  if (r.report) {
    parts.push(`### Reports people read, at N = ${fmt(r.report.rows)} rows, ${rounds(r.report.rounds ?? r.rounds)}`);
    parts.push(table(r.report.measures));
  }
  if (r.engines) {
    const e = r.engines;
    // like for like: ours on the very rules the other two run (older results have only the whole pack)
    const ours = e.oursSameRulesUsPerRow ?? e.oursUsPerRow;
    const cpu = e.cpuUsPerRow;
    const cpuOf = (x) => (cpu ? `${x.toFixed(1)}` : 'n/a');
    parts.push(`### (c) Evaluation per row, warm, alternated (${fmt(e.rows)} rows)`);
    parts.push(
      [
        '| engine | µs per row (wall) | CPU µs per row | ours (same rules) is faster by, wall / CPU | target |',
        '| --- | ---: | ---: | ---: | --- |',
        `| ZEN engine (@gorules/zen-engine), ${e.booleanRules} boolean rules as one expression node | ${e.zenUsPerRow.toFixed(1)} | ${cpu ? cpuOf(cpu.zen) : 'n/a'} | ${fmt(e.zenUsPerRow / ours)}x${cpu ? ` / ${fmt(cpu.zen / cpu.oursSameRules)}x` : ''} | >= 40x: ${yes(e.zenUsPerRow / ours >= 40)} |`,
        `| json-rules-engine, the same ${e.booleanRules} rules | ${e.jreUsPerRow.toFixed(1)} | ${cpu ? cpuOf(cpu.jre) : 'n/a'} | ${fmt(e.jreUsPerRow / ours)}x${cpu ? ` / ${fmt(cpu.jre / cpu.oursSameRules)}x` : ''} | >= 40x: ${yes(e.jreUsPerRow / ours >= 40)} |`,
        ...(e.oursSameRulesUsPerRow !== undefined
          ? [
              `| market-ready's compiled evaluator, the same ${e.booleanRules} rules | ${e.oursSameRulesUsPerRow.toFixed(2)} | ${cpu ? cpuOf(cpu.oursSameRules) : 'n/a'} | | |`,
            ]
          : []),
        `| market-ready's compiled evaluator, all ${e.allRules} rules (graded and market-table rules too) | ${e.oursUsPerRow.toFixed(2)} | ${cpu ? cpuOf(cpu.ours) : 'n/a'} | whole pack against the others' ${e.booleanRules}: ZEN ${fmt(e.zenUsPerRow / e.oursUsPerRow)}x, json-rules-engine ${fmt(e.jreUsPerRow / e.oursUsPerRow)}x (wall) | |`,
      ].join('\n'),
    );
    if (e.agreement)
      parts.push(
        `Same answers: over ${fmt(e.agreement.rowsTimesRules)} rule × row pairs, json-rules-engine differs from ours ${fmt(e.agreement.jreDiffers)} times and ZEN ${fmt(e.agreement.zenDiffers)} times (a rule fires where ours passes it; unknown fields guarded to our three-valued reading).`,
      );
  }
  if (r.cold) {
    const ratio = r.cold.assess / r.cold.bare;
    parts.push(
      `### Cold start\n\n\`node -e 0\`: ${fmt(r.cold.bare * 1000)} ms; \`market-ready assess\` of one YAML profile: ${fmt(r.cold.assess * 1000)} ms (medians of ${r.cold.runs ?? 11}, alternated${r.cold.timer === 'hrtime' ? ', wall timed by the bench with process.hrtime' : ''}): ${ratio.toFixed(2)}x; target at most 1.6x: ${yes(ratio <= 1.6)}.`,
    );
  }
  replaceBetween(join(root, 'docs/performance.md'), 'bench', parts.join('\n\n'));
  // README: the short table, from the largest size where every path was measured (else the largest)
  const big = [...sizes].reverse().find((z) => z.measures.ndjsonJq && z.measures.csvFile) ?? sizes.at(-1);
  if (big) {
    const m = big.measures;
    const row = (key) =>
      m[key]
        ? `| ${LABELS[key]} | ${s(m[key].wall)} s | ${x(m[key].wall, m.csvParse.wall)} | ${x(m[key].cpu, m.csvParse.cpu)} | ${mb(m[key])} |`
        : `| ${LABELS[key]} | not run (${big.skipped ?? 'skipped'}) | | | |`;
    const readme = [
      `${fmt(big.rows)} rows (${(big.bytes / 1e6).toFixed(0)} MB), ${big.date}; the whole story, every target and the other sizes in [docs/performance.md](docs/performance.md).`,
      '',
      '| path | wall | wall / csv-parse | CPU / csv-parse | peak RSS |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...['csvParse', 'duckVerdict', 'ndjsonFile', 'ndjsonJq', 'csvFile'].map(row),
    ].join('\n');
    replaceBetween(join(root, 'README.md'), 'bench-summary', readme);
  }
}

function replaceBetween(path, name, text) {
  if (!existsSync(path)) return;
  const doc = readFileSync(path, 'utf8');
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a === -1 || b === -1) throw new Error(`${path} has no ${begin} ... ${end} markers`);
  writeFileSync(path, `${doc.slice(0, a + begin.length)}\n${text}\n${doc.slice(b)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) render();
