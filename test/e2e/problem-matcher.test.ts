// End to end: stderr read as CI tools read it. GCC-style problem matchers (VS Code's $gcc, Jenkins warnings-ng,
// Emacs compile mode, vim's quickfix, GitHub problem-matcher JSON) take `file:line:column: error|warning: message`
// lines; each diagnostic must give them the file, the line and the column where the mistake is, and the field.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { run } from '../helpers/cli.js';
import { tempFolder } from '../helpers/paths.js';

/** The regular expression of GCC's diagnostics, as problem matchers write it. */
const GCC = /^(.+?):(\d+):(\d+):\s+(error|warning):\s+(.*)$/;

interface Matched {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}

function matched(stderr: string): Matched[] {
  return stderr
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = GCC.exec(l);
      expect(m, `not in the GCC form: ${l}`).not.toBeNull();
      return { file: m![1]!, line: Number(m![2]), column: Number(m![3]), severity: m![4]!, message: m![5]! };
    });
}

const { dir } = tempFolder('market-ready-matcher-');
const yaml = join(dir, 'maison.yaml');
writeFileSync(yaml, 'schemaVersion: 1\nbrand:\n  name: Maison\n  country: Narnia\n  category: beauty\n  colour: red\n');
const csv = join(dir, 'prospects.csv');
writeFileSync(csv, 'brand.country,brand.name,brand.category\nFR,A,beauty\nNarnia,B,beauty\n');

describe('stderr in the GCC form problem matchers read', () => {
  it.each(['en', 'fr'] as const)(
    '%s: a YAML dossier and a CSV row, each at its file, line, column and field',
    async (lang) => {
      // validate's text format prints the diagnostics on stderr (its other formats carry them in the report)
      for (const command of [['assess', '--format', 'json'], ['validate']]) {
        const r = await run([...command, yaml, csv, '--lang', lang]);
        expect(r.code).toBe(2);
        const lines = matched(r.stderr);
        expect(lines.map(({ file, line, column, severity }) => [file, line, column, severity])).toEqual([
          [yaml, 4, 12, 'error'],
          [yaml, 6, 3, 'warning'],
          [csv, 3, 1, 'error'],
        ]);
        // the field comes first in the message, where a matcher's message group starts; the words follow --lang
        expect(lines[0]!.message).toMatch(/^brand\.country: "Narnia" /);
        expect(lines[1]!.message).toMatch(/^brand\.colour: /);
        const column = lang === 'fr' ? 'colonne A' : 'column A';
        expect(lines[2]!.message).toMatch(new RegExp(`^brand\\.country \\(${column}\\): "Narnia" `));
        expect(lines[0]!.message).toContain(lang === 'fr' ? 'n’est pas un code pays' : 'is not one of the ISO 3166-1');
      }
    },
  );

  it('a file that cannot be read at all: `file: error: message`, never a line:column it does not have', async () => {
    const missing = join(dir, 'absent.yaml');
    const r = await run(['assess', missing, '--format', 'json']);
    expect(r.stderr).toBe(`${missing}: error: no such file or directory\n`);
  });

  it("junit's <error> repeats stderr's lines, in the same form", async () => {
    const r = await run(['assess', yaml, csv, '--format', 'junit', '--lang', 'fr']);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
    const cases = [doc.testsuites.testsuite.testcase].flat() as { error?: { '#text': string } }[];
    const bodies = cases.flatMap((c) => (c.error ? [c.error['#text']] : []));
    const errorLines = r.stderr.split('\n').filter((l) => GCC.exec(l)?.[4] === 'error');
    expect(bodies.sort()).toEqual(errorLines.sort());
  });
});
