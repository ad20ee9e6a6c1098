// (c) of the benchmark: the same rules on the same rows, evaluated warm by the ZEN engine (@gorules/zen-engine,
// Rust: the pack's boolean checks as one expression node), by json-rules-engine, and by market-ready's compiled
// evaluator. Graded checks (points on a scale) have no equivalent in the other two and are left out of their
// side, while market-ready evaluates the whole pack, graded rules included. The three alternate, each keeping
// its median round.
import { Engine } from 'json-rules-engine';
import { execSync } from 'node:child_process';
import { evaluate, FIELDS, loadPack, readInputs } from '../dist/index.js';

const SIMPLE = {
  equals: 'equal',
  'not-equals': 'notEqual',
  in: 'in',
  'not-in': 'notIn',
  gte: 'greaterThanInclusive',
  gt: 'greaterThan',
  lte: 'lessThanInclusive',
  lt: 'lessThan',
};
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
    if (op === 'between')
      return [
        { fact: field, operator: 'greaterThanInclusive', value: value[0] },
        { fact: field, operator: 'lessThanInclusive', value: value[1] },
      ];
    return [{ fact: field, operator: SIMPLE[op] ?? op, value }];
  });
  return parts.length === 1 ? parts[0] : { all: parts };
}

/** The same condition in ZEN's expression language (fields read from the nested input object). */
function zenExpression(condition) {
  if ('all' in condition) return `(${condition.all.map(zenExpression).join(' and ')})`;
  if ('any' in condition) return `(${condition.any.map(zenExpression).join(' or ')})`;
  if ('not' in condition) return `(not ${zenExpression(condition.not)})`;
  const { field: f, ...rest } = condition;
  const lit = (v) => JSON.stringify(v);
  const parts = Object.entries(rest).map(([op, v]) => {
    switch (op) {
      case 'equals':
        return `${f} == ${lit(v)}`;
      case 'not-equals':
        return `${f} != ${lit(v)}`;
      case 'in':
        return `${f} in ${lit(v)}`;
      case 'not-in':
        return `not (${f} in ${lit(v)})`;
      // ZEN refuses to compare null with a number: an unknown field fails the check, as in the other two
      case 'gte':
        return `(${f} != null and ${f} >= ${v})`;
      case 'gt':
        return `(${f} != null and ${f} > ${v})`;
      case 'lte':
        return `(${f} != null and ${f} <= ${v})`;
      case 'lt':
        return `(${f} != null and ${f} < ${v})`;
      case 'between':
        return `(${f} != null and ${f} >= ${v[0]} and ${f} <= ${v[1]})`;
      case 'contains-any':
        return `some(${f} ?? [], # in ${lit(v)})`;
      case 'contains-all':
        return `all(${lit(v)}, # in (${f} ?? []))`;
      case 'min-items':
        return `len(${f} ?? []) >= ${v}`;
      case 'min-length':
        return `len(${f} ?? '') >= ${v}`;
      case 'present':
        return v ? `${f} != null` : `${f} == null`;
      case 'matches':
        return `matches(${f} ?? '', ${lit(v)})`;
      default:
        throw new Error(`no ZEN translation for ${op}`);
    }
  });
  return parts.length === 1 ? parts[0] : `(${parts.join(' and ')})`;
}

function nested(values) {
  const out = {};
  FIELDS.forEach((f, i) => {
    if (values[i] === undefined) return;
    const [a, b] = f.path.split('.');
    if (b === undefined) out[a] = values[i];
    else (out[a] ??= {})[b] = values[i];
  });
  return out;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

// ZEN is not a devDependency: the registry reachable from the project's machines lacks the other platforms'
// packages its lock entry names, so `npm ci` would refuse the lock file. The bench installs it, unsaved, when
// it is missing.
async function zenEngine() {
  try {
    return (await import('@gorules/zen-engine')).ZenEngine;
  } catch {
    execSync('npm install --no-save --no-audit --no-fund @gorules/zen-engine@0.54.0', { stdio: 'inherit' });
    return (await import('@gorules/zen-engine')).ZenEngine;
  }
}

export async function compareRulesEngines(csvPath, rowsWanted, rounds = 3) {
  const ZenEngine = await zenEngine();
  const pack = await loadPack('tmall-global');
  // the rules both engines can express: a check whose operator has no translation (`script: han`, a table's
  // key lookup) is left out of the comparison for all three, so they evaluate the same rules
  const translatable = (rule) => {
    const check = rule.spec.when ? { all: [rule.spec.when, rule.spec.check] } : rule.spec.check;
    try {
      translate(check);
      zenExpression(check);
      return true;
    } catch {
      return false;
    }
  };
  const boolean = pack.rules.filter((r) => !isGraded(r.spec.check) && translatable(r));
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, fn] of Object.entries(CUSTOM)) engine.addOperator(name, fn);
  for (const rule of boolean) {
    const check = rule.spec.when ? { all: [rule.spec.when, rule.spec.check] } : rule.spec.check;
    engine.addRule({ name: rule.id, conditions: { all: [translate(check)] }, event: { type: rule.id } });
  }
  const zen = new ZenEngine();
  const expressions = boolean.map((rule, i) => {
    const check = rule.spec.when ? { all: [rule.spec.when, rule.spec.check] } : rule.spec.check;
    return { id: `e${i}`, key: `r${i}`, value: zenExpression(check) };
  });
  const decision = zen.createDecision({
    nodes: [
      { id: 'in', type: 'inputNode', name: 'input', position: { x: 0, y: 0 } },
      { id: 'rules', type: 'expressionNode', name: 'rules', position: { x: 1, y: 0 }, content: { expressions } },
      { id: 'out', type: 'outputNode', name: 'output', position: { x: 2, y: 0 } },
    ],
    edges: [
      { id: 'a', sourceId: 'in', targetId: 'rules', type: 'edge' },
      { id: 'b', sourceId: 'rules', targetId: 'out', type: 'edge' },
    ],
  });
  const rows = [];
  for await (const item of readInputs([csvPath])) {
    if (item.kind === 'profile') rows.push(item.profile.values);
    if (rows.length >= rowsWanted) break;
  }
  const facts = rows.map((values) =>
    Object.fromEntries(FIELDS.map((f, i) => [f.path, values[i]]).filter(([, v]) => v !== undefined)),
  );
  const inputs = rows.map(nested);

  const sanity = { zenTrue: 0, jreFired: 0, oursBlockerDown: 0 };
  const timeZen = async () => {
    const started = performance.now();
    for (const input of inputs) {
      const { result } = await decision.evaluate(input);
      if (result.r0 === true) sanity.zenTrue++;
    }
    return ((performance.now() - started) * 1000) / inputs.length;
  };
  const timeJre = async () => {
    const started = performance.now();
    for (const f of facts) sanity.jreFired += (await engine.run(f)).events.length;
    return ((performance.now() - started) * 1000) / facts.length;
  };
  const timeOurs = () => {
    // much faster: repeat the rows so that the timing is not noise
    const repeat = 20;
    const started = performance.now();
    for (let k = 0; k < repeat; k++)
      for (const values of rows) if (evaluate(pack, values, null).blockerDown) sanity.oursBlockerDown++;
    return ((performance.now() - started) * 1000) / (repeat * rows.length);
  };
  // warm each once, then alternate
  await timeZen();
  await timeJre();
  timeOurs();
  const zenRuns = [];
  const jreRuns = [];
  const oursRuns = [];
  for (let round = 0; round < rounds; round++) {
    zenRuns.push(await timeZen());
    jreRuns.push(await timeJre());
    oursRuns.push(timeOurs());
  }
  zen.dispose?.();
  return {
    rows: rows.length,
    booleanRules: boolean.length,
    allRules: pack.rules.length,
    zenUsPerRow: median(zenRuns),
    jreUsPerRow: median(jreRuns),
    oursUsPerRow: median(oursRuns),
    sanity,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(
    JSON.stringify(await compareRulesEngines(process.argv[2], Number(process.argv[3] ?? 2000))) + '\n',
  );
}
