// What every command shares: language, colour, debug, error printing, the tool's identity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { detectLang } from '../i18n/index.js';
import { packageRoot } from '../rules/locate.js';
import { diagnosticLine, UserError } from '../errors.js';
import { LANGS, type Diagnostic, type Lang } from '../types.js';
import { forTerminal } from '../report/escape.js';
import { editDistance, suggest } from '../profile/suggest.js';
import { terminalColumns, wrapText } from '../report/wrap.js';
import { stdoutIsTerminal } from '../io/atomic-writer.js';

export interface CommonOptions {
  lang?: Lang;
  color?: boolean;
  debug?: boolean;
}

/** package.json's version, written in by the build (scripts/build.mjs); undefined when running from source */
declare const __MR_VERSION__: string | undefined;

let version: string | undefined;
export function toolInfo(): { name: string; version: string } {
  // the built CLI does not read package.json at every start (the search for it was a quarter of a millisecond)
  version ??=
    typeof __MR_VERSION__ === 'string'
      ? __MR_VERSION__
      : (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return { name: 'market-ready', version };
}

/** An option's parser that takes one of `values`, and otherwise names them, with the closest one (`-f jsn`). */
export function choice<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) {
      // a close slip only (`jsn`, `JSON`, `turndown`): `xml` is no misspelt `yaml`
      const near = suggest(value, values);
      const hint =
        near && editDistance(value.toLowerCase(), near) <= Math.max(1, Math.floor(value.length / 4)) ? near : undefined;
      throw new InvalidArgumentError(`expected one of ${values.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    return value as T;
  };
}

export function parseLang(value: string): Lang {
  return choice(LANGS)(value);
}

export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--lang <lang>',
      'language of messages and reports: en, fr or zh (default: from LC_ALL/LANG, else en)',
      parseLang,
    )
    .option('--no-color', 'plain output (also NO_COLOR=1); colour is used only on a terminal')
    .option('--debug', 'show stack traces for unexpected errors');
}

export function resolveLang(options: CommonOptions): Lang {
  return options.lang ?? detectLang(process.env);
}

/** Colour only on a terminal, never with --no-color or NO_COLOR, always with FORCE_COLOR. */
export function useColor(options: CommonOptions, stream?: NodeJS.WriteStream): boolean {
  if (options.color === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  // stdout by default, asked without creating process.stdout when it is a file or a pipe (issue 11: cold start)
  return stream ? stream.isTTY === true : stdoutIsTerminal();
}

/** stderr is a terminal (or a CI log): every line on it goes through the one terminal escaping, whatever it quotes. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], lang: Lang = 'en'): void {
  // on a terminal, wrapped between words to its width (issue 16); piped or in a CI log, one line each
  const columns = terminalColumns(process.stderr);
  for (const d of diagnostics) {
    const line = forTerminal(diagnosticLine(d, lang));
    process.stderr.write(`${wrapText(line, columns, { hanging: '  ' })}\n`);
  }
}

/** The one place errors become output and exit codes: user errors as lines, bugs with a hint to --debug. */
export function reportFailure(error: unknown, debug: boolean): number {
  if (error instanceof UserError) {
    if (error.diagnostics.length > 0) printDiagnostics(error.diagnostics);
    else for (const line of error.message.split('\n')) process.stderr.write(`error: ${forTerminal(line)}\n`);
    if (debug) process.stderr.write(`${error.stack ?? ''}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`market-ready: internal error: ${forTerminal(message)}\n`);
  if (debug) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  else process.stderr.write('(run again with --debug for the stack trace, and report it)\n');
  return 2;
}
