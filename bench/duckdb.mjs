// The anchor a data analyst would pick instead: DuckDB (@duckdb/node-api) on the same CSV.
//   node bench/duckdb.mjs count <file.csv>            the bare read: SELECT count(*)
//   node bench/duckdb.mjs verdict <file.csv> <out>    a verdict from ten of the pack's boolean rules, in SQL,
//                                                     one CSV row per brand (brand, score, verdict) written to <out>
// The ten rules are the pack's first ten boolean rules (knock-outs included), translated from their checks:
// what SQL does well; it carries no wording, no plan, no per-row errors.
import { DuckDBInstance } from '@duckdb/node-api';
import { loadPack } from '../dist/index.js';

const [mode, file, out] = process.argv.slice(2);
const col = (f) => `"${f}"`;
const str = (v) => `'${String(v).replaceAll("'", "''")}'`;
const num = (f) => `TRY_CAST(${col(f)} AS DOUBLE)`;
const list = (f) => `string_split(coalesce(${col(f)}, ''), '|')`;

function sql(condition) {
  if ('all' in condition) return `(${condition.all.map(sql).join(' AND ')})`;
  if ('any' in condition) return `(${condition.any.map(sql).join(' OR ')})`;
  if ('not' in condition) return `(NOT ${sql(condition.not)})`;
  const { field: f, ...rest } = condition;
  const eq = (v) =>
    typeof v === 'boolean'
      ? `lower(${col(f)}) IN (${v ? "'true','yes','oui','1'" : "'false','no','non','0'"})`
      : typeof v === 'number'
        ? `${num(f)} = ${v}`
        : `lower(${col(f)}) = ${str(String(v).toLowerCase())}`;
  const parts = Object.entries(rest).map(([op, v]) => {
    switch (op) {
      case 'equals':
        return eq(v);
      case 'not-equals':
        return `NOT ${eq(v)}`;
      case 'in':
        return `lower(${col(f)}) IN (${v.map((x) => str(String(x).toLowerCase())).join(', ')})`;
      case 'not-in':
        return `lower(${col(f)}) NOT IN (${v.map((x) => str(String(x).toLowerCase())).join(', ')})`;
      case 'gte':
        return `${num(f)} >= ${v}`;
      case 'gt':
        return `${num(f)} > ${v}`;
      case 'lte':
        return `${num(f)} <= ${v}`;
      case 'lt':
        return `${num(f)} < ${v}`;
      case 'between':
        return `${num(f)} BETWEEN ${v[0]} AND ${v[1]}`;
      case 'contains-any':
        return `list_has_any(${list(f)}, [${v.map(str).join(', ')}])`;
      case 'contains-all':
        return `list_has_all(${list(f)}, [${v.map(str).join(', ')}])`;
      case 'min-items':
        return `len(list_filter(${list(f)}, x -> x <> '')) >= ${v}`;
      case 'min-length':
        return `length(${col(f)}) >= ${v}`;
      case 'present':
        return v ? `${col(f)} IS NOT NULL` : `${col(f)} IS NULL`;
      case 'matches':
        return `regexp_matches(${col(f)}, ${str(v)})`;
      default:
        throw new Error(`no SQL for ${op}`);
    }
  });
  return `coalesce(${parts.join(' AND ')}, false)`;
}

const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const source = `read_csv(${str(file)}, header = true, all_varchar = true)`;
if (mode === 'count') {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${source}`);
  process.stdout.write(`${reader.getRows()[0][0]}\n`);
} else {
  const pack = await loadPack('tmall-global');
  const rules = pack.rules.filter((r) => !('map' in r.spec.check) && !('ramp' in r.spec.check)).slice(0, 10);
  const applies = (r) => (r.spec.when ? sql(r.spec.when) : 'true');
  const passes = rules.map((r) => `(${applies(r)} AND ${sql(r.spec.check)})`);
  const weight = rules.map((r) => `(CASE WHEN ${applies(r)} THEN ${r.weight} ELSE 0 END)`).join(' + ');
  const earned = rules.map((r, i) => `(CASE WHEN ${passes[i]} THEN ${r.weight} ELSE 0 END)`).join(' + ');
  const knockedOut =
    rules
      .filter((r) => r.blocker)
      .map((r) => `(${applies(r)} AND NOT ${sql(r.spec.check)})`)
      .join(' OR ') || 'false';
  const query = `SELECT ${col('brand.name')} AS brand, round(100.0 * (${earned}) / nullif(${weight}, 0), 1) AS score,
    CASE WHEN ${knockedOut} THEN 'turn-down' WHEN 100.0 * (${earned}) / nullif(${weight}, 0) >= ${pack.threshold} THEN 'approve' ELSE 'turn-down' END AS verdict
    FROM ${source}`;
  await connection.run(`COPY (${query}) TO ${str(out)} (HEADER, DELIMITER ',')`);
}
connection.closeSync?.();
