// `--format github` with GITHUB_STEP_SUMMARY: GitHub shows only 10 annotations of each kind in a pull request, so
// the run also appends its markdown report (the bytes `--format markdown` would write) to the job's summary file,
// whose page lists every brand. Each item is assessed a second time as markdown asks (its plan for the brands it
// details, a sheet result for the others) and spooled to temporary files, so memory stays flat; the file is
// appended to once, at the end. A failure here is one warning: the annotations and the exit code stand.
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { SummaryBuilder } from '../engine/summary.js';
import { writeErrorMessage } from '../io/atomic-writer.js';
import { Spool } from '../io/spool.js';
import type { SpooledReport } from '../report/types.js';
import type { CompiledPack } from '../rules/types.js';
import type { ReadItem } from '../types.js';
import { assessItem } from './row.js';
import { prepare, type RowEnv, type RunSetup } from './setup.js';

export class StepSummary {
  private readonly summary = new SummaryBuilder();
  private next = 0;
  private failed: unknown = null;

  private constructor(
    private readonly path: string,
    private readonly env: RowEnv,
    private readonly report: SpooledReport,
    private readonly spools: Spool[],
  ) {}

  /** The markdown report of a run of `setup`, as `assess --format markdown` with the same options would make it. */
  static async start(path: string, setup: RunSetup, pack: CompiledPack): Promise<StepSummary> {
    // what the CLI sets for the CI formats alone: markdown names files as given
    const { pathBase: _ciOnly, ...rest } = setup;
    const env = await prepare({ ...rest, format: 'markdown' }, pack);
    const report = env.formatter.spooled!(env.ctx);
    const spools: Spool[] = [];
    try {
      for (let i = 0; i < report.spools; i++) spools.push(new Spool(tmpdir()));
    } catch (e) {
      for (const spool of spools) spool.close();
      throw e;
    }
    return new StepSummary(path, env, report, spools);
  }

  /** One item of the run, in input order; its stderr lines are the github run's own, said once. */
  add(item: ReadItem): void {
    if (this.failed) return;
    const index = this.next++;
    try {
      const result = assessItem(this.env, item, this.report.detailed(index), () => undefined);
      this.summary.add(result);
      this.report.add(result, index).forEach((piece, i) => this.spools[i]!.append(piece));
    } catch (e) {
      // a spool that cannot be written (a full temporary folder) costs the summary, not the run
      this.failed = e;
    }
  }

  /** Appends the report to the summary file (never truncating it: other steps write there too); why not, or null. */
  async finish(): Promise<string | null> {
    try {
      if (this.failed) throw this.failed;
      const file = await open(this.path, 'a');
      try {
        await file.appendFile(this.env.formatter.header(this.env.ctx));
        for (const part of this.report.finish(this.summary.build())) {
          if (typeof part === 'string') await file.appendFile(part);
          else for (const chunk of this.spools[part]!.chunks()) await file.appendFile(chunk);
        }
      } finally {
        await file.close();
      }
      return null;
    } catch (e) {
      return writeErrorMessage(this.path, e, 'stepSummary');
    } finally {
      this.close();
    }
  }

  close(): void {
    for (const spool of this.spools) spool.close();
  }
}
