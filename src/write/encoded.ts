// A sink that writes text in another encoding than UTF-8 (csv in the dialect of a Windows-1252 or UTF-16
// spreadsheet). The encoding is asked for at each write, since the csv format settles it with its first row.
import { iconv } from '../io/decode.js';
import type { Sink } from '../io/atomic-writer.js';
import type { CsvDialect } from '../types.js';

export function encodedSink<S extends Sink>(sink: S, encoding: () => CsvDialect['encoding'], onLoss: () => void): S {
  let warned = false;
  const wrapped: Sink = {
    write(chunk, done) {
      const target = encoding();
      if (target === 'utf-8') return sink.write(chunk, done);
      // a slice's rows come as UTF-8 bytes (formatted on a worker thread or by the slice runner here)
      const text =
        typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString();
      // French typography's narrow no-break spaces have no Windows-1252 byte; the no-break space reads the same
      const plain = target === 'windows-1252' ? text.replace(/[\u202f\u2007\u2009]/g, '\u00a0') : text;
      const bytes = iconv().encode(plain, target === 'windows-1252' ? 'win1252' : 'utf16le');
      // Windows-1252 has no Chinese, no emoji...: iconv writes "?" for them; say so once rather than in silence
      if (!warned && target === 'windows-1252' && iconv().decode(bytes, 'win1252') !== plain) {
        warned = true;
        onLoss();
      }
      sink.write(bytes, done);
    },
    commit: () => sink.commit(),
    abort: () => sink.abort(),
  };
  return Object.assign(Object.create(sink) as S, wrapped);
}
