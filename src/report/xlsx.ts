// `--format xlsx -o verdicts.xlsx`: the spreadsheet handed back as a workbook, streamed with exceljs'
// WorkbookWriter so that memory stays flat however many rows the input has. Sheets:
//   Verdicts  the input's columns then the tool's (sheet.ts), numbers typed, the verdict cell coloured, a frozen
//             header, an autofilter, and a link from each brand to its first row in Findings;
//   Findings  one row per brand and rule that cost points, for a pivot table (spooled to a temporary file while
//             Verdicts is written, since a zip holds one entry at a time);
//   Summary   the batch's counts, score distribution and the rules that turn most brands down, as tables
//             (exceljs writes no charts);
//   About     tool, pack and digest, and the date of the run only with --timestamp.
// The same inputs give the same bytes: the zip entries and docProps carry a fixed date. The rows of Verdicts and
// Findings are written as XML by xlsx-rows.ts (exceljs' own bytes, without its objects per cell), the other
// sheets' rows by exceljs.
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import type { Cell } from 'exceljs';
import { t } from '../i18n/index.js';
import { Spool } from '../io/spool.js';
import { FIELDS, fieldLabel } from '../profile/fields.js';
import { LANGS, type CellValue, type Finding, type Result, type Summary } from '../types.js';
import { costlyFindings, findingWords } from './finding-words.js';
import {
  columnName,
  inputCells,
  layoutHeader,
  neutralise,
  sheetLayout,
  toolCells,
  type SheetLayout,
  type ToolColumn,
} from './sheet.js';
import type { Formatter, ReportContext, WorkbookRun } from './types.js';
import { RowXml, SheetBytes, type RowCell, type SheetStream, type StyleIndex } from './xlsx-rows.js';

/** Excel's rows per sheet; past them a sheet ends with a row saying how many it could not hold. */
export const MAX_SHEET_ROWS = 1_048_576;

/** The zip's and docProps' date when the run has none: the earliest a zip entry can say, so it reads as "none". */
export const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

const FILL = { approve: 'FFC6EFCE', 'turn-down': 'FFFFC7CE', amber: 'FFFFEB9C', header: 'FFD9E1F2' } as const;
const NUMBER_FORMATS: Partial<Record<ToolColumn, string>> = { score: '0.0', threshold: '0', completeness: '0' };

// One style object per look, shared by every cell that has it: exceljs renders a cell's style to XML to find
// its index, and the memo in memoStyles then does that once per object rather than once per cell.
const STYLE = {
  approve: { fill: fill(FILL.approve) },
  'turn-down': { fill: fill(FILL['turn-down']) },
  amber: { fill: fill(FILL.amber) },
  header: { font: { name: 'Calibri', size: 11, bold: true }, fill: fill(FILL.header) },
  number: Object.fromEntries(Object.entries(NUMBER_FORMATS).map(([column, numFmt]) => [column, { numFmt }])) as Partial<
    Record<ToolColumn, { numFmt: string }>
  >,
  points: { numFmt: '0.0' },
  share: { numFmt: '0.0%' },
  bold: { font: { name: 'Calibri', size: 11, bold: true } },
};

function isEmpty(model: object): boolean {
  for (const _ in model) return false;
  return true;
}

/** Memoises exceljs' style lookup by style object: identical looks share one object (STYLE). */
function memoStyles(workbook: unknown): StyleIndex {
  const styles = (workbook as { styles: { addStyleModel: StyleIndex } }).styles;
  const lookup = styles.addStyleModel.bind(styles);
  const memo = new WeakMap<object, Map<number, number>>();
  // every cell without a style of its own gets a fresh empty object: those share one entry per cell type
  const plain = new Map<number, number>();
  styles.addStyleModel = (model, cellType) => {
    if (!model) return lookup(model, cellType);
    if (isEmpty(model)) {
      let index = plain.get(cellType);
      if (index === undefined) plain.set(cellType, (index = lookup(model, cellType)));
      return index;
    }
    let byType = memo.get(model);
    if (!byType) memo.set(model, (byType = new Map()));
    let index = byType.get(cellType);
    if (index === undefined) byType.set(cellType, (index = lookup(model, cellType)));
    return index;
  };
  return styles.addStyleModel;
}

/** The points lost, in a Findings row's fifth cell; the others have no style of their own. */
const FINDING_STYLES = [undefined, undefined, undefined, undefined, STYLE.points];

/** A Verdicts row's cell styles by column: the numbers' formats, and where the verdict's colour goes. */
interface VerdictStyles {
  cells: (object | undefined)[];
  verdictColumns: number[];
}
const verdictStylesOf = new WeakMap<SheetLayout, VerdictStyles>();

function verdictStyles(layout: SheetLayout): VerdictStyles {
  let styles = verdictStylesOf.get(layout);
  if (!styles) {
    const base = layout.input.length;
    const cells = new Array<object | undefined>(base + layout.tool.length + 1).fill(undefined);
    const verdictColumns: number[] = [];
    layout.tool.forEach((column, i) => {
      cells[base + i] = STYLE.number[column];
      if (column === 'verdict' || column === 'decision') verdictColumns.push(base + i);
    });
    verdictStylesOf.set(layout, (styles = { cells, verdictColumns }));
  }
  return styles;
}

export const columnLetter = columnName;

/** Quotes a sheet name for a reference (`'Constats'!A2`). */
const sheetRef = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/** The most characters an Excel cell holds: a longer text (a CRM's notes) makes Excel repair the workbook. */
export const EXCEL_CELL_CHARS = 32_767;

/** A text as an xlsx cell: neutralised, and cut to what Excel holds with an ellipsis (csv and json keep it whole). */
function sheetText(text: string): string {
  const safe = neutralise(text);
  return safe.length > EXCEL_CELL_CHARS ? `${safe.slice(0, EXCEL_CELL_CHARS - 1)}…` : safe;
}

function cellValue(value: CellValue): string | number | boolean | null {
  return typeof value === 'string' ? sheetText(value) : value;
}

function fill(argb: string): NonNullable<Cell['fill']> {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** The letter of the column that names the brand: the input's brand-name column, else the tool's own. */
function brandColumn(layout: SheetLayout): string | null {
  const name = FIELDS.find((f) => f.path === 'brand.name')!;
  const labels = new Set([name.path, ...LANGS.map((lang) => fieldLabel(name, lang))]);
  const at = layout.input.findIndex((h) => labels.has(h.trim()));
  if (at !== -1) return columnLetter(at + 1);
  const tool = layout.tool.indexOf('brand');
  return tool === -1 ? null : columnLetter(layout.input.length + tool + 1);
}

function widthOf(header: string, sample: CellValue | undefined): number {
  const text = Math.max(header.length, sample === null || sample === undefined ? 0 : String(sample).length);
  return Math.min(45, Math.max(10, text + 2));
}

/**
 * exceljs' sheet stream writes on without backpressure: rows committed faster than zlib compresses them pile up
 * in its buffers (or, before archiver starts on the entry, all of them). Waits until its backlog is small, so
 * that memory stays flat whatever the number of rows. Reads two internals of exceljs' StreamBuf (its buffers
 * and pipes); a bound on the wait keeps a future change there from hanging the run.
 */
async function caughtUp(sheet: unknown): Promise<void> {
  const stream = sheetStream(sheet);
  for (let i = 0; i < 200_000; i++) {
    const piped = stream.pipes.length > 0;
    if (
      piped &&
      stream.buffers.length <= 2 &&
      stream.pipes.every((p) => (p.writableLength ?? p._writableState?.length ?? 0) < 1 << 20)
    )
      return;
    // zlib works on another thread: check again soon, without spinning the event loop meanwhile
    await new Promise((resolve) => (i < 8 ? setImmediate(resolve) : setTimeout(resolve, 1)));
  }
}

/** The stream of a sheet of exceljs' WorkbookWriter, where its XML goes (its rows' too, see xlsx-rows.ts). */
function sheetStream(sheet: unknown): SheetStream {
  return (sheet as { stream: SheetStream }).stream;
}

type Zip = { append(source: unknown, data: Record<string, unknown>): unknown };

/**
 * exceljs gives archiver no date for the zip entries, which archiver then stamps with the current time: this
 * writer hands it the workbook's own date instead (its first entries are added inside exceljs' constructor,
 * through addThemes, hence the override there).
 */
function fixedDateWriter(ExcelJS: typeof import('exceljs')) {
  const Base = ExcelJS.stream.xlsx.WorkbookWriter as unknown as new (options: Record<string, unknown>) => {
    zip: Zip;
    created: Date;
  };
  class FixedDateWriter extends Base {
    addThemes(): Promise<void> {
      const zip = this.zip;
      const append = zip.append.bind(zip);
      // a zip entry's date is local time (DOS): 1980-01-01 00:00 here reads the same in every time zone
      const date = this.created.getTime() === FIXED_DATE.getTime() ? new Date(1980, 0, 1) : this.created;
      zip.append = (source, data) => append(source, { ...data, date });
      return (Base.prototype as unknown as { addThemes(): Promise<void> }).addThemes.call(this);
    }
  }
  return FixedDateWriter as unknown as typeof ExcelJS.stream.xlsx.WorkbookWriter;
}

/** maxRows: Excel's limit, lowered only by the tests that check what happens past it. */
export async function createWorkbookRun(
  ctx: ReportContext,
  out: Writable,
  spoolDir: string,
  maxRows = MAX_SHEET_ROWS,
): Promise<WorkbookRun> {
  // required, not imported: the CLI runs as a script from V8's code cache, where import() has no loader
  const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs');
  const lang = ctx.lang;
  const date = ctx.sheet?.timestamp ? new Date(ctx.sheet.timestamp) : FIXED_DATE;
  const workbook = new (fixedDateWriter(ExcelJS))({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
    created: date,
    modified: date,
    creator: ctx.tool.name,
    lastModifiedBy: ctx.tool.name,
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);

  const names = {
    verdicts: t(lang, 'sheet.name.verdicts'),
    findings: t(lang, 'sheet.name.findings'),
    summary: t(lang, 'sheet.name.summary'),
    about: t(lang, 'sheet.name.about'),
  };
  const styleIndex = memoStyles(workbook);
  // printed (or rendered to PDF) in landscape, the header row and the brand's column repeated on each page
  const verdicts = workbook.addWorksheet(names.verdicts, { views: [{ state: 'frozen', ySplit: 1 }] });
  const spool = new Spool(spoolDir);
  const titles = new Map<string, string>();
  let layout: SheetLayout | undefined;
  let findingsRow = 2;
  let rows = 0;
  let verdictsOmitted = 0;
  let findingsOmitted = 0;
  const verdictRows = new RowXml(styleIndex);
  // a Findings row's rule, title, status, expected, remedy, effort and knock-out are its rule's: 1.9 -> 1.6 µs a
  // row with them escaped once
  const findingRows = new RowXml(styleIndex, [1, 2, 3, 6, 7, 8, 9]);
  const verdictBytes = new SheetBytes(sheetStream(verdicts));
  const yes = t(lang, 'value.yes');
  const no = t(lang, 'value.no');
  // a Findings row's texts that are its rule's, whatever the brand, made once a rule; its status's, once a status
  const ruleCells: { ruleId: string; title: string; expected: string; remedy: string; effort: string }[] = [];
  const ruleIndex = new Map<string, number>();
  // an unknown finding's remedy asks for its field first (findingWords): its cells are kept apart, by that field
  const ruleOf = (f: Finding, words: ReturnType<typeof findingWords>): number => {
    const ruleId = f.ruleId;
    const key = f.status === 'missing' ? `${ruleId}\u0000${words.remedy}` : ruleId;
    let index = ruleIndex.get(key);
    if (index === undefined) {
      ruleIndex.set(key, (index = ruleCells.length));
      ruleCells.push({
        ruleId: sheetText(ruleId),
        title: sheetText(words.title),
        expected: sheetText(words.expected),
        remedy: sheetText(words.remedy),
        effort: sheetText(t(lang, `label.effort.${words.effort}`)),
      });
    }
    return index;
  };
  const statusCells: string[] = [];
  const statusIndex = new Map<string, number>();
  /** the status's index, doubled, plus one for a knock-out */
  const statusOf = (status: Result['findings'][number]['status'], blocker: boolean): number => {
    let index = statusIndex.get(status);
    if (index === undefined) {
      statusIndex.set(status, (index = statusCells.length));
      statusCells.push(sheetText(t(lang, `status.${status}`)));
    }
    return index * 2 + (blocker ? 1 : 0);
  };

  const begin = (first: Result | undefined): SheetLayout => {
    const l = sheetLayout(first, lang, ctx.words);
    const header = [...layoutHeader(l), t(lang, 'sheet.column.findings')];
    const sample = first ? [...inputCells(l, first).cells, ...toolCells(l, first, '')] : [];
    const brand = brandColumn(l);
    // the brand's column is as wide as most names, whatever the first row's
    verdicts.columns = header.map((h, i) => ({
      width: columnLetter(i + 1) === brand ? Math.max(28, widthOf(h, sample[i])) : widthOf(h, sample[i]),
    }));
    verdicts.autoFilter = `A1:${columnLetter(header.length)}1`;
    Object.assign(verdicts.pageSetup, {
      orientation: 'landscape',
      paperSize: 9,
      printTitlesRow: '1:1',
      ...(brand ? { printTitlesColumn: `${brand}:${brand}` } : {}),
    });
    const row = verdicts.addRow(header.map(neutralise));
    row.eachCell((cell) => {
      cell.style = STYLE.header;
    });
    row.commit();
    return l;
  };

  const add = (result: Result): Promise<void> | void => {
    layout ??= begin(result);
    const { cells, other } = inputCells(layout, result);
    const tool = toolCells(layout, result, other);
    if (rows + 2 >= maxRows) {
      // the sheet is full (Excel's limit): the last row says how many brands it could not hold
      verdictsOmitted++;
      return;
    }
    const all = costlyFindings(result);
    // once full, full: Findings holds the first brands whole, never a scattering of later ones
    const costly = findingsOmitted === 0 && findingsRow + all.length <= maxRows - 1 ? all : [];
    if (costly.length < all.length) findingsOmitted += all.length;
    const values: RowCell[] = [...cells, ...tool].map(cellValue);
    if (costly.length > 0) {
      const label =
        costly.length === 1
          ? t(lang, 'sheet.findings.link.one')
          : t(lang, 'sheet.findings.link.many', { count: costly.length });
      values.push({
        formula: `HYPERLINK("#${sheetRef(names.findings)}!A${findingsRow}","${label.replace(/"/g, '""')}")`,
        result: label,
      });
    }
    const styles = verdictStyles(layout);
    const amber = result.verdict === 'error' || result.decidedBy === 'missing-data';
    const verdictStyle = amber ? STYLE.amber : result.verdict === 'approve' ? STYLE.approve : STYLE['turn-down'];
    for (const at of styles.verdictColumns) styles.cells[at] = verdictStyle;
    const flushed = verdictBytes.append(verdictRows.row(rows + 2, values, styles.cells));
    // the Findings rows are spooled (a zip holds one entry at a time) as what is the brand's or the finding's
    // alone, the rule's own texts kept once (ruleCellsOf): a twentieth of their XML, and their XML made while
    // zlib compresses it, once Verdicts is done
    const brand = result.brand === null ? '-' : `+${sheetText(result.brand)}`;
    for (const f of costly) {
      const words = findingWords(f, ctx.words);
      if (!titles.has(f.ruleId)) titles.set(f.ruleId, words.title);
      const lost = Math.round((f.maxPoints - f.points) * 100) / 100;
      // what the JSON spool these rows once went through made of a number that is none: no number
      const points = Number.isFinite(lost) ? String(lost) : '';
      const said = sheetText(words.said);
      spool.append(`${brand}\0${ruleOf(f, words)}\0${statusOf(f.status, f.blocker)}\0${points}\0${said}\0`);
    }
    findingsRow += costly.length;
    rows++;
    if (flushed) return caughtUp(verdicts);
  };

  const writeFindings = async (): Promise<void> => {
    const sheet = workbook.addWorksheet(names.findings, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = [
      t(lang, 'sheet.column.brand'),
      t(lang, 'sheet.findings.rule'),
      t(lang, 'sheet.findings.title'),
      t(lang, 'sheet.findings.status'),
      t(lang, 'sheet.findings.pointsLost'),
      t(lang, 'sheet.findings.said'),
      t(lang, 'sheet.findings.expected'),
      t(lang, 'sheet.findings.remedy'),
      t(lang, 'sheet.findings.effort'),
      t(lang, 'sheet.findings.knockOut'),
    ];
    sheet.columns = [24, 36, 40, 12, 12, 24, 40, 60, 10, 12].map((width) => ({ width }));
    sheet.autoFilter = `A1:${columnLetter(header.length)}1`;
    const head = sheet.addRow(header);
    head.eachCell((cell) => {
      cell.style = STYLE.header;
    });
    head.commit();
    const stream = sheetStream(sheet);
    const bytes = new SheetBytes(stream);
    let number = 2;
    const write = (brand: string, rule: string, status: string, points: string, said: string): boolean => {
      const cells = ruleCells[Number(rule)]!;
      const code = Number(status);
      return bytes.append(
        findingRows.row(
          number++,
          [
            brand === '-' ? null : brand.slice(1),
            cells.ruleId,
            cells.title,
            statusCells[code >> 1]!,
            points === '' ? null : Number(points),
            said,
            cells.expected,
            cells.remedy,
            cells.effort,
            code & 1 ? yes : no,
          ],
          FINDING_STYLES,
        ),
      );
    };
    // a record is five fields, each ended by a NUL (which no text has: neutralise makes it U+FFFD); a chunk of
    // the spool may end inside a character, a field or a record
    const decoder = new StringDecoder('utf8');
    let rest = '';
    const partial: string[] = [];
    for (const chunk of spool.chunks()) {
      const fields = (rest + decoder.write(chunk as Buffer)).split('\0');
      rest = fields.pop()!;
      let i = 0;
      while (partial.length > 0 && i < fields.length) {
        partial.push(fields[i++]!);
        if (partial.length === 5) {
          write(partial[0]!, partial[1]!, partial[2]!, partial[3]!, partial[4]!);
          partial.length = 0;
        }
      }
      for (; i + 5 <= fields.length; i += 5) {
        // a quarter of a megabyte of XML at a time to zlib, as fast as it takes it
        if (write(fields[i]!, fields[i + 1]!, fields[i + 2]!, fields[i + 3]!, fields[i + 4]!)) await caughtUp(sheet);
      }
      while (i < fields.length) partial.push(fields[i++]!);
    }
    if (findingsOmitted > 0)
      bytes.append(findingRows.row(number, [t(lang, 'sheet.omitted.findings', { count: findingsOmitted })]));
    bytes.flush();
    sheet.commit();
  };

  const writeSummary = (summary: Summary): void => {
    const sheet = workbook.addWorksheet(names.summary);
    sheet.columns = [{ width: 44 }, { width: 14 }, { width: 12 }];
    const title = (text: string): void => {
      const row = sheet.addRow([text]);
      row.font = { name: 'Calibri', bold: true, size: 13 };
      row.commit();
    };
    const heading = (cells: string[]): void => {
      const row = sheet.addRow(cells);
      row.font = { name: 'Calibri', size: 11, bold: true };
      row.eachCell((cell) => {
        cell.fill = fill(FILL.header);
      });
      row.commit();
    };
    const share = (count: number): number => (summary.total > 0 ? count / summary.total : 0);
    title(t(lang, 'sheet.summary.verdicts'));
    heading([t(lang, 'sheet.column.decision'), t(lang, 'sheet.summary.count'), t(lang, 'sheet.summary.share')]);
    for (const [verdict, count] of [
      ['approve', summary.approve],
      ['turn-down', summary.turnDown],
      ['error', summary.error],
    ] as const) {
      const row = sheet.addRow([t(lang, `verdict.${verdict}`), count, share(count)]);
      row.getCell(1).fill = fill(
        verdict === 'approve' ? FILL.approve : verdict === 'turn-down' ? FILL['turn-down'] : FILL.amber,
      );
      row.getCell(3).numFmt = '0.0%';
      row.commit();
    }
    const total = sheet.addRow([t(lang, 'sheet.summary.total'), summary.total, summary.total > 0 ? 1 : 0]);
    total.font = { name: 'Calibri', size: 11, bold: true };
    total.getCell(3).numFmt = '0.0%';
    total.commit();
    sheet.addRow([]).commit();
    title(t(lang, 'sheet.summary.scores'));
    heading([
      `${t(lang, 'sheet.column.score')}: ${t(lang, 'sheet.summary.from')} – ${t(lang, 'sheet.summary.to')}`,
      t(lang, 'sheet.summary.count'),
      t(lang, 'sheet.summary.share'),
    ]);
    for (const bin of summary.scoreHistogram ?? []) {
      const row = sheet.addRow([`${bin.from} – ${bin.to}`, bin.count, share(bin.count)]);
      row.getCell(3).numFmt = '0.0%';
      row.commit();
    }
    sheet.addRow([]).commit();
    title(t(lang, 'sheet.summary.topRules'));
    heading([
      t(lang, 'sheet.findings.title'),
      t(lang, 'sheet.summary.count'),
      t(lang, 'sheet.summary.share'),
      t(lang, 'sheet.findings.rule'),
    ]);
    for (const rule of summary.topTurnDownRules ?? []) {
      const row = sheet.addRow([
        neutralise(titles.get(rule.ruleId) ?? rule.ruleId),
        rule.count,
        rule.share / 100,
        rule.ruleId,
      ]);
      row.getCell(3).numFmt = '0.0%';
      row.commit();
    }
    sheet.addRow([]).commit();
    sheet.addRow([t(lang, 'sheet.summary.noChart')]).commit();
    sheet.commit();
  };

  const writeAbout = (): void => {
    const sheet = workbook.addWorksheet(names.about);
    sheet.columns = [{ width: 34 }, { width: 70 }];
    const pairs: [string, string][] = [
      [t(lang, 'sheet.about.tool'), ctx.tool.name],
      [t(lang, 'sheet.about.version'), ctx.tool.version],
      [t(lang, 'sheet.about.pack'), `${ctx.pack.name} (${ctx.pack.id})`],
      [t(lang, 'sheet.about.packVersion'), ctx.pack.version],
      [t(lang, 'sheet.about.digest'), ctx.pack.digest],
      [t(lang, 'sheet.about.date'), ctx.sheet?.timestamp ?? t(lang, 'sheet.about.noDate')],
      [t(lang, 'sheet.about.lang'), lang],
    ];
    for (const [key, value] of pairs) {
      const row = sheet.addRow([key, neutralise(value)]);
      row.getCell(1).style = STYLE.bold;
      row.commit();
    }
    sheet.commit();
  };

  return {
    add,
    async finish(summary) {
      layout ??= begin(undefined);
      if (verdictsOmitted > 0)
        verdictBytes.append(verdictRows.row(rows + 2, [t(lang, 'sheet.omitted.verdicts', { count: verdictsOmitted })]));
      verdictBytes.flush();
      verdicts.commit();
      try {
        await writeFindings();
      } finally {
        spool.close();
      }
      writeSummary(summary);
      writeAbout();
      await workbook.commit();
    },
    abort() {
      spool.close();
    },
  };
}

/** A Writable that hands the workbook's bytes to the report's sink (atomic file, or stdout). */
export function sinkStream(write: (bytes: Uint8Array, done: () => void) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      write(chunk, () => callback());
    },
  });
}

/**
 * The format's entry in the registry. A workbook is binary and is written by `workbook` alone (assess drives
 * it); the text methods are there for the interface and write nothing.
 */
export const xlsx: Formatter = {
  streaming: false,
  binary: true,
  header: () => '',
  result: () => '',
  footer: () => '',
  workbook: createWorkbookRun,
};
