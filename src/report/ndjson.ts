// `--format ndjson`: one result object per line, written as each profile is assessed.
import type { Formatter } from './types.js';

export const ndjson: Formatter = {
  streaming: true,
  header: () => '',
  result: (result) => JSON.stringify(result) + '\n',
  footer: () => '',
};
