// The escaping rules of the CI formats, table-driven: GitHub workflow commands, XML 1.0, SARIF URIs.
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { annotation, escapeData, escapeProperty } from '../../src/report/github.js';
import { xmlAttr, xmlText } from '../../src/report/junit.js';
import { fileUri } from '../../src/report/sarif.js';
import { reportPath } from '../../src/report/locate.js';

describe('github workflow commands', () => {
  it.each([
    ['100%', '100%25', '100%25'],
    ['a\nb\r\nc', 'a%0Ab%0D%0Ac', 'a%0Ab%0D%0Ac'],
    ['a: b, c', 'a: b, c', 'a%3A b%2C c'],
    ['%0A', '%250A', '%250A'],
  ])('%j: message %j, property %j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });

  it('one line per annotation, whatever the message holds', () => {
    const line = annotation('warning', { file: 'a,b:c.yaml', line: 3, col: 5, title: 'T: x, y' }, 'one\ntwo');
    expect(line).toBe('::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=T%3A x%2C y::one%0Atwo\n');
  });
});

describe('XML escaping', () => {
  it.each([
    ['<a href="x">&</a>'],
    ['it\'s "quoted"'],
    ['tab\there\nnew line\r\nCRLF'],
    ['control \u0000\u0001\u0008\u000b\u000c\u001f\u007f and \ufffe\uffff'],
    ['lone surrogates \ud800 \udfff and a pair 😀'],
    [']]> and <!-- -->'],
  ])('%j survives as text and as an attribute', (value) => {
    const xml = `<r a="${xmlAttr(value)}">${xmlText(value)}</r>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      trimValues: false,
      parseTagValue: false,
      parseAttributeValue: false,
      htmlEntities: true,
    }).parse(xml);
    // what XML cannot carry becomes U+FFFD; everything else comes back as it was
    const expected = value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
    expect(parsed.r.a.replace(/&#(\d+);/g, (_: string, n: string) => String.fromCharCode(Number(n)))).toBe(expected);
    expect(xmlText(value)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});

describe('paths and URIs', () => {
  it.each([
    ['dossiers/a b#1?.yaml', 'dossiers/a%20b%231%3F.yaml'],
    ['./x/é.yaml', 'x/%C3%A9.yaml'],
  ])('%s -> %s, relative to %%SRCROOT%%', (file, uri) => {
    expect(fileUri(file)).toEqual({ uri, uriBaseId: '%SRCROOT%' });
  });

  it('an absolute path inside the working directory becomes relative; outside, a file: URI', () => {
    expect(reportPath('/repo/dossiers/a.yaml', '/repo')).toBe('dossiers/a.yaml');
    expect(reportPath('/elsewhere/a.yaml', '/repo')).toBe('/elsewhere/a.yaml');
    expect(fileUri('/elsewhere/a b.yaml').uri).toBe('file:///elsewhere/a%20b.yaml');
  });
});
