// fast-check generators built from the field catalogue: valid profiles (every field optional but the required
// ones, each value within its type and bounds), and "anything goes" data for the readers and the validator.
import fc from 'fast-check';
import { FIELDS, type FieldDef } from '../../src/profile/fields.js';
import { COUNTRY_CODES } from '../../src/profile/countries.js';

/** A value of the field's type, within its bounds. */
export function fieldValue(def: FieldDef): fc.Arbitrary<unknown> {
  const min = def.min ?? (def.type === 'integer' ? 0 : -1e9);
  const max = def.max ?? (def.type === 'integer' ? 1_000_000 : 1e12);
  switch (def.type) {
    case 'version':
      return fc.constant(1);
    case 'string':
      return fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
    case 'country':
      return fc.constantFrom(...COUNTRY_CODES);
    case 'integer':
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 1e9)) }),
        fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...def.values!);
    case 'list':
      return fc.uniqueArray(fc.constantFrom(...def.values!), { maxLength: def.values!.length });
  }
}

/** A flat map of field path to value: required fields always, each other field present or not. */
export const flatProfile: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(FIELDS.map((def) => [def.path, fieldValue(def)])),
  { requiredKeys: FIELDS.filter((f) => f.required).map((f) => f.path) },
);

/** Nests `brand.name` style paths into the profile's sections, as written in YAML. */
export function nest(flat: Record<string, unknown>): Record<string, unknown> {
  // own properties only (defineProperty): `__proto__` must become a key, as a YAML or JSON parser makes it,
  // never a prototype, and never a write into Object.prototype by this generator itself
  const set = (node: Record<string, unknown>, key: string, value: unknown): void => {
    Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  };
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const child = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
      if (child !== null && typeof child === 'object' && !Array.isArray(child)) node = child as Record<string, unknown>;
      else {
        const fresh: Record<string, unknown> = {};
        set(node, part, fresh);
        node = fresh;
      }
    }
    set(node, parts[parts.length - 1]!, value);
  }
  return out;
}

export const validProfile = flatProfile.map(nest);

/** A valid profile with one value replaced by anything at all, or a key added, or a required one removed. */
export const brokenProfile: fc.Arbitrary<unknown> = fc
  .tuple(
    flatProfile,
    fc.constantFrom(...FIELDS.map((f) => f.path), 'brand.nmae', 'extra', '__proto__', 'constructor', 'brand.__proto__'),
    fc.oneof(fc.anything(), fc.constant(undefined), fc.double(), fc.string()),
  )
  .map(([flat, path, value]) => {
    const copy = { ...flat };
    if (value === undefined) delete copy[path];
    else Object.defineProperty(copy, path, { value, enumerable: true, writable: true, configurable: true });
    return nest(copy);
  });

/** Data of any shape, including what JSON cannot say (undefined, NaN, -0) and keys like __proto__. */
export const anyData: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withNullPrototype: true,
    withObjectString: true,
    withBigInt: false,
    withMap: false,
    withSet: false,
    withTypedArray: false,
    withSparseArray: true,
    key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'brand', 'schemaVersion')),
  }),
  brokenProfile,
  validProfile,
);
