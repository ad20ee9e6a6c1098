// The data rows of the workbook's two big sheets (Verdicts, Findings) as XML, written straight into exceljs'
// sheet stream: the bytes exceljs 4.4's own Row, RowXform and CellXform write for the same values
// (test/report/xlsx-rows.test.ts writes the same rows both ways and compares them), without the Row, Cell, cell
// model and XmlStream objects they make per cell. On 20,000 brands (1.2 million Verdicts cells, 440,000 Findings
// rows) exceljs' rows cost some 12 µs a Findings row and 100 µs a Verdicts row of 60 cells, most of the 10 s run.
// Only the values the report writes are taken (text, number, boolean, empty, a formula with a text result);
// anything else throws rather than be written otherwise than exceljs would. The styles still go through the
// workbook's style registry, in exceljs' order (a row's style, then its cells'), so styles.xml is the same too;
// the text is escaped by exceljs' own function.
import { createRequire } from 'node:module';
import type { CellValue } from '../types.js';
import { columnName } from './sheet.js';

/** A cell of a row: a value, or the formula of a link with the text it shows. */
export type RowCell = CellValue | { formula: string; result: string };

/** exceljs' style registry: the index of a style in styles.xml, added on first sight. */
export type StyleIndex = (model: object | undefined, cellType: number) => number;

const exceljsRequire = createRequire(import.meta.url);
// exceljs' lib, not its dist: what its WorkbookWriter itself runs
const { xmlEncode } = exceljsRequire('exceljs/lib/utils/utils') as { xmlEncode(text: string): string };
const ValueType = (exceljsRequire('exceljs') as typeof import('exceljs')).ValueType;

/** The most texts a column's memo keeps. */
const MEMO_TEXTS = 4096;

export class RowXml {
  /** the style index of a cell with no style of its own, by cell type (exceljs gives each such cell a `{}`) */
  private readonly plain: number[] = [];
  private rowStyle: string | undefined;
  private readonly columns: string[] = [];
  /** by column, the XML of the texts it repeats (`repeated`), each escaped once */
  private readonly memo: (Map<string, string> | undefined)[] = [];

  /**
   * `repeated`: the columns whose texts come back row after row (a rule's title, say), escaped once each rather
   * than on every row
   */
  constructor(
    private readonly styleIndex: StyleIndex,
    repeated: readonly number[] = [],
  ) {
    for (const i of repeated) this.memo[i] = new Map();
  }

  private plainStyle(type: number): number {
    let index = this.plain[type];
    if (index === undefined) this.plain[type] = index = this.styleIndex({}, type);
    return index;
  }

  private column(i: number): string {
    return (this.columns[i] ??= columnName(i + 1));
  }

  /**
   * Row `number`'s XML (empty where exceljs writes no row: none of its cells has a value); `styles[i]` is cell
   * i's style object, as exceljs' `cell.style = ...` would have it.
   */
  row(number: number, cells: readonly RowCell[], styles?: readonly (object | undefined)[]): string {
    let min = 0;
    let max = 0;
    let valued = false;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i];
      if (value === undefined) continue;
      if (min === 0) min = i + 1;
      max = i + 1;
      if (value !== null) valued = true;
    }
    if (!valued) return '';
    // a row's own style (`{}`) is looked up before its cells', as RowXform.prepare does
    if (this.rowStyle === undefined) {
      const id = this.styleIndex({}, undefined as unknown as number);
      this.rowStyle = id ? ` s="${id}" customFormat="1"` : '';
    }
    let xml = `<row r="${number}" spans="${min}:${max}"${this.rowStyle} x14ac:dyDescent="0.25">`;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i];
      if (value === undefined) continue;
      let type: number;
      let body: string;
      if (value === null) {
        type = ValueType.Null;
        body = '';
      } else if (typeof value === 'string') {
        type = ValueType.String;
        const memo = this.memo[i];
        if (memo === undefined) body = ` t="str"><v>${xmlEncode(value)}</v></c>`;
        else {
          let known = memo.get(value);
          if (known === undefined) {
            // bounded, should a column given as repeated not repeat
            if (memo.size === MEMO_TEXTS) memo.clear();
            memo.set(value, (known = ` t="str"><v>${xmlEncode(value)}</v></c>`));
          }
          body = known;
        }
      } else if (typeof value === 'number') {
        type = ValueType.Number;
        body = `><v>${String(value)}</v></c>`;
      } else if (typeof value === 'boolean') {
        type = ValueType.Boolean;
        body = ` t="b"><v>${value ? '1' : '0'}</v></c>`;
      } else if (typeof value.formula === 'string' && value.formula !== '' && typeof value.result === 'string') {
        // a formula's cell takes the style of its result's type; its text result is `str`, never shared
        type = ValueType.String;
        body = ` t="str"><f>${xmlEncode(value.formula)}</f><v>${xmlEncode(value.result)}</v></c>`;
      } else {
        throw new Error(`a cell exceljs would write otherwise: ${JSON.stringify(value)}`);
      }
      const style = styles?.[i];
      const id = style === undefined ? this.plainStyle(type) : this.styleIndex(style, type);
      if (type === ValueType.Null) {
        // an empty cell is written only for its style
        if (id) xml += `<c r="${this.column(i)}${number}" s="${id}"/>`;
        continue;
      }
      xml += id ? `<c r="${this.column(i)}${number}" s="${id}"${body}` : `<c r="${this.column(i)}${number}"${body}`;
    }
    return xml + '</row>';
  }
}

/** The bytes a sheet's rows are gathered in before they go to its stream: most rows are a few hundred bytes. */
const SHEET_BUFFER_BYTES = 1 << 18;

/** exceljs' StreamBuf, as each sheet of its WorkbookWriter has one: in `pipes`, the zip's stream for its entry. */
export interface SheetStream {
  write(chunk: Buffer): unknown;
  uncork(): void;
  /** what it holds, not yet passed on */
  buffers: unknown[];
  pipes: { write(chunk: Buffer): unknown; writableLength?: number; _writableState?: { length: number } }[];
}

/**
 * Hands bytes of a sheet's XML on to the zip. exceljs' StreamBuf copies each write into new zero-filled 64 KB
 * buffers before it passes them to archiver's stream for the entry (400 MB of them at 20,000 brands: 0.3 to 0.6 s
 * of CPU, measured with archiver alone). Once the StreamBuf has passed on what it holds (uncork: that goes first,
 * in order), the chunk goes to archiver's stream itself, which keeps it: the caller must not reuse it.
 */
export function writeToSheet(stream: SheetStream, chunk: Buffer): void {
  if (stream.pipes.length === 0) {
    stream.write(chunk);
    return;
  }
  stream.uncork();
  for (const pipe of stream.pipes) pipe.write(chunk);
}

/**
 * Row XML gathered as UTF-8 and handed to a sheet's entry in the zip a quarter of a megabyte at a time rather
 * than a row at a time, each time in a new buffer (writeToSheet).
 */
export class SheetBytes {
  private buffer = Buffer.allocUnsafe(SHEET_BUFFER_BYTES);
  private used = 0;

  constructor(private readonly stream: SheetStream) {}

  /** Adds a row's XML; true when that filled the buffer and it went to the stream. */
  append(xml: string): boolean {
    // a UTF-16 unit is at most 3 bytes of UTF-8
    if (xml.length * 3 <= SHEET_BUFFER_BYTES - this.used) {
      this.used += this.buffer.write(xml, this.used);
      return false;
    }
    this.flush();
    if (xml.length * 3 > SHEET_BUFFER_BYTES) writeToSheet(this.stream, Buffer.from(xml));
    else this.used = this.buffer.write(xml);
    return true;
  }

  flush(): void {
    if (this.used === 0) return;
    writeToSheet(this.stream, this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(SHEET_BUFFER_BYTES);
    this.used = 0;
  }
}
