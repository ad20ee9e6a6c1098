// `init --xlsx prospects.xlsx`: a workbook to fill in that prevents mistakes before the tool sees them. The
// header row has each field's label in --lang with its help as a note; every column has data validation
// (drop-down lists of the enum values' labels and of yes/no, whole-number and range checks, a text length);
// the header is frozen; a second sheet explains each field; the drop-downs read their items from a third.
// Built from the field catalogue alone, so a new field is in the template with no change here.
import { createRequire } from 'node:module';
import { t } from '../i18n/index.js';
import { pick } from '../i18n/index.js';
import { FIELDS, STRING_MAX, fieldLabel, type FieldDef } from '../profile/fields.js';
import type { Lang } from '../types.js';
import { columnLetter } from './xlsx.js';

/** How many rows of the template carry the checks: more than any prospect list typed by hand. */
export const TEMPLATE_ROWS = 2000;

/** The fields a template asks for: every field but the format's version, which a spreadsheet never needs. */
export const TEMPLATE_FIELDS: readonly FieldDef[] = FIELDS.filter((f) => f.path !== 'schemaVersion');

/** An enum or list value as the template offers it: its label in --lang, else the value itself. */
export function valueLabelOf(field: FieldDef, value: string, lang: Lang): string {
  const label = field.valueLabels?.[value];
  return label ? pick(label, lang) : value;
}

export function yesNo(lang: Lang): [string, string] {
  return lang === 'fr' ? ['oui', 'non'] : lang === 'zh' ? ['是', '否'] : ['yes', 'no'];
}

/** The allowed values of a field in words, for the Fields sheet and the cells' input messages. */
export function allowedWords(field: FieldDef, lang: Lang): string {
  const [yes, no] = yesNo(lang);
  switch (field.type) {
    case 'enum':
      return field.values!.map((v) => valueLabelOf(field, v, lang)).join(' | ');
    case 'list':
      return t(lang, 'template.allowed.list', {
        values: field.values!.map((v) => valueLabelOf(field, v, lang)).join(', '),
      });
    case 'boolean':
      return t(lang, 'template.allowed.yesNo', { yes, no });
    case 'country':
      return t(lang, 'template.allowed.country');
    case 'string':
      return t(lang, 'template.allowed.text', { max: STRING_MAX });
    default: {
      const kind = t(lang, field.type === 'integer' ? 'template.allowed.wholeNumber' : 'template.allowed.number');
      if (field.min !== undefined && field.max !== undefined)
        return `${kind}, ${t(lang, 'template.allowed.range', { min: field.min, max: field.max })}`;
      if (field.min !== undefined) return `${kind}, ${t(lang, 'template.allowed.min', { min: field.min })}`;
      return kind;
    }
  }
}

// Excel's own limits on a validation's texts
const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

interface Validation {
  type: string;
  operator?: string;
  allowBlank: boolean;
  formulae: (string | number)[];
  showErrorMessage: boolean;
  showInputMessage: boolean;
  errorStyle: string;
  errorTitle: string;
  error: string;
  promptTitle: string;
  prompt: string;
}

function validationOf(field: FieldDef, lang: Lang, list: string | undefined): Validation {
  const allowed = allowedWords(field, lang);
  const base = {
    allowBlank: true,
    showErrorMessage: true,
    showInputMessage: true,
    errorStyle: 'stop',
    errorTitle: cut(fieldLabel(field, lang), 32),
    error: cut(t(lang, 'template.invalid', { allowed }), 255),
    promptTitle: cut(fieldLabel(field, lang), 32),
    prompt: cut(`${pick(field.help, lang)}: ${allowed}`, 255),
  };
  if (list) return { ...base, type: 'list', formulae: [list] };
  if (field.type === 'integer' || field.type === 'number' || field.type === 'version') {
    const type = field.type === 'number' ? 'decimal' : 'whole';
    if (field.min !== undefined && field.max !== undefined)
      return { ...base, type, operator: 'between', formulae: [field.min, field.max] };
    if (field.min !== undefined) return { ...base, type, operator: 'greaterThanOrEqual', formulae: [field.min] };
    return { ...base, type, operator: 'between', formulae: [-1e15, 1e15] };
  }
  // text, countries and lists of values: a bound on the length (a country's name in any language fits in 60)
  return {
    ...base,
    type: 'textLength',
    operator: 'lessThanOrEqual',
    formulae: [field.type === 'country' ? 60 : STRING_MAX],
  };
}

/** The template workbook's bytes. */
export async function xlsxTemplate(lang: Lang): Promise<Buffer> {
  const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'market-ready';
  const profiles = workbook.addWorksheet(t(lang, 'template.sheet.profiles'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const fieldsSheet = workbook.addWorksheet(t(lang, 'template.sheet.fields'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const listsName = t(lang, 'template.sheet.lists');
  const lists = workbook.addWorksheet(listsName);
  const [yes, no] = yesNo(lang);

  // the drop-downs' items, one column per field that has a list
  const listRefs = new Map<string, string>();
  let listColumn = 0;
  for (const field of TEMPLATE_FIELDS) {
    const items =
      field.type === 'enum'
        ? field.values!.map((v) => valueLabelOf(field, v, lang))
        : field.type === 'boolean'
          ? [yes, no]
          : null;
    if (!items) continue;
    listColumn++;
    const letter = columnLetter(listColumn);
    lists.getCell(`${letter}1`).value = field.path;
    items.forEach((item, i) => {
      lists.getCell(`${letter}${i + 2}`).value = item;
    });
    listRefs.set(field.path, `'${listsName.replace(/'/g, "''")}'!$${letter}$2:$${letter}$${items.length + 1}`);
  }

  TEMPLATE_FIELDS.forEach((field, i) => {
    const letter = columnLetter(i + 1);
    const label = fieldLabel(field, lang);
    const cell = profiles.getCell(`${letter}1`);
    cell.value = label;
    cell.font = { name: 'Calibri', size: 11, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: field.required ? 'FFFFE699' : 'FFD9E1F2' } };
    const required = field.required ? `\n(${t(lang, 'template.fields.required')})` : '';
    cell.note = `${pick(field.help, lang)}\n${allowedWords(field, lang)}${required}`;
    profiles.getColumn(i + 1).width = Math.min(40, Math.max(14, label.length + 2));
    if (field.type === 'integer' || field.type === 'number')
      profiles.getColumn(i + 1).numFmt = field.type === 'integer' ? '0' : 'General';
    (profiles as unknown as { dataValidations: { add(range: string, v: Validation): void } }).dataValidations.add(
      `${letter}2:${letter}${TEMPLATE_ROWS + 1}`,
      validationOf(field, lang, listRefs.get(field.path)),
    );
  });
  profiles.autoFilter = `A1:${columnLetter(TEMPLATE_FIELDS.length)}1`;

  fieldsSheet.columns = [{ width: 34 }, { width: 40 }, { width: 60 }, { width: 70 }, { width: 12 }];
  const head = fieldsSheet.addRow([
    t(lang, 'template.fields.header'),
    t(lang, 'template.fields.path'),
    t(lang, 'template.fields.meaning'),
    t(lang, 'template.fields.allowed'),
    t(lang, 'template.fields.required'),
  ]);
  head.font = { name: 'Calibri', size: 11, bold: true };
  for (const field of TEMPLATE_FIELDS) {
    fieldsSheet.addRow([
      fieldLabel(field, lang),
      field.path,
      pick(field.help, lang),
      allowedWords(field, lang),
      field.required ? yes : no,
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
