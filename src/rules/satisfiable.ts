// Can a condition ever be true? A rule whose `when` never holds never applies, and a knock-out whose check
// nobody can meet turns every brand down: both are mistakes in the pack, refused at load.
// The answer is exact for enum, boolean and number fields (every comparison is against constants, so a few
// sample values per field stand for every region between them) and generous elsewhere: a comparison on text
// or a list, and a market-table lookup, counts as free to be true or false, so a condition is refused only
// when it surely can never hold.
import { fieldDef, type FieldDef } from '../profile/fields.js';
import type { Condition, Scalar } from './types.js';

/** past this many combinations of sample values the condition is taken as satisfiable (no time spent) */
const MAX_COMBINATIONS = 4096;

type Atom = Record<string, unknown>;
const ABSENT = Symbol('absent');
type Sample = Scalar | Scalar[] | typeof ABSENT;

function atoms(cond: Condition, out: Atom[]): Atom[] {
  if ('all' in cond) for (const c of cond.all) atoms(c, out);
  else if ('any' in cond) for (const c of cond.any) atoms(c, out);
  else if ('not' in cond) atoms(cond.not, out);
  else out.push(cond as unknown as Atom);
  return out;
}

const EXACT_TYPES = new Set(['enum', 'boolean', 'number', 'integer', 'version']);
const exact = (f: FieldDef | undefined): f is FieldDef => !!f && EXACT_TYPES.has(f.type);

/** Sample values of a numeric field: each constant, either side of it, and between neighbours, within bounds. */
function numericSamples(f: FieldDef, constants: number[]): number[] {
  const points = new Set<number>();
  const sorted = [...new Set(constants)].sort((a, b) => a - b);
  const integer = f.type === 'integer' || f.type === 'version';
  for (const [i, c] of sorted.entries()) {
    const around = integer ? [Math.floor(c) - 1, Math.floor(c), Math.ceil(c), Math.ceil(c) + 1] : [c - 1, c, c + 1];
    for (const x of around) points.add(x);
    const next = sorted[i + 1];
    if (next !== undefined) points.add(integer ? Math.floor((c + next) / 2) : (c + next) / 2);
  }
  if (f.min !== undefined) points.add(f.min);
  if (f.max !== undefined) points.add(f.max);
  if (points.size === 0) points.add(0);
  const within = (x: number) => (f.min === undefined || x >= f.min) && (f.max === undefined || x <= f.max);
  return [...points].filter(within);
}

function samplesFor(f: FieldDef, fieldAtoms: Atom[]): Sample[] {
  const out: Sample[] = [ABSENT];
  if (f.type === 'boolean') return [...out, true, false];
  if (f.type === 'enum') return [...out, ...(f.values ?? [])];
  const constants: number[] = [];
  for (const a of fieldAtoms) {
    for (const [k, v] of Object.entries(a)) {
      if (k === 'field') continue;
      if (typeof v === 'number') constants.push(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'number') constants.push(x);
    }
  }
  return [...out, ...numericSamples(f, constants)];
}

type Tri = boolean | undefined;

function compare(atom: Atom, x: Sample): Tri {
  if ('present' in atom) return (x !== ABSENT) === atom.present;
  if (x === ABSENT) return undefined;
  const num = typeof x === 'number' ? x : NaN;
  for (const [op, v] of Object.entries(atom)) {
    switch (op) {
      case 'equals':
        return x === v;
      case 'not-equals':
        return x !== v;
      case 'in':
      case 'key-in':
        return (v as Scalar[]).includes(x as Scalar);
      case 'not-in':
        return !(v as Scalar[]).includes(x as Scalar);
      case 'gte':
        return typeof v === 'number' ? num >= v : undefined;
      case 'gt':
        return typeof v === 'number' ? num > v : undefined;
      case 'lte':
        return typeof v === 'number' ? num <= v : undefined;
      case 'lt':
        return typeof v === 'number' ? num < v : undefined;
      case 'between':
        return num >= (v as number[])[0]! && num <= (v as number[])[1]!;
      default:
    }
  }
  return undefined;
}

function evaluate(cond: Condition, value: (atom: Atom) => Tri): Tri {
  if ('all' in cond) {
    let unknown = false;
    for (const c of cond.all) {
      const r = evaluate(c, value);
      if (r === false) return false;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : true;
  }
  if ('any' in cond) {
    let unknown = false;
    for (const c of cond.any) {
      const r = evaluate(c, value);
      if (r === true) return true;
      if (r === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  }
  if ('not' in cond) {
    const r = evaluate(cond.not, value);
    return r === undefined ? undefined : !r;
  }
  return value(cond as unknown as Atom);
}

/** True when no profile can make `cond` true. */
export function neverTrue(cond: Condition): boolean {
  const all = atoms(cond, []);
  const byField = new Map<string, Atom[]>();
  const free: Atom[] = [];
  for (const a of all) {
    const f = typeof a.field === 'string' ? fieldDef(a.field) : undefined;
    // a number read from a table is not modelled: the comparison is free
    const plain = ([k, v]: [string, unknown]) => k === 'field' || typeof v !== 'object' || Array.isArray(v);
    const operandIsNumber = Object.entries(a).every(plain);
    if (exact(f) && operandIsNumber) byField.set(f.path, [...(byField.get(f.path) ?? []), a]);
    else free.push(a);
  }
  const fields = [...byField.keys()];
  const samples = fields.map((p) => samplesFor(fieldDef(p)!, byField.get(p)!));
  let combinations = 2 ** free.length;
  for (const s of samples) combinations *= s.length;
  if (combinations > MAX_COMBINATIONS) return false;

  const fieldOf = new Map<Atom, number>();
  fields.forEach((p, i) => {
    for (const a of byField.get(p)!) fieldOf.set(a, i);
  });
  const freeIndex = new Map(free.map((a, i) => [a, i]));
  const pick = new Array<number>(fields.length).fill(0);
  for (let n = 0; n < combinations; n++) {
    let rest = n;
    for (let i = 0; i < fields.length; i++) {
      pick[i] = rest % samples[i]!.length;
      rest = Math.floor(rest / samples[i]!.length);
    }
    const freeBits = rest;
    const result = evaluate(cond, (atom) => {
      const i = fieldOf.get(atom);
      if (i !== undefined) return compare(atom, samples[i]![pick[i]!]!);
      return ((freeBits >> freeIndex.get(atom)!) & 1) === 1;
    });
    if (result === true) return false;
  }
  return true;
}
