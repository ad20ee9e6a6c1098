// The baseline of the batch benchmark: what a user's own script would do first, csv-parse reading the file
// into one object per row (columns: true), nothing else.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let rows = 0;
for await (const record of createReadStream(process.argv[2]).pipe(parse({ columns: true }))) if (record) rows++;
process.stdout.write(`${rows}\n`);
