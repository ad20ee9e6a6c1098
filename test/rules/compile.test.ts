import { describe, expect, it } from 'vitest';
import { compileCheck } from '../../src/rules/compile.js';
import type { Check } from '../../src/rules/types.js';
import { FIELDS, FIELD_INDEX } from '../../src/profile/fields.js';

function values(fields: Record<string, unknown>): unknown[] {
  const v: unknown[] = new Array(FIELDS.length).fill(undefined);
  for (const [path, value] of Object.entries(fields)) v[FIELD_INDEX.get(path)!] = value;
  return v;
}

// [description, check, profile fields, expected credit (undefined = missing)]
const cases: [string, Check, Record<string, unknown>, number | undefined][] = [
  ['equals true', { field: 'company.overseasBankAccount', equals: true }, { 'company.overseasBankAccount': true }, 1],
  [
    'equals false value',
    { field: 'company.overseasBankAccount', equals: true },
    { 'company.overseasBankAccount': false },
    0,
  ],
  ['equals unknown', { field: 'company.overseasBankAccount', equals: true }, {}, undefined],
  ['not-equals', { field: 'ip.homeTrademark', 'not-equals': 'none' }, { 'ip.homeTrademark': 'pending' }, 1],
  ['not-equals fails', { field: 'ip.homeTrademark', 'not-equals': 'none' }, { 'ip.homeTrademark': 'none' }, 0],
  [
    'in',
    { field: 'company.role', in: ['brand-owner', 'exclusive-licensee'] },
    { 'company.role': 'exclusive-licensee' },
    1,
  ],
  ['in fails', { field: 'company.role', in: ['brand-owner', 'exclusive-licensee'] }, { 'company.role': 'reseller' }, 0],
  ['not-in', { field: 'company.role', 'not-in': ['reseller'] }, { 'company.role': 'brand-owner' }, 1],
  ['not-in fails', { field: 'company.role', 'not-in': ['reseller'] }, { 'company.role': 'reseller' }, 0],
  ['gte at the bound', { field: 'productRange.skuCount', gte: 10 }, { 'productRange.skuCount': 10 }, 1],
  ['gte below', { field: 'productRange.skuCount', gte: 10 }, { 'productRange.skuCount': 9 }, 0],
  ['gt at the bound', { field: 'productRange.skuCount', gt: 10 }, { 'productRange.skuCount': 10 }, 0],
  ['lte at the bound', { field: 'pricing.chinaPriceGapPct', lte: 20 }, { 'pricing.chinaPriceGapPct': 20 }, 1],
  ['lt at the bound', { field: 'pricing.chinaPriceGapPct', lt: 20 }, { 'pricing.chinaPriceGapPct': 20 }, 0],
  ['lte with a negative gap', { field: 'pricing.chinaPriceGapPct', lte: 20 }, { 'pricing.chinaPriceGapPct': -5 }, 1],
  [
    'between inside',
    { field: 'pricing.festivalDiscountPct', between: [10, 30] },
    { 'pricing.festivalDiscountPct': 30 },
    1,
  ],
  [
    'between outside',
    { field: 'pricing.festivalDiscountPct', between: [10, 30] },
    { 'pricing.festivalDiscountPct': 31 },
    0,
  ],
  ['between unknown', { field: 'pricing.festivalDiscountPct', between: [10, 30] }, {}, undefined],
  [
    'contains-any',
    { field: 'partners.payment', 'contains-any': ['alipay', 'unionpay'] },
    { 'partners.payment': ['unionpay'] },
    1,
  ],
  [
    'contains-any fails',
    { field: 'partners.payment', 'contains-any': ['alipay'] },
    { 'partners.payment': ['wechat-pay'] },
    0,
  ],
  [
    'contains-any on an empty list',
    { field: 'partners.payment', 'contains-any': ['alipay'] },
    { 'partners.payment': [] },
    0,
  ],
  [
    'contains-all',
    { field: 'pricing.promotionCalendar', 'contains-all': ['618', '1111'] },
    { 'pricing.promotionCalendar': ['618', '1111', 'cny'] },
    1,
  ],
  [
    'contains-all partial',
    { field: 'pricing.promotionCalendar', 'contains-all': ['618', '1111'] },
    { 'pricing.promotionCalendar': ['618'] },
    0,
  ],
  [
    'min-items',
    { field: 'localization.socialChannels', 'min-items': 2 },
    { 'localization.socialChannels': ['wechat', 'weibo'] },
    1,
  ],
  [
    'min-items fails',
    { field: 'localization.socialChannels', 'min-items': 2 },
    { 'localization.socialChannels': ['wechat'] },
    0,
  ],
  ['min-length', { field: 'partners.tmallPartner', 'min-length': 1 }, { 'partners.tmallPartner': 'Agency' }, 1],
  ['min-length on blanks', { field: 'partners.tmallPartner', 'min-length': 1 }, { 'partners.tmallPartner': '   ' }, 0],
  ['present', { field: 'ip.chineseBrandName', present: true }, { 'ip.chineseBrandName': '名' }, 1],
  ['present on unknown is known false', { field: 'ip.chineseBrandName', present: true }, {}, 0],
  ['present false', { field: 'ip.chineseBrandName', present: false }, {}, 1],
  ['matches', { field: 'brand.country', matches: '^(FR|IT)$' }, { 'brand.country': 'IT' }, 1],
  ['matches fails', { field: 'brand.country', matches: '^(FR|IT)$' }, { 'brand.country': 'DE' }, 0],
  [
    'all true',
    {
      all: [
        { field: 'company.overseasBankAccount', equals: true },
        { field: 'company.entityOutsideMainlandChina', equals: true },
      ],
    },
    { 'company.overseasBankAccount': true, 'company.entityOutsideMainlandChina': true },
    1,
  ],
  [
    'all with one false and one unknown is false',
    {
      all: [
        { field: 'company.overseasBankAccount', equals: true },
        { field: 'company.entityOutsideMainlandChina', equals: true },
      ],
    },
    { 'company.overseasBankAccount': false },
    0,
  ],
  [
    'all with one unknown is unknown',
    {
      all: [
        { field: 'company.overseasBankAccount', equals: true },
        { field: 'company.entityOutsideMainlandChina', equals: true },
      ],
    },
    { 'company.overseasBankAccount': true },
    undefined,
  ],
  [
    'any with one true and one unknown is true',
    {
      any: [
        { field: 'partners.tmallPartner', 'min-length': 1 },
        { field: 'company.chinaTeamFte', gte: 1 },
      ],
    },
    { 'company.chinaTeamFte': 2 },
    1,
  ],
  [
    'any with one false and one unknown is unknown',
    {
      any: [
        { field: 'partners.tmallPartner', 'min-length': 1 },
        { field: 'company.chinaTeamFte', gte: 1 },
      ],
    },
    { 'company.chinaTeamFte': 0 },
    undefined,
  ],
  [
    'any all false',
    {
      any: [
        { field: 'partners.tmallPartner', 'min-length': 1 },
        { field: 'company.chinaTeamFte', gte: 1 },
      ],
    },
    { 'company.chinaTeamFte': 0, 'partners.tmallPartner': '' },
    0,
  ],
  ['not', { not: { field: 'ip.chinaTrademarkSquatted', equals: true } }, { 'ip.chinaTrademarkSquatted': false }, 1],
  ['not unknown stays unknown', { not: { field: 'ip.chinaTrademarkSquatted', equals: true } }, {}, undefined],
  [
    'map full credit',
    { field: 'ip.chinaTrademark', map: { registered: 1, pending: 0.5 } },
    { 'ip.chinaTrademark': 'registered' },
    1,
  ],
  [
    'map partial credit',
    { field: 'ip.chinaTrademark', map: { registered: 1, pending: 0.5 } },
    { 'ip.chinaTrademark': 'pending' },
    0.5,
  ],
  [
    'map default',
    { field: 'ip.chinaTrademark', map: { registered: 1 }, default: 0.2 },
    { 'ip.chinaTrademark': 'none' },
    0.2,
  ],
  [
    'map on a boolean',
    { field: 'localization.kolProgram', map: { true: 1, false: 0.25 } },
    { 'localization.kolProgram': false },
    0.25,
  ],
  [
    'ramp middle',
    { field: 'brand.annualRevenueEur', ramp: { from: 2_000_000, to: 10_000_000 } },
    { 'brand.annualRevenueEur': 6_000_000 },
    0.5,
  ],
  [
    'ramp below',
    { field: 'brand.annualRevenueEur', ramp: { from: 2_000_000, to: 10_000_000 } },
    { 'brand.annualRevenueEur': 1_000_000 },
    0,
  ],
  [
    'ramp above',
    { field: 'brand.annualRevenueEur', ramp: { from: 2_000_000, to: 10_000_000 } },
    { 'brand.annualRevenueEur': 50_000_000 },
    1,
  ],
  [
    'ramp downwards',
    { field: 'pricing.chinaPriceGapPct', ramp: { from: 35, to: 20 } },
    { 'pricing.chinaPriceGapPct': 27.5 },
    0.5,
  ],
  [
    'ramp downwards good end',
    { field: 'pricing.chinaPriceGapPct', ramp: { from: 35, to: 20 } },
    { 'pricing.chinaPriceGapPct': 5 },
    1,
  ],
  [
    'ramp on a list counts items',
    { field: 'localization.socialChannels', ramp: { from: 0, to: 4 } },
    { 'localization.socialChannels': ['wechat'] },
    0.25,
  ],
  ['ramp unknown', { field: 'brand.annualRevenueEur', ramp: { from: 2_000_000, to: 10_000_000 } }, {}, undefined],
];

describe('compiled checks', () => {
  it.each(cases)('%s', (_name, check, fields, expected) => {
    expect(compileCheck(check)(values(fields))).toBe(expected);
  });
});
