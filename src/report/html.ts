// `--format html -o report.html`: one self-contained page for a brand's management or a review meeting. Inline
// CSS and inline SVG only: no script, no font, image or stylesheet fetched from anywhere, so it opens offline,
// in a mail attachment or from a file share, and prints cleanly (@media print). The layout per brand: a verdict
// banner, the score against the threshold, a chart of the category scores, the change since a baseline, what to
// work on (what the profile said against what was expected), the plan, and what is already met. A batch opens
// with an overview: verdict counts, a score distribution chart, the rules that turn most brands down, an index.
// Everything that comes from a profile or a pack is escaped; nothing is ever inserted as markup.
import { formatDiagnosticIn } from '../errors.js';
import { changeBefore, counted, formatActual, percent, formatNumber, t } from '../i18n/index.js';
import type { CategoryScore, Finding, Lang, Result, Summary } from '../types.js';
import {
  formatTarget,
  isPartial,
  mainReason,
  missingDataCount,
  planSummary,
  planUnreachable,
  remedyText,
  signed,
  splitFindings,
  where,
} from './explain.js';
import { renderInMemory, sectionLimit } from './spooled.js';
import type { Formatter, ReportContext, SpooledReport } from './types.js';
import { oncePerWords, type Words } from './words.js';

// the one HTML escaping (src/report/escape.ts)
import { escapeHtml } from './escape.js';
export { escapeHtml };
const h = escapeHtml;

const COLORS = {
  approve: '#1a7f37',
  'turn-down': '#c62828',
  error: '#9a6700',
  good: '#2e9d4f',
  fair: '#d08c00',
  poor: '#d64545',
  track: '#e6e8eb',
  ink: '#1f2328',
  muted: '#59636e',
};

const CSS = `
:root{--approve:${COLORS.approve};--turn-down:${COLORS['turn-down']};--error:${COLORS.error};--ink:${COLORS.ink};--muted:${COLORS.muted};--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
main,.report-head,footer{max-width:1040px;margin:0 auto;padding:0 24px}
.report-head{padding-top:28px;padding-bottom:8px;border-bottom:1px solid var(--line)}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 12px}h3{font-size:16px;margin:24px 0 8px}
.meta,.muted,figcaption{color:var(--muted);font-size:13px}
.tiles{display:flex;gap:12px;flex-wrap:wrap}
.tile{flex:1 1 150px;border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:8px;padding:10px 14px;background:var(--soft)}
.tile .n{display:block;font-size:28px;font-weight:700}
.tile.approve{border-left-color:var(--approve)}.tile.turn-down{border-left-color:var(--turn-down)}.tile.error{border-left-color:var(--error)}
figure{margin:12px 0}svg{max-width:100%;height:auto;display:block}
table{width:100%;border-collapse:collapse;margin:8px 0 4px;font-size:13.5px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);overflow-wrap:anywhere}
table.findings{table-layout:fixed}
.findings col.status{width:122px}.findings td .chip{margin:0 0 3px}.findings col.rule{width:19%}.findings col.said{width:12%}.findings col.expected{width:21%}.findings col.effort{width:82px}
.plan col.n{width:36px}.plan col.rule{width:28%}.plan col.effort{width:82px}.plan col.gain{width:104px}.plan col.after{width:112px}
th.num{white-space:normal}
.plan.at-risk tr>:first-child{width:2.5em}.plan.at-risk tr>:nth-child(2){width:60%}
.plan table{table-layout:fixed}
.share{display:flex;align-items:center;gap:8px}.share .bar{flex:1 1 auto}
figure.distribution svg{width:100%}
.brand{margin:36px 0 8px;padding-top:4px;border-top:3px solid var(--line)}
.banner{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 16px;padding:14px 18px;border-radius:10px;color:#fff;margin:16px 0 12px}
.banner.approve{background:var(--approve)}.banner.turn-down{background:var(--turn-down)}.banner.error{background:var(--error)}
.banner .verdict{font-size:22px;font-weight:800;letter-spacing:.04em}
.banner .name{font-size:20px;font-weight:600}
.banner .src{margin-left:auto;font-size:12.5px;opacity:.9}
.scoreline{font-size:15px;margin:4px 0}
.chip{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;background:var(--soft);border:1px solid var(--line)}
.chip.fail{background:#ffebe9;border-color:#ffcecb;color:#a40e26}.chip.missing{background:#fff8c5;border-color:#eed888;color:#7d4e00}
.chip.partial{background:#ddf4ff;border-color:#b6e3ff;color:#0a3069}.chip.pass{background:#dafbe1;border-color:#aceebb;color:#116329}
.chip.blocker{background:var(--turn-down);border-color:var(--turn-down);color:#fff}
.change{border:1px solid var(--line);border-radius:8px;padding:8px 14px;background:var(--soft);margin:10px 0}
.change .up{color:var(--approve)}.change .down{color:var(--turn-down)}
.change ul{margin:4px 0;padding-left:20px}
.plan li{margin:4px 0}
.note{border-left:4px solid var(--error);background:#fff8c5;padding:8px 12px;margin:10px 0}
.reach{border-left:4px solid var(--approve);background:#dafbe1;padding:8px 12px;margin:10px 0}
.cats{display:grid;grid-template-columns:minmax(0,max-content) minmax(80px,330px) max-content;gap:8px 10px;align-items:center;font-size:13px}
.cats .name{text-align:right}.cats .val{font-size:12.5px;white-space:nowrap}
.cats .track{display:block;height:18px;border-radius:4px;background:${COLORS.track};overflow:hidden}.cats .track>span{display:block;height:18px;border-radius:4px}
.bar{height:8px;border-radius:4px;background:${COLORS.track};min-width:80px;max-width:220px}.bar>span{display:block;height:8px;border-radius:4px;background:var(--turn-down)}
a{color:#0969da}
footer{margin:40px auto 24px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
/* a phone: tables of long prose become one block per row rather than columns a word wide */
@media screen and (max-width:640px){
  main,.report-head,footer{padding:0 12px}
  table.findings,.plan table,table.findings tbody,.plan tbody{display:block;table-layout:auto}
  table.findings colgroup,.plan colgroup{display:none}
  table.findings thead,.plan thead{display:none}
  table.findings tr,.plan tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
  table.findings td,.plan td{display:block;border:none;padding:2px 0;text-align:left}
  table.index,table.index tbody{display:block}table.index thead{display:none}
  table.index tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
  table.index td{display:inline-block;border:none;padding:2px 12px 2px 0;text-align:left}
  table.index td:first-child,table.index td:last-child{display:block}
  .banner .src{margin-left:0}
  .cats{grid-template-columns:minmax(0,1fr) max-content;gap:2px 10px}
  .cats .name{grid-column:1/-1;text-align:left;margin-top:6px}
  /* the gauge is drawn 640 units wide: its words at the size of the page's small print once it is shrunk */
  svg.gauge{overflow:visible;margin-top:14px}svg.gauge text{font-size:21px}
  figure.distribution svg{overflow:visible;margin-top:14px}figure.distribution svg text{font-size:24px}
}
@page{margin:14mm}
@media print{
  body{font-size:10.5pt}main,.report-head,footer{max-width:none;padding:0}
  .banner,.chip,.tile,.bar>span,.cats .track,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .brand{break-before:page;border-top:none}
  /* a single brand's report starts on the first page, under its title, not after a page with the title alone */
  main>.brand:first-child{break-before:auto}
  /* a page is narrower than a screen: the columns of prose take the room the fixed columns leave */
  table{font-size:9pt}th,td{padding:4px 6px}
  .chip{font-size:8pt}.findings col.status{width:16%}.findings col.rule{width:17%}.findings col.said{width:10%}
  .findings col.expected{width:17%}.findings col.effort{width:8%}
  .plan col.n{width:4%}.plan col.rule{width:26%}.plan col.effort{width:8%}.plan col.gain,.plan col.after{width:9%}
  tr,figure,.banner,.change{break-inside:avoid}
  h2,h3{break-after:avoid}
  a{color:inherit;text-decoration:none}
}
`;

/** A CSS string literal: quotes and backslashes escaped, and `<` too, so that nothing can close the style element. */
function cssString(text: string): string {
  return `"${text.replace(/["\\<\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * On a phone the findings, plan and index tables are one block per row, heads hidden: each cell that holds a value
 * is then introduced by its column's name, or "aucun" and "enregistrée auprès de la CNIPA" would sit one under the
 * other with nothing to say which the profile said and which is expected. In the stylesheet, once per page.
 */
const phoneLabelsOf: Partial<Record<Lang, string>> = {};
function phoneLabels(lang: Lang): string {
  let css = phoneLabelsOf[lang];
  if (css === undefined) {
    const colon = t(lang, 'punct.colon');
    const cell = (table: string, n: number, key: string): string =>
      `${table} td:nth-child(${n})::before{content:${cssString(t(lang, key as Parameters<typeof t>[1]) + colon)}}`;
    css = phoneLabelsOf[lang] =
      '\n@media screen and (max-width:640px){\n' +
      '  table.findings td::before,.plan td::before,table.index td::before{font-weight:600;color:var(--muted)}\n  ' +
      [
        cell('table.index', 3, 'label.score'),
        cell('table.index', 4, 'label.threshold'),
        cell('table.index', 5, 'label.completeness'),
        cell('table.index', 6, 'report.topReason'),
        cell('table.findings', 3, 'label.said'),
        cell('table.findings', 4, 'label.expected'),
        cell('table.findings', 5, 'label.remedy'),
        cell('table.findings', 6, 'label.effort'),
        cell('.plan.to-approve', 3, 'report.step'),
        cell('.plan.to-approve', 4, 'label.effort'),
        cell('.plan.to-approve', 5, 'report.gain'),
        cell('.plan.to-approve', 6, 'report.projected'),
        cell('.plan.at-risk', 3, 'report.loss'),
        cell('.plan.at-risk', 4, 'report.projected'),
      ].join('\n  ') +
      '\n}\n';
  }
  return css;
}

const num = formatNumber;

/**
 * A rule's cells as every section prints them (title, id, expected, remedy, effort), escaped once per report
 * rather than once per brand: a section lists some thirty rules, and only the profile's value and the points
 * differ from brand to brand.
 */
interface RuleCells {
  title: string;
  code: string;
  /** the title over its id, on two lines (findings, plan) */
  stacked: string;
  /** the title then its id, on one line (met criteria, at risk, waived) */
  inline: string;
  expected: string;
  remedy: string;
  effort: string;
  /**
   * A findings row up to what the profile said, by its status chip (see findingsTable), and from the expected
   * value to the points: a row is then five pieces rather than fourteen, in a table the 500 sections print cold
   */
  findingStarts: Map<string, string>;
  findingMiddle: string;
  /** the same for an unknown finding, whose advice asks for the fact first (see remedyText), by that advice */
  askFirstMiddles: Map<string, string>;
  /** a met row up to what the profile said, without and with the knock-out chip */
  metStarts: [string | null, string | null];
}
/**
 * A pack's text with its numbers kept whole: French packs group thousands with ordinary spaces ("500 000 EUR"),
 * where a browser would break the line, and a narrow cell or a printed page then reads 500, then 000 EUR.
 */
const wholeNumbers = (text: string): string => text.replace(/(\d) (?=\d{3}(?!\d))/g, '$1\u00a0');

const ruleCells = oncePerWords((id, words): RuleCells => {
  const rule = words.rule(id);
  const title = h(words.title(id));
  const code = `<code>${h(id)}</code>`;
  const expected = h(wholeNumbers(rule.expected));
  const remedy = h(wholeNumbers(rule.remedy));
  const effort = h(t(words.lang, `label.effort.${rule.effort}`));
  return {
    title,
    code,
    stacked: `${title}<br>${code}`,
    inline: `${title} ${code}`,
    expected,
    remedy,
    effort,
    findingStarts: new Map(),
    findingMiddle: `</td><td>${expected}</td><td>${remedy}</td><td>${effort}<br><span class="muted">`,
    askFirstMiddles: new Map(),
    metStarts: [null, null],
  };
});

const categoryTitle = oncePerWords((id, words) => h(words.category(id)));

/** Words of the page's own (labels, headings, chips), escaped once per language. */
const labels: Partial<Record<Lang, Map<string, string>>> = {};
function label(lang: Lang, key: string): string {
  const byKey = (labels[lang] ??= new Map());
  let text = byKey.get(key);
  if (text === undefined) byKey.set(key, (text = h(t(lang, key as Parameters<typeof t>[1]))));
  return text;
}
/**
 * The tables' heads and the headings that every section of a report prints the same, made once per language:
 * some twenty label lookups and as many joins a section otherwise.
 */
interface SectionHeads {
  findings: string;
  met: string;
  plan: string;
  categories: string;
  toImprove: string;
  criteriaMet: string;
}
const sectionHeadsOf: Partial<Record<Lang, SectionHeads>> = {};
function sectionHeads(lang: Lang): SectionHeads {
  let heads = sectionHeadsOf[lang];
  if (heads === undefined) {
    const l = (key: string): string => label(lang, key);
    sectionHeadsOf[lang] = heads = {
      findings:
        '<table class="findings"><colgroup><col class="status"><col class="rule"><col class="said">' +
        '<col class="expected"><col class="remedy"><col class="effort"></colgroup>' +
        `<thead><tr><th>${l('label.status')}</th><th>${l('label.rule')}</th><th>${l('label.said')}</th>` +
        `<th>${l('label.expected')}</th><th>${l('label.remedy')}</th><th>${l('label.effort')}</th></tr></thead><tbody>`,
      met:
        `<table class="met"><thead><tr><th>${l('label.rule')}</th><th>${l('label.said')}</th>` +
        `<th class="num">${l('report.points')}</th></tr></thead><tbody>`,
      plan:
        `<section class="plan to-approve"><h3>${l('label.plan.toApprove')}</h3>` +
        '<table><colgroup><col class="n"><col class="rule"><col class="remedy"><col class="effort"><col class="gain">' +
        '<col class="after"></colgroup>' +
        `<thead><tr><th class="num">#</th><th>${l('label.rule')}</th><th>${l('report.step')}</th>` +
        `<th>${l('label.effort')}</th><th class="num">${l('report.gain')}</th>` +
        `<th class="num">${l('report.projected')}</th></tr></thead><tbody>`,
      categories: `\n<h3>${l('label.categories')}</h3>\n`,
      toImprove: `\n<h3>${l('report.toImprove')}</h3>\n`,
      criteriaMet: `\n<h3>${l('report.criteriaMet')}</h3>\n`,
    };
  }
  return heads;
}
/**
 * Texts a brand's section makes again and again (its points, scores and the values it quotes), escaped, kept per
 * language: a section prints some 80 numbers, from a few hundred values across a whole report. Looked up without
 * a closure or a Map keyed by a double: the 500 sections run before V8 has optimised much, and a CPU profile put
 * the Map and closure helper that did this first among a section's functions.
 */
const MEMO_MAX = 1 << 12;
/** A number's text by its hundredths, 0 to 100.00: the points and scores a section prints (see numText). */
const HUNDREDTHS = 10000;
const numbers: Partial<Record<Lang, (string | undefined)[]>> = {};
/** `h(num(n, lang))`, remembered for 0 to 100 */
function numText(n: number, lang: Lang): string {
  // formatNumber writes every number of [0, 100] from its hundredths alone (Math.round(n * 100)), so two numbers
  // with the same hundredths read the same
  const k = Math.round(n * 100);
  if (!(k >= 0 && k <= HUNDREDTHS)) return h(num(n, lang));
  const byHundredths = (numbers[lang] ??= new Array<string | undefined>(HUNDREDTHS + 1).fill(undefined));
  let text = byHundredths[k];
  if (text === undefined) byHundredths[k] = text = h(num(n, lang));
  return text;
}
const actuals = new WeakMap<Words, Map<string, Map<unknown, string>>>();
/** What the profile said, as the findings and met tables print it: a field's few values are made once. */
function actualText(f: Finding, words: Words): string {
  const value = f.actual ?? undefined;
  if (typeof value === 'object') return h(formatActual(f.field, value, words.lang));
  let byField = actuals.get(words);
  if (!byField) actuals.set(words, (byField = new Map()));
  const field = f.field ?? '';
  let byValue = byField.get(field);
  if (!byValue) byField.set(field, (byValue = new Map()));
  let text = byValue.get(value);
  if (text === undefined) {
    // a free-text field (a brand's own name, a partner's) has as many values as brands: bounded
    if (byValue.size >= MEMO_MAX) byValue.clear();
    byValue.set(value, (text = h(formatActual(f.field, value, words.lang))));
  }
  return text;
}

const shareColor = (share: number): string => (share >= 0.7 ? COLORS.good : share >= 0.4 ? COLORS.fair : COLORS.poor);

/**
 * The score on a 0-100 track with the threshold marked: the one picture of "how far from approval". `caption`: the
 * score against the threshold, escaped (the section's score line says the same).
 */
function gauge(result: Result, lang: Lang, caption: string): string {
  const W = 640,
    x0 = 10,
    w = 620,
    y = 22,
    hgt = 16;
  const sx = (v: number): number => x0 + (Math.max(0, Math.min(100, v)) / 100) * w;
  const score = result.score ?? 0;
  const tx = sx(result.threshold);
  return (
    `<svg class="gauge" role="img" viewBox="0 0 ${W} 64" width="${W}" height="64" aria-label="${caption}"><title>${caption}</title>` +
    `<rect x="${x0}" y="${y}" width="${w}" height="${hgt}" rx="8" fill="${COLORS.track}"/>` +
    `<rect x="${x0}" y="${y}" width="${(sx(score) - x0).toFixed(1)}" height="${hgt}" rx="8" fill="${COLORS[result.verdict]}"/>` +
    `<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${y - 8}" y2="${y + hgt + 8}" stroke="${COLORS.ink}" stroke-width="2" stroke-dasharray="4 2"/>` +
    `<text x="${tx.toFixed(1)}" y="${y - 11}" text-anchor="middle" font-size="12" fill="${COLORS.ink}">${label(lang, 'label.threshold')} ${h(num(result.threshold, lang))}</text>` +
    `<text x="${x0}" y="${y + hgt + 18}" font-size="11" fill="${COLORS.muted}">0</text><text x="${x0 + w}" y="${y + hgt + 18}" font-size="11" text-anchor="end" fill="${COLORS.muted}">100</text>` +
    `</svg>`
  );
}

/**
 * One horizontal bar per category, as a share of the category's points: boxes of the page rather than an SVG
 * drawing, so that on a phone the names and points keep the text's size (a drawing 650 units wide shrank them to
 * 7 px there) and each name goes above its bar.
 */
function categoryChart(categories: readonly CategoryScore[], words: Words): string {
  const lang = words.lang;
  const title = label(lang, 'report.chart.categories');
  let bars = '';
  for (let i = 0; i < categories.length; i++) {
    const c = categories[i]!;
    const share = c.max > 0 ? c.score / c.max : 0;
    bars +=
      barStart(c.id, words) +
      `${(Math.max(0, Math.min(1, share)) * 100).toFixed(1)}%;background:${shareColor(share)}"></span></span>` +
      `<span class="val">${numText(c.score, lang)} / ${numText(c.max, lang)}</span>`;
  }
  return `<figure class="chart categories"><div class="cats">${bars}</div><figcaption>${title}</figcaption></figure>`;
}

/** The category's name and its empty track, up to its bar's width: the same in every brand's chart. */
const barStarts = new WeakMap<Words, Map<string, string>>();
function barStart(id: string, words: Words): string {
  let byId = barStarts.get(words);
  if (!byId) barStarts.set(words, (byId = new Map()));
  let text = byId.get(id);
  if (text === undefined) {
    text = `<span class="name">${categoryTitle(id, words)}</span><span class="track"><span style="width:`;
    byId.set(id, text);
  }
  return text;
}

/** How many brands fall in each score band, with the threshold drawn across. */
function distributionChart(summary: Summary, threshold: number, lang: Lang): string {
  const bins = summary.scoreHistogram ?? [];
  if (bins.length === 0) return '';
  const W = 960,
    H = 240,
    left = 36,
    bottom = 28,
    top = 16,
    plotW = W - left - 10,
    plotH = H - top - bottom;
  const peak = Math.max(1, ...bins.map((b) => b.count));
  const bw = plotW / bins.length;
  const title = t(lang, 'report.chart.distribution');
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = Math.round((peak * k) / 4);
    const y = top + plotH - (v / peak) * plotH;
    parts.push(
      `<line x1="${left}" x2="${W - 10}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${COLORS.track}"/><text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="${COLORS.muted}">${v}</text>`,
    );
  }
  bins.forEach((b, i) => {
    const x = left + i * bw;
    const bh = (b.count / peak) * plotH;
    const fill = b.to <= threshold ? COLORS.poor : b.from >= threshold ? COLORS.good : COLORS.fair;
    if (b.count > 0) {
      parts.push(
        `<rect x="${(x + 3).toFixed(1)}" y="${(top + plotH - bh).toFixed(1)}" width="${(bw - 6).toFixed(1)}" height="${bh.toFixed(1)}" rx="3" fill="${fill}"><title>${b.from}-${b.to}: ${b.count}</title></rect>`,
      );
      parts.push(
        `<text x="${(x + bw / 2).toFixed(1)}" y="${(top + plotH - bh - 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="${COLORS.ink}">${b.count}</text>`,
      );
    }
    parts.push(
      `<text x="${(x + bw / 2).toFixed(1)}" y="${H - 10}" text-anchor="middle" font-size="11" fill="${COLORS.muted}">${b.from}-${b.to}</text>`,
    );
  });
  const tx = left + (Math.max(0, Math.min(100, threshold)) / 100) * plotW;
  parts.push(
    `<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${top - 6}" y2="${top + plotH}" stroke="${COLORS.ink}" stroke-width="2" stroke-dasharray="4 2"/>`,
  );
  parts.push(
    `<text x="${(tx + 4).toFixed(1)}" y="${top + 2}" font-size="11" fill="${COLORS.ink}">${label(lang, 'label.threshold')} ${h(num(threshold, lang))}</text>`,
  );
  return `<figure class="chart distribution"><svg role="img" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" aria-label="${h(title)}"><title>${h(title)}</title>${parts.join('')}</svg><figcaption>${h(title)}</figcaption></figure>`;
}

function verdictMark(verdict: Result['verdict']): string {
  return verdict === 'approve' ? '✔' : verdict === 'turn-down' ? '✖' : '!';
}

function statusChip(f: Finding, lang: Lang): string {
  const partial = isPartial(f);
  const kind = partial ? 'partial' : f.status;
  const text = partial ? label(lang, 'report.partial') : label(lang, `status.${f.status}`);
  const blocker = f.blocker ? `<span class="chip blocker">${label(lang, 'label.blocker')}</span> ` : '';
  return `${blocker}<span class="chip ${kind}">${text}</span>`;
}

/** The overview, up to the rows of the brands' index (which `renderHtml`'s caller spools), and after them. */
function overview(summary: Summary, ctx: ReportContext, capped: string): [string, string] {
  const lang = ctx.lang;
  const tiles = (
    [
      ['approve', summary.approve, 'label.approved'],
      ['turn-down', summary.turnDown, 'label.turnedDown'],
      ['error', summary.error, 'label.errored'],
    ] as const
  )
    .map(
      ([cls, n, key]) =>
        `<div class="tile ${cls}"><span class="n">${n}</span>${h(t(lang, n === 1 ? `${key}.one` : key))}</div>`,
    )
    .join('');
  const out = [
    `<section class="overview" aria-labelledby="overview"><h2 id="overview">${label(lang, 'report.overview')}</h2>`,
  ];
  out.push(
    `<h3>${label(lang, 'report.verdicts')} · ${h(counted(lang, summary.total, 'label.total'))}</h3><div class="tiles">${tiles}</div>`,
  );
  const missingData = missingDataCount(summary, lang);
  if (missingData)
    out.push(`<p class="muted">${label(lang, 'label.turnedDown')}${label(lang, 'punct.colon')}${h(missingData)}</p>`);
  if (summary.approve + summary.turnDown > 0)
    out.push(`<h3>${label(lang, 'label.distribution')}</h3>`, distributionChart(summary, ctx.threshold, lang));
  const top = summary.topTurnDownRules ?? [];
  if (top.length > 0) {
    out.push(
      `<h3>${label(lang, 'label.topRules')}</h3><table><thead><tr><th>${label(lang, 'label.rule')}</th><th class="num">${label(lang, 'report.count')}</th><th>${label(lang, 'report.share')}</th></tr></thead><tbody>`,
    );
    for (const r of top) {
      out.push(
        `<tr><td>${h(ctx.words.title(r.ruleId))} <code>${h(r.ruleId)}</code></td><td class="num">${r.count}</td><td><div class="share"><div class="bar"><span style="width:${Math.min(100, r.share)}%"></span></div><span>${h(percent(r.share, lang))}</span></div></td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push(`<h3>${label(lang, 'report.brands')}</h3>`);
  if (capped) out.push(capped);
  out.push(
    `<table class="index"><thead><tr><th>${label(lang, 'label.brand')}</th><th>${label(lang, 'label.verdict')}</th><th class="num">${label(lang, 'label.score')}</th><th class="num">${label(lang, 'label.threshold')}</th><th class="num">${label(lang, 'label.completeness')}</th><th>${label(lang, 'report.topReason')}</th></tr></thead><tbody>`,
  );
  return [out.join('\n'), '</tbody></table>\n</section>'];
}

function indexRow(r: Result, i: number, words: Words): string {
  const lang = words.lang;
  return `<tr><td><a href="#brand-${i + 1}">${h(r.brand ?? '?')}</a></td><td><span class="chip ${r.verdict === 'approve' ? 'pass' : r.verdict === 'turn-down' ? 'fail' : 'missing'}">${label(lang, `verdict.${r.verdict}`)}</span></td><td class="num">${r.score === null ? '—' : h(num(r.score, lang))}</td><td class="num">${h(num(r.threshold, lang))}</td><td class="num">${r.completeness === null ? '—' : `${h(percent(r.completeness, lang))}`}</td><td>${h(wholeNumbers(mainReason(r, words)))}</td></tr>`;
}

function changeBlock(result: Result, words: Words): string {
  const lang = words.lang;
  const ch = result.change;
  if (!ch) return '';
  const colon = label(lang, 'punct.colon');
  const before = changeBefore(ch, lang);
  const delta =
    ch.scoreDelta === null
      ? ''
      : ` <strong class="${ch.scoreDelta > 0 ? 'up' : ch.scoreDelta < 0 ? 'down' : 'same'}">${h(signed(ch.scoreDelta, lang))}</strong>`;
  const items: string[] = [];
  // a director reads the criterion's name; the id stays beside it for whoever looks the rule up
  const named = (id: string): string => `${h(words.title(id))} <code>${h(id)}</code>`;
  if (ch.newlyPassing.length)
    items.push(
      `<li class="up">${label(lang, 'label.change.newlyPassing')}${colon}${ch.newlyPassing.map(named).join(label(lang, 'punct.semicolon'))}</li>`,
    );
  if (ch.newlyFailing.length)
    items.push(
      `<li class="down">${label(lang, 'label.change.newlyFailing')}${colon}${ch.newlyFailing.map(named).join(label(lang, 'punct.semicolon'))}</li>`,
    );
  const gone = ch.noLongerCounted;
  if (gone.length)
    items.push(
      `<li>${label(lang, 'label.change.noLongerCounted')}${colon}${gone.map(named).join(label(lang, 'punct.semicolon'))}</li>`,
    );
  if (items.length === 0) items.push(`<li>${label(lang, 'report.unchanged')}</li>`);
  return `<div class="change"><strong>${label(lang, 'label.change')}</strong>${colon}${h(before)}${delta}<ul>${items.join('')}</ul></div>`;
}

function findingsTable(findings: readonly Finding[], words: Words): string {
  const lang = words.lang;
  // a loop in this function rather than a callback: the 500 sections of a report run before V8 has optimised
  // much, and one function warms up sooner than two
  let rows = '';
  for (const f of findings) {
    const rule = ruleCells(f.ruleId, words);
    // the chip depends on the status, whether it is partly met and the knock-out flag only
    const chip = isPartial(f) ? (f.blocker ? 'partial!' : 'partial') : f.blocker ? `${f.status}!` : f.status;
    let start = rule.findingStarts.get(chip);
    if (start === undefined) {
      start = `<tr><td>${statusChip(f, lang)}</td><td>${rule.stacked}</td><td>`;
      rule.findingStarts.set(chip, start);
    }
    let middle = rule.findingMiddle;
    if (f.status === 'missing') {
      const advice = remedyText(f, words);
      middle = rule.askFirstMiddles.get(advice) ?? '';
      if (!middle) {
        middle = `</td><td>${rule.expected}</td><td>${h(wholeNumbers(advice))}</td><td>${rule.effort}<br><span class="muted">`;
        rule.askFirstMiddles.set(advice, middle);
      }
    }
    rows += `${start}${actualText(f, words)}${middle}${numText(f.points, lang)} / ${numText(f.maxPoints, lang)}</span></td></tr>`;
  }
  return `${sectionHeads(lang).findings}${rows}</tbody></table>`;
}

function metTable(findings: readonly Finding[], words: Words): string {
  const lang = words.lang;
  let rows = '';
  for (const f of findings) {
    const rule = ruleCells(f.ruleId, words);
    const k = f.blocker ? 1 : 0;
    let start = rule.metStarts[k];
    if (start === null) {
      start = `<tr><td>${f.blocker ? `<span class="chip blocker">${label(lang, 'label.blocker')}</span> ` : ''}${rule.inline}</td><td>`;
      rule.metStarts[k] = start;
    }
    rows += `${start}${actualText(f, words)}</td><td class="num">${numText(f.points, lang)}</td></tr>`;
  }
  return `${sectionHeads(lang).met}${rows}</tbody></table>`;
}

function planBlock(result: Result, words: Words): string {
  const lang = words.lang;
  const plan = result.plan;
  if (!plan || plan.steps.length === 0) return '';
  const colon = label(lang, 'punct.colon');
  const tag = (blocker: boolean): string =>
    blocker ? `<span class="chip blocker">${label(lang, 'label.blocker')}</span> ` : '';
  if (plan.kind === 'at-risk') {
    const rows = plan.steps.map(
      (s, i) =>
        `<tr><td class="num">${i + 1}</td><td>${tag(s.blocker)}${ruleCells(s.ruleId, words).inline}</td><td class="num">−${numText(s.gain, lang)}</td><td class="num">${numText(s.projectedScore, lang)}</td></tr>`,
    );
    return (
      `<section class="plan at-risk"><h3>${label(lang, 'label.plan.atRisk')}</h3>` +
      (plan.margin !== null
        ? `<p>${h(t(lang, 'label.plan.margin', { margin: num(plan.margin, lang) }))}${lang === 'zh' ? '。' : '. '}${label(lang, 'report.plan.atRiskIntro')}</p>`
        : '') +
      `<table><thead><tr><th class="num">#</th><th>${label(lang, 'label.rule')}</th><th class="num">${label(lang, 'report.loss')}</th><th class="num">${label(lang, 'report.projected')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
    );
  }
  const rows = plan.steps.map((s, i) => {
    const goal = formatTarget(s, words);
    const rule = ruleCells(s.ruleId, words);
    // a step that asks for missing data reads "provide: X" as it is, not under the "set to" of a value to change
    const setTo = s.action === 'provide' ? '' : `${label(lang, 'report.target')}${colon}`;
    return `<tr><td class="num">${i + 1}</td><td>${tag(s.blocker)}<strong>${rule.title}</strong>${goal ? `<br>${setTo}<strong>${h(goal)}</strong>` : ''}<br>${rule.code}</td><td>${s.action === 'provide' ? h(wholeNumbers(remedyText(s, words))) : rule.remedy}</td><td>${label(lang, `label.effort.${s.effort}`)}</td><td class="num">${h(signed(s.gain, lang))}</td><td class="num">${numText(s.projectedScore, lang)}</td></tr>`;
  });
  const reach = planSummary(result, lang);
  return (
    `${sectionHeads(lang).plan}${rows.join('')}</tbody></table>` +
    (reach ? `<p class="reach">${h(reach)}</p>` : '') +
    (!plan.reachable ? `<p class="note">${h(planUnreachable(result, lang))}</p>` : '') +
    `</section>`
  );
}

/**
 * A brand's section, after a line break: one string, which the spool encodes as it comes. Its parts are added to
 * it, each after a line break, with no array, filter and join per section.
 */
function brandSection(result: Result, ctx: ReportContext, index: number): string {
  const lang = ctx.lang;
  const words = ctx.words;
  const colon = label(lang, 'punct.colon');
  let out =
    `\n<article class="brand" id="brand-${index + 1}" aria-label="${h(result.brand ?? '?')}">` +
    `\n<div class="banner ${result.verdict}" data-verdict="${result.verdict}"><span class="verdict">${verdictMark(result.verdict)} ${label(lang, `verdict.${result.verdict}`)}</span><span class="name">${h(result.brand ?? '?')}</span><span class="src">${label(lang, 'report.file')}${colon}${h(where(result.source, lang))}</span></div>`;
  if (result.verdict === 'error') {
    return `${out}\n<h3>${label(lang, 'label.errors')}</h3><ul>${result.errors.map((e) => `<li>${h(formatDiagnosticIn(e, lang))}</li>`).join('')}</ul></article>`;
  }
  const scoreText = h(
    t(lang, 'label.score.ofThreshold', {
      score: num(result.score!, lang),
      threshold: num(result.threshold, lang),
    }),
  );
  const gap =
    result.score! < result.threshold
      ? ` · ${h(t(lang, 'report.gap', { points: num(Math.round((result.threshold - result.score!) * 10) / 10, lang) }))}`
      : '';
  out += `\n<p class="scoreline"><strong>${label(lang, 'label.score')}${colon}${scoreText}</strong>${gap} · ${label(lang, 'label.completeness')}${colon}${h(percent(result.completeness!, lang))}</p>`;
  // a turn-down that rests on missing data says so first: the dossier is incomplete, not refused
  const missingData = words.missingData(result);
  if (missingData) out += `\n<p class="note missing-data"><strong>${h(missingData)}</strong></p>`;
  out += `\n${gauge(result, lang, scoreText)}`;
  const change = changeBlock(result, words);
  if (change) out += `\n${change}`;
  const heads = sectionHeads(lang);
  out += `${heads.categories}${categoryChart(result.categories, words)}`;
  // what to do comes before the detail of every criterion: it is what a director reads first
  const plan = planBlock(result, words);
  if (plan) out += `\n${plan}`;
  const { toImprove, met, waived, notApplicable } = splitFindings(result);
  out += heads.toImprove;
  out += toImprove.length > 0 ? findingsTable(toImprove, words) : `<p>${label(lang, 'label.noReasons')}</p>`;
  if (waived.length > 0)
    out += `\n<ul>${waived.map((f) => `<li>${label(lang, 'label.waived')}${colon}${h(words.title(f.ruleId))} <code>${h(f.ruleId)}</code> — ${h(t(lang, 'finding.waived', { approvedBy: f.waiver!.approvedBy, reason: f.waiver!.reason }))}</li>`).join('')}</ul>`;
  if (met.length > 0) out += `${heads.criteriaMet}${metTable(met, words)}`;
  if (notApplicable > 0)
    out += `\n<p class="muted">${h(t(lang, 'report.notApplicable', { count: notApplicable }))}</p>`;
  if (result.warnings.length > 0)
    out += `\n<h3>${label(lang, 'label.warnings')}</h3><ul>${result.warnings.map((w) => `<li>${h(formatDiagnosticIn(w, lang))}</li>`).join('')}</ul>`;
  return `${out}\n</article>`;
}

/**
 * The page, one result at a time: spool 0 holds the index rows of the overview, spool 1 the brands' sections.
 * Brands past `ctx.sections` (first ones in input order) are counted in the overview but get neither.
 */
function spooled(ctx: ReportContext): SpooledReport {
  const lang = ctx.lang;
  const limit = sectionLimit(ctx.sections);
  let first: string | null = null;
  return {
    spools: 2,
    detailed: (index) => index < limit,
    add(result, index) {
      if (index === 0) first = result.brand ?? '?';
      if (index >= limit) return ['', ''];
      return [indexRow(result, index, ctx.words), brandSection(result, ctx, index)];
    },
    finish(summary) {
      const title = `${t(lang, 'report.title')} — ${ctx.pack.name}`;
      const shown = Math.min(summary.total, limit);
      const capped =
        shown < summary.total
          ? `<p class="note">${h(t(lang, 'report.sectionsCapped', { shown: num(shown, lang), total: num(summary.total, lang), omitted: num(summary.total - shown, lang) }))}</p>`
          : '';
      const head = [
        '<!doctype html>',
        `<html lang="${h(lang === 'zh' ? 'zh-Hans' : lang)}">`,
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<meta name="generator" content="${h(`${ctx.tool.name} ${ctx.tool.version}`)}">`,
        `<title>${h(summary.total === 1 && first !== null ? `${first} — ${title}` : title)}</title>`,
        `<style>${CSS}${phoneLabels(lang)}</style>`,
        '</head>',
        '<body>',
        `<header class="report-head"><h1>${label(lang, 'report.title')}</h1><p class="meta">${label(lang, 'label.pack')}${label(lang, 'punct.colon')}${h(`${ctx.pack.name} (${ctx.pack.id} ${ctx.pack.version})`)} · ${label(lang, 'label.threshold')} ${h(num(ctx.threshold, lang))} · ${h(counted(lang, summary.total, 'label.total'))}</p></header>`,
        '<main>',
      ].join('\n');
      const tail = `\n</main>\n<footer>${h(t(lang, 'label.generatedBy', { tool: ctx.tool.name, version: ctx.tool.version }))} · ${label(lang, 'report.digest')} <code>${h(ctx.pack.digest.slice(0, 16))}</code></footer>\n</body>\n</html>\n`;
      if (summary.total > 1) {
        const [before, after] = overview(summary, ctx, capped);
        return [head, `\n${before}`, 0, after, 1, tail];
      }
      return [head, capped ? `\n${capped}` : '', 1, tail];
    },
  };
}

export function renderHtml(ctx: ReportContext, summary: Summary, results: readonly Result[]): string {
  return renderInMemory(spooled(ctx), results, summary);
}

export const html: Formatter = {
  // the overview comes first: each result is spooled as it comes and the page put together at the end
  streaming: false,
  header: () => '',
  result: () => '',
  footer: (ctx, summary, results) => renderHtml(ctx, summary, results),
  spooled,
};
