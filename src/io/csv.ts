// CSV and TSV profile files (contract section 2), streamed: a million-row CRM export never sits in memory.
// Bytes are decoded as they arrive (UTF-8, UTF-16 with BOM, Windows-1252 as French Excel writes it), the
// delimiter is taken from the header line, and csv-parse reads plain arrays of cells. The header is compiled
// once into one converter per column, so each row is a loop over cells with no per-row object building.
// Every data row yields exactly one item: a profile, or an error naming the row and the column.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { Parser, type CsvError } from 'csv-parse';
import { compileCsvHeader, isBlank, rowError, RowQueue, type CsvPlan } from '../read/sheet-plan.js';
import { t } from '../i18n/index.js';
import type { CsvDialect, Diagnostic, Lang, ReadItem } from '../types.js';
import { decoderFor, detectEncoding, isValidUtf8, type Encoding } from './decode.js';
import type { InputOptions } from './inputs.js';

export type Delimiter = ',' | ';' | '\t';

// the header compile and the row conversion are shared with the .xlsx reader (src/read/sheet-plan.ts)
export { compileCsvHeader, convertRow, isBlank, rowError, type CsvPlan } from '../read/sheet-plan.js';

/** Picks the delimiter that splits the header line most (outside quotes); ties go to the comma. */
export function detectDelimiter(headerLine: string): Delimiter {
  let comma = 0;
  let semicolon = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 44) comma++;
    else if (c === 59) semicolon++;
    else if (c === 9) tab++;
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

/** Line breaks inside the cells of a record (CRLF counts once), for records that span lines. */
export function countNewlines(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) {
    if (c.indexOf('\n') === -1 && c.indexOf('\r') === -1) continue;
    n += c.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return n;
}

/**
 * Decodes a byte stream into UTF-8 buffers. The encoding comes from a BOM, else from the first non-ASCII
 * bytes: while everything is ASCII, UTF-8 and Windows-1252 read the same, so the choice waits for the first
 * accented letter rather than guessing from a header line that has none.
 */
export async function* utf8Chunks(stream: AsyncIterable<unknown>, onBytes: (n: number) => void, lang: Lang = 'en', dialect?: CsvDialect): AsyncGenerator<Buffer> {
  let encoding: Encoding | 'ascii' | undefined;
  let decoder: ReturnType<typeof decoderFor> | undefined;
  let head: Buffer | undefined;
  for await (const piece of stream) {
    let chunk = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
    onBytes(chunk.length);
    if (encoding === undefined) {
      // a BOM needs up to three bytes; a pipe may deliver fewer first
      head = head ? Buffer.concat([head, chunk]) : chunk;
      if (head.length < 3) continue;
      chunk = head;
      head = undefined;
      const found = detectEncoding(chunk.subarray(0, 64 * 1024));
      if (typeof found !== 'string') throw new CsvFileError(t(lang, 'file.binary'));
      if (found === 'utf8' && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        encoding = 'utf8';
        chunk = chunk.subarray(3);
        if (dialect) dialect.bom = true;
      } else if (found === 'utf8') encoding = isAscii(chunk) ? 'ascii' : 'utf8';
      else encoding = found;
      if (dialect) {
        // v2 (issue 12): what csv output needs to write the file back the same way
        if (encoding === 'win1252') dialect.encoding = 'windows-1252';
        else if (encoding === 'utf16le' || encoding === 'utf16be') {
          dialect.encoding = 'utf-16le';
          dialect.bom = true;
        }
      }
      if (encoding !== 'utf8' && encoding !== 'ascii') decoder = decoderFor(encoding);
    } else if (encoding === 'ascii' && !isAscii(chunk)) {
      encoding = isValidUtf8(chunk) ? 'utf8' : 'win1252';
      if (encoding === 'win1252') {
        decoder = decoderFor('win1252');
        if (dialect) dialect.encoding = 'windows-1252';
      }
    }
    if (decoder) {
      const text = decoder.write(chunk);
      if (text.length > 0) yield Buffer.from(text);
    } else if (chunk.length > 0) yield chunk;
  }
  if (head) {
    // a file of one or two bytes
    yield head;
  }
  if (decoder) {
    const rest = decoder.end();
    if (rest) yield Buffer.from(rest);
  }
}

export class CsvFileError extends Error {}

/** Where the first line ends: the index of its CR or LF, or -1. */
export function lineEndOf(head: Buffer): number {
  const lf = head.indexOf(0x0a);
  const cr = head.indexOf(0x0d);
  return cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
}

/** csv-parse's synchronous core: records arrive in a callback with the parser's line count, without a stream. */
export interface ParserCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  info: { lines: number };
  state: { quoting: boolean };
}

export function fileItem(file: string, message: string, extra: Partial<Diagnostic> = {}): ReadItem {
  return { kind: 'error', source: { file, row: null, document: null }, brand: null, errors: [{ severity: 'error', file, message, ...extra }] };
}

export const unclosedQuoteMessage = (line: number, lang: Lang): string => t(lang, 'csv.unclosedQuote', { line });

/**
 * Excel can start a CSV file with a `sep=;` line naming the delimiter: returns that delimiter and where the
 * next line starts, or null.
 */
export function sepLine(head: Buffer, lineEnd: number): { delimiter: string; next: number } | null {
  if (lineEnd !== 5 || head.toString('latin1', 0, 4).toLowerCase() !== 'sep=') return null;
  return { delimiter: String.fromCharCode(head[4]!), next: head[lineEnd] === 0x0d && head[lineEnd + 1] === 0x0a ? lineEnd + 2 : lineEnd + 1 };
}

/** csv-parse's options for a file, from its header line: delimiter, line ending, and leniency. */
export function parserOptionsFor(head: Buffer, lineEnd: number, format: 'csv' | 'tsv', delimiter?: string): { options: ConstructorParameters<typeof Parser>[0] & object; lineBreak: number } {
  const firstLine = head.subarray(0, lineEnd === -1 ? head.length : lineEnd).toString('utf8');
  const crOnly = head[lineEnd] === 0x0d && head[lineEnd + 1] !== 0x0a;
  return {
    lineBreak: crOnly ? 0x0d : 0x0a,
    options: {
      delimiter: delimiter ?? (format === 'tsv' ? '\t' : detectDelimiter(firstLine)),
      // the line ending is taken from the header (old Mac exports end lines with CR alone)
      record_delimiter: crOnly ? ['\r'] : head[lineEnd] === 0x0d ? ['\r\n', '\n'] : ['\n'],
      // cell counts are checked per row against the header, so one ragged row is that row's error
      relax_column_count: true,
      // a stray quote inside an unquoted cell (5" screen) is kept as text, as spreadsheets do
      relax_quotes: true,
      skip_records_with_error: true,
    },
  };
}

/** csv-parse's stream wraps a synchronous core; driving it directly gives each record with its line number. */
export function parserCore(options: ConstructorParameters<typeof Parser>[0]): ParserCore {
  return (new Parser(options) as unknown as { api: ParserCore }).api;
}

export interface CsvProgress {
  file: string;
  bytesRead: number;
  /** the file's size; null for stdin */
  bytesTotal: number | null;
  rows: number;
}

export async function* readCsvInput(path: string, format: 'csv' | 'tsv', options: InputOptions): AsyncGenerator<ReadItem> {
  const file = path === '-' ? '<stdin>' : path;
  const lang = options.lang ?? 'en';
  let bytesTotal: number | null = null;
  let stream: AsyncIterable<unknown>;
  if (path === '-') stream = options.stdin ?? process.stdin;
  else {
    try {
      bytesTotal = (await stat(path)).size;
    } catch (e) {
      yield fileItem(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    stream = createReadStream(path, { highWaterMark: 1 << 20 });
  }
  const progress: CsvProgress = { file, bytesRead: 0, bytesTotal, rows: 0 };
  const onProgress = options.onProgress;

  let plan: CsvPlan | undefined;
  let queue: RowQueue | undefined;
  // v2 (issue 12): how the file is written, filled in as it is read (encoding, BOM, delimiter, line break)
  const dialect: CsvDialect = { delimiter: format === 'tsv' ? '\t' : ',', encoding: 'utf-8', bom: false, lineBreak: '\n', decimalComma: false };
  // the record's number as Excel numbers rows (the header is row 1), which a quoted cell spanning lines
  // sets apart from the file's line
  let records = 0;
  let core: ParserCore | undefined;
  let headerBytes: Buffer[] = [];
  // the file's line where the next record starts; csv-parse's own count runs ahead on CRLF inside quotes,
  // so it only tells whether a record spanned more than one line
  let nextLine = 1;
  let parserLines = 0;
  let rows = 0;
  let fatal: ReadItem | undefined;
  const out: ReadItem[] = [];

  const onRecord = (cells: string[]): void => {
    const end = core!.info.lines;
    const start = nextLine;
    nextLine += end === parserLines + 1 ? 1 : 1 + countNewlines(cells);
    parserLines = end;
    records++;
    if (fatal) return;
    if (!plan) {
      const compiled = compileCsvHeader(file, cells, start, lang, { strict: options.strict ?? false, dialect, ...(options.columns ? { columns: options.columns } : {}) });
      if ('errors' in compiled) {
        fatal = { kind: 'error', source: { file, row: start, document: null }, brand: null, errors: compiled.errors };
        return;
      }
      plan = compiled;
      options.onHeaderMap?.(file, plan.headerMap, plan.sheet);
      queue = new RowQueue(plan, (item) => out.push(item));
      return;
    }
    if (isBlank(cells)) return;
    rows++;
    // the record's number as Excel shows it is not passed yet: the slices' path of large files (cli/batch.ts)
    // cannot count records, and both paths must name a row the same way
    queue!.push(cells, start);
  };
  const onSkip = (err: CsvError | undefined): undefined => {
    if (fatal || !err) return;
    const line = nextLine;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      // the opening quote swallowed everything after it: say so for this row and stop reading the file
      const message = unclosedQuoteMessage(line, lang);
      if (plan) {
        rows++;
        queue!.flush();
        out.push(rowError(plan, line, null, [{ severity: 'error', file, row: line, line, column: 1, message }]));
      } else fatal = fileItem(file, message, { line, column: 1 });
      return;
    }
    // the record's extent is unknown; resume counting from where the parser stands
    nextLine = Math.max(nextLine + 1, core!.info.lines + 1);
    parserLines = core!.info.lines;
    if (!plan) {
      fatal = fileItem(file, t(lang, 'csv.unreadableHeader', { message: err.message }), { line, column: 1 });
      return;
    }
    rows++;
    records++;
    queue!.flush();
    out.push(rowError(plan, line, null, [{ severity: 'error', file, row: line, line, column: 1, message: t(lang, 'csv.unreadableRow', { message: err.message }) }]));
  };

  let parserOptions: ConstructorParameters<typeof Parser>[0] | undefined;
  let lineBreak = 0x0a;
  const newCore = (): ParserCore => {
    parserOptions ??= {};
    const next = parserCore(parserOptions);
    parserLines = 0;
    return next;
  };
  let sep: { delimiter: string } | null | undefined;
  const startParser = (head: Buffer, lineEnd: number): ParserCore => {
    const chosen = parserOptionsFor(head, lineEnd, format, sep?.delimiter);
    lineBreak = chosen.lineBreak;
    const delimiter = chosen.options.delimiter;
    if (delimiter === ',' || delimiter === ';' || delimiter === '\t') dialect.delimiter = delimiter;
    dialect.lineBreak = head[lineEnd] === 0x0d ? (head[lineEnd + 1] === 0x0a ? '\r\n' : '\r') : '\n';
    parserOptions = { ...chosen.options, on_skip: onSkip };
    return newCore();
  };

  const feed = (buf: Buffer | undefined, end: boolean): void => {
    let err = core!.parse(buf, end, onRecord, () => {});
    // csv-parse keeps a chunk's last row until more bytes come, in case they continue it. A chunk that ends
    // with a line break outside quotes ends a row for sure: flush it with a fresh parser for what follows,
    // so a row piped in slowly comes out at once rather than when the next one arrives.
    if (!err && !end && buf !== undefined && buf[buf.length - 1] === lineBreak && !core!.state.quoting) {
      err = core!.parse(undefined, true, onRecord, () => {});
      core = newCore();
    }
    if (err && !fatal) fatal = fileItem(file, `cannot read the file: ${err.message}`, { line: nextLine, column: 1 });
  };

  try {
    for await (const chunk of utf8Chunks(stream, (n) => { progress.bytesRead += n; }, lang, dialect)) {
      if (!core) {
        // wait for the whole header line, which decides the delimiter
        headerBytes.push(chunk);
        let head = Buffer.concat(headerBytes);
        let lineEnd = lineEndOf(head);
        // a CR as the last byte may be the first half of a CRLF: wait for one more byte
        if (lineEnd === -1 || lineEnd === head.length - 1) continue;
        if (sep === undefined) {
          sep = sepLine(head, lineEnd);
          if (sep) {
            head = head.subarray(sepLine(head, lineEnd)!.next);
            headerBytes = [head];
            nextLine = 2;
            lineEnd = lineEndOf(head);
            if (lineEnd === -1 || lineEnd === head.length - 1) continue;
          }
        }
        headerBytes = [];
        core = startParser(head, lineEnd);
        feed(head, false);
      } else feed(chunk, false);
      if (fatal) break;
      if (out.length > 0) {
        progress.rows = rows;
        onProgress?.(progress);
        yield* out.splice(0);
      }
    }
    if (!fatal) {
      if (!core && headerBytes.length > 0) {
        const head = Buffer.concat(headerBytes);
        core = startParser(head, lineEndOf(head));
        feed(head, false);
      }
      if (core) feed(undefined, true);
    }
  } catch (e) {
    if (e instanceof CsvFileError) fatal = fileItem(file, e.message);
    else {
      const code = (e as NodeJS.ErrnoException).code;
      fatal = fileItem(file, code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? (e as Error).message})`);
    }
  } finally {
    if ('destroy' in stream && typeof stream.destroy === 'function' && path !== '-') (stream as { destroy(): void }).destroy();
  }
  // rows held for the look-ahead are read with what the file settled (every row is one item, even on a fatal error)
  queue?.flush();
  progress.rows = rows;
  onProgress?.(progress);
  yield* out.splice(0);
  if (fatal) {
    yield fatal;
    return;
  }
  if (!plan) yield fileItem(file, t(lang, 'csv.empty'), { line: 1, column: 1 });
  else if (rows === 0) yield fileItem(file, t(lang, 'csv.noRows'), { line: nextLine, column: 1 });
}
