// `--format sarif`: not written yet (see the open issues); it says so rather than print something wrong.
import type { Formatter } from './types.js';
import { UserError } from '../errors.js';

export const sarif: Formatter = {
  streaming: true,
  header: () => { throw new UserError('the sarif format is not available in this build yet'); },
  result: () => '',
  footer: () => '',
};
