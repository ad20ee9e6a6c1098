// LibreOffice headless, as another real program that must read what the tool writes (xlsx, csv for Excel).
// Each call gets a private user profile, so that parallel test files do not fight over one.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFFICE = '/usr/bin/soffice';
export const hasSoffice = existsSync(SOFFICE);

/**
 * Converts `file` with `soffice --headless --convert-to <target>` into a fresh folder and returns the files it
 * wrote (one per sheet for csv with the all-sheets option), with its stderr.
 */
export function convert(file: string, target: string): Promise<{ files: string[]; dir: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'market-ready-soffice-'));
  const profile = `file://${join(dir, 'profile')}`;
  return new Promise((resolve, reject) => {
    execFile(
      SOFFICE,
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', target, '--outdir', join(dir, 'out'), file],
      { timeout: 120_000 },
      (error, _stdout, stderr) => {
        if (error) return reject(error);
        const out = join(dir, 'out');
        resolve({ files: existsSync(out) ? readdirSync(out).map((f) => join(out, f)) : [], dir, stderr });
      },
    );
  });
}

/** CSV export of every sheet: UTF-8, comma, double quotes, cell values as stored (not as shown). */
export const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
