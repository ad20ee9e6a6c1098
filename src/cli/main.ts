// The command-line program. Commands other than `assess` are imported only when used, so that the common
// path starts fast (the prompts library, for one, is never loaded by `assess`).
import { Command, CommanderError } from 'commander';
import { registerAssess } from './assess.js';
import { choice, reportFailure, toolInfo, withCommonOptions } from './common.js';
import { EXIT } from './exit-code.js';
import { localizeUsageError, usageLang } from './usage-words.js';
import { helpIn } from './help-words.js';
import { setWriteMessagesLang, writeErrorMessage } from '../io/atomic-writer.js';
import { forTerminal, forTerminalLines } from '../report/escape.js';

/** Every command but `assess`, each importing its code only when it runs. */
function registerOtherCommands(program: Command): void {
  withCommonOptions(
    program
      .command('validate')
      .description('check profiles against the profile schema only (no rules)')
      .argument('[inputs...]', 'profile files, directories, or - for stdin')
      .option('--strict', 'unknown profile fields are errors, not warnings')
      .option(
        '--input-format <format>',
        'format of stdin (-): yaml, json, csv or tsv',
        choice(['yaml', 'json', 'csv', 'tsv'] as const),
      )
      .option('-q, --quiet', 'print only problems')
      .option(
        '-f, --format <name>',
        'report format for CI: text (default), json, github, sarif or junit',
        choice(['text', 'json', 'github', 'sarif', 'junit'] as const),
      ),
    // v2 (issue 12)
  )
    .option(
      '--columns <file>',
      "a YAML map of your spreadsheet's own headers to field paths (Account Name: brand.name)",
    )
    .option('--sheet <name>', 'the .xlsx sheet to read (default: the first with a header row)')
    .option('--verbose', 'print how the columns of each spreadsheet were read')
    .action(async (inputs: string[], options) => {
      const { runValidate } = await import('./validate.js');
      process.exitCode = await runValidate(inputs, options);
    });

  withCommonOptions(
    program
      .command('init')
      .description('write a commented template profile with every field and its meaning')
      .argument('[file]', 'where to write it (default: stdout)')
      .option(
        '--csv',
        'write a CSV header template instead (in the dialect --lang implies: excel-fr for fr, excel otherwise)',
      )
      .option(
        '--xlsx',
        'write an Excel template instead: drop-down lists, checks on every column, a sheet explaining the fields',
      )
      .option('--csv-dialect <name>', 'with --csv: excel-fr, excel or rfc4180')
      .option('--force', 'overwrite an existing file'),
  ).action(async (file: string | undefined, options) => {
    const { runInit } = await import('./init.js');
    process.exitCode = await runInit(file, options);
  });

  withCommonOptions(
    program
      .command('interview')
      .description('build or update a profile by answering questions, then see the verdict')
      .option('-p, --pack <id or path>', 'rule pack whose questions to ask', 'tmall-global')
      .option('--from <profile.yaml>', 'start from an existing profile (Enter keeps each answer)')
      .option('--out <file.yaml>', 'where to save the profile (default: from the brand name)')
      .option(
        '--comments <lang>',
        "language of the saved file's comments: en, fr or zh (default: the --from file's own, else --lang)",
      ),
  ).action(async (options) => {
    const { runInterview } = await import('./interview.js');
    process.exitCode = await runInterview(options);
  });

  const rules = program.command('rules').description('list, show, validate and test rule packs');
  withCommonOptions(rules.command('list').description('the built-in packs and their versions')).action(
    async (options) => {
      const { runRulesList } = await import('./rules.js');
      process.exitCode = await runRulesList(options);
    },
  );
  withCommonOptions(
    rules
      .command('show')
      .description('describe the rules of a pack, or one rule')
      .argument('[pack]', 'pack id or path', 'tmall-global')
      .argument('[rule]', 'a rule id'),
  ).action(async (pack: string, rule: string | undefined, options) => {
    const { runRulesShow } = await import('./rules.js');
    process.exitCode = await runRulesShow(pack, rule, options);
  });
  withCommonOptions(
    rules
      .command('validate')
      .description('check a pack and report every problem with file:line:column')
      .argument('<pack>', 'pack id, directory or manifest'),
  ).action(async (pack: string, options) => {
    const { runRulesValidate } = await import('./rules.js');
    process.exitCode = await runRulesValidate(pack, options);
  });
  withCommonOptions(
    rules
      .command('test')
      .description("run a pack's test cases")
      .argument('[pack]', 'pack id, directory or manifest', 'tmall-global'),
  ).action(async (pack: string, options) => {
    const { runRulesTest } = await import('./rules.js');
    process.exitCode = await runRulesTest(pack, options);
  });
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('market-ready')
    .description(
      "Decide whether a brand is ready to open a store on Alibaba's Chinese marketplaces (Tmall Global, Tmall, Luxury Pavilion).",
    )
    .version(toolInfo().version, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    // commander quotes the user's arguments in its errors: they go through the one terminal escaping too
    .configureOutput({
      writeErr: (s) => process.stderr.write(forTerminalLines(s)),
      // its usage errors in the run's --lang (else LANG), as every other message
      outputError: (s, write) => write(localizeUsageError(s, usageLang(argv, process.env))),
    })
    // --help in the same language (the commands declared below inherit it)
    .configureHelp(helpIn(usageLang(argv, process.env)));

  registerAssess(program);
  // `assess` is the command scripts run, often once per file: its start registers that command alone (the
  // others' options are a few milliseconds of commander's work); any other command line, help included, has all
  if (argv[2] !== 'assess') registerOtherCommands(program);

  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; every usage mistake exits 2 (commander already printed it)
      return error.exitCode === 0 ? 0 : EXIT.usage;
    }
    return reportFailure(error, argv.includes('--debug'));
  }
}

// A report that could not be written (a closed pipe, a full disk behind `> file`) is exit 2 with one line, never
// the exit code of a verdict nobody received: `| head -1` under `set -o pipefail` must not pass a turn-down.
let stdoutFailed = false;
const onStdoutError = (e: NodeJS.ErrnoException): void => {
  if (stdoutFailed) return;
  stdoutFailed = true;
  // the run's language, also for the commands that open no sink of their own (rules show, rules list, init)
  setWriteMessagesLang(usageLang(process.argv, process.env));
  process.stderr.write(`error: ${forTerminal(writeErrorMessage('standard output', e, 'output'))}\n`);
  process.exit(EXIT.usage);
};
// The handler is put on process.stdout when something first reads it, not here: creating the stream (a net.Socket
// on a pipe) cost some 3.5 ms of a cold start, and a report to a file or a pipe is written without it
// (io/atomic-writer.ts, directSink), with the same line on a failed write.
const createStdout = Object.getOwnPropertyDescriptor(process, 'stdout')?.get;
if (createStdout) {
  let watched = false;
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: true,
    get(): NodeJS.WriteStream {
      const stream = createStdout.call(process) as NodeJS.WriteStream;
      if (!watched) {
        watched = true;
        stream.on('error', onStdoutError);
      }
      return stream;
    },
  });
} else process.stdout.on('error', onStdoutError);

// An error thrown where no caller awaits it (an event callback, a write that fails later) still ends as one line
// and exit 2, never Node's stack trace; a command with its own handler (the interview saves a draft) keeps it.
process.on('uncaughtException', (error) => {
  if (process.listenerCount('uncaughtException') > 1) return;
  process.exit(reportFailure(error, process.argv.includes('--debug')));
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
