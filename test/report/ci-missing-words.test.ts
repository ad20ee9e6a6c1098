// The CI formats' note on missing fields (github, junit, sarif share it): counted in words a reader expects.
import { describe, expect, it } from 'vitest';
import { missingWords, type MissingGroup } from '../../src/report/ci-findings.js';

const field = (name: string, rules: string[]): MissingGroup['fields'][number] => ({
  field: name,
  knockOut: false,
  rules: rules.map((id) => ({ id, title: `title of ${id}`, blocker: false })),
});

describe('missingWords', () => {
  it('says one criterion and one field in the singular, several in the plural', () => {
    const one: MissingGroup = {
      fields: [field('ip.chinaTrademark', ['ip/tm'])],
      criteria: 1,
      blocker: false,
      location: undefined,
    };
    expect(missingWords(one, 'Acme', 'en')).toEqual({
      title: 'market-ready: 1 field not in the profile',
      message:
        'Acme: 1 criterion cannot be checked without this field: ip.chinaTrademark\n' +
        '- ip.chinaTrademark: title of ip/tm (ip/tm)',
    });
    const two: MissingGroup = {
      fields: [field('ip.chinaTrademark', ['ip/tm', 'ip/name']), field('brand.retailStores', ['company/stores'])],
      criteria: 3,
      blocker: false,
      location: undefined,
    };
    expect(missingWords(two, 'Acme', 'en').message.split('\n')[0]).toBe(
      'Acme: 3 criteria cannot be checked without these fields: ip.chinaTrademark, brand.retailStores',
    );
    expect(missingWords(one, 'Acme', 'fr').message.split('\n')[0]).toBe(
      'Acme\u00a0: 1 critère ne peut être vérifié sans ce champ\u00a0: ip.chinaTrademark',
    );
  });
});
