// What a run needs to assess a row and format it, built the same way on the main thread and in each worker
// thread from one plain, cloneable RunSetup: the compiled pack, the formatter and its context, the explainer.
import { createExplainer, type Explainer } from '../cli/explain.js';
import { getFormatter, type Format, type Formatter, type ReportContext } from '../report/index.js';
import type { SheetOptions } from '../report/types.js';
import type { FindingsMode } from '../report/json-shape.js';
import { wordsFor } from '../report/words.js';
import { loadPack } from '../rules/packs.js';
import type { CompiledPack } from '../rules/types.js';
import type { Lang } from '../types.js';
import type { csvRowWriter } from '../report/csv.js';

type ScannedRowWriter = ReturnType<typeof csvRowWriter>;

/** The options of a run that decide a row's result and its bytes; structured-cloneable (it goes to the workers). */
export interface RunSetup {
  /** --pack, as given: each worker loads it itself */
  pack: string;
  format: Format;
  lang: Lang;
  /** --threshold; the pack's when absent */
  threshold?: number;
  /** the day waivers expire against, fixed once per run */
  today: string;
  findings: FindingsMode;
  /** --plan / --no-plan; the format's default when absent */
  plan?: boolean;
  baseline?: string;
  quiet: boolean;
  color: boolean;
  sections?: number;
  tool: { name: string; version: string };
  /** issue 13: how csv and xlsx give the spreadsheet back */
  sheet?: SheetOptions;
  /** issue 16: text: the terminal's width to wrap lines to; unset for a file or a pipe */
  columns?: number;
  /** github, junit, sarif: the folder their paths are relative to (the CLI finds the repository's root) */
  pathBase?: string;
}

/** A run's setup made ready: everything the per-row function reads. */
export interface RowEnv {
  setup: RunSetup;
  pack: CompiledPack;
  threshold: number;
  formatter: Formatter;
  ctx: ReportContext;
  explain: Explainer | null;
  /**
   * Whether the engine makes every rule's finding (`Result.allFindings`) or only the costly ones: the met and
   * not-applicable findings are three in five of a row's and half of what an assessment allocates, and only
   * `--findings all`, a baseline's change and the reports that list what is met (text, html, markdown) read them
   */
  allFindings: boolean;
  /** text, html, markdown: the brands the report details (see assessItem) list what they meet */
  listsMet: boolean;
  /**
   * csv: writes the result of a scanned CSV row as the formatter would, with the row's input cells copied from
   * the input's bytes where they read the same (report/csv.ts, csvRowWriter); the slice runner uses it
   */
  scannedRow?: ScannedRowWriter;
}

/** The formats whose reports list the rules a brand meets (src/report/explain.ts reads `allFindings`). */
const FORMATS_LISTING_MET: ReadonlySet<Format> = new Set<Format>(['text', 'html', 'markdown']);

/**
 * `pack`: already loaded (the main thread loads it first, to fail on a bad pack before anything else).
 * `worker`: the baseline's pack warning is said once, by the main thread.
 */
export async function prepare(setup: RunSetup, pack?: CompiledPack, worker = false): Promise<RowEnv> {
  const compiled = pack ?? (await loadPack(setup.pack));
  const threshold = setup.threshold ?? compiled.threshold;
  const formatter = await getFormatter(setup.format);
  const { lang } = setup;
  const ctx: ReportContext = {
    tool: setup.tool,
    pack: {
      id: compiled.id,
      version: compiled.version,
      digest: compiled.digest,
      name: compiled.name[lang] ?? compiled.name.en,
    },
    lang,
    color: setup.color,
    threshold,
    findings: setup.findings,
    words: wordsFor(compiled, lang),
    ...(setup.sections !== undefined ? { sections: setup.sections } : {}),
    ...(setup.sheet ? { sheet: setup.sheet } : {}),
    ...(setup.columns !== undefined ? { columns: setup.columns } : {}),
    ...(setup.pathBase !== undefined ? { pathBase: setup.pathBase } : {}),
  };
  const explain = createExplainer(
    {
      format: setup.format,
      ...(setup.plan !== undefined ? { plan: setup.plan } : {}),
      ...(setup.baseline ? { baseline: setup.baseline } : {}),
      quiet: worker || setup.quiet,
    },
    compiled,
    { threshold, lang, today: setup.today },
  );
  const allFindings = setup.findings === 'all' || Boolean(setup.baseline);
  const listsMet = FORMATS_LISTING_MET.has(setup.format);
  const env: RowEnv = { setup, pack: compiled, threshold, formatter, ctx, explain, allFindings, listsMet };
  if (setup.format === 'csv') env.scannedRow = (await import('../report/csv.js')).csvRowWriter(ctx);
  return env;
}
