// `market-ready interview`: see issue 4.
import type { CommonOptions } from './common.js';

export async function runInterview(_options: CommonOptions): Promise<number> {
  process.stderr.write('error: interview is not available in this build yet; use market-ready init and market-ready assess\n');
  return 2;
}
