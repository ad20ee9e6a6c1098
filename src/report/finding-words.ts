// The words of a finding as the spreadsheet formats (csv, xlsx) print them: results v2 carry findings as data
// and the words come late, from the report's Words (report/words.ts); this file is the one place where csv and
// xlsx reach for them.
import { formatValue } from '../i18n/index.js';
import type { Effort, Finding, PlanStep, Result } from '../types.js';
import type { Words } from './words.js';
import { remedyText } from './explain.js';

export interface FindingWords {
  title: string;
  expected: string;
  remedy: string;
  effort: Effort;
  /** what the profile said, as a person reads it */
  said: string;
}

export function findingWords(finding: Finding, words: Words): FindingWords {
  const rule = words.rule(finding.ruleId);
  return {
    title: rule.title,
    expected: rule.expected,
    // an unknown fact is asked for before the remedy, which is written for a failure
    remedy: remedyText(finding, words),
    effort: rule.effort,
    said: formatValue(finding.actual, words.lang),
  };
}

/** The first step of the remediation plan in one line (empty when the run made no plan). */
export function firstStepWords(result: Result, words: Words): string {
  const step: PlanStep | undefined = result.plan?.steps[0];
  if (!step) return '';
  // a step that provides missing data asks for it before the remedy, which is written for a failure
  return `${words.rule(step.ruleId).title}: ${remedyText(step, words)}`;
}

/** What decided the verdict (null for a profile that could not be read). */
export function decidedByOf(result: Result): string | null {
  return result.decidedBy;
}

/** The findings that cost points: results v2 list only those (--findings all lists every rule). */
export function costlyFindings(result: Result): Finding[] {
  return result.findings.filter((f) => f.status !== 'not-applicable' && f.points < f.maxPoints);
}
