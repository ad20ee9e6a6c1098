// A field is a calendar year because the catalogue says so (`year: true`), not because its name ends in Year: a
// spreadsheet's date (a date written as text here, an .xlsx date cell in the reader) gives its year only there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertCell } from '../../src/profile/convert.js';
import { FIELDS, type FieldDef } from '../../src/profile/fields.js';
import { ROOT } from '../helpers/cli.js';

interface SchemaNode {
  type?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
}

/**
 * The published schema's year fields, read from schema/profile.schema.json as a user of the schema reads them: the
 * integers bounded to calendar years (counts and quantities start at 0).
 */
function schemaYearFields(): string[] {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema/profile.schema.json'), 'utf8')) as SchemaNode;
  const found: string[] = [];
  const walk = (node: SchemaNode, path: string[]): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const at = [...path, key];
      if (child.properties) walk(child, at);
      else if (child.type === 'integer' && (child.minimum ?? 0) >= 1000 && (child.maximum ?? Infinity) <= 9999)
        found.push(at.join('.'));
    }
  };
  walk(schema, []);
  return found.sort();
}

describe('year fields, declared in the field catalogue', () => {
  it('are exactly the schema’s year fields, and integers', () => {
    const declared = FIELDS.filter((f) => f.year).map((f) => f.path);
    expect(declared.sort()).toEqual(schemaYearFields());
    expect(declared).toContain('brand.foundedYear');
    for (const f of FIELDS.filter((x) => x.year)) expect(f.type, f.path).toBe('integer');
  });

  const withoutYear = ({ year: _year, ...field }: FieldDef): FieldDef => field;
  const founded = FIELDS.find((f) => f.path === 'brand.foundedYear')!;
  it.each([
    ['a year field named otherwise reads a date as its year', { ...founded, path: 'brand.openedIn' }, 1998],
    ['a field named …Year that is no year does not', withoutYear({ ...founded, path: 'brand.taxYear' }), null],
    ['brand.foundedYear itself', founded, 1998],
  ])('%s', (_, field, year) => {
    const cell = convertCell(field as FieldDef, '01/02/1998');
    expect(cell).toEqual(year === null ? { error: 'expected a whole number, got "01/02/1998"' } : { value: year });
  });
});
