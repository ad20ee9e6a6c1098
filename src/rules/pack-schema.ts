// JSON Schema of rule-pack files (manifest, rule files, test files). The build writes it to
// schema/pack.schema.json for editors (YAML language server) and compiles it to a standalone ajv validator.
// Sizes and nesting are bounded here so that no pack can make loading slow.

const localized = {
  type: 'object',
  required: ['en'],
  additionalProperties: false,
  properties: {
    en: { type: 'string', minLength: 1, maxLength: 2000 },
    fr: { type: 'string', minLength: 1, maxLength: 2000 },
    zh: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

/** What a rule and an override of one may both say (a rule adds its id and category; an override `disabled`). */
const RULE_PROPS = [
  'title',
  'weight',
  'blocker',
  'effort',
  'source',
  'asOf',
  'routes',
  'field',
  'when',
  'check',
  'expected',
  'message',
  'remedy',
] as const;
const scalar = { type: ['string', 'number', 'boolean'] } as const;
const scalarList = { type: 'array', items: scalar, minItems: 1, maxItems: 200 } as const;
const fieldPath = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$',
  maxLength: 100,
} as const;
const tableId = { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 } as const;
const columnName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$', maxLength: 64 } as const;
// a market table's column, used where a comparison wants a number: `gte: { table: china-market, column:
// entryInvestmentEur }`
const tableRef = {
  type: 'object',
  required: ['table', 'column'],
  additionalProperties: false,
  properties: { table: tableId, column: columnName },
} as const;
const numberOrRef = { oneOf: [{ type: 'number' }, tableRef] } as const;
// when a fact or a cut-off was last checked: a year, a month or a day
const asOf = { type: 'string', pattern: '^(19|20)[0-9]{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$' } as const;
const source = { type: 'string', anyOf: [{ const: 'judgment' }, { pattern: '^https?://' }], maxLength: 500 } as const;

// One comparison on a field: exactly one operator besides `field`.
const comparison = {
  type: 'object',
  required: ['field'],
  additionalProperties: false,
  minProperties: 2,
  maxProperties: 2,
  properties: {
    field: fieldPath,
    equals: scalar,
    'not-equals': scalar,
    in: scalarList,
    'not-in': scalarList,
    gte: numberOrRef,
    gt: numberOrRef,
    lte: numberOrRef,
    lt: numberOrRef,
    between: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    'contains-any': scalarList,
    'contains-all': scalarList,
    'min-items': { type: 'integer', minimum: 0 },
    'min-length': { type: 'integer', minimum: 0 },
    present: { type: 'boolean' },
    matches: { type: 'string', maxLength: 200 },
    script: { enum: ['han'] },
  },
} as const;

// A comparison on a market table's column, for the row the profile's keys select.
const lookup = {
  type: 'object',
  required: ['table', 'column'],
  additionalProperties: false,
  minProperties: 3,
  maxProperties: 3,
  properties: {
    table: tableId,
    column: columnName,
    equals: scalar,
    'not-equals': scalar,
    in: scalarList,
    'not-in': scalarList,
    gte: { type: 'number' },
    gt: { type: 'number' },
    lte: { type: 'number' },
    lt: { type: 'number' },
  },
} as const;

const table = {
  type: 'object',
  required: ['id', 'title', 'keys', 'columns', 'rows'],
  additionalProperties: false,
  properties: {
    id: tableId,
    title: { $ref: '#/definitions/localized' },
    description: { $ref: '#/definitions/localized' },
    keys: { type: 'array', items: fieldPath, minItems: 1, maxItems: 4 },
    columns: {
      type: 'object',
      minProperties: 1,
      maxProperties: 30,
      propertyNames: columnName,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          values: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 60 }, minItems: 1, maxItems: 50 },
          type: { enum: ['number', 'boolean'] },
        },
        oneOf: [{ required: ['values'] }, { required: ['type'] }],
      },
    },
    rows: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        required: ['key', 'source', 'asOf'],
        maxProperties: 40,
        properties: {
          key: { type: 'array', items: scalar, minItems: 1, maxItems: 4 },
          source,
          asOf,
          note: { type: 'string', maxLength: 500 },
        },
        additionalProperties: scalar,
      },
    },
  },
} as const;

const graded = {
  type: 'object',
  required: ['field'],
  additionalProperties: false,
  properties: {
    field: fieldPath,
    map: {
      type: 'object',
      minProperties: 1,
      maxProperties: 100,
      additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    },
    default: { type: 'number', minimum: 0, maximum: 1 },
    ramp: {
      type: 'object',
      required: ['from', 'to'],
      additionalProperties: false,
      properties: { from: { type: 'number' }, to: { type: 'number' } },
    },
  },
  oneOf: [{ required: ['map'] }, { required: ['ramp'] }],
} as const;

const definitions = {
  localized,
  condition: {
    oneOf: [
      comparison,
      lookup,
      {
        type: 'object',
        required: ['all'],
        additionalProperties: false,
        properties: { all: { type: 'array', minItems: 1, maxItems: 50, items: { $ref: '#/definitions/condition' } } },
      },
      {
        type: 'object',
        required: ['any'],
        additionalProperties: false,
        properties: { any: { type: 'array', minItems: 1, maxItems: 50, items: { $ref: '#/definitions/condition' } } },
      },
      {
        type: 'object',
        required: ['not'],
        additionalProperties: false,
        properties: { not: { $ref: '#/definitions/condition' } },
      },
    ],
  },
  check: { oneOf: [{ $ref: '#/definitions/condition' }, graded] },
  ruleProps: {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9-]*(/[a-z0-9][a-z0-9-]*)+$', maxLength: 100 },
      category: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9-]*$' },
      title: { $ref: '#/definitions/localized' },
      weight: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
      blocker: { type: 'boolean' },
      effort: { enum: ['low', 'medium', 'high'] },
      source,
      asOf,
      routes: { type: 'array', items: tableId, minItems: 1, maxItems: 10 },
      field: fieldPath,
      when: { $ref: '#/definitions/condition' },
      check: { $ref: '#/definitions/check' },
      expected: { $ref: '#/definitions/localized' },
      message: { $ref: '#/definitions/localized' },
      remedy: { $ref: '#/definitions/localized' },
    },
  },
  rule: {
    type: 'object',
    allOf: [{ $ref: '#/definitions/ruleProps' }],
    required: ['id', 'category', 'title', 'weight', 'effort', 'source', 'check', 'expected', 'message', 'remedy'],
    propertyNames: { enum: ['id', 'category', ...RULE_PROPS] },
  },
  override: {
    type: 'object',
    allOf: [{ $ref: '#/definitions/ruleProps' }],
    properties: { disabled: { type: 'boolean' } },
    propertyNames: { enum: [...RULE_PROPS, 'disabled'] },
  },
  table,
  profileFragment: { type: 'object', maxProperties: 100 },
  testCase: {
    type: 'object',
    required: ['name', 'expect'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1 },
      profile: { $ref: '#/definitions/profileFragment' },
      unset: { type: 'array', items: fieldPath, maxItems: 100 },
      expect: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          verdict: { enum: ['approve', 'turn-down'] },
          rules: { type: 'object', additionalProperties: { enum: ['pass', 'fail', 'missing', 'not-applicable'] } },
          scoreAtLeast: { type: 'number' },
          scoreAtMost: { type: 'number' },
        },
      },
    },
  },
} as const;

const id = 'https://market-ready.dev/schema/pack.schema.json';

export const manifestSchema = {
  title: 'manifest',
  type: 'object',
  required: ['id', 'version', 'name'],
  // a child pack (extends) inherits its parent's threshold and categories, as docs/rule-packs.md says; a pack of
  // its own must give both
  if: { not: { required: ['extends'] } },
  then: { required: ['threshold', 'categories'] },
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 },
    version: { type: 'string', minLength: 1, maxLength: 40 },
    name: { $ref: '#/definitions/localized' },
    description: { $ref: '#/definitions/localized' },
    marketplace: { $ref: '#/definitions/localized' },
    routes: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['id', 'title', 'when'],
        additionalProperties: false,
        properties: {
          id: tableId,
          title: { $ref: '#/definitions/localized' },
          when: { $ref: '#/definitions/condition' },
        },
      },
    },
    extends: { type: 'string', minLength: 1, maxLength: 300 },
    threshold: { type: 'number', minimum: 0, maximum: 100 },
    categories: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['id', 'weight', 'title'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9-]*$' },
          weight: { type: 'number', minimum: 0, maximum: 1000 },
          title: { $ref: '#/definitions/localized' },
        },
      },
    },
    include: {
      type: 'array',
      items: { type: 'string', pattern: '^[^/\\\\][^\\\\]*\\.ya?ml$', maxLength: 200 },
      maxItems: 100,
    },
    tests: {
      type: 'array',
      items: { type: 'string', pattern: '^[^/\\\\][^\\\\]*\\.ya?ml$', maxLength: 200 },
      maxItems: 100,
    },
    overrides: { type: 'object', maxProperties: 1000, additionalProperties: { $ref: '#/definitions/override' } },
  },
} as const;

export const ruleFileSchema = {
  title: 'rule file',
  type: 'object',
  anyOf: [{ required: ['rules'] }, { required: ['tables'] }],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: { type: 'array', maxItems: 1000, items: { $ref: '#/definitions/rule' } },
    tables: { type: 'array', maxItems: 20, items: { $ref: '#/definitions/table' } },
  },
} as const;

export const testFileSchema = {
  title: 'test file',
  type: 'object',
  required: ['cases'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    base: { $ref: '#/definitions/profileFragment' },
    cases: { type: 'array', maxItems: 5000, items: { $ref: '#/definitions/testCase' } },
  },
} as const;

/** One schema per kind of file, each self-contained, for the validators compiled at build time. */
export const packFileSchemas = {
  manifest: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: id.replace('pack.', 'pack-manifest.'),
    definitions,
    ...manifestSchema,
  },
  ruleFile: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: id.replace('pack.', 'pack-rules.'),
    definitions,
    ...ruleFileSchema,
  },
  testFile: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: id.replace('pack.', 'pack-tests.'),
    definitions,
    ...testFileSchema,
  },
};

/** The schema editors use: any of the three kinds of file. */
export const packSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: id,
  title: 'market-ready rule pack file (manifest, rule file or test file)',
  definitions,
  oneOf: [manifestSchema, ruleFileSchema, testFileSchema],
};
