// `--format markdown`: not written yet (see the open issues); it says so rather than print something wrong.
import type { Formatter } from './types.js';
import { UserError } from '../errors.js';

export const markdown: Formatter = {
  streaming: true,
  header: () => { throw new UserError('the markdown format is not available in this build yet'); },
  result: () => '',
  footer: () => '',
};
