// Anchors and aliases in a dossier: shared blocks within a document are read; an alias with no anchor before it
// (most often one defined in the previous document of the file: anchors do not cross `---`) is that document's
// error at the alias's own line and column, the other documents still read.
import { describe, expect, it } from 'vitest';
import { readDocumentText } from '../../src/io/read-document.js';

const BRAND = (name: string): string => `schemaVersion: 1\nbrand: {name: ${name}, country: FR, category: beauty}\n`;

describe('YAML aliases', () => {
  it('an alias to an anchor of the document before is refused at the alias, naming it', () => {
    const text =
      BRAND('Arc') + 'company: &shared\n  role: brand-owner\n' + '---\n' + BRAND('Arc Homme') + 'company: *shared\n';
    const items = readDocumentText('dossiers/arc.yaml', text);
    expect(items.map((i) => i.kind)).toEqual(['profile', 'error']);
    const error = items[1]!;
    if (error.kind !== 'error') throw new Error('expected an error');
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ line: 8, column: 10 });
    expect(error.errors[0]!.message).toBe(
      'cannot read the document: the alias *shared has no anchor &shared before it in this document ' +
        '(an anchor holds only in its own document, not past a ---)',
    );
  });

  it('an anchor set after its alias is refused at the alias', () => {
    const text = BRAND('Late') + 'company: *later\nip: &later {homeTrademark: registered}\n';
    const [item] = readDocumentText('late.yaml', text);
    expect(item!.kind).toBe('error');
    if (item!.kind === 'error') expect(item!.errors[0]).toMatchObject({ line: 3, column: 10 });
  });

  it('an anchor and its alias in one document are read', () => {
    const text = BRAND('Shared') + 'company: &c {role: brand-owner}\nip: {homeTrademark: registered}\nx: *c\n';
    const [item] = readDocumentText('shared.yaml', text);
    expect(item!.kind).toBe('profile');
  });
});

describe('a dossier that extends or includes another file', () => {
  it.each(['extends', 'include', '$ref'])('%s: the unknown-field warning says a profile reads no other file', (key) => {
    const [item] = readDocumentText('d.yaml', `${key}: ../base/common.yaml\n${BRAND('Extendo')}`);
    expect(item!.kind).toBe('profile');
    if (item!.kind !== 'profile') return;
    expect(item!.profile.warnings.map((w) => `${w.line}:${w.column} ${w.field}: ${w.message}`)).toEqual([
      `1:1 ${key}: unknown field (a profile reads no other file: write the fields here, or share a block within one ` +
        'document with an anchor &name and <<: *name)',
    ]);
  });

  it('a misspelt section gets its did-you-mean, as a misspelt field does', () => {
    const [item] = readDocumentText('d.yaml', `${BRAND('X')}compagny: {role: brand-owner}\n`);
    if (item!.kind !== 'profile') throw new Error('expected a profile');
    expect(item!.profile.warnings[0]!.message).toBe('unknown field (did you mean company?)');
    const [british] = readDocumentText('d.yaml', `${BRAND('X')}localisation: {labelling: physical}\n`);
    if (british!.kind !== 'profile') throw new Error('expected a profile');
    expect(british!.profile.warnings[0]!.message).toBe('unknown field (did you mean localization?)');
  });
});
