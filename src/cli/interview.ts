// `market-ready interview`: the questions of src/interview/ put in a terminal with @inquirer/prompts, the
// assessment at the end, and the profile saved as commented YAML. An interrupted interview (Ctrl-C, a closed
// terminal) never loses the answers given: they go to a draft file that `--from` resumes.
import { existsSync, unlinkSync } from 'node:fs';
import { readSmallFile, SmallFileError } from '../io/small-file.js';
import { MAX_DOCUMENT_BYTES } from '../io/inputs.js';
import { decodeText } from '../io/decode.js';
import { forTerminal } from '../report/escape.js';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Chalk } from 'chalk';
import { planFor } from '../engine/plan.js';
import { fileSink } from '../io/atomic-writer.js';
import { UserError } from '../errors.js';
import { pick, t, type MessageKey } from '../i18n/index.js';
import { FIELD_INDEX } from '../profile/fields.js';
import { renderResult } from '../report/text.js';
import type { ReportContext } from '../report/types.js';
import { wordsFor } from '../report/words.js';
import { terminalColumns, textWidth, wrapText } from '../report/wrap.js';
import { DEFAULT_PACK } from '../rules/locate.js';
import { loadPack } from '../rules/packs.js';
import type { CompiledPack } from '../rules/types.js';
import { LANGS, type Lang } from '../types.js';
import type { CheckboxSpec, SelectSpec, TextSpec } from '../interview/answers.js';
import {
  assessValues,
  firstUnanswered,
  isAnswered,
  packLabel,
  runFlow,
  type Ask,
  type InterviewState,
} from '../interview/flow.js';
import {
  answersUnchanged,
  emptyProfile,
  headerLines,
  profileFromText,
  profileYaml,
  slugify,
  toProfileData,
  type StartingProfile,
} from '../interview/profile.js';
import { buildQuestions, questionCount, questionText, type QuestionPlan } from '../interview/questions.js';
import { tickList, type TickListConfig } from '../interview/tick-list.js';
import { printDiagnostics, resolveLang, toolInfo, useColor, type CommonOptions } from './common.js';
import { EXIT } from './exit-code.js';

export interface InterviewOptions extends CommonOptions {
  pack?: string;
  from?: string;
  out?: string;
  /** the language of the written file's comments; by default the --from file's own, else --lang */
  comments?: string;
}

type Prompts = typeof import('@inquirer/prompts');

const BRAND_SLOT = FIELD_INDEX.get('brand.name')!;
const DRAFT_SUFFIX = '.draft.yaml';

/**
 * Exits after a hang-up. When the terminal is really gone, Node's exit path asserts while restoring the tty
 * modes (it gets EIO) and aborts with a native stack trace; nobody is left to read an exit code then, so the
 * process ends at once instead.
 */
function leave(code: number): never {
  try {
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  } catch {
    process.kill(process.pid, 'SIGKILL');
  }
  process.exit(code);
}

/** An interrupted prompt: Ctrl-C, or the terminal closing under it (@inquirer/core's ExitPromptError). */
function isExit(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}

type Keys = readonly (readonly [string, string])[];

/**
 * @inquirer/select and @inquirer/checkbox write their key hints in English ("↑↓ navigate • ⏎ select"); the
 * theme's keysHelpTip receives the keys and actions, so the same hints are put in the interview's language.
 * `words` maps the prompt's English action to a catalogue key: "select" means choose in one, tick in the other.
 */
function keysHelp(lang: Lang, color: boolean, words: Record<string, MessageKey>, columns?: number) {
  const c = new Chalk({ level: color ? 1 : 0 });
  const keyName = (key: string): string => (key === 'space' ? t(lang, 'interview.key.space') : key);
  return (keys: Keys): string =>
    wrapText(
      keys
        .map(([key, action]) => `${c.bold(keyName(key))} ${c.dim(words[action] ? t(lang, words[action]) : action)}`)
        .join(c.dim(' • ')),
      columns,
    );
}

/** A prompt's error line ("> ..."), wrapped as @inquirer would not: between words. */
function fitError(message: string, columns: number | undefined): string {
  return wrapText(`> ${message}`, columns, { hanging: '  ' }).slice(2);
}

const SELECT_WORDS: Record<string, MessageKey> = { navigate: 'interview.key.navigate', select: 'interview.key.select' };
const CHECKBOX_WORDS: Record<string, MessageKey> = {
  navigate: 'interview.key.navigate',
  select: 'interview.key.tick',
  all: 'interview.key.all',
  invert: 'interview.key.invert',
  submit: 'interview.key.submit',
};

/** The @inquirer/prompts configs of the interview's specs (exported for the @inquirer/testing tests). */
export function selectConfig(spec: SelectSpec, lang: Lang = 'en', color = false, columns?: number) {
  const message = fitPrompt(spec.message, columns);
  return {
    message,
    // `short` is the answer shown once chosen, after the question
    choices: spec.choices.map((x) => ({ value: x.value, name: x.name, short: fitAnswer(message, x.name, columns) })),
    default: spec.default,
    loop: false,
    pageSize: 14,
    theme: { style: { keysHelpTip: keysHelp(lang, color, SELECT_WORDS, columns) } },
  };
}

export function checkboxConfig(spec: CheckboxSpec, lang: Lang = 'en', color = false, columns?: number): TickListConfig {
  return {
    message: fitPrompt(spec.message, columns),
    choices: spec.choices.map((x) => ({ value: x.value, name: x.name, checked: x.checked === true })),
    validate: (chosen: readonly { value: string }[]) => {
      const verdict = spec.validate(chosen.map((x) => x.value));
      return verdict === true ? true : fitError(verdict, columns);
    },
    strayMessage: (keys) => fitError(t(lang, 'interview.tick.stray', { keys }), columns),
    color,
    pageSize: 14,
    theme: {
      style: {
        keysHelpTip: keysHelp(lang, color, CHECKBOX_WORDS, columns),
        renderSelectedChoices: (chosen: readonly { value: string }[]) =>
          fitAnswer(fitPrompt(spec.message, columns), spec.display(chosen.map((x) => x.value)), columns),
      },
    },
  };
}

/**
 * A finished answer after its question: on the question's last line when it fits, else on a line of its own
 * (@inquirer would cut the line at the terminal's edge, the answer's own words included).
 */
export function fitAnswer(message: string, answer: string, columns: number | undefined): string {
  if (!columns) return answer;
  const lines = message.split('\n');
  const last = (lines.length === 1 ? 2 : 0) + textWidth(lines.at(-1)!);
  // a line that fills the terminal exactly leaves @inquirer's cursor a line too low: one column is kept free
  return last + 1 + textWidth(answer) < columns
    ? answer
    : `\n  ${wrapText(answer, columns - 2, { hanging: '' }).replace(/\n/g, '\n  ')}`;
}

export function inputConfig(spec: TextSpec, columns?: number) {
  const message = fitPrompt(spec.message, columns, spec.default);
  return {
    message,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    validate: (raw: string) => {
      const verdict = spec.validate(raw);
      return verdict === true ? true : fitError(verdict, columns);
    },
    transformer: (value: string, { isFinal }: { isFinal: boolean }) =>
      isFinal ? fitAnswer(message, spec.display(value), columns) : value,
  };
}

/**
 * The interview's own lines, wrapped between words (or at a path's separators) to the terminal's width with the
 * continuation lines indented under the first (a terminal left to itself breaks words in two).
 */
export function fitToTerminal(
  text: string,
  indent: string,
  hanging: string = indent,
  columns: number | undefined = terminalColumns(),
): string {
  return wrapText(indent + text, columns, { hanging });
}

/**
 * A question as @inquirer draws it: "? " before it and the default after it. @inquirer wraps a line too wide for
 * the terminal by cutting it at the last column, so the message is wrapped here first, leaving room on its last
 * line for the default; a default too long to share that line starts a line of its own.
 */
export function fitPrompt(message: string, columns: number | undefined = terminalColumns(), def?: string): string {
  if (!columns) return message;
  const wrapped = wrapText(`? ${message}`, columns, { hanging: '  ' }).slice(2);
  if (def === undefined) return wrapped;
  const last = wrapped.split('\n').at(-1)!;
  const lastWidth = (wrapped.includes('\n') ? 0 : 2) + textWidth(last);
  return lastWidth + textWidth(def) + 4 <= columns ? wrapped : `${wrapped}\n `;
}

function inquirerAsk(prompts: Prompts, lang: Lang, color: boolean): Ask {
  const c = new Chalk({ level: color ? 1 : 0 });
  return {
    select: (spec) => prompts.select(selectConfig(spec, lang, color, terminalColumns())),
    checkbox: (spec) => tickList(checkboxConfig(spec, lang, color, terminalColumns())),
    text: (spec) => prompts.input(inputConfig(spec, terminalColumns())),
    say: (text, kind) => {
      const line =
        kind === 'section'
          ? `\n${c.bold.cyan(`── ${text} ──`)}`
          : kind === 'note'
            ? c.dim(fitToTerminal(text, '  '))
            : fitToTerminal(`${c.magenta('→')} ${text}`, '  ', '    ');
      process.stdout.write(`${line}\n`);
    },
  };
}

function readStart(file: string, lang: Lang): StartingProfile | null {
  let text: string;
  try {
    // issue 15: bounded like any profile file, and a FIFO or a device refused at once rather than read for ever
    // decoded as every profile file is: binary refused, Windows-1252 read, a stray byte refused at its place
    const decoded = decodeText(readSmallFile(file, MAX_DOCUMENT_BYTES), lang);
    if ('error' in decoded) {
      const at = decoded.line !== undefined ? `:${decoded.line}:${decoded.column ?? 1}` : '';
      process.stderr.write(`${forTerminal(`${file}${at}: error: ${decoded.error}`)}\n`);
      return null;
    }
    text = decoded.text;
  } catch (e) {
    const why = e instanceof SmallFileError ? e.message : (e as Error).message;
    process.stderr.write(`${forTerminal(`${file}: error: cannot read the profile (${why})`)}\n`);
    return null;
  }
  const start = profileFromText(file, text, lang);
  if ('errors' in start) {
    printDiagnostics(start.errors, lang);
    return null;
  }
  printDiagnostics(start.warnings, lang);
  return start;
}

/** An argument as a POSIX shell reads it back: quoted only when it has to be, so that the command can be pasted. */
function shellWord(arg: string): string {
  return /^[\w./:@%+=,-]+$/u.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that resumes a draft: the same pack, --out and --lang as the interview that wrote it, since a
 * draft resumed with another pack is asked other questions and given another verdict, and saved elsewhere.
 */
export function resumeCommand(draft: string, options: InterviewOptions): string {
  const words = ['market-ready', 'interview', '--from', draft];
  if (options.pack !== undefined && options.pack !== DEFAULT_PACK) words.push('--pack', options.pack);
  if (options.out !== undefined) words.push('--out', options.out);
  if (options.lang !== undefined) words.push('--lang', options.lang);
  if (options.comments !== undefined) words.push('--comments', options.comments);
  return words.map((w, i) => (i < 2 ? w : shellWord(w))).join(' ');
}

function brandName(state: InterviewState): string | undefined {
  const name = state.values[BRAND_SLOT];
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

/**
 * The profile as YAML, with the header that says where it came from and how to use it, its comments in
 * `lang`. A draft also lists the fields answered "don't know", so that resuming it does not ask them again.
 */
function render(
  start: StartingProfile,
  state: InterviewState,
  pack: CompiledPack,
  lang: Lang,
  resumeCommand?: string,
): string {
  const unknown = [...(state.unknown ?? [])].filter((path) => state.values[FIELD_INDEX.get(path)!] === undefined);
  return profileYaml(
    toProfileData(start.base, state.values, start.values),
    lang,
    headerLines(start, lang, `${pack.id} ${pack.version}`, resumeCommand, unknown),
  );
}

/** The language of the written file's comments: as asked (--comments), else the --from file's own, else --lang. */
function commentsLanguage(options: InterviewOptions, start: StartingProfile, lang: Lang): Lang {
  if (options.comments !== undefined) {
    if (!(LANGS as readonly string[]).includes(options.comments))
      throw new UserError(`--comments ${options.comments}: expected one of ${LANGS.join(', ')}`);
    return options.comments as Lang;
  }
  return start.commentLang ?? lang;
}

/**
 * Before resuming a draft: where to go on. Its answers are kept and the interview goes on at the first question
 * it does not answer; or every answer is reviewed from the start, each one the default of its question.
 */
async function resumeChoice(
  prompts: Prompts,
  plan: QuestionPlan,
  state: InterviewState,
  lang: Lang,
  color: boolean,
): Promise<'resume' | 'review'> {
  const kept = plan.sections.flatMap((s) => s.questions).filter((q) => isAnswered(q, state)).length;
  if (kept === 0) return 'review';
  const next = firstUnanswered(plan, state);
  const columns = terminalColumns();
  process.stdout.write(
    `${fitToTerminal(t(lang, next ? 'interview.resume.kept' : 'interview.resume.complete', { kept }), '')}\n`,
  );
  const choice = await prompts.select({
    message: fitPrompt(t(lang, 'interview.resume.where'), columns),
    choices: [
      {
        value: 'resume',
        name: next
          ? t(lang, 'interview.resume.next', { question: questionText(next, lang) })
          : t(lang, 'interview.resume.finish'),
      },
      { value: 'review', name: t(lang, 'interview.resume.review') },
    ],
    default: 'resume',
    theme: { style: { keysHelpTip: keysHelp(lang, color, SELECT_WORDS, columns) } },
  });
  return choice === 'review' ? 'review' : 'resume';
}

export async function runInterview(options: InterviewOptions): Promise<number> {
  const lang = resolveLang(options);
  if (!process.stdin.isTTY) {
    process.stderr.write(`error: ${t(lang, 'interview.noTty')}\n`);
    return EXIT.usage;
  }
  const pack = await loadPack(options.pack, { lang });
  const start = options.from ? readStart(options.from, lang) : emptyProfile();
  if (!start) return EXIT.usage;
  const color = useColor(options);
  const c = new Chalk({ level: color ? 1 : 0 });
  const plan = buildQuestions(pack);
  const fromDraft = options.from?.endsWith(DRAFT_SUFFIX) ? options.from : undefined;
  // "don't know" answers are remembered by drafts only: in a finished profile an absent field is simply unknown
  const state: InterviewState = {
    values: start.values.slice(),
    waivers: start.waivers,
    asked: 0,
    skipped: 0,
    unknown: new Set(fromDraft ? start.unknown : []),
  };
  const flowOptions = {
    lang,
    threshold: pack.threshold,
    today: new Date().toISOString().slice(0, 10),
    fromFile: options.from !== undefined && !fromDraft,
    resume: false,
  };
  const commentLang = commentsLanguage(options, start, lang);
  /** A line for the terminal (stdout or stderr), wrapped to its width. */
  const say = (stream: NodeJS.WriteStream, text: string): void => {
    stream.write(`${wrapText(text, terminalColumns(stream))}\n`);
  };

  // where unfinished answers go: beside --out (or --from), named after the brand; a resumed draft is reused
  const draftPath = (): string => {
    if (fromDraft) return fromDraft;
    const near = options.out ?? options.from;
    const stem = brandName(state) ?? (near ? basename(near, extname(near)) : 'profile');
    // --out may name a directory that does not exist (the reason the save failed): then the current one
    return join(near && existsSync(dirname(near)) ? dirname(near) : '.', `${slugify(stem)}${DRAFT_SUFFIX}`);
  };
  let settled = false;
  /** Synchronous, so that it also completes inside a SIGHUP handler before the process goes. */
  const saveDraft = (): void => {
    if (settled) return;
    settled = true;
    if (state.asked === 0) {
      // a resumed draft interrupted before a new answer is still there, as it was
      say(
        process.stderr,
        `\n${fromDraft ? t(lang, 'interview.draftKept', { file: fromDraft, command: resumeCommand(fromDraft, options) }) : t(lang, 'interview.nothingSaved')}`,
      );
      return;
    }
    const beside = draftPath();
    // the answers must not be lost: where the draft cannot go beside --out (a read-only or full folder), the
    // current folder, then the temporary one, each said as it is tried
    const places = [beside, basename(beside), join(tmpdir(), basename(beside))].filter(
      (p, i, all) => all.findIndex((q) => resolve(q) === resolve(p)) === i,
    );
    for (const file of places) {
      // through the one output writer (issue 15): a temporary file beside it with an unpredictable name, opened
      // exclusively and never through a planted link, renamed into place once complete, so a draft is never seen
      // half-written and a draft being resumed (the same file) is replaced only once the new one is complete
      try {
        const sink = fileSink(file, { what: 'draft', lang, pathOption: '--out' });
        const command = resumeCommand(file, options);
        sink.write(render(start, state, pack, commentLang, command));
        sink.commit();
        say(process.stderr, `\n${t(lang, 'interview.draftSaved', { file, command })}`);
        return;
      } catch (e) {
        process.stderr.write(
          `\nerror: ${forTerminal(e instanceof UserError ? e.message : `${file}: ${(e as Error).message}`)}\n`,
        );
      }
    }
  };
  // A closed terminal sends SIGHUP (tmux, ssh, a closed window); with a listener of ours, signal-exit (used by
  // @inquirer) does not re-raise the signal, so the draft is written before the process exits.
  const onHangup = (): void => {
    try {
      saveDraft();
    } finally {
      leave(EXIT.interrupted - 1);
    }
  };
  const onTerm = (): void => {
    try {
      saveDraft();
    } finally {
      leave(143);
    }
  };
  // stdin closed without a signal leaves a prompt that can never resolve: Node then empties its loop
  const onIdle = (): void => {
    if (settled) return;
    saveDraft();
    process.exitCode = EXIT.interrupted;
  };
  // A closing terminal usually shows first as the end of stdin, and readline then fails to leave raw mode
  // (EIO, thrown from an event handler): both mean the user is gone, so keep the answers before anything else.
  const onInputEnd = (): void => onHangup();
  const onCrash = (error: Error): void => {
    if ((error as NodeJS.ErrnoException).code === 'EIO') return onHangup();
    process.off('uncaughtException', onCrash);
    throw error;
  };
  // between prompts the terminal is not in raw mode, so a Ctrl-C there is a real SIGINT, not a prompt's ExitPromptError
  const onInterrupt = (): void => {
    try {
      saveDraft();
    } finally {
      leave(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGHUP', onHangup);
  process.on('SIGTERM', onTerm);
  process.on('beforeExit', onIdle);
  process.on('uncaughtException', onCrash);
  process.stdin.on('end', onInputEnd);

  // @inquirer's colours (yoctocolors) follow NO_COLOR, read once when the module loads: --no-color must say so first
  if (!color) process.env.NO_COLOR = '1';
  const prompts = await import('@inquirer/prompts');
  const ask = inquirerAsk(prompts, lang, color);
  try {
    process.stdout.write(
      `${c.bold(fitToTerminal(t(lang, 'interview.intro', { pack: packLabel(pack, lang), count: questionCount(plan) }), ''))}\n${c.dim(fitToTerminal(t(lang, 'interview.keys'), ''))}\n`,
    );
    if (options.from)
      process.stdout.write(c.dim(`${fitToTerminal(t(lang, 'interview.from', { file: options.from }), '')}\n`));
    if (options.from && options.comments === undefined && commentLang !== lang) {
      const other = lang;
      process.stdout.write(
        c.dim(
          `${fitToTerminal(t(lang, 'interview.comments', { lang: t(lang, `lang.${commentLang}` as MessageKey), other }), '')}\n`,
        ),
      );
    }
    if (fromDraft) flowOptions.resume = (await resumeChoice(prompts, plan, state, lang, color)) === 'resume';
    await runFlow(plan, pack, ask, state, flowOptions);

    const result = assessValues(pack, state, flowOptions, options.out ?? 'interview');
    result.plan = planFor(pack, state, { threshold: pack.threshold, lang, today: flowOptions.today });
    const ctx: ReportContext = {
      tool: toolInfo(),
      pack: { id: pack.id, version: pack.version, digest: pack.digest, name: pick(pack.name, lang) },
      lang,
      color,
      threshold: pack.threshold,
      words: wordsFor(pack, lang),
    };
    // the report wrapped as any line of the interview: between words, to the terminal's width
    say(
      process.stdout,
      `\n${t(lang, 'interview.done', { asked: state.asked, skipped: state.skipped })}\n\n${renderResult(result, ctx)}`,
    );

    const target = await chooseTarget(prompts, options, state, lang, color, fromDraft);
    // the file the interview started from, and no answer changed: it stays as it was, byte for byte, with its
    // own layout and comments (rewriting it would only reformat it)
    // (unless --comments asks for the comments in another language than the file's)
    const recomment = options.comments !== undefined && options.comments !== start.commentLang;
    if (
      options.from &&
      !fromDraft &&
      !recomment &&
      resolve(target) === resolve(options.from) &&
      answersUnchanged(start, state.values)
    ) {
      settled = true;
      say(process.stdout, `${c.green('✔')} ${t(lang, 'interview.unchanged', { file: target })}`);
      return result.verdict === 'approve' ? EXIT.ok : EXIT.turnDown;
    }
    try {
      const sink = fileSink(target, { what: 'profile', lang, pathOption: '--out' });
      sink.write(render(start, state, pack, commentLang));
      sink.commit();
    } catch (e) {
      // a profile that cannot be written where asked still must not be lost
      // the writer's errors already name the file and say what to do (atomic-writer.ts)
      say(
        process.stderr,
        `error: ${e instanceof UserError ? e.message : `${target}: cannot write the profile (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`}`,
      );
      saveDraft();
      return EXIT.usage;
    }
    settled = true;
    // the draft did its job once the profile it was leading to is saved
    if (fromDraft && fromDraft !== target) {
      try {
        unlinkSync(fromDraft);
      } catch {
        /* already gone */
      }
    }
    say(process.stdout, `${c.green('✔')} ${t(lang, 'interview.saved', { file: target })}`);
    return result.verdict === 'approve' ? EXIT.ok : EXIT.turnDown;
  } catch (error) {
    if (!isExit(error)) throw error;
    saveDraft();
    return EXIT.interrupted;
  } finally {
    settled = true;
    process.off('SIGINT', onInterrupt);
    process.off('SIGHUP', onHangup);
    process.off('SIGTERM', onTerm);
    process.off('beforeExit', onIdle);
    process.off('uncaughtException', onCrash);
    process.stdin.off('end', onInputEnd);
  }
}

/**
 * Where to save: --out, else a name from the brand (or the --from file being updated). An existing file is
 * overwritten only when the user says so; Enter says yes only for the file the interview started from.
 */
async function chooseTarget(
  prompts: Prompts,
  options: InterviewOptions,
  state: InterviewState,
  lang: Lang,
  color: boolean,
  fromDraft: string | undefined,
): Promise<string> {
  const slug = slugify(brandName(state) ?? 'profile');
  const fresh = (dir: string): string => {
    for (let n = 1; ; n++) {
      const name = join(dir, n === 1 ? `${slug}.yaml` : `${slug}-${n}.yaml`);
      if (!existsSync(name)) return name;
    }
  };
  const ask = async (suggested: string): Promise<string> =>
    (
      await prompts.input({
        message: fitPrompt(t(lang, 'interview.savePath'), terminalColumns(), suggested),
        default: suggested,
        validate: (v) => v.trim() !== '' || t(lang, 'interview.required'),
      })
    ).trim();
  // without --out the name is asked, suggesting the file being updated or one named after the brand
  let target =
    options.out ??
    (await ask(options.from && !fromDraft ? options.from : join(fromDraft ? dirname(fromDraft) : '.', `${slug}.yaml`)));
  while (existsSync(target)) {
    const overwrite = await prompts.select({
      message: fitPrompt(t(lang, 'interview.overwrite', { file: target })),
      choices: [
        { value: 'yes', name: t(lang, 'value.yes') },
        { value: 'no', name: t(lang, 'value.no') },
      ],
      default: target === options.from ? 'yes' : 'no',
      theme: { style: { keysHelpTip: keysHelp(lang, color, SELECT_WORDS, terminalColumns()) } },
    });
    if (overwrite === 'yes') break;
    target = await ask(fresh(dirname(target)));
  }
  return target;
}
