// A check or condition described in words, for `rules show`.
import type { Check, Condition } from './types.js';

const OPS: Record<string, string> = {
  equals: '=', 'not-equals': '≠', in: 'in', 'not-in': 'not in', gte: '≥', gt: '>', lte: '≤', lt: '<', between: 'between',
  'contains-any': 'contains any of', 'contains-all': 'contains all of', 'min-items': 'has at least', 'min-length': 'has at least', present: 'is known', matches: 'matches',
};

export function describeCheck(node: Check | Condition): string {
  if ('all' in node) return `all of (${node.all.map(describeCheck).join('; ')})`;
  if ('any' in node) return `any of (${node.any.map(describeCheck).join('; ')})`;
  if ('not' in node) return `not (${describeCheck(node.not)})`;
  if ('map' in node && node.map) return `${node.field} graded ${Object.entries(node.map).map(([k, v]) => `${k}=${v}`).join(', ')}`;
  if ('ramp' in node && node.ramp) return `${node.field} graded from ${node.ramp.from} (0) to ${node.ramp.to} (1)`;
  const op = Object.keys(node).find((k) => k !== 'field')!;
  const value = (node as unknown as Record<string, unknown>)[op];
  if (op === 'present') return `${node.field} ${value ? 'is known' : 'is unknown'}`;
  if (op === 'min-items') return `${node.field} has at least ${value} items`;
  if (op === 'min-length') return `${node.field} has at least ${value} characters`;
  return `${node.field} ${OPS[op] ?? op} ${Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value)}`;
}
