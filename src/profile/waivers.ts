// A waiver naming no rule of the pack in use is almost always a typo: a warning at the rule it names, with the
// closest rule id, in the run's language, rather than a waiver silently ignored.
import type { Diagnostic, InputProfile, Lang } from '../types.js';
import { t } from '../i18n/index.js';
import { suggest } from './suggest.js';

export function unknownWaiverWarnings(
  pack: { id: string; rules: readonly { id: string }[] },
  input: InputProfile,
  lang: Lang,
): Diagnostic[] {
  if (input.waivers.length === 0) return [];
  const ids = pack.rules.map((r) => r.id);
  const out: Diagnostic[] = [];
  input.waivers.forEach((w, i) => {
    if (ids.includes(w.rule)) return;
    const hint = suggest(w.rule, ids);
    // the waiver's own `rule:` where the reader knows it (YAML, JSON), else the waivers list
    const at = input.positions?.get(`waivers[${i}]`) ?? input.positions?.get('waivers');
    out.push({
      severity: 'warning',
      file: input.source.file,
      ...(input.source.row !== null ? { row: input.source.row } : {}),
      ...(at ?? {}),
      field: 'waivers',
      message: t(lang, 'waiver.unknownRule', {
        rule: w.rule,
        pack: pack.id,
        hint: hint ? t(lang, 'schema.didYouMean', { suggestion: hint }) : '',
      }),
    });
  });
  return out;
}
