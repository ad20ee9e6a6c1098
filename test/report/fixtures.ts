// Results for the report tests: a small pack, a turn-down with a plan and a change, an approve, an error, and a
// brand whose name and values carry every character that could break Markdown or HTML.
import { assessProfile } from '../../src/engine/assess.js';
import { planFor } from '../../src/engine/plan.js';
import { diffResults } from '../../src/engine/change.js';
import { SummaryBuilder } from '../../src/engine/summary.js';
import { FIELD_INDEX } from '../../src/profile/fields.js';
import type { ReportContext } from '../../src/report/types.js';
import { wordsFor } from '../../src/report/words.js';
import type { Lang, Result, Summary } from '../../src/types.js';
import { pack, profile, rule } from '../helpers/pack.js';

export const NASTY =
  'Evil | <script>alert(1)</script> *bold* _x_ [link](http://evil.example) & "quoted" `tick` #1 ~~s~~ $x$';

const bank = rule({
  id: 'company/bank',
  category: 'company',
  blocker: true,
  effort: 'medium',
  check: { field: 'company.overseasBankAccount', equals: true },
});
const team = rule({
  id: 'company/team',
  category: 'company',
  weight: 3,
  effort: 'high',
  check: { field: 'company.chinaTeamFte', ramp: { from: 0, to: 2 } },
});
const tm = rule({
  id: 'ip/tm',
  category: 'ip',
  weight: 2,
  effort: 'medium',
  check: { field: 'ip.chinaTrademark', map: { registered: 1, pending: 0.5 } },
});
const ipp = rule({
  id: 'ip/ipp',
  category: 'ip',
  weight: 2,
  effort: 'low',
  check: { field: 'ip.ipProtectionPlatform', equals: true },
  remedy: { en: 'Enrol | now <b>today</b>', fr: 'Inscrivez-vous | <b>aujourd’hui</b>', zh: '立即 | 加入 <b>IPP</b>' },
});
const partner = rule({
  id: 'ip/partner',
  category: 'ip',
  weight: 1,
  effort: 'medium',
  check: { field: 'partners.tmallPartner', 'min-length': 1 },
});
export const testPack = pack([bank, team, tm, ipp, partner]);

function withExtras(input: ReturnType<typeof profile>, name: string, lang: Lang, before?: Result): Result {
  input.values[FIELD_INDEX.get('brand.name')!] = name;
  const r = assessProfile(testPack, input, { lang });
  r.plan = planFor(testPack, input, { threshold: 70, lang });
  if (before) r.change = diffResults(before, r);
  return r;
}

/** Results are data; the context's words (in its language) word them. */
export function sampleResults(lang: Lang = 'en'): Result[] {
  const earlier = assessProfile(
    testPack,
    profile({
      'company.overseasBankAccount': false,
      'company.chinaTeamFte': 0,
      'ip.chinaTrademark': 'none',
      'ip.ipProtectionPlatform': false,
      'partners.tmallPartner': NASTY,
    }),
  );
  const turnDown = withExtras(
    profile({
      'company.overseasBankAccount': false,
      'company.chinaTeamFte': 1,
      'ip.chinaTrademark': 'pending',
      'ip.ipProtectionPlatform': false,
      'partners.tmallPartner': NASTY,
    }),
    NASTY,
    lang,
    earlier,
  );
  const approve = withExtras(
    profile({
      'company.overseasBankAccount': true,
      'company.chinaTeamFte': 2,
      'ip.chinaTrademark': 'registered',
      'ip.ipProtectionPlatform': true,
      'partners.tmallPartner': 'Agency',
    }),
    'Maison Claire',
    lang,
  );
  const error: Result = {
    source: { file: 'broken.yaml', row: null, document: 0 },
    brand: 'Broken <b>',
    verdict: 'error',
    score: null,
    threshold: 70,
    completeness: null,
    decidedBy: null,
    scoreIfComplete: null,
    categories: [],
    findings: [],
    passed: [],
    notApplicable: 0,
    decisive: [],
    errors: [
      {
        severity: 'error',
        file: 'broken.yaml',
        line: 3,
        column: 1,
        field: 'brand.country',
        message: 'expected <ISO> code',
      },
    ],
    warnings: [],
  };
  return [turnDown, approve, error];
}

export function summarise(results: readonly Result[]): Summary {
  const b = new SummaryBuilder();
  for (const r of results) b.add(r);
  return b.build();
}

export function context(lang: Lang = 'en'): ReportContext {
  return {
    tool: { name: 'market-ready', version: '9.9.9' },
    pack: { id: 'test-pack', version: '1', digest: 'ab'.repeat(32), name: 'Test <pack>' },
    lang,
    color: false,
    threshold: 70,
    words: wordsFor(testPack, lang),
  };
}
