// End to end: the CI formats from the built binary, checked by the tools that read them: junit by an XML parser,
// sarif by the SARIF 2.1.0 JSON Schema (ajv), github annotations against the real line of each field in the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Ajv from 'ajv';
import { ROOT, run } from '../helpers/cli.js';

const WINE = 'fixtures/brands/turn-down-reseller-wine.yaml';
const SKINCARE = 'fixtures/brands/approve-french-skincare.yaml';
const PORTFOLIO = 'fixtures/brands/multi/portfolio.yaml';
const PROSPECTS = 'fixtures/csv/prospects.csv';
const BAD_ROWS = 'fixtures/csv/bad-rows.csv';

interface JsonFinding {
  ruleId: string;
  field: string;
  status: string;
  blocker: boolean;
  message: string;
  waiver?: { expired: boolean };
}
interface JsonResult {
  source: { file: string; row: number | null; document: number | null };
  brand: string | null;
  verdict: string;
  findings: JsonFinding[];
  reasons: string[];
}

let dir: string;
let hostileNames: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'market-ready-ci-'));
  // everything XML and workflow commands must escape, in a brand name and a path: markup, quotes, %, colon,
  // comma, newline, control characters and a lone surrogate (JSON can write one)
  hostileNames = join(dir, 'odd, name: 100%.json');
  writeFileSync(
    hostileNames,
    JSON.stringify({
      schemaVersion: 1,
      brand: { name: 'A <b>&</b> "q" \'s\' 100%, a: b\nline2\u0001\u0008\ud800', country: 'FR', category: 'beauty' },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function jsonResults(args: string[]): Promise<JsonResult[]> {
  const r = await run(['assess', ...args, '--format', 'json', '--fail-on', 'none']);
  return JSON.parse(r.stdout).results as JsonResult[];
}

const open = (f: JsonFinding): boolean =>
  (f.status === 'fail' || f.status === 'missing') && !(f.waiver && !f.waiver.expired);

/** A turn-down's most decisive problem, whose message is its first reason: a failed finding, or a missing field's. */
function decisiveOf(result: JsonResult): JsonFinding | 'missing' | null {
  if (result.verdict !== 'turn-down') return null;
  const finding = result.findings.find((f) => open(f) && f.message === result.reasons[0]);
  if (!finding) return null;
  return finding.status === 'missing' ? 'missing' : finding;
}

/** The 1-based line of `section:` / `  key:` in a one-document YAML file, found by reading the text itself. */
function lineOfField(text: string, field: string): number | null {
  const [section, key] = field.split('.');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${section}:`));
  if (start < 0) return null;
  for (let i = start + 1; i < lines.length && !/^\S/.test(lines[i]!); i++)
    if (new RegExp(`^\\s+${key}:`).test(lines[i]!)) return i + 1;
  return null;
}
const firstContentLine = (text: string): number =>
  text.split('\n').findIndex((l) => l.trim() !== '' && !l.startsWith('#')) + 1;

describe('--format junit', () => {
  it('is well-formed XML with one testcase per profile: failures for turn-downs, errors for unreadable input', async () => {
    const r = await run(['assess', SKINCARE, WINE, PORTFOLIO, BAD_ROWS, hostileNames, '--format', 'junit']);
    expect(r.code).toBe(2);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const results = await jsonResults([SKINCARE, WINE, PORTFOLIO, BAD_ROWS, hostileNames]);
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testcase',
    }).parse(r.stdout);
    const suite = xml.testsuites.testsuite;
    const cases = suite.testcase as Record<string, unknown>[];
    expect(cases).toHaveLength(results.length);
    expect(Number(suite.tests)).toBe(results.length);
    expect(Number(suite.failures)).toBe(results.filter((x) => x.verdict === 'turn-down').length);
    expect(Number(suite.errors)).toBe(results.filter((x) => x.verdict === 'error').length);
    results.forEach((result, i) => {
      const tc = cases[i]!;
      const file = result.source.file;
      // Jenkins splits a classname at its last dot: the path with `_` for its dots, the exact path in `file`
      const place = result.source.row !== null ? `${file}:${result.source.row}` : file;
      expect(tc.classname).toBe(place.replaceAll('.', '_'));
      expect(tc.file).toBe(file);
      if (result.brand && !result.brand.includes('\u0001')) expect(tc.name).toBe(result.brand);
      if (result.verdict === 'turn-down') {
        const failure = tc.failure as Record<string, string>;
        expect(failure.type).toBe('turn-down');
        // each failed criterion on a line of its own; the missing fields once, in one list
        for (const f of result.findings.filter((x) => open(x) && x.status === 'fail'))
          expect(failure['#text']).toContain(`[${f.ruleId}]`);
        const missing = [
          ...new Set(result.findings.filter((x) => open(x) && x.status === 'missing').map((x) => x.field)),
        ];
        const body = failure['#text'] ?? '';
        const listed = /without (?:these fields|this field): (.*)/.exec(body)?.[1]?.split(', ') ?? [];
        expect(listed.sort()).toEqual(missing.sort());
        expect(body.match(/criteri(?:a|on) cannot be checked/g)?.length ?? 0).toBe(missing.length > 0 ? 1 : 0);
      } else expect(tc.failure).toBeUndefined();
      if (result.verdict === 'error') expect((tc.error as Record<string, string>).type).toBe('invalid-profile');
      else expect(tc.error).toBeUndefined();
    });
  });

  it('escapes markup and quotes and replaces what XML 1.0 cannot hold', async () => {
    const r = await run(['assess', hostileNames, '--format', 'junit', '--fail-on', 'none']);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(r.stdout).not.toMatch(/[\u0001\u0008]/);
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      processEntities: true,
      htmlEntities: true,
    }).parse(r.stdout);
    expect(xml.testsuites.testsuite.testcase.name).toContain('A <b>&</b> "q"');
  });

  it('is byte-identical from run to run', async () => {
    const a = await run(['assess', SKINCARE, WINE, '--format', 'junit']);
    const b = await run(['assess', SKINCARE, WINE, '--format', 'junit']);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('--format github', () => {
  type Annotation = { level: string; props: Record<string, string>; message: string };
  const parse = (stdout: string): Annotation[] =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('::'))
      .map((l) => {
        const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(l);
        expect(m, l).not.toBeNull();
        const props = Object.fromEntries(
          m![2]!.split(',').map((p) => {
            const [k, ...v] = p.split('=');
            return [k!, v.join('=')];
          }),
        );
        return { level: m![1]!, props, message: m![3]! };
      });
  const unescape = (s: string): string =>
    s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

  it.each([
    WINE,
    SKINCARE,
    'fixtures/brands/turn-down-squatted-trademark-fashion.yaml',
    'fixtures/brands/minimal-required-only.yaml',
  ])(
    '%s: one annotation per failed or missing finding, on the line of its field (or of the document)',
    async (file) => {
      const r = await run(['assess', file, '--format', 'github', '--fail-on', 'none']);
      expect(r.code).toBe(0);
      const [result] = await jsonResults([file]);
      const failed = result!.findings.filter((f) => open(f) && f.status === 'fail');
      const missing = result!.findings.filter((f) => open(f) && f.status === 'missing');
      const all = parse(r.stdout);
      const annotations = all.filter((a) => a.level !== 'notice');
      // one per failed criterion, and the missing fields grouped into one; a notice last when GitHub hides some
      expect(annotations).toHaveLength(failed.length + (missing.length > 0 ? 1 : 0));
      const levels = (level: string): number => annotations.filter((a) => a.level === level).length;
      expect(all.length - annotations.length).toBe(levels('error') > 10 || levels('warning') > 10 ? 1 : 0);
      // in the pack's order, the missing fields last, but a turn-down's most decisive problem first
      const order: (JsonFinding | 'missing')[] = [...failed, ...(missing.length > 0 ? ['missing' as const] : [])];
      const decisive = decisiveOf(result!);
      if (decisive) order.unshift(...order.splice(order.indexOf(decisive), 1));
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (missing.length > 0) {
        const group = annotations[order.indexOf('missing')]!;
        expect(group.level).toBe(missing.some((f) => f.blocker) ? 'error' : 'warning');
        expect(Number(group.props.line)).toBe(firstContentLine(text));
        const fields = [...new Set(missing.map((f) => f.field))];
        expect(unescape(group.props.title!)).toBe(
          fields.length === 1
            ? 'market-ready: 1 field not in the profile'
            : `market-ready: ${fields.length} fields not in the profile`,
        );
        for (const field of fields) expect(unescape(group.message)).toContain(`\n- ${field}`);
        for (const f of missing) expect(unescape(group.message)).toContain(`(${f.ruleId})`);
      }
      order.forEach((finding, i) => {
        if (finding === 'missing') return;
        const a = annotations[i]!;
        expect(a.level).toBe(finding.blocker ? 'error' : 'warning');
        expect(a.props.file).toBe(file);
        expect(unescape(a.props.title!)).toContain(`[${finding.ruleId}]`);
        const line = lineOfField(text, finding.field) ?? firstContentLine(text);
        expect(Number(a.props.line), `${finding.ruleId} ${finding.field}`).toBe(line);
        const indent = lineOfField(text, finding.field) ? text.split('\n')[line - 1]!.search(/\S/) + 1 : 1;
        expect(Number(a.props.col)).toBe(indent);
      });
    },
  );

  it("a CSV row: the line of the row and the character where the field's cell starts", async () => {
    const r = await run(['assess', PROSPECTS, '--format', 'github', '--fail-on', 'none']);
    const lines = readFileSync(join(ROOT, PROSPECTS), 'utf8').split(/\r?\n/);
    const header = lines[0]!.split(',');
    // where each cell of a one-line row starts, in characters from 1 (a quoted cell at its opening quote)
    const cellStarts = (row: string): number[] => {
      const starts = [1];
      let quoted = false;
      [...row].forEach((ch, i) => {
        if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) starts.push(i + 2);
      });
      return starts;
    };
    const results = await jsonResults([PROSPECTS]);
    const annotations = parse(r.stdout);
    const hasMissing = (x: JsonResult): boolean => x.findings.some((f) => open(f) && f.status === 'missing');
    expect(annotations.filter((a) => a.level !== 'notice')).toHaveLength(
      results.reduce(
        (n, x) => n + x.findings.filter((f) => open(f) && f.status === 'fail').length + (hasMissing(x) ? 1 : 0),
        0,
      ),
    );
    // a turn-down's most decisive problem goes first, one per profile in input order (GitHub shows 10 of each
    // level); the rest follows, each result's annotations in order
    const decisive = results.map((x) => (x.verdict === 'turn-down' ? decisiveOf(x) : null));
    const first = decisive.filter((d) => d !== null).length;
    let k = first;
    let d = 0;
    results.forEach((result, i) => {
      const check = (finding: JsonFinding | 'missing', a: (typeof annotations)[number]): void => {
        expect(Number(a.props.line)).toBe(result.source.row);
        if (finding === 'missing') {
          expect(unescape(a.props.title!)).toMatch(/fields? not in the profile/);
          return;
        }
        expect(unescape(a.props.title!)).toContain(`[${finding.ruleId}]`);
        // a field's cell at the character it starts on, as its errors are (a field with no column: the row's)
        const column = header.indexOf(finding.field);
        const starts = cellStarts(lines[result.source.row! - 1]!);
        expect(Number(a.props.col)).toBe(column >= 0 ? starts[column] : 1);
      };
      if (decisive[i]) check(decisive[i]!, annotations[d++]!);
      for (const finding of result.findings.filter((f) => open(f) && f.status === 'fail'))
        if (finding !== decisive[i]) check(finding, annotations[k++]!);
      // the row's missing fields: one annotation on the row
      if (hasMissing(result) && decisive[i] !== 'missing') check('missing', annotations[k++]!);
    });
    expect(d).toBe(first);
    expect(k).toBe(annotations.length - 1);
    expect(annotations.at(-1)!.level).toBe('notice');
  });

  it('unreadable profiles and rows are errors at their line; % : , and newlines are escaped', async () => {
    const r = await run(['assess', BAD_ROWS, hostileNames, '--format', 'github']);
    expect(r.code).toBe(2);
    const annotations = parse(r.stdout);
    const rowErrors = annotations.filter(
      (a) => a.props.file === BAD_ROWS && a.props.title!.includes('cannot be assessed'),
    );
    expect(rowErrors.length).toBeGreaterThan(0);
    for (const a of rowErrors) expect(a.level).toBe('error');
    // the path with a comma, a colon and a percent sign survives the trip
    const odd = annotations.filter((a) => unescape(a.props.file!) === hostileNames);
    expect(odd.length).toBeGreaterThan(0);
    for (const a of odd) {
      expect(a.props.file).not.toMatch(/[:,]/);
      expect(a.message).not.toContain('\n');
    }
    expect(odd.some((a) => unescape(a.message).includes('100%, a: b\nline2'))).toBe(true);
  });

  it.each([
    ['fr', 'Cave du Marché\u00a0: '],
    ['zh', 'Cave du Marché：'],
  ])(
    'a failed criterion’s message names the brand punctuated as --lang %s writes it (github and sarif)',
    async (lang, start) => {
      const github = await run(['assess', WINE, '--format', 'github', '--lang', lang]);
      const findings = parse(github.stdout).filter((a) => a.props.title!.includes('['));
      expect(findings.length).toBeGreaterThan(0);
      for (const a of findings) expect(unescape(a.message).startsWith(start), a.message).toBe(true);
      const sarif = JSON.parse((await run(['assess', WINE, '--format', 'sarif', '--lang', lang])).stdout);
      const results = sarif.runs[0].results.filter((x: { ruleId: string }) => !x.ruleId.startsWith('market-ready/'));
      expect(results.length).toBeGreaterThan(0);
      for (const x of results) expect(x.message.text.startsWith(start), x.message.text).toBe(true);
    },
  );

  it.each([
    ['fr', 'market-ready\u00a0: le profil ne peut pas être évalué'],
    ['zh', 'market-ready：无法评估该档案'],
  ])(
    'an unreadable profile’s annotation is titled in --lang %s, as its message and validate’s title are',
    async (lang, title) => {
      const broken = join(dir, `broken-${lang}.yaml`);
      writeFileSync(
        broken,
        'schemaVersion: 1\nbrand: { name: Cassé, country: FR, category: beauty }\nproductRange:\n  skuCount: many\n',
      );
      const r = await run(['assess', broken, '--format', 'github', '--lang', lang]);
      expect(r.code).toBe(2);
      const errors = parse(r.stdout).filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(unescape(errors[0]!.props.title!)).toBe(title);
      expect(errors[0]!.props.line).toBe('4');
      expect(errors[0]!.props.col).toBe('13');
    },
  );
});

describe('--format sarif', () => {
  const require = createRequire(import.meta.url);
  // the official schema as shipped by @microsoft/jest-sarif; it is draft-04, which ajv 8 reads once `id`
  // is spelt `$id` (it uses no other draft-04-only keyword); formats are not checked
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const ajv = new Ajv.default({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);

  it('validates against the SARIF 2.1.0 schema, with the pack rules as descriptors and results in the files', async () => {
    const r = await run(['assess', SKINCARE, WINE, PORTFOLIO, PROSPECTS, BAD_ROWS, hostileNames, '--format', 'sarif']);
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    const rules = run0.tool.driver.rules as { id: string; helpUri?: string; shortDescription: { text: string } }[];
    const pack = await run(['rules', 'show', 'tmall-global']);
    expect(pack.code).toBe(0);
    expect(rules.length).toBeGreaterThan(10);
    expect(new Set(rules.map((x) => x.id)).size).toBe(rules.length);
    for (const rule of rules) if (rule.helpUri) expect(rule.helpUri).toMatch(/^https?:\/\//);
    const results = await jsonResults([SKINCARE, WINE, PORTFOLIO, PROSPECTS, BAD_ROWS, hostileNames]);
    const failed = results.reduce(
      (n, x) => n + (x.verdict === 'error' ? 0 : x.findings.filter((f) => open(f) && f.status === 'fail').length),
      0,
    );
    const withMissing = results.filter(
      (x) => x.verdict !== 'error' && x.findings.some((f) => open(f) && f.status === 'missing'),
    ).length;
    const ids = run0.results.map((x: { ruleId: string }) => x.ruleId) as string[];
    expect(ids.filter((id) => !id.startsWith('market-ready/'))).toHaveLength(failed);
    // the missing fields of a profile are one result, listing them
    expect(ids.filter((id) => id === 'market-ready/missing-data')).toHaveLength(withMissing);
    for (const x of run0.results) {
      expect(rules[x.ruleIndex]!.id).toBe(x.ruleId);
      expect(['error', 'warning']).toContain(x.level);
      const loc = x.locations[0].physicalLocation;
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.artifactLocation.uri).not.toMatch(/^\//);
    }
    // the wine merchant's trademark finding points at `chinaTrademark:` in its file
    const text = readFileSync(join(ROOT, WINE), 'utf8');
    const tm = run0.results.find(
      (x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        x.ruleId === 'ip/china-trademark' && x.locations[0]!.physicalLocation.artifactLocation.uri === WINE,
    );
    expect(tm.locations[0].physicalLocation.region.startLine).toBe(lineOfField(text, 'ip.chinaTrademark'));
  });

  it.each(['fr', 'zh'])(
    'the tool’s own rules are described in --lang %s, as the pack’s are (assess and validate)',
    async (lang) => {
      type Descriptor = { id: string; shortDescription: { text: string }; fullDescription: { text: string } };
      const own = async (args: string[]): Promise<Map<string, Descriptor>> => {
        const r = await run([...args, '--format', 'sarif']);
        const rules = JSON.parse(r.stdout).runs[0].tool.driver.rules as Descriptor[];
        return new Map(rules.filter((x) => x.id.startsWith('market-ready/')).map((x) => [x.id, x]));
      };
      for (const command of [
        ['assess', BAD_ROWS],
        ['validate', BAD_ROWS],
      ]) {
        const english = await own(command);
        const translated = await own([...command, '--lang', lang]);
        expect(translated.size).toBeGreaterThanOrEqual(3);
        for (const [id, rule] of translated) {
          expect(rule.shortDescription.text, id).not.toBe(english.get(id)!.shortDescription.text);
          expect(rule.fullDescription.text, id).not.toBe(english.get(id)!.fullDescription.text);
        }
      }
    },
  );

  it('is byte-identical from run to run', async () => {
    const a = await run(['assess', WINE, PROSPECTS, '--format', 'sarif']);
    const b = await run(['assess', WINE, PROSPECTS, '--format', 'sarif']);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('unknown fields and grouped missing fields (issue 16)', () => {
  // a misspelt field (foundedYaer) on line 6, a sparse dossier otherwise
  const TYPO = [
    'schemaVersion: 1',
    'brand:',
    '  name: Typo Brand',
    '  country: FR',
    '  category: beauty',
    '  foundedYaer: 1990',
    'company:',
    '  role: brand-owner',
    '',
  ].join('\n');
  let typo: string;
  beforeAll(() => {
    typo = join(dir, 'typo.yaml');
    writeFileSync(typo, TYPO);
  });
  const unescape = (s: string): string =>
    s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

  it('github: a warning at the misspelt field’s own line and column, with the did-you-mean; one annotation for the missing fields', async () => {
    const r = await run(['assess', typo, '--format', 'github', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    const unknown = lines.filter((l) => l.includes('unknown field'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatch(
      /^::warning file=[^,]*typo\.yaml,line=6,col=3,title=market-ready%3A unknown field brand\.foundedYaer::brand\.foundedYaer: unknown field \(did you mean brand\.foundedYear\?\)$/,
    );
    const grouped = lines.filter((l) => l.includes('not in the profile'));
    expect(grouped).toHaveLength(1);
    // a knock-out needs some of them: an error, at the document's first line
    expect(grouped[0]).toMatch(
      /^::error file=[^,]*,line=1,col=1,title=market-ready%3A \d+ fields not in the profile::/,
    );
    expect(unescape(grouped[0]!)).toContain('- brand.foundedYear: Years in operation (company/years-in-operation)');
    expect(unescape(grouped[0]!)).toContain('- company.entityOutsideMainlandChina [knock-out]:');
    // nothing else: the dossier fails no criterion it answers
    expect(lines).toHaveLength(2);
  });

  it('sarif: the unknown field is a result at its line under market-ready/unknown-field; the missing fields one result', async () => {
    const r = await run(['assess', typo, '--format', 'sarif', '--fail-on', 'none']);
    const log = JSON.parse(r.stdout);
    const rules = log.runs[0].tool.driver.rules as { id: string }[];
    const results = log.runs[0].results as {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[];
      properties: Record<string, unknown>;
    }[];
    const unknown = results.filter((x) => x.ruleId === 'market-ready/unknown-field');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.level).toBe('warning');
    expect(unknown[0]!.message.text).toBe('brand.foundedYaer: unknown field (did you mean brand.foundedYear?)');
    expect(unknown[0]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 6, startColumn: 3 });
    expect(rules[unknown[0]!.ruleIndex]!.id).toBe('market-ready/unknown-field');
    const missing = results.filter((x) => x.ruleId === 'market-ready/missing-data');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.level).toBe('error');
    const fields = missing[0]!.properties.fields as { field: string; knockOut: boolean; rules: string[] }[];
    expect(fields.find((f) => f.field === 'brand.foundedYear')).toEqual({
      field: 'brand.foundedYear',
      knockOut: false,
      rules: ['company/years-in-operation'],
    });
    expect(results).toHaveLength(2);
  });

  it('junit: the unknown field in <system-err> at its line; the failure lists the missing fields once', async () => {
    const r = await run(['assess', typo, '--format', 'junit', '--fail-on', 'none']);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const tc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout).testsuites.testsuite
      .testcase;
    expect(tc['system-err']).toMatch(
      /typo\.yaml:6:3: warning: brand\.foundedYaer: unknown field \(did you mean brand\.foundedYear\?\)$/,
    );
    expect(tc.failure['#text'].match(/criteria cannot be checked without these fields/g)).toHaveLength(1);
    expect(tc.failure['#text']).toContain('- brand.foundedYear: Years in operation (company/years-in-operation)');
  });
});

describe('validate --format (issue 16)', () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const validateSarif = new Ajv.default({
    strict: false,
    allErrors: true,
    validateFormats: false,
    unicodeRegExp: false,
  }).compile(schema);
  let typo: string;
  beforeAll(() => {
    typo = join(dir, 'typo-validate.yaml');
    writeFileSync(
      typo,
      'schemaVersion: 1\nbrand:\n  name: Typo\n  country: FR\n  category: beauty\n  foundedYaer: 1990\n',
    );
  });

  it('github: an error per schema problem at its line, a warning per unknown field; exit 2 when any profile is invalid', async () => {
    const r = await run(['validate', SKINCARE, BAD_ROWS, typo, '--format', 'github']);
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(
      `market-ready ${SKINCARE}:${firstContentLine(readFileSync(join(ROOT, SKINCARE), 'utf8'))}: Maison Lumière: valid`,
    );
    const errors = lines.filter((l) => l.startsWith('::error'));
    const rows = readFileSync(join(ROOT, BAD_ROWS), 'utf8').split(/\r?\n/);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e).toMatch(
        /^::error file=fixtures\/csv\/bad-rows\.csv,line=\d+,col=\d+,title=market-ready%3A the profile is invalid::/,
      );
      expect(Number(/line=(\d+)/.exec(e)![1])).toBeLessThanOrEqual(rows.length);
    }
    expect(lines.filter((l) => l.startsWith('::warning'))).toEqual([
      expect.stringMatching(
        /line=6,col=3,title=market-ready%3A unknown field brand\.foundedYaer::brand\.foundedYaer: unknown field \(did you mean brand\.foundedYear\?\)$/,
      ),
    ]);
    expect(lines).toContain('7 profiles: 4 valid, 3 invalid');
  });

  it('every format agrees: exit 0 on valid profiles, 2 otherwise', async () => {
    for (const format of ['text', 'json', 'github', 'sarif', 'junit']) {
      expect((await run(['validate', SKINCARE, typo, '--format', format])).code, format).toBe(0);
      expect((await run(['validate', SKINCARE, BAD_ROWS, '--format', format])).code, format).toBe(2);
    }
  });

  it('json: one object with every profile, valid or not, and the summary', async () => {
    const r = await run(['validate', SKINCARE, BAD_ROWS, typo, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({ total: 7, valid: 4, invalid: 3 });
    expect(report.profiles).toHaveLength(7);
    const typoProfile = report.profiles.find((p: { source: { file: string } }) => p.source.file === typo);
    expect(typoProfile).toMatchObject({
      valid: true,
      errors: [],
      warnings: [{ field: 'brand.foundedYaer', line: 6, column: 3 }],
    });
    expect(
      report.profiles
        .filter((p: { valid: boolean }) => !p.valid)
        .every((p: { errors: unknown[] }) => p.errors.length > 0),
    ).toBe(true);
  });

  it('sarif: valid against the SARIF 2.1.0 schema, a result per problem at its line', async () => {
    const r = await run(['validate', SKINCARE, BAD_ROWS, typo, '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0].results as {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
    const json = JSON.parse((await run(['validate', SKINCARE, BAD_ROWS, typo, '--format', 'json'])).stdout);
    const problems = json.profiles.reduce((n: number, p: { errors: unknown[] }) => n + p.errors.length, 0);
    expect(results.filter((x) => x.ruleId === 'market-ready/invalid-profile')).toHaveLength(problems);
    expect(
      results
        .filter((x) => x.ruleId === 'market-ready/unknown-field')
        .map((x) => x.locations[0]!.physicalLocation.region.startLine),
    ).toEqual([6]);
  });

  it('junit: a testcase per profile, an error for each invalid one, the unknown field in system-err', async () => {
    const r = await run(['validate', SKINCARE, BAD_ROWS, typo, '--format', 'junit']);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const suite = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testcase',
    }).parse(r.stdout).testsuites.testsuite;
    expect(Number(suite.tests)).toBe(7);
    expect(Number(suite.errors)).toBe(3);
    expect(suite.testcase.filter((tc: { error?: unknown }) => tc.error)).toHaveLength(3);
    expect(suite.testcase.at(-1)['system-err']).toContain(':6:3: warning: brand.foundedYaer: unknown field');
  });

  it('github over the hostile corpus: no crash, exit 2, one annotation per problem and a verdict line per profile', async () => {
    const hostile = join(ROOT, 'test/hostile');
    const r = await run(['validate', hostile, '--format', 'github']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    const json = JSON.parse((await run(['validate', hostile, '--format', 'json'])).stdout);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.startsWith('market-ready ') && /: (valid|invalid \(\d+\))$/.test(l))).toHaveLength(
      json.summary.total,
    );
    const problems = json.profiles.reduce(
      (n: number, p: { errors: unknown[]; warnings: unknown[] }) => n + p.errors.length + p.warnings.length,
      0,
    );
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(problems);
    // each annotation is one line: newlines and control characters of the inputs are escaped
    for (const a of annotations)
      expect(a).toMatch(/^::(error|warning) file=test\/hostile\/[^,]+(,line=\d+)?(,col=\d+)?,title=[^:]+::.+$/);
    expect(json.summary.invalid).toBeGreaterThan(20);
  });
});
