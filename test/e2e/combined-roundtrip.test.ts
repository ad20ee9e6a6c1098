// Features combined as an office user combines them: a French list assessed to a csv or xlsx report, and that
// report assessed again after a colleague's corrections. The second run must read the brands as the first did.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../helpers/cli.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'market-ready-roundtrip-'));

/** A French office's list: `-` for "no Tmall Partner", negative numbers as French Excel shows them. */
const FRENCH_LIST = [
  'Marque;Pays;Catégorie;Écart de prix Chine (%);Agence Tmall Partner;Marge après frais (%);Commentaires',
  'Brauhaus Nord;Allemagne;Boissons;-12,5 %;-;-2,5 %;à relancer',
  'Maison Élodie;France;Beauté;5;Agence Lumière;45,5;-',
  '',
].join('\r\n');

interface Brief {
  brand: string;
  verdict: string;
  score: number | null;
  errors: number;
}

async function briefs(file: string, extra: string[] = []): Promise<Brief[]> {
  const r = await run(['assess', file, ...extra, '--format', 'json', '--fail-on', 'none', '-q']);
  const report = JSON.parse(r.stdout) as {
    results: { brand: string; verdict: string; score: number | null; errors: unknown[] }[];
  };
  return report.results.map((x) => ({ brand: x.brand, verdict: x.verdict, score: x.score, errors: x.errors.length }));
}

describe('a csv or xlsx report assessed again reads the brands as the first run did', () => {
  it.each(['csv', 'xlsx'])('%s: a lone "-" and "-12,5 %" come back as written, not as "\'-"', async (format) => {
    const dir = temp();
    const list = join(dir, 'prospects.csv');
    writeFileSync(list, FRENCH_LIST);
    const first = await briefs(list);
    expect(first.map((b) => b.errors)).toEqual([0, 0]);
    const out = join(dir, `verdicts.${format}`);
    const r = await run(['assess', list, '--lang', 'fr', '--format', format, '--fail-on', 'none', '-o', out]);
    expect(r.code).toBe(0);
    const again = await briefs(out, format === 'xlsx' ? ['--sheet', 'Verdicts'] : []);
    expect(again).toEqual(first);
  });
});

describe('a criterion unknown for want of a second field names that field, not the one the profile holds', () => {
  // an authorised distributor whose authorisation chain is not said: the role is known, the chain is not
  const LIST = ['Marque;Pays;Catégorie;Rôle', 'Brauhaus Nord;Allemagne;Boissons;Distributeur agréé', ''].join('\r\n');

  it('json, text and github: the authorisation chain is missing, not the role the row gives', async () => {
    const dir = temp();
    const list = join(dir, 'prospects.csv');
    writeFileSync(list, LIST);
    const json = await run(['assess', list, '--format', 'json', '--fail-on', 'none', '-q']);
    const finding = (
      JSON.parse(json.stdout) as { results: { findings: { ruleId: string; actual: unknown; message: string }[] }[] }
    ).results[0]!.findings.find((f) => f.ruleId === 'company/applicant-role')!;
    expect(finding.actual).toBe('authorized-distributor');
    expect(finding.message).toBe(
      "Applicant entitled to run the brand's store: Authorisation chain complete (ip.authorizationChainComplete) " +
        'is not in the profile (a knock-out: no approval without it).',
    );
    const text = await run(['assess', list, '--lang', 'fr', '--fail-on', 'none', '-q']);
    expect(text.stdout).not.toContain('Rôle du candidat (company.role) ne figure pas');
    const github = await run(['assess', list, '--format', 'github', '--fail-on', 'none', '-q']);
    const group = github.stdout.split('\n').find((l) => l.includes('fields not in the profile'))!;
    expect(group).toContain('ip.authorizationChainComplete');
    expect(group).not.toContain('company.role');
  });
});

describe('validate on the list assess reads: its summary in French agrees in number', () => {
  it('"4 valides, 1 invalide", not "1 invalides"; text and github alike', async () => {
    const dir = temp();
    const list = join(dir, 'prospects.csv');
    const rows = [
      'Marque;Pays;Catégorie',
      'A;France;Beauté',
      'B;Italie;Mode',
      'C;Allemagne;Boissons',
      'D;Espagne;Vins',
    ];
    writeFileSync(list, [...rows, 'E;Frence;Beauté', ''].join('\r\n'));
    const text = await run(['validate', list, '--lang', 'fr']);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('5 profils\u00a0: 4 valides, 1 invalide\n');
    const github = await run(['validate', list, '--lang', 'fr', '--format', 'github']);
    expect(github.stdout.trimEnd().split('\n').at(-1)).toBe('5 profils\u00a0: 4 valides, 1 invalide');
    const one = await run(['validate', 'fixtures/brands/minimal-required-only.yaml', '--lang', 'fr']);
    expect(one.stdout).toBe('1 profil\u00a0: 1 valide, 0 invalide\n');
  });
});
