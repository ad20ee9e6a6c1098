// Builds the profile JSON Schema (contract section 2) from the field catalogue. The build writes it to
// schema/profile.schema.json and compiles it with ajv's standalone code, so nothing is compiled at start-up.
import { FIELDS, STRING_MAX, type FieldDef } from './fields.js';
import { COUNTRY_CODES } from './countries.js';

function leafSchema(field: FieldDef): Record<string, unknown> {
  const description = field.help.en;
  switch (field.type) {
    case 'version':
      return { description, const: 1 };
    case 'string':
      return { description, type: 'string', maxLength: STRING_MAX };
    case 'country':
      return { description, type: 'string', enum: COUNTRY_CODES };
    case 'enum':
      return { description, type: 'string', enum: field.values };
    case 'boolean':
      return { description, type: 'boolean' };
    case 'list':
      return {
        description,
        type: 'array',
        uniqueItems: true,
        maxItems: 50,
        items: { type: 'string', enum: field.values },
      };
    case 'integer':
    case 'number': {
      const s: Record<string, unknown> = { description, type: field.type };
      if (field.min !== undefined) s.minimum = field.min;
      if (field.max !== undefined) s.maximum = field.max;
      return s;
    }
  }
}

export function buildProfileSchema(): Record<string, unknown> {
  const root: Record<string, any> = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://market-ready.dev/schema/profile.schema.json',
    title: 'market-ready brand profile',
    type: 'object',
    additionalProperties: false,
    required: [] as string[],
    properties: {} as Record<string, unknown>,
  };
  for (const field of FIELDS) {
    const parts = field.path.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i]!;
      node.properties[key] ??= { type: 'object', additionalProperties: false, required: [], properties: {} };
      if (field.required && !node.required.includes(key)) node.required.push(key);
      node = node.properties[key];
    }
    const leaf = parts[parts.length - 1]!;
    node.properties[leaf] = leafSchema(field);
    if (field.required) node.required.push(leaf);
  }
  root.properties.$schema = { type: 'string' };
  root.properties.waivers = {
    description: 'rules waived for this brand, each with who approved it and until when',
    type: 'array',
    maxItems: 200,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['rule', 'reason', 'approvedBy'],
      properties: {
        rule: { type: 'string', minLength: 1, maxLength: 100 },
        reason: { type: 'string', minLength: 1, maxLength: 1000 },
        approvedBy: { type: 'string', minLength: 1, maxLength: 200 },
        expires: {
          type: 'string',
          pattern: '^\\d{4}-\\d{2}-\\d{2}$',
          description: 'YYYY-MM-DD; the waiver stops applying after that day',
        },
      },
    },
  };
  return root;
}
