// The one output writer: every file the tool writes (`--output`, `init`, the interview's profile) goes through
// `fileSink`, and the report on stdout through `stdoutSink`. What `-o` names decides how it is written:
// - a regular file (or a new name) is replaced atomically: the report goes to a temporary file beside it, opened
//   exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) under an unpredictable name, so a link planted under that name is
//   never followed; it is renamed over the target only when complete, with the target's permissions (a 0600
//   report stays 0600) and, where the tool may, its owner. A failure or a signal leaves the previous file as it was.
// - a symbolic link is followed: the file it points to is what is replaced (the link stays a link), or written
//   through when it is a device or a FIFO; a dangling link is refused.
// - a character device or a FIFO is written through, never replaced (`-o /dev/null` must not turn the machine's
//   /dev/null into a regular file). A FIFO with no reader is refused rather than waited on; one with a reader is
//   written asynchronously (a libuv pipe, as Node's own stdout on a pipe), so a reader that stops reading never
//   blocks the process in a write: SIGINT and SIGTERM are handled, said in one line, exit 130/143. A block device
//   (a disk) is refused: nobody means to write a report over a file system.
// - a directory, a socket, or a file that is one of the inputs is refused, in one line.
// Every failure is a UserError: one line naming the path and what to do, exit 2.
import {
  accessSync,
  closeSync,
  constants,
  fdatasync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, isAbsolute } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { UserError } from '../errors.js';
import { forTerminalReport } from '../report/escape.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { Lang } from '../types.js';

export interface Sink {
  /**
   * text, or bytes already encoded as UTF-8 (the parallel ndjson batch hands over whole buffers); `done` is
   * called once the bytes are no longer needed, so that their memory can be reused
   */
  write(text: string | Uint8Array, done?: () => void): void;
  /** finish: for a file, flush and rename into place */
  commit(): void;
  /** give up: for a file, remove the temporary file */
  abort(): void;
}

export interface OutputOptions {
  /** the run's inputs (files and directories): the output must not be one of them */
  inputs?: readonly string[];
  /** what is written, for messages: "report" (default), "profile", "template" */
  what?: string;
  /**
   * how the command takes the path written, for the messages that tell where to write instead: `-o` (default,
   * assess and validate), `--out` (interview), `init [file]`: an init or interview user has no -o to change
   */
  pathOption?: string;
  /** the language of the messages (--lang) */
  lang?: Lang;
  /** extensions of the files a directory input is read for (an output among them would be read next run) */
  inputExtensions?: readonly string[];
}

/**
 * The language of the writer's messages: set by the sink last opened (each command opens its output first, with
 * its --lang), and read by the signal handler, which has no caller to be told by.
 */
let lang: Lang = 'en';

/** The language of a failed write's message when no sink was opened (`rules show` writes to stdout itself). */
export function setWriteMessagesLang(messagesLang: Lang): void {
  lang = messagesLang;
}

/** Why a write failed, in words a user can act on (the code stays in brackets for searching). */
const WRITE_ERRORS = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EACCES',
  'EPERM',
  'EROFS',
  'EISDIR',
  'ENOENT',
  'ENOTDIR',
  'ENAMETOOLONG',
  'ELOOP',
  'EIO',
  'ENXIO',
  'EPIPE',
  'EBADF',
]);

/** "report", "profile", "template" in the messages' language; another description as it is given. */
const WHAT_WORDS: Record<string, MessageKey> = {
  report: 'write.what.report',
  profile: 'write.what.profile',
  template: 'write.what.template',
  output: 'write.what.output',
  draft: 'write.what.draft',
  stepSummary: 'write.what.stepSummary',
};
function whatWord(what: string): string {
  const key = WHAT_WORDS[what];
  return key ? t(lang, key) : what;
}

/** "standard output" in the messages' language; a path as it is. */
const shown = (path: string): string => (path === 'standard output' ? t(lang, 'write.stdout') : path);

/** `{path}: cannot write the {what}: {why}` in the messages' language. */
function cannotWrite(path: string, what: string, reason: string): string {
  return t(lang, 'write.failed', { path: shown(path), what: whatWord(what), reason });
}

export function writeErrorMessage(path: string, error: unknown, what = 'report'): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const known = code && WRITE_ERRORS.has(code) ? t(lang, `write.${code}` as MessageKey) : undefined;
  const reason = known ? `${known} (${code})` : (code ?? (error as Error | null)?.message ?? String(error));
  return cannotWrite(path, what, reason);
}

/** A failed write as the one-line user error it is. */
export function writeError(path: string, error: unknown, what = 'report'): UserError {
  if (error instanceof UserError) return error;
  return new UserError(writeErrorMessage(path, error, what));
}

// ---------------------------------------------------------------------------------------------------------
// Signals: while anything is half-written, SIGINT, SIGTERM and SIGHUP clean it up, say so, and exit 128+n.

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type Cleanup = () => string | void;
const cleanups = new Set<Cleanup>();
const handlers = new Map<NodeJS.Signals, () => void>();

function onSignal(signal: keyof typeof SIGNALS): void {
  const said: string[] = [];
  // newest first: the report's own sink last, after the pieces written into it
  for (const cleanup of [...cleanups].reverse()) {
    try {
      const words = cleanup();
      if (words) said.push(words);
    } catch {
      /* cleaning up is best effort: the exit must happen */
    }
  }
  cleanups.clear();
  const line =
    said.length > 0
      ? t(lang, 'write.interruptedSaying', { signal, said: said.join('; ') })
      : t(lang, 'write.interrupted', { signal });
  process.stderr.write(`\n${line}\n`);
  process.exit(128 + SIGNALS[signal]);
}

/**
 * Runs `cleanup` (and prints what it returns) if the process gets SIGINT, SIGTERM or SIGHUP before the returned
 * function is called. The handlers exist only while some cleanup is registered, so a command that writes nothing
 * keeps the default behaviour of each signal (and the interview its own handlers).
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  if (handlers.size === 0) {
    for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) {
      const handler = (): void => onSignal(signal);
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      handlers.clear();
    }
  };
}

// ---------------------------------------------------------------------------------------------------------

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Refuses an output that is one of the inputs, or a profile file inside an input directory. */
function refuseInput(display: string, target: string, info: Stats | null, options: OutputOptions): void {
  if (!options.inputs) return;
  // where the file is or would be, links resolved, so that an input folder reached through a link is recognised
  try {
    target = join(realpathSync(dirname(target)), basename(target));
  } catch {
    /* the write says why */
  }
  const extensions = options.inputExtensions ?? [];
  for (const input of options.inputs) {
    let inputInfo: Stats;
    let real: string;
    try {
      // `-` is stdin, which may be the very file (`assess - < report.json -o report.json`)
      inputInfo = input === '-' ? fstatSync(0) : statSync(input);
      real = input === '-' ? '' : realpathSync(input);
    } catch {
      continue; // an unreadable input is reported by the reader
    }
    const same = info !== null && inputInfo.isFile() && inputInfo.dev === info.dev && inputInfo.ino === info.ino;
    const inDirectory =
      real !== '' &&
      inputInfo.isDirectory() &&
      isInside(real, target) &&
      extensions.includes(extname(target).toLowerCase());
    if (same || inDirectory) {
      throw new UserError(
        same ? t(lang, 'write.isInput', { path: display }) : t(lang, 'write.insideInput', { path: display, input }),
      );
    }
  }
}

/** Opens `-o` and the like; see the top of this file for what each kind of target gets. */
export function fileSink(display: string, options: OutputOptions = {}): Sink & { drain?(): Promise<void> } {
  const what = options.what ?? 'report';
  if (options.lang) lang = options.lang;
  if (display.trim() === '') throw new UserError(t(lang, 'write.emptyName', { what: whatWord(what) }));
  const fail = (e: unknown, path = display): never => {
    throw writeError(path, e, what);
  };
  // `-o reports/` names a folder, even one that does not exist yet: never a file called "reports"
  if (display.endsWith('/')) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  let target = resolve(display);
  let info: Stats | null = null;
  try {
    info = lstatOrNull(target);
    if (info?.isSymbolicLink()) {
      try {
        info = statSync(target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new UserError(cannotWrite(display, what, t(lang, 'write.danglingLink')));
        }
        throw e;
      }
      // a regular file is replaced where it really is; anything else (`/dev/stdout` -> /proc/self/fd/1 -> a pipe,
      // which has no path) is opened through the link
      if (info.isFile()) target = realpathSync(target);
    }
  } catch (e) {
    fail(e);
  }
  refuseInput(display, target, info, options);
  // `-o /dev/stdout` (or any path to what fd 1 is, a pipe or a socket that no path can open): stdout itself
  if (info && !info.isFile() && isStdout(info)) return stdoutSink();
  if (info?.isDirectory()) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  // a block device is a disk or a partition: a report written over it would destroy the file system on it
  if (info?.isBlockDevice()) throw new UserError(cannotWrite(display, what, t(lang, 'write.blockDevice')));
  if (info && (info.isCharacterDevice() || info.isFIFO())) return writeThrough(display, target, info, what);
  if (info && !info.isFile()) throw new UserError(cannotWrite(display, what, t(lang, 'write.notFile')));
  return replaceAtomically(display, target, info, what, options.pathOption ?? '-o');
}

function isStdout(info: Stats): boolean {
  try {
    const out = fstatSync(1);
    return out.dev === info.dev && out.ino === info.ino;
  } catch {
    return false;
  }
}

/** A device or a FIFO: written in place, as a shell redirection would. */
function writeThrough(display: string, target: string, info: Stats, what: string): Sink & { drain?(): Promise<void> } {
  let fd: number;
  try {
    if (info.isFIFO()) {
      // opening a FIFO for writing waits, with the whole process blocked, until a reader comes; a non-blocking
      // open tells at once whether one is there (ENXIO if not). The descriptor goes to a libuv pipe, which writes
      // without ever blocking (what the reader has not taken waits in memory, bounded by the pipeline's drain)
      fd = openSync(target, constants.O_WRONLY | constants.O_NONBLOCK);
      return streamSink(new Socket({ fd, readable: false, writable: true }), display, what, true);
    }
    fd = openSync(target, constants.O_WRONLY);
  } catch (e) {
    throw writeError(display, e, what);
  }
  // a character device (a null or full device, a terminal) takes each write at once; no signal listener here, so a
  // terminal whose output is suspended (Ctrl-S) still ends at Ctrl-C; there is no temporary file to remove
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  };
  const sink = bufferedFd(fd, display, what, close);
  return {
    write: sink.write,
    commit() {
      if (!open) return;
      sink.flush();
      close();
    },
    abort: close,
  };
}

/**
 * Writes to a descriptor with a 64 KiB buffer; a failed write closes via `onError` and throws the user error.
 * `written`: told the bytes of each write.
 */
function bufferedFd(
  fd: number,
  display: string,
  what: string,
  onError: () => void,
  written?: (bytes: number) => void,
): { write: Sink['write']; flush(): void } {
  let buffer = '';
  const put = (data: string | Uint8Array): void => {
    try {
      let bytes = 0;
      if (typeof data === 'string') bytes = writeSync(fd, data);
      else for (; bytes < data.length;) bytes += writeSync(fd, data, bytes, data.length - bytes);
      written?.(bytes);
    } catch (e) {
      onError();
      throw writeError(display, e, what);
    }
  };
  const flush = (): void => {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    put(chunk);
  };
  return {
    write(text, done) {
      if (typeof text !== 'string') {
        flush();
        put(text);
        done?.();
        return;
      }
      buffer += text;
      if (buffer.length > 1 << 16) flush();
    },
    flush,
  };
}

/** Bytes written to a report file between two of its background syncs (see writeback). */
const WRITEBACK_BYTES = 8 << 20;

/**
 * The temporary file's data is sent to the disk while the report is still being made: a background fdatasync (on
 * libuv's thread pool) after every 8 MB written. The file is still synced at the end before it is renamed into
 * place (commit), which is what guards it; that sync then has only the last few megabytes left to wait for: with
 * the whole file still in memory (the kernel writes dirty pages back on its own only past a tenth of the memory),
 * it held the end of a 61 MB csv report for 105 ms. The syncs use a descriptor of their own, opened read-only on
 * the same file (checked by its inode), so that one still running never meets a closed or reused descriptor: it
 * is closed once the report is committed or abandoned and no sync is under way. A failed background sync is left
 * to the final one, which the kernel tells of the same write-back error.
 */
function writeback(fd: number, temp: string): { written(bytes: number): void; end(): void } {
  let syncFd = -1;
  let running = false;
  let ended = false;
  let since = 0;
  const close = (): void => {
    if (syncFd < 0) return;
    try {
      closeSync(syncFd);
    } catch {
      /* already closed */
    }
    syncFd = -1;
  };
  const open = (): boolean => {
    try {
      const other = openSync(temp, constants.O_RDONLY | constants.O_NOFOLLOW);
      const mine = fstatSync(fd);
      const its = fstatSync(other);
      if (mine.ino === its.ino && mine.dev === its.dev) syncFd = other;
      else closeSync(other);
    } catch {
      /* not readable (a umask without the owner's read bit): only the final sync, as before */
    }
    if (syncFd < 0) ended = true;
    return syncFd >= 0;
  };
  return {
    written(bytes) {
      since += bytes;
      if (running || ended || since < WRITEBACK_BYTES) return;
      if (syncFd < 0 && !open()) return;
      since = 0;
      running = true;
      fdatasync(syncFd, () => {
        running = false;
        if (ended) close();
      });
    },
    end() {
      ended = true;
      if (!running) close();
    },
  };
}

/** A folder with no write bit for anyone; a missing one is left to the open's own ENOENT. */
function folderIsReadOnly(dir: string): boolean {
  try {
    const stats = statSync(dir);
    return stats.isDirectory() && (stats.mode & 0o222) === 0;
  } catch {
    return false;
  }
}

function replaceAtomically(
  display: string,
  target: string,
  existing: Stats | null,
  what: string,
  option: string,
): Sink {
  const dir = dirname(target);
  // a file its owner made read-only is not replaced behind their back (the rename alone would allow it); root
  // passes access(), so the mode decides too: a file nobody may write (0444) is read-only, whoever runs the tool
  // (a CI container runs as root)
  if (existing) {
    try {
      accessSync(target, constants.W_OK);
      if ((existing.mode & 0o222) === 0) throw Object.assign(new Error('read-only'), { code: 'EACCES' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EACCES';
      throw new UserError(cannotWrite(display, what, t(lang, 'write.readOnlyFile', { code })));
    }
  }
  // likewise a folder nobody may write to (chmod 555) is one to leave alone, as any user but root would be made to
  if (folderIsReadOnly(dir)) {
    throw new UserError(
      cannotWrite(display, what, t(lang, 'write.folderNotWritable', { dir, code: 'EACCES', option })),
    );
  }
  // the temporary name holds the target's so that a leftover is recognisable, unless that would pass NAME_MAX
  const base = Buffer.byteLength(basename(target)) > 200 ? 'market-ready' : basename(target);
  let temp = '';
  let fd = -1;
  // the name cannot be guessed, and O_EXCL|O_NOFOLLOW make the open fail rather than follow anything planted there
  for (let attempt = 0; fd < 0; attempt++) {
    temp = join(dir, `.${base}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      // a file being replaced: private while written, given the old file's mode at the end; a new one: the umask's
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
      fd = openSync(temp, flags, existing ? 0o600 : 0o666);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new UserError(cannotWrite(display, what, t(lang, 'write.folderNotWritable', { dir, code, option })));
      }
      throw writeError(display, e, what);
    }
  }
  let open = true;
  const synced = writeback(fd, temp);
  const remove = (): void => {
    if (!open) return;
    open = false;
    synced.end();
    unregister();
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
  };
  const unregister = onInterrupt(() => {
    remove();
    return t(lang, 'write.leftAsItWas', { what: whatWord(what), path: display });
  });
  const sink = bufferedFd(fd, display, what, remove, synced.written);
  return {
    write: sink.write,
    commit() {
      if (!open) return;
      try {
        sink.flush();
        if (existing) {
          fchmodSync(fd, existing.mode & 0o7777);
          // only root may give a file away; for anyone else the file is theirs, as a new file would be
          if (existing.uid !== fstatSync(fd).uid) {
            try {
              fchownSync(fd, existing.uid, existing.gid);
            } catch {
              /* not permitted: the new owner is us */
            }
          }
        }
        fsyncSync(fd);
        closeSync(fd);
        open = false;
        synced.end();
        unregister();
        renameSync(temp, target);
      } catch (e) {
        open = true;
        remove();
        throw writeError(display, e, what);
      }
    },
    abort: remove,
  };
}

// ---------------------------------------------------------------------------------------------------------
// stdout

/**
 * A closed stdout (`>&-`) is not detected: Node reopens it on /dev/null read-write before any of our code runs,
 * which is exactly how a parent process discards output on purpose (libuv's `stdio: 'ignore'`, Python's
 * subprocess.DEVNULL); refusing it broke those callers, so such a run writes its report nowhere, as asked.
 */
/**
 * stdout with buffering: one write per ~64 KiB instead of one per line keeps a batch fast. Without a stream given,
 * a report to a regular file, a pipe or a socket is written to fd 1 directly (see directSink); a terminal, a
 * device or anything else goes through process.stdout.
 */
export function stdoutSink(
  stream?: NodeJS.WritableStream,
  language?: Lang,
  options: { neutralised?: boolean } = {},
): Sink & { drain(): Promise<void> } {
  if (language) lang = language;
  if (!stream) {
    const kind = stdoutKind();
    if (kind === 'file') return directSink(Infinity);
    if (kind === 'pipe') return directSink(DIRECT_PIPE_BYTES);
    stream = process.stdout;
  }
  return streamSink(stream, 'standard output', 'report', false, options.neutralised === true);
}

let stdoutKindSeen: 'file' | 'pipe' | 'other' | undefined;

/** what fd 1 is, looked at once: creating process.stdout only to ask costs a cold start milliseconds */
function stdoutKind(): 'file' | 'pipe' | 'other' {
  if (stdoutKindSeen) return stdoutKindSeen;
  try {
    const info = fstatSync(1);
    stdoutKindSeen = info.isFile() ? 'file' : info.isFIFO() || info.isSocket() ? 'pipe' : 'other';
  } catch {
    stdoutKindSeen = 'other';
  }
  return stdoutKindSeen;
}

/**
 * stdout is a terminal. Only a character device can be one; asking process.stdout only then spares a report to
 * a file or a pipe the stream's creation.
 */
export function stdoutIsTerminal(): boolean {
  return stdoutKind() === 'other' && process.stdout.isTTY === true;
}

/** stderr is a terminal: as stdoutIsTerminal, process.stderr is created only for a character device */
export function stderrIsTerminal(): boolean {
  try {
    if (!fstatSync(2).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.stderr.isTTY === true;
}

/**
 * The stdout sinks' text, gathered into one write per ~64 KiB instead of one per line. A batch read from a slow
 * pipe must still show its results as they come: whatever is gathered goes out as soon as the process waits for
 * input (setImmediate runs only then). Bytes already encoded go at once, after the text before them.
 */
function gathered(
  send: (chunk: string | Uint8Array, done?: () => void) => void,
  failed: () => boolean,
): { write(chunk: string | Uint8Array, done?: () => void): void; push(): void; clear(): void } {
  let buffer = '';
  let scheduled = false;
  const push = (): void => {
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = '';
    send(chunk);
  };
  const flushWhenIdle = (): void => {
    scheduled = false;
    if (!failed()) push();
  };
  return {
    write(chunk, done) {
      if (typeof chunk !== 'string') {
        push();
        send(chunk, done);
        return;
      }
      buffer += chunk;
      if (buffer.length > 1 << 16) push();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flushWhenIdle);
      }
    },
    push,
    clear() {
      buffer = '';
    },
  };
}

/**
 * How much a report may write to a pipe or a socket on fd 1 directly before process.stdout takes over: what a
 * Linux pipe holds (64 KiB), so that a write into a pipe of our own never waits for its reader. Past it, a
 * reader that stops reading must hold the run where signals are still handled (streamSink), not in a write.
 */
const DIRECT_PIPE_BYTES = 1 << 16;

/**
 * stdout written with `writeSync(1, ...)`, without process.stdout: creating that stream on a pipe (a net.Socket)
 * cost some 3.5 ms of CPU at each start, more than writing a one-profile report. Node writes a regular file on
 * stdout synchronously anyway (a SyncWriteStream). A failed write (a full disk: ENOSPC; a reader gone: EPIPE) is
 * the same one line as process.stdout's error gives (main.ts), thrown from the write. Once `limit` bytes are
 * written, or a write is short (a non-blocking pipe that is full: EAGAIN), the rest goes through process.stdout
 * in order, so no byte is lost and a stalled reader is waited for as any stream's.
 */
function directSink(limit: number): Sink & { drain(): Promise<void> } {
  let committed = false;
  let written = 0;
  let failed: unknown = null;
  /** process.stdout's sink, once the direct writes are over */
  let rest: (Sink & { drain(): Promise<void> }) | undefined;
  let unregister = onInterrupt(() =>
    committed ? undefined : t(lang, 'write.incomplete', { what: whatWord('report'), path: shown('standard output') }),
  );
  const check = (): void => {
    if (failed) {
      unregister();
      throw writeError('standard output', failed, 'output');
    }
  };
  const handOver = (chunk: Uint8Array, done?: () => void): void => {
    unregister();
    unregister = () => undefined;
    rest = streamSink(process.stdout, 'standard output', 'report', false);
    rest.write(chunk, done);
  };
  const send = (chunk: string | Uint8Array, done?: () => void): void => {
    if (rest) return rest.write(chunk, done);
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (written + size > limit) return handOver(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, done);
    let n = 0;
    try {
      n = typeof chunk === 'string' ? writeSync(1, chunk) : writeSync(1, chunk);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') {
        failed = e;
        check();
      }
    }
    written += n;
    if (n === size) {
      // as a stream calls it: once the write is over, never within it
      if (done) process.nextTick(done);
      return;
    }
    handOver((typeof chunk === 'string' ? Buffer.from(chunk) : chunk).subarray(n), done);
  };
  const text = gathered(send, () => !!failed);
  return {
    write(chunk, done) {
      check();
      if (rest) return rest.write(chunk, done);
      text.write(chunk, done);
    },
    commit() {
      check();
      text.push();
      if (rest) return rest.commit();
      committed = true;
      unregister();
    },
    abort() {
      text.clear();
      if (rest) return rest.abort();
      unregister();
    },
    async drain() {
      text.push();
      if (rest) return rest.drain();
      check();
      // as streamSink's drain, a turn of the event loop: a long batch still lets a signal's handler run
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * A stream (stdout, or a FIFO's pipe) with buffering. Writes never block the process: a reader that stops
 * reading holds the run at the pipeline's next drain, where SIGINT, SIGTERM and SIGHUP are still handled (one
 * line, exit 128+n) rather than a process stuck in a write that only SIGKILL ends. `end`: the stream is the
 * sink's own (a FIFO), ended at commit and waited on until the reader has it all.
 */
function streamSink(
  stream: NodeJS.WritableStream,
  display: string,
  what: string,
  end: boolean,
  neutralised = false,
): Sink & { drain(): Promise<void> } {
  let committed = false;
  // a terminal is written synchronously by Node and cannot stall like a pipe; the person at it who presses Ctrl-C
  // sees the report stop, and the default signal ends the run at once, even within a long synchronous step (the
  // text report's rendering), where a listener would wait for that step to end
  const terminal = (stream as { isTTY?: boolean }).isTTY === true;
  const unregister = terminal
    ? (): void => undefined
    : onInterrupt(() => {
        if (end) (stream as Socket).destroy();
        return committed ? undefined : t(lang, 'write.incomplete', { what: whatWord(what), path: shown(display) });
      });
  let pending: Promise<void> = Promise.resolve();
  let waiting = false;
  let failed: unknown = null;
  // a failed write (a full disk, a closed pipe) is an 'error' event, after the write returned: it is kept and
  // thrown from the next write, drain or commit, so the run ends with exit 2 rather than a silent exit 0
  stream.on('error', (e) => {
    failed ??= e;
  });
  const check = (): void => {
    if (failed) {
      unregister();
      throw writeError(display, failed, what);
    }
  };
  // a report of any format shown on a terminal cannot drive it: a csv cell or a file name holding ESC is shown, not
  // obeyed (JSON escapes its controls itself). The text report is `neutralised` already, every text in it before
  // its colours were added: here its colours' own ESC would be shown as � too
  const send = (chunk: string | Uint8Array, done?: () => void): void => {
    check();
    if (terminal && !neutralised && typeof chunk === 'string') chunk = forTerminalReport(chunk);
    // one drain listener however many chunks are written before it fires
    if (!(done ? stream.write(chunk, () => done()) : stream.write(chunk)) && !waiting) {
      waiting = true;
      pending = new Promise((resolve) => {
        const settle = (): void => {
          waiting = false;
          stream.off('drain', settle);
          stream.off('error', settle);
          resolve();
        };
        stream.once('drain', settle);
        stream.once('error', settle);
      });
    }
  };
  const text = gathered(send, () => !!failed);
  return {
    write(chunk, done) {
      check();
      text.write(chunk, done);
    },
    commit() {
      text.push();
      committed = true;
      if (end) stream.end();
      else unregister();
    },
    abort() {
      text.clear();
      unregister();
      if (end) (stream as Socket).destroy();
    },
    async drain() {
      text.push();
      await pending;
      pending = Promise.resolve();
      if (committed && end) {
        // all of it taken by the reader (or its failure known) before the run says it is done
        const socket = stream as Socket;
        if (!socket.writableFinished && !socket.destroyed)
          await new Promise<void>((resolve) => {
            const done = (): void => resolve();
            stream.once('finish', done);
            stream.once('close', done);
            stream.once('error', done);
          });
        unregister();
      }
      // a write's error event comes a tick after it: wait for it before saying all went well
      await new Promise((resolve) => setImmediate(resolve));
      check();
    },
  };
}
