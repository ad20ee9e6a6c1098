// The .xlsx path against exceljs alone (issue 12): a workbook of N brand rows (the CSV of bench/generate.mjs,
// written by exceljs' streaming WorkbookWriter with shared strings, numbers as number cells, booleans as
// booleans, as Excel and LibreOffice write them) is (a) assessed end to end by the tool (--format ndjson, read
// back by this script and dropped: a result is some 20 KB, 4 GB at 200,000 rows) and (b) read row by row by
// exceljs' streaming WorkbookReader doing nothing else. Each run is a child process timed with its peak RSS;
// the figure is the median of three alternated runs of each.
// Run: npm run bench:xlsx [-- 200000 1000000] [--once] (--once: one run of each instead of three)
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { generate } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'node_modules/.cache/market-ready/bench-xlsx');
mkdirSync(work, { recursive: true });
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const runs = process.argv.includes('--once') ? 1 : 3;
if (sizes.length === 0) sizes.push(200_000);

async function workbook(rows) {
  const path = join(work, `prospects-${rows}.xlsx`);
  if (existsSync(path)) return path;
  // the CSV the other benches use, when it is there (bench/out), else one generated for this run
  const shared = join(root, 'bench/out', `brands-${rows}.csv`);
  const csv = existsSync(shared) ? shared : join(work, `prospects-${rows}.csv`);
  if (csv !== shared) await generate(csv, rows);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheet = writer.addWorksheet('Prospects');
  for await (const record of createReadStream(csv).pipe(parse({ relax_column_count: true }))) {
    sheet
      .addRow(
        record.map((cell) =>
          /^-?\d+(\.\d+)?$/.test(cell)
            ? Number(cell)
            : cell === 'true'
              ? true
              : cell === 'false'
                ? false
                : cell === ''
                  ? null
                  : cell,
        ),
      )
      .commit();
  }
  sheet.commit();
  await writer.commit();
  if (csv !== shared) rmSync(csv);
  return path;
}

const BARE = `
import ExcelJS from 'exceljs';
const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[1], { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
let rows = 0;
for await (const sheet of reader) for await (const row of sheet) rows += row.values.length > 0 ? 1 : 0;
console.log(rows);
`;

/** Runs node with args under /usr/bin/time; what it prints on stdout is counted and dropped. */
async function timed(args) {
  const child = spawn('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let bytes = 0;
  child.stdout.on('data', (d) => {
    bytes += d.length;
  });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
  });
  const status = await new Promise((resolve) => child.on('close', resolve));
  if (status !== 0 && status !== 1) throw new Error(`${args.join(' ')}: ${stderr.slice(-2000)}`);
  const [seconds, kb] = stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, mb: kb / 1024, bytes };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const rows of sizes) {
  const path = await workbook(rows);
  const tool = [];
  const bare = [];
  for (let i = 0; i < runs; i++) {
    tool.push(await timed(['bin/market-ready.js', 'assess', path, '--format', 'ndjson', '--fail-on', 'none', '-q']));
    bare.push(await timed(['--input-type=module', '-e', BARE, path]));
  }
  const t = median(tool.map((x) => x.seconds));
  const b = median(bare.map((x) => x.seconds));
  console.log(`${rows} rows (${path}):`);
  console.log(
    `  market-ready assess, end to end: ${t.toFixed(2)} s, peak RSS ${median(tool.map((x) => x.mb)).toFixed(0)} MB`,
  );
  console.log(
    `  exceljs WorkbookReader alone:     ${b.toFixed(2)} s, peak RSS ${median(bare.map((x) => x.mb)).toFixed(0)} MB`,
  );
  console.log(`  ratio: ${(t / b).toFixed(2)}x`);
}
