// The shared vocabulary of market-ready: profiles, rules, findings, results. Everything else imports from here.

export type Lang = 'en' | 'fr' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'fr', 'zh'];

/** Text in several languages; English is always present and is the fallback. */
export interface Localized {
  en: string;
  fr?: string;
  zh?: string;
}

/**
 * Where a profile came from. `row` is a spreadsheet's row as Excel numbers it (the header is row 1; v2, issue 12:
 * a CSV record, whatever lines its quoted cells span); `document` the 0-based YAML document.
 */
export interface Source {
  file: string;
  row: number | null;
  document: number | null;
  /** v2 (issue 12): the CSV file's line where the row starts, only where it is not `row` (a quoted cell over lines
   *  above it, a `sep=` line) */
  line?: number;
  /** v2: a spreadsheet's columns that are no profile field, by header, in the file's order (kept, not refused) */
  columns?: Record<string, CellValue>;
}

/** v2: a spreadsheet cell as read: text from a CSV, typed from an .xlsx (null for an empty cell). */
export type CellValue = string | number | boolean | null;

/** v2: how a CSV file was written, so that csv output can be written back the same way. */
export interface CsvDialect {
  delimiter: ',' | ';' | '\t';
  encoding: 'utf-8' | 'utf-16le' | 'windows-1252';
  bom: boolean;
  lineBreak: '\n' | '\r\n' | '\r';
  decimalComma: boolean;
  /** the file starts with Excel's `sep=;` line naming its delimiter (Excel in another locale needs it back) */
  sepLine?: boolean;
}

/**
 * v2: the input row exactly as the spreadsheet had it, for the formats that give the spreadsheet back (csv,
 * xlsx): the header and dialect objects are shared by every row of a file. Never printed in json or ndjson.
 */
export interface SheetRow {
  header: readonly string[];
  cells: readonly CellValue[];
  /** the .xlsx sheet's name */
  sheet?: string;
  /** the CSV file's dialect (absent for .xlsx) */
  dialect?: CsvDialect;
}

/** v2: what decided a verdict (contract section 3). */
export type DecidedBy = 'knock-out' | 'score' | 'missing-data';

/** A position inside an input file, for error messages and CI annotations. */
export interface Position {
  line: number;
  column: number;
}

/** A profile as nested plain data, as written in YAML/JSON. */
export type ProfileData = Record<string, unknown>;

/**
 * A profile normalised for evaluation: one slot per catalogue field (FIELDS order), `undefined` = unknown.
 * Rules are compiled against slot numbers so the hot loop reads arrays, never walks objects.
 */
export type FieldValues = unknown[];

export interface Waiver {
  rule: string;
  reason: string;
  approvedBy: string;
  expires?: string;
}

export interface InputProfile {
  source: Source;
  values: FieldValues;
  waivers: Waiver[];
  /** position of each field present in the file (YAML/JSON), or the CSV column; for locations in CI reports */
  positions?: Map<string, Position>;
  /** position of the document or row itself */
  position?: Position;
  warnings: Diagnostic[];
  /** v2: the spreadsheet row it was read from */
  row?: SheetRow;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  row?: number | null;
  line?: number;
  column?: number;
  field?: string;
  message: string;
  /** v2 (issue 12): the spreadsheet cell in the sheet's own terms, for messages staff can act on */
  cell?: CellPlace;
}

/** v2 (issue 12): a cell as a spreadsheet names it: `[Feuil1] row 23, column X (CA annuel (€))`. */
export interface CellPlace {
  /** the row as Excel numbers it (the header is row 1); absent when unknown (a slice of a large file) */
  row?: number;
  /** the column's letter (`X`); absent for an error about the whole row */
  column?: string;
  /** the column's header as the file has it */
  header?: string;
  /** the .xlsx sheet's name */
  sheet?: string;
}

/** What a reader yields: one per input profile, whether it could be read or not. */
export type ReadItem =
  | { kind: 'profile'; profile: InputProfile }
  | { kind: 'error'; source: Source; errors: Diagnostic[]; brand: string | null; position?: Position; row?: SheetRow };

export type Status = 'pass' | 'fail' | 'missing' | 'not-applicable';
export type Verdict = 'approve' | 'turn-down' | 'error';
export type Effort = 'low' | 'medium' | 'high';

/**
 * What the engine says of one rule for one profile: data only, nothing worded (the ESLint shape: a rule id and
 * its data; the formats fill the rule's words in, in --lang, for what they show; see report/words.ts).
 */
export interface Finding {
  ruleId: string;
  category: string;
  status: Status;
  blocker: boolean;
  weight: number;
  /** share of the overall score this rule is worth (0-100 scale) and what it earned */
  points: number;
  maxPoints: number;
  credit: number | null;
  field: string;
  /** the profile's value of the rule's field; null when unknown */
  actual: unknown;
  /**
   * the number a market-table rule compares `actual` to for this profile (CompiledRule.required), for its message's
   * {required}; set only for such rules, never in json
   */
  required?: number;
  waiver?: { reason: string; approvedBy: string; expires: string | null; expired: boolean };
  /**
   * Where the finding points in the input: the line of its field in the YAML/JSON file (the document's own
   * line when the field is absent), or the CSV row and the field's column. Set only for the formats that
   * place findings in files (github, sarif, junit), so the json report stays as it was.
   */
  location?: Position;
}

/** v2: a finding costs the brand points when it failed, is unknown, is only partly met, or is waived (or was). */
export function isCostly(f: Pick<Finding, 'status' | 'credit' | 'waiver'>): boolean {
  if (f.waiver !== undefined) return true;
  return f.status === 'fail' || f.status === 'missing' || (f.status === 'pass' && f.credit !== null && f.credit < 1);
}

export interface CategoryScore {
  id: string;
  score: number;
  max: number;
}

export interface PlanStep {
  ruleId: string;
  field: string;
  effort: Effort;
  blocker: boolean;
  /**
   * v2: `provide` when the rule's data is unknown (the brand supplies the fact; the step assumes it meets the
   * rule, `target` says what would), `change` when the brand must change what the profile says
   */
  action: 'provide' | 'change';
  /** points won by the step (to-approve) or lost if the rule failed (at-risk) */
  gain: number;
  projectedScore: number;
  /** profile values that would satisfy the rule, by field path; null when none can be derived from its check */
  target: Record<string, unknown> | null;
}

export interface Change {
  verdictBefore: Verdict;
  scoreBefore: number | null;
  scoreDelta: number | null;
  newlyPassing: string[];
  newlyFailing: string[];
  /**
   * Rules that failed (or were unknown) before and now neither pass nor fail: they no longer apply to the brand,
   * or are waived. Without this list such a rule left the report silently, and a verdict could change while the
   * report said no criterion had.
   */
  noLongerCounted: string[];
}

export interface Result {
  source: Source;
  brand: string | null;
  verdict: Verdict;
  /** v2: what decided the verdict (null for an error) */
  decidedBy: DecidedBy | null;
  score: number | null;
  threshold: number;
  completeness: number | null;
  /** v2: the score were every unknown criterion met (what a missing-data turn-down could reach); null for an error */
  scoreIfComplete: number | null;
  categories: CategoryScore[];
  /** v2: the findings that cost points (failed, unknown, partly met, waived), in the pack's order */
  findings: Finding[];
  /** v2: the ids of the rules met in full */
  passed: string[];
  /** v2: how many rules do not apply to the profile */
  notApplicable: number;
  /**
   * The rule ids of the failed and unknown findings, most decisive first (knock-outs failed, knock-outs
   * unknown, then by points lost): json and ndjson word them as `reasons`, the other formats as they show them.
   */
  decisive: string[];
  /** every rule's finding in the pack's order, met and not applicable too: for `--findings all` and the reports
   *  that list what is met; never printed as such */
  allFindings?: Finding[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  plan?: Plan;
  change?: Change;
  /** where the document or CSV row starts; set with the findings' locations (see Finding.location) */
  location?: Position;
  /** v2: the spreadsheet row the profile came from (csv and xlsx output write it back); never in json */
  row?: SheetRow;
  /**
   * issue 11: 'sheet' when the engine made only what a csv row and the batch's summary read (EngineOptions.sheet):
   * `findings` then holds the knock-outs not met and the reasons shown (and every open rule of a turn-down the
   * score decided with no knock-out open), `decisive` the first three, `categories` and `passed` are empty. Never
   * in a report; absent, the result is whole.
   */
  partial?: 'sheet';
}

export interface Plan {
  /** for a turn-down: the steps that flip it; for an approve: the failures that would bring it down */
  kind: 'to-approve' | 'at-risk';
  steps: PlanStep[];
  /**
   * false when the steps cannot be shown to flip the verdict (a check no value can be derived for, or too few points)
   */
  reachable: boolean;
  /** score minus threshold: the cushion of an approve, the shortfall (negative) of a turn-down */
  margin: number | null;
}

export interface Summary {
  total: number;
  approve: number;
  turnDown: number;
  error: number;
  /** v2: the turn-downs decided by missing data (counted in turnDown too, and apart from the rules that turn
   *  brands down: they lack data rather than fail a rule) */
  missingData?: number;
  scoreHistogram?: { from: number; to: number; count: number }[];
  /** the rules that decided the most turn-downs (a brand's knock-outs when it failed any, else its lost criteria) */
  topTurnDownRules?: { ruleId: string; count: number; share: number; blocker: boolean }[];
  top?: { brand: string | null; score: number }[];
  bottom?: { brand: string | null; score: number }[];
}

export interface PackInfo {
  id: string;
  version: string;
  digest: string;
}
