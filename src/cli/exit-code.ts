// PURE: the contract's exit codes. 2 wins over 1: an unreadable input must not hide behind a turn-down.
import type { Summary } from '../types.js';

export type FailOn = 'turn-down' | 'none';

export const EXIT = { ok: 0, turnDown: 1, usage: 2, interrupted: 130 } as const;

export function getExitCode(summary: Pick<Summary, 'turnDown' | 'error'>, failOn: FailOn): number {
  if (summary.error > 0) return EXIT.usage;
  if (failOn === 'turn-down' && summary.turnDown > 0) return EXIT.turnDown;
  return EXIT.ok;
}
