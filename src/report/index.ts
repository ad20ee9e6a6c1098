// The registry of report formats: adding a format is one file and one line here.
import type { Formatter } from './types.js';
import { text } from './text.js';
import { json } from './json.js';
import { ndjson } from './ndjson.js';

export const FORMATS = [
  'text',
  'json',
  'ndjson',
  'csv',
  'junit',
  'markdown',
  'html',
  'github',
  'sarif',
  'xlsx',
] as const;
export type Format = (typeof FORMATS)[number];

/** Formats load lazily so that start-up pays only for the one in use. */
const loaders = {
  text: async () => text,
  json: async () => json,
  ndjson: async () => ndjson,
  csv: async () => (await import('./csv.js')).csv,
  junit: async () => (await import('./junit.js')).junit,
  markdown: async () => (await import('./markdown.js')).markdown,
  html: async () => (await import('./html.js')).html,
  github: async () => (await import('./github.js')).github,
  sarif: async () => (await import('./sarif.js')).sarif,
  xlsx: async () => (await import('./xlsx.js')).xlsx,
} satisfies Record<Format, () => Promise<Formatter>>;

export function getFormatter(format: Format): Promise<Formatter> {
  return loaders[format]();
}

export type { Formatter, ReportContext } from './types.js';
