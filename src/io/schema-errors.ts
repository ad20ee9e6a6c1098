// Turns ajv's errors into the few that a person should read. ajv reports every branch of a `oneOf`; we keep,
// for each place in the document, the most telling error, and only the deepest places.
import type { ErrorObject } from 'ajv';

const AGGREGATE = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not', 'propertyNames']);
const RANK: Record<string, number> = {
  additionalProperties: 0,
  enum: 1,
  const: 1,
  type: 2,
  pattern: 3,
  minimum: 3,
  maximum: 3,
  exclusiveMinimum: 3,
};

export interface PickedError {
  /** path segments inside the document: keys and indexes */
  path: (string | number)[];
  keyword: string;
  params: Record<string, any>;
  message: string;
  /** under `propertyNames`: the key that is not allowed (the path is then the object holding it) */
  propertyName?: string;
}

function segments(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function pickErrors(errors: readonly ErrorObject[] | null | undefined): PickedError[] {
  if (!errors) return [];
  // Under a oneOf, ajv reports the errors of every branch. At each place keep only the branch that came
  // closest (fewest errors), so `{ field: x, equal: 1 }` is told about `equal`, not about missing `all`.
  const byPlace = new Map<string, Map<string, ErrorObject[]>>();
  for (const e of errors) {
    if (AGGREGATE.has(e.keyword)) continue;
    const branch = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
    // a key refused by propertyNames is a place of its own, not a rival branch of the object's other errors
    const place = e.propertyName !== undefined ? `${e.instancePath}\u0000${e.propertyName}` : e.instancePath;
    const branches = byPlace.get(place) ?? new Map<string, ErrorObject[]>();
    branches.set(branch, [...(branches.get(branch) ?? []), e]);
    byPlace.set(place, branches);
  }
  const kept: ErrorObject[] = [];
  for (const branches of byPlace.values()) {
    const best = [...branches.values()].sort((a, b) => a.length - b.length)[0]!;
    kept.push(...best);
  }
  const groups = new Map<string, ErrorObject[]>();
  for (const e of kept) {
    // an unknown property is reported at its own place, so that "deepest wins" keeps it
    const key = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : e.propertyName;
    const where =
      key !== undefined ? `${e.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
    const list = groups.get(where) ?? [];
    list.push(e);
    groups.set(where, list);
  }
  // A key that one branch refuses and another takes, only with a wrong value (`when: { field: x, not-in: [] }`):
  // the refusing branch was the wrong guess, so all it said goes, and the value's own error is told
  const refuted = new Set<string>();
  for (const [where, list] of groups) {
    const aboutValue = list.some((e) => e.keyword !== 'additionalProperties' && e.instancePath === where);
    if (!aboutValue) continue;
    for (const e of list) if (e.keyword === 'additionalProperties') refuted.add(branchOf(e));
  }
  if (refuted.size > 0) {
    for (const [where, list] of groups) {
      const left = list.filter((e) => !refuted.has(branchOf(e)));
      if (left.length > 0) groups.set(where, left);
      else groups.delete(where);
    }
  }
  const places = [...groups.keys()];
  const picked: PickedError[] = [];
  for (const place of places) {
    const list = groups.get(place)!;
    // inside a oneOf, a deeper error explains this one better (it comes from the branch that matched best);
    // outside one, every place stands on its own (a missing required field and an unknown one are both real)
    const fromBranches = list.every((e) => /\/(oneOf|anyOf)\//.test(e.schemaPath));
    if (fromBranches && places.some((other) => other !== place && other.startsWith(place + '/'))) continue;
    const additional = list.filter((e) => e.keyword === 'additionalProperties');
    const chosen =
      additional.length > 0
        ? additional
        : [list.slice().sort((a, b) => (RANK[a.keyword] ?? 5) - (RANK[b.keyword] ?? 5))[0]!];
    const seen = new Set<string>();
    for (const e of chosen) {
      const key = `${e.keyword}:${JSON.stringify(e.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      picked.push({
        path: e.propertyName !== undefined ? segments(e.instancePath) : segments(place),
        keyword: e.keyword,
        params: e.params as Record<string, any>,
        message: e.message ?? 'is invalid',
        ...(e.propertyName !== undefined ? { propertyName: e.propertyName } : {}),
      });
    }
  }
  return picked;
}

/** The schema branch an error comes from: its schema path without the keyword. */
function branchOf(e: ErrorObject): string {
  return e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
}

/** `rules[3].check.gte`: the path as a person reads it. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out === '' ? step : `.${step}`;
  return out;
}
