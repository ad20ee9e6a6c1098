// The words of a finding as the spreadsheet formats (csv, xlsx) print them. Results v2 carry findings as data
// and the words come late, through one module: this file is the one place where csv and xlsx reach for them,
// so switching to that module is a change here alone.
import { formatValue } from '../i18n/index.js';
import type { Finding, Lang, PlanStep, Result } from '../types.js';

export interface FindingWords {
  title: string;
  expected: string;
  remedy: string;
  /** what the profile said, as a person reads it */
  said: string;
}

export function findingWords(finding: Finding, lang: Lang): FindingWords {
  return {
    title: finding.title,
    expected: finding.expected,
    remedy: finding.remedy,
    said: formatValue(finding.actual, lang),
  };
}

/** The first step of the remediation plan in one line (empty when the run made no plan). */
export function firstStepWords(result: Result): string {
  const step: PlanStep | undefined = result.plan?.steps[0];
  return step ? `${step.title}: ${step.remedy}` : '';
}

/** What decided the verdict: `decidedBy` of results v2, absent from v1 results. */
export function decidedByOf(result: Result): string | undefined {
  return (result as Result & { decidedBy?: string }).decidedBy;
}

/** The findings that cost points: results v2 list only those; v1 results (and --findings all) list every rule. */
export function costlyFindings(result: Result): Finding[] {
  return result.findings.filter((f) => f.status !== 'not-applicable' && f.points < f.maxPoints);
}
