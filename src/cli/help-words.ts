// `--help` in the run's language (its --lang, else LC_ALL / LANG): commander writes the help from the English
// descriptions the commands are declared with; each is looked up in the catalogue by where it stands (the
// command's path, the option's long name, the argument's name), not by its English text, and stays English when
// the catalogue has no entry for it. commander's own words (the headings, "default:", "choices:") are the
// catalogue's too.
import { Help, type Argument, type Command, type HelpConfiguration, type Option } from 'commander';
import { t, type MessageKey } from '../i18n/index.js';
import { en } from '../i18n/catalogue.js';
import type { Lang } from '../types.js';
import { BUILTIN_PACKS } from '../rules/locate.js';
import { FORMATS } from '../report/index.js';
import { CSV_DIALECTS } from '../report/csv-dialect.js';
import { DEFAULT_SECTIONS } from '../report/spooled.js';
import { textWidth, wrapLine } from '../report/wrap.js';

/** What the help texts quote from the code, so that a list never differs from the one the option accepts. */
const QUOTED = {
  packs: BUILTIN_PACKS.join(', '),
  formats: FORMATS.join(', '),
  dialects: CSV_DIALECTS.join(', '),
  sections: DEFAULT_SECTIONS,
};

const TITLES: Record<string, MessageKey> = {
  'Usage:': 'help.title.usage',
  'Options:': 'help.title.options',
  'Arguments:': 'help.title.arguments',
  'Commands:': 'help.title.commands',
  'Global Options:': 'help.title.globalOptions',
};

/** `rules.show` for `market-ready rules show`, `program` for the program itself. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.length > 0 ? names.join('.') : 'program';
}

function lookup(lang: Lang, keys: string[]): string | undefined {
  const key = keys.find((k) => k in en) as MessageKey | undefined;
  return key ? t(lang, key, QUOTED) : undefined;
}

/** commander's `(default: "x", choices: ...)` after a description, in the language's words and brackets. */
function extrasIn(extras: string, lang: Lang): string {
  const m = /^ \((.*)\)$/.exec(extras);
  if (!m) return extras;
  const words = m[1]!
    .replace(
      /(^|, )default: (.*)$/,
      (_all, before: string, value: string) => before + t(lang, 'help.default', { value }),
    )
    .replace(/^choices: (.*?)(?=, |$)/, (_all, values: string) => t(lang, 'help.choices', { values }));
  return lang === 'zh' ? `（${words}）` : ` (${words})`;
}

/** The help's overrides for `lang`; none for English, whose texts are the declared ones. */
export function helpIn(lang: Lang): HelpConfiguration {
  if (lang === 'en') return {};
  // the command whose help is being formatted: the options and arguments are looked up under its path
  let current = 'program';
  const described = <T extends { description: string }>(item: T, text: string | undefined): T => {
    if (text === undefined) return item;
    const shadow = Object.create(item) as T;
    shadow.description = text;
    return shadow;
  };
  const withExtras = (full: string, description: string): string =>
    description + extrasIn(full.slice(description.length), lang);
  return {
    formatHelp(cmd: Command, helper: Help): string {
      current = commandPath(cmd);
      return Help.prototype.formatHelp.call(this, cmd, helper);
    },
    // commander wraps at any white space, the no-break ones too: French would put a colon at a line's start
    boxWrap(text: string, width: number): string {
      const held = text.replace(/\u00a0/g, '\ue000').replace(/\u202f/g, '\ue001');
      return Help.prototype.boxWrap
        .call(this, held, width)
        .replace(/\ue000/g, '\u00a0')
        .replace(/\ue001/g, '\u202f');
    },
    styleTitle(title: string): string {
      const key = TITLES[title];
      return Help.prototype.styleTitle.call(this, key ? t(lang, key) : title);
    },
    commandDescription(cmd: Command): string {
      return lookup(lang, [`help.${commandPath(cmd)}`]) ?? Help.prototype.commandDescription.call(this, cmd);
    },
    subcommandDescription(cmd: Command): string {
      const keys = cmd.name() === 'help' ? ['help.opt.--help'] : [`help.${commandPath(cmd)}`];
      return lookup(lang, keys) ?? Help.prototype.subcommandDescription.call(this, cmd);
    },
    optionDescription(option: Option): string {
      const long = option.long ?? option.short ?? '';
      const shown = described(option, lookup(lang, [`help.${current}.${long}`, `help.opt.${long}`]));
      return withExtras(Help.prototype.optionDescription.call(this, shown), shown.description);
    },
    argumentDescription(argument: Argument): string {
      const shown = described(argument, lookup(lang, [`help.${current}.arg.${argument.name()}`]));
      return withExtras(Help.prototype.argumentDescription.call(this, shown), shown.description);
    },
    // commander counts a character as one column and wraps at white space only: a Chinese description (no spaces,
    // each character two columns wide) ran past the width and the terminal cut it anywhere. In Chinese, widths are
    // display columns and lines also break between Chinese characters, never inside a Latin word or an option name
    // (the text report's wrapping; it replaces the boxWrap above); commander still pads the terms and indents the
    // continuation lines under the description column. English and French keep commander's own wrapping.
    ...(lang === 'zh'
      ? {
          displayWidth: (text: string): number => textWidth(text),
          boxWrap(this: Help, text: string, width: number): string {
            if (width < this.minWidthToWrap) return text;
            return text
              .split(/\r\n|\n/)
              .map((line) => wrapLine(line, width, { hanging: '' }))
              .join('\n');
          },
        }
      : {}),
  };
}
