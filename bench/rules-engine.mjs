// (c) of the benchmark: the same rules on the same rows, evaluated by json-rules-engine (the peer a user would
// reach for) and by market-ready's compiled evaluator. The pack's boolean conditions are translated into
// json-rules-engine rules; graded checks (points on a scale) have no equivalent there and are left out of its
// side, while market-ready evaluates the whole pack, graded rules included.
import { Engine } from 'json-rules-engine';
import { evaluate, FIELDS, loadPack, readInputs } from '../dist/index.js';

const SIMPLE = { equals: 'equal', 'not-equals': 'notEqual', in: 'in', 'not-in': 'notIn', gte: 'greaterThanInclusive', gt: 'greaterThan', lte: 'lessThanInclusive', lt: 'lessThan' };
const CUSTOM = {
  'contains-any': (fact, value) => Array.isArray(fact) && value.some((v) => fact.includes(v)),
  'contains-all': (fact, value) => Array.isArray(fact) && value.every((v) => fact.includes(v)),
  'min-items': (fact, value) => Array.isArray(fact) && fact.length >= value,
  'min-length': (fact, value) => typeof fact === 'string' && fact.length >= value,
  present: (fact, value) => (fact !== undefined) === value,
  matches: (fact, value) => typeof fact === 'string' && new RegExp(value).test(fact),
};

const isGraded = (check) => 'map' in check || 'ramp' in check;

function translate(condition) {
  if ('all' in condition) return { all: condition.all.map(translate) };
  if ('any' in condition) return { any: condition.any.map(translate) };
  if ('not' in condition) return { not: translate(condition.not) };
  const { field, ...rest } = condition;
  const parts = Object.entries(rest).flatMap(([op, value]) => {
    if (op === 'between') return [{ fact: field, operator: 'greaterThanInclusive', value: value[0] }, { fact: field, operator: 'lessThanInclusive', value: value[1] }];
    return [{ fact: field, operator: SIMPLE[op] ?? op, value }];
  });
  return parts.length === 1 ? parts[0] : { all: parts };
}

export async function compareRulesEngines(csvPath, rowsWanted) {
  const pack = await loadPack('tmall-global');
  const boolean = pack.rules.filter((r) => !isGraded(r.spec.check));
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, fn] of Object.entries(CUSTOM)) engine.addOperator(name, fn);
  for (const rule of boolean) {
    const check = rule.spec.when ? { all: [rule.spec.when, rule.spec.check] } : rule.spec.check;
    engine.addRule({ name: rule.id, conditions: { all: [translate(check)] }, event: { type: rule.id } });
  }
  const rows = [];
  for await (const item of readInputs([csvPath])) {
    if (item.kind === 'profile') rows.push(item.profile.values);
    if (rows.length >= rowsWanted) break;
  }
  const facts = rows.map((values) => Object.fromEntries(FIELDS.map((f, i) => [f.path, values[i]]).filter(([, v]) => v !== undefined)));

  let started = performance.now();
  let fired = 0;
  for (const f of facts) fired += (await engine.run(f)).events.length;
  const jreMs = performance.now() - started;

  // ours is much faster: repeat the rows so that the timing is not noise
  const repeat = 20;
  started = performance.now();
  let failing = 0;
  for (let k = 0; k < repeat; k++) for (const values of rows) if (evaluate(pack, values, null).blockerDown) failing++;
  const oursMs = (performance.now() - started) / repeat;
  return {
    rows: rows.length,
    booleanRules: boolean.length,
    allRules: pack.rules.length,
    jreUsPerRow: (jreMs * 1000) / rows.length,
    oursUsPerRow: (oursMs * 1000) / rows.length,
    sanity: { fired, failing },
  };
}
