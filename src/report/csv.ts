// `--format csv`: not written yet (see the open issues); it says so rather than print something wrong.
import type { Formatter } from './types.js';
import { UserError } from '../errors.js';

export const csv: Formatter = {
  streaming: true,
  header: () => { throw new UserError('the csv format is not available in this build yet'); },
  result: () => '',
  footer: () => '',
};
