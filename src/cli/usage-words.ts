// commander's own usage errors (an unknown option or command, a missing value, an invalid choice, too many
// arguments) in the run's language. commander writes them in English, with no hook for their words: they are
// recognised here by their fixed English form (commander 14) at the one place it outputs them, and each part of
// them that quotes the user's command line is kept as written. A message not recognised stays as commander said it.
import { detectLang, t } from '../i18n/index.js';
import { LANGS, type Lang } from '../types.js';

/** The language of the command line's usage errors: its --lang if that is valid, else LC_ALL / LANG. */
export function usageLang(argv: readonly string[], env: Record<string, string | undefined>): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value !== undefined && (LANGS as readonly string[]).includes(value)) return value as Lang;
  }
  return detectLang(env);
}

/** The value parsers' own words (cli/common.ts choice()): `expected one of a, b (did you mean a?)`. */
function valueProblem(text: string, lang: Lang): string {
  const m = /^expected one of (.*?)(?: \(did you mean (.*)\?\))?$/.exec(text);
  if (!m) return text;
  const hint = m[2] !== undefined ? t(lang, 'schema.didYouMean', { suggestion: m[2] }) : '';
  return `${t(lang, 'usage.expectedOneOf', { values: m[1] })}${hint}`;
}

function localizeLine(line: string, lang: Lang): string {
  let m: RegExpExecArray | null;
  if ((m = /^error: unknown option '(.*)'$/.exec(line)))
    return `error: ${t(lang, 'usage.unknownOption', { flag: m[1] })}`;
  if ((m = /^error: unknown command '(.*)'$/.exec(line)))
    return `error: ${t(lang, 'usage.unknownCommand', { name: m[1] })}`;
  if ((m = /^\(Did you mean one of (.*)\?\)$/.exec(line)))
    return t(lang, 'usage.didYouMeanOneOf', { suggestions: m[1] });
  if ((m = /^\(Did you mean (.*)\?\)$/.exec(line))) return t(lang, 'usage.didYouMean', { suggestion: m[1] });
  if ((m = /^error: option '(.*)' argument missing$/.exec(line)))
    return `error: ${t(lang, 'usage.optionArgumentMissing', { flags: m[1] })}`;
  if ((m = /^error: missing required argument '(.*)'$/.exec(line)))
    return `error: ${t(lang, 'usage.missingArgument', { name: m[1] })}`;
  if ((m = /^error: option '(.*?)' argument '(.*)' is invalid\. (.*)$/.exec(line))) {
    const said = t(lang, 'usage.invalidOptionValue', { flags: m[1], value: m[2] });
    return `error: ${said}${t(lang, 'punct.colon')}${valueProblem(m[3]!, lang)}`;
  }
  if ((m = /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(line))) {
    const counts = { expected: m[2], got: m[3] };
    return `error: ${m[1] === undefined ? t(lang, 'usage.tooManyArguments', counts) : t(lang, 'usage.tooManyArgumentsFor', { ...counts, command: m[1] })}`;
  }
  return line;
}

/** commander's error output in `lang`; English as commander wrote it. */
export function localizeUsageError(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  return text
    .split('\n')
    .map((line) => localizeLine(line, lang))
    .join('\n');
}
