// The commented template profile written by `init`, and the CSV header template, both from the catalogue.
import { pick } from '../i18n/index.js';
import type { Lang } from '../types.js';
import { FIELDS, SECTIONS, fieldLabel, type FieldDef } from './fields.js';
import { stringify as csvStringify } from 'csv-stringify/sync';
import type { CsvDialect } from '../types.js';
import { stringify } from 'yaml';

const inline = (value: unknown): string =>
  stringify(value, { flowCollectionPadding: false, collectionStyle: 'flow' }).trim();

/** How the template says a list's values, in its language (the values stay as YAML writes them). */
const LIST_OF: Record<Lang, (values: readonly string[]) => string> = {
  en: (values) => `list of ${values.join(', ')}`,
  fr: (values) => `liste parmi ${values.join(', ')}`,
  zh: (values) => `可多选：${values.join('、')}`,
};

/**
 * The template's made-up texts, in its language: an English "Your Brand" among French comments reads as a
 * mistake to keep, not a placeholder to replace. Other fields show their catalogue example (numbers, codes).
 */
const PLACEHOLDERS: Record<Lang, Record<string, string>> = {
  en: { 'brand.name': 'Your Brand', 'partners.tmallPartner': 'Example TP Agency' },
  fr: { 'brand.name': 'Votre marque', 'partners.tmallPartner': 'Agence TP exemple' },
  zh: { 'brand.name': '您的品牌', 'partners.tmallPartner': '示例天猫服务商' },
};

function allowed(f: FieldDef, lang: Lang): string {
  if (f.type === 'enum') return ` [${f.values!.join(' | ')}]`;
  if (f.type === 'list') return ` [${LIST_OF[lang](f.values!)}]`;
  if (f.type === 'boolean') return ' [true | false]';
  if (f.min !== undefined && f.max !== undefined) return ` [${f.min}-${f.max}]`;
  if (f.min !== undefined) return ` [>= ${f.min}]`;
  return '';
}

const HEAD: Record<Lang, string> = {
  en: 'market-ready brand profile. Only schemaVersion, brand.name, brand.country and brand.category are required.\n# Uncomment and fill in what you know; a field left out means "unknown", never "no" or "zero".',
  fr: 'Profil de marque market-ready. Seuls schemaVersion, brand.name, brand.country et brand.category sont obligatoires.\n# Décommentez et remplissez ce que vous savez ; un champ absent signifie « inconnu », jamais « non » ni « zéro ».',
  zh: 'market-ready 品牌档案。仅 schemaVersion、brand.name、brand.country 和 brand.category 为必填项。\n# 取消注释并填写已知信息；未填写的字段表示“未知”，而不是“否”或“零”。',
};

export function profileTemplate(lang: Lang): string {
  const lines = [
    '# yaml-language-server: $schema=https://market-ready.dev/schema/profile.schema.json',
    `# ${HEAD[lang]}`,
    '',
  ];
  lines.push(`schemaVersion: 1 # ${pick(FIELDS[0]!.help, lang)}`);
  for (const section of SECTIONS) {
    lines.push('', `${section}:`);
    for (const f of FIELDS.filter((x) => x.path.startsWith(`${section}.`))) {
      const key = f.path.slice(section.length + 1);
      const comment = `# ${pick(f.help, lang)}${allowed(f, lang)}`;
      const placeholder = PLACEHOLDERS[lang][f.path];
      const value = placeholder === undefined ? inline(f.example) : inline(placeholder);
      lines.push(f.required ? `  ${key}: ${value} ${comment}` : `  # ${key}: ${value} ${comment}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * The CSV header template: each field's label (in --lang; the path until the catalogue has labels), in the
 * dialect --lang implies or --csv-dialect names, so Excel opens it in columns and the tool reads it back.
 */
export function csvTemplate(lang: Lang, dialect: CsvDialect): string {
  const options = { delimiter: dialect.delimiter, record_delimiter: dialect.lineBreak, quoted_match: /[\r\n]/ };
  const header = csvStringify([FIELDS.map((f) => fieldLabel(f, lang))], { ...options, eof: true });
  return (dialect.bom ? '\ufeff' : '') + header;
}
