// What the build needs to write the JSON Schemas and their standalone validators.
export { buildProfileSchema } from './profile/schema.js';
export { packSchema, packFileSchemas } from './rules/pack-schema.js';
