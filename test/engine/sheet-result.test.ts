// issue 11: the result made for a spreadsheet row (EngineOptions.sheet, Result.partial) against the whole one.
// csv prints a verdict, its scores, the knock-outs not met and the first three reasons, and the batch's summary
// counts a turn-down's open rules: all of that must read the same from either result, for random profiles,
// thresholds (every verdict and way of deciding it), waivers (assessed whole) and slots of the wrong type (NaN).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import fc from 'fast-check';
import { loadPack } from '../../src/rules/packs.js';
import { assessProfile, SHEET_REASONS } from '../../src/engine/assess.js';
import { SummaryBuilder } from '../../src/engine/summary.js';
import { validateProfileData } from '../../src/profile/validate.js';
import { FIELDS } from '../../src/profile/fields.js';
import { layoutOf, toolCells } from '../../src/report/sheet.js';
import { wordsFor } from '../../src/report/words.js';
import type { CompiledPack } from '../../src/rules/types.js';
import { assessItem } from '../../src/pipeline/row.js';
import { prepare, type RunSetup } from '../../src/pipeline/setup.js';
import type { InputProfile, ReadItem, Result } from '../../src/types.js';
import { validProfile } from '../property/arbitraries.js';

let pack: CompiledPack;
beforeAll(async () => {
  pack = await loadPack('tmall-global');
});

const RUNS = Number(process.env.FC_RUNS ?? 300);
const TODAY = '2026-01-15';

function input(values: unknown[], waivers: InputProfile['waivers'] = []): InputProfile {
  return { source: { file: 'sheet.csv', row: 2, document: null }, values, waivers, warnings: [] };
}

const values = (data: unknown): unknown[] => validateProfileData(structuredClone(data), { lang: 'en' }).values!;
/** an approved brand's values, some slots taken from a random profile: every verdict, and every way of deciding it */
const approved = values(parse(readFileSync('fixtures/brands/approve-french-skincare.yaml', 'utf8')));
const valid = fc
  .tuple(validProfile, fc.array(fc.nat(9), { minLength: FIELDS.length, maxLength: FIELDS.length }))
  .map(([data, keep]) => {
    const random = values(data);
    return approved.map((v, i) => (keep[i]! > 1 ? v : random[i]));
  });
const scalar = fc.oneof(
  fc.constant(undefined),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.oneof(fc.string(), fc.double())),
);
const wrongTypes = fc.array(scalar, { minLength: FIELDS.length, maxLength: FIELDS.length });

/** what the sheet result must share with the whole one, and the csv cells made of its findings */
function compare(whole: Result, sheet: Result): void {
  const { findings, decisive, categories, passed, partial, ...rest } = sheet;
  expect(partial).toBe('sheet');
  expect(whole.partial).toBeUndefined();
  // everything else alike: verdict, decidedBy, scores, threshold, counts, source, brand, warnings
  const others = Object.keys(whole).filter(
    (k) => !['findings', 'decisive', 'categories', 'passed', 'allFindings'].includes(k),
  );
  expect(whole.allFindings).toBeUndefined();
  expect(Object.keys(rest).sort()).toEqual(others.sort());
  expect(rest).toEqual(pick(whole, others));
  expect(categories).toEqual([]);
  expect(passed).toEqual([]);
  expect(decisive).toEqual(whole.decisive.slice(0, SHEET_REASONS));
  // each finding kept is the whole result's, in the pack's order
  const byId = new Map(whole.findings.map((f) => [f.ruleId, f]));
  for (const f of findings) expect(f).toEqual(byId.get(f.ruleId));
  const order = whole.findings.map((f) => f.ruleId);
  const kept = findings.map((f) => f.ruleId);
  expect(kept).toEqual(order.filter((id) => kept.includes(id)));
  for (const lang of ['en', 'fr'] as const) {
    const layout = layoutOf(['name'], lang, wordsFor(pack, lang));
    expect(toolCells(layout, sheet, '')).toEqual(toolCells(layout, whole, ''));
  }
}

function pick(o: object, keys: string[]): object {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
}

function summaries(wholes: Result[], sheets: Result[]): void {
  const a = new SummaryBuilder();
  const b = new SummaryBuilder();
  for (const r of wholes) a.add(r);
  for (const r of sheets) b.add(r);
  expect(b.build()).toEqual(a.build());
}

describe('the result for a spreadsheet row', () => {
  it('reads as the whole result in every csv cell and in the summary, on valid profiles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(valid, fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const wholes: Result[] = [];
          const sheets: Result[] = [];
          for (const [values, threshold] of rows) {
            const whole = assessProfile(pack, input(values), { today: TODAY, threshold, allFindings: false });
            const sheet = assessProfile(pack, input(values), {
              today: TODAY,
              threshold,
              allFindings: false,
              sheet: true,
            });
            compare(whole, sheet);
            wholes.push(whole);
            sheets.push(sheet);
          }
          summaries(wholes, sheets);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('reads as the whole result on slots holding scalars of the wrong type, NaN included', () => {
    fc.assert(
      fc.property(
        fc.array(wrongTypes, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        (rows, threshold) => {
          const options = { today: TODAY, threshold, allFindings: false };
          const wholes = rows.map((values) => assessProfile(pack, input(values), options));
          const sheets = rows.map((values) => assessProfile(pack, input(values), { ...options, sheet: true }));
          wholes.forEach((whole, i) => compare(whole, sheets[i]!));
          summaries(wholes, sheets);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('covers every verdict and every way of deciding it, with several findings left out', () => {
    const kinds = new Set<string>();
    let leftOut = 0;
    fc.assert(
      fc.property(valid, fc.integer({ min: 0, max: 100 }), (values, threshold) => {
        const whole = assessProfile(pack, input(values), { today: TODAY, threshold, allFindings: false });
        const sheet = assessProfile(pack, input(values), { today: TODAY, threshold, allFindings: false, sheet: true });
        kinds.add(`${sheet.verdict} ${sheet.decidedBy}`);
        leftOut += whole.findings.length - sheet.findings.length;
      }),
      { numRuns: RUNS },
    );
    expect(kinds).toEqual(
      new Set(['approve score', 'turn-down knock-out', 'turn-down score', 'turn-down missing-data']),
    );
    expect(leftOut).toBeGreaterThan(RUNS);
  });

  it('is the whole result for a profile with waivers, and with allFindings', () => {
    fc.assert(
      fc.property(valid, fc.integer({ min: 0, max: pack.rules.length - 1 }), fc.boolean(), (values, rule, expired) => {
        const waivers = [
          {
            rule: pack.rules[rule]!.id,
            reason: 'agreed',
            approvedBy: 'ops',
            ...(expired ? { expires: '2025-01-01' } : {}),
          },
        ];
        const options = { today: TODAY, allFindings: false };
        const whole = assessProfile(pack, input(values, waivers), options);
        expect(assessProfile(pack, input(values, waivers), { ...options, sheet: true })).toEqual(whole);
        const all = assessProfile(pack, input(values), { today: TODAY });
        expect(assessProfile(pack, input(values), { today: TODAY, sheet: true })).toEqual(all);
      }),
      { numRuns: RUNS / 3 },
    );
  });
});

describe('the per-row function', () => {
  const base = {
    pack: 'tmall-global',
    lang: 'en' as const,
    today: TODAY,
    findings: 'costly' as const,
    quiet: true,
    color: false,
    tool: { name: 'market-ready', version: 'test' },
  };
  const profile = (waivers: InputProfile['waivers'] = []): ReadItem => ({
    kind: 'profile',
    profile: input(
      approved.map((v, i) => (i % 7 === 3 ? undefined : v)),
      waivers,
    ),
  });

  it('asks for a sheet result for csv only, and for the whole one with a plan, --findings all or waivers', async () => {
    const partialOf = async (setup: Partial<RunSetup>, item = profile()) => {
      const env = await prepare({ ...base, format: 'csv', ...setup } as RunSetup);
      return assessItem(env, item, true, () => undefined).partial;
    };
    expect(await partialOf({})).toBe('sheet');
    expect(await partialOf({ format: 'xlsx' })).toBeUndefined();
    expect(await partialOf({ format: 'ndjson' })).toBeUndefined();
    expect(await partialOf({ plan: true })).toBeUndefined();
    expect(await partialOf({ findings: 'all' })).toBeUndefined();
    const waiver = { rule: pack.rules[0]!.id, reason: 'agreed', approvedBy: 'ops' };
    expect(await partialOf({}, profile([waiver]))).toBeUndefined();
  });

  it("asks for a sheet result for a brand past html's or markdown's --sections, which is only counted", async () => {
    for (const format of ['html', 'markdown'] as const) {
      const env = await prepare({ ...base, format, plan: true, sections: 1 } as RunSetup);
      const spooled = env.formatter.spooled!(env.ctx);
      const at = (index: number) => assessItem(env, profile(), spooled.detailed(index), () => undefined);
      // the first brand is detailed: its whole result and its plan
      expect(at(0).partial).toBeUndefined();
      expect(at(0).plan).toBeDefined();
      expect(at(1).partial).toBe('sheet');
      expect(at(1).plan).toBeUndefined();
      expect(spooled.add(at(1), 1)).toEqual(['', '']);
    }
  });
});
