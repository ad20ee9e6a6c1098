// The way the main thread used to find where a slice may end, kept as the reference the tests hold the
// streaming RowCutter (src/cli/batch.ts) and the worker's reader to: it rescans a whole buffer at once.
/** Where a slice may end: just after the last line break that lies outside quotes, as csv-parse reads quotes. */
export function lastRowEnd(buf: Uint8Array, delimiter: number, lineBreak: number): number {
  let quoting = false;
  let cut = -1;
  let i = 0;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  for (;;) {
    const q = b.indexOf(0x22, i);
    const end = q === -1 ? b.length : q;
    if (!quoting && end > i) {
      const nl = b.lastIndexOf(lineBreak, end - 1);
      if (nl >= i) cut = nl + 1;
    }
    if (q === -1) return cut;
    if (!quoting) {
      // a quote opens a quoted cell only at the start of a cell; elsewhere csv-parse (relax_quotes) keeps it as text
      const before = q === 0 ? lineBreak : b[q - 1];
      if (before === delimiter || before === 0x0a || before === 0x0d) quoting = true;
      i = q + 1;
    } else {
      // inside quotes: "" is a quote, any other quote ends the quoted part (the cell goes on as text if
      // something other than a delimiter follows; csv-parse does the same with relax_quotes)
      if (q + 1 >= b.length) return cut;
      i = b[q + 1] === 0x22 ? q + 2 : q + 1;
      if (b[q + 1] !== 0x22) quoting = false;
    }
  }
}

