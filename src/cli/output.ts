// Where a command's output goes, and the one way every command writes it:
// standard output, or a file written atomically (AtomicFile: a temporary file
// beside the target, fsynced and renamed; removed when anything fails). A
// write that fails is an OutputError (exit 1, one line) — a full disk or
// `> /dev/full` never passes for success. A closed pipe (`| head`) is not an
// error: main exits 0 quietly on EPIPE, as Unix tools do.
import { basename, dirname, resolve } from 'node:path';
import { AtomicFile, FileWriteError, removeStaleTempFiles } from '../corpus/atomicWrite';

/** Writing the output failed (exit 1); keeps the errno code and syscall of the cause. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly code: string;
  readonly syscall: string;
  constructor(what: string, cause: unknown) {
    const e = cause as NodeJS.ErrnoException;
    super(cause instanceof FileWriteError ? cause.message : `cannot write ${what}: ${e?.message ?? String(cause)}`);
    this.code = typeof e?.code === 'string' ? e.code : 'EIO';
    this.syscall = typeof e?.syscall === 'string' ? e.syscall : 'write';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

let stdoutFailure: NodeJS.ErrnoException | null = null;

/** Records an error standard output reported (main's 'error' listener calls this). */
export function noteStdoutError(e: NodeJS.ErrnoException): void {
  stdoutFailure ??= e;
}

/** The error standard output reported, if any, as an OutputError. */
export function stdoutError(): OutputError | null {
  return stdoutFailure === null ? null : new OutputError('standard output', stdoutFailure);
}

/** Writes to stdout; resolves once the data is handed to the system, rejects with an OutputError when it cannot be. */
export function writeStdout(data: string | Uint8Array, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stdoutFailure !== null && out === process.stdout) return reject(stdoutError());
    try {
      out.write(data, (err?: Error | null) => (err ? reject(new OutputError('standard output', err)) : resolve()));
    } catch (err) {
      reject(new OutputError('standard output', err));
    }
  });
}

/** An output being written in chunks: commit() makes it whole, abort() leaves no trace of it (files). */
export interface Output {
  readonly name: string;
  write(data: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
}

/**
 * Opens OUT for writing: `-` is standard output, anything else a file that
 * appears (atomically) only on commit(). Throws OutputError when the file
 * cannot be created.
 */
export function openOutput(path: string): Output {
  if (path === '-') {
    return { name: 'standard output', write: (d) => writeStdout(d), commit: () => Promise.resolve(), abort: () => undefined };
  }
  let file: AtomicFile;
  try {
    // What an earlier run killed while writing this file left goes first.
    try { removeStaleTempFiles(dirname(resolve(path)), basename(path)); } catch { /* no such directory: the open below says so */ }
    file = new AtomicFile(path);
  } catch (e) {
    throw new OutputError(path, e);
  }
  return {
    name: path,
    write(d) {
      try {
        file.write(d);
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(new OutputError(path, e));
      }
    },
    commit() {
      try {
        file.commit();
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(new OutputError(path, e));
      }
    },
    abort: () => file.abort(),
  };
}

/** Writes a whole output (file or `-`) at once. */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  const out = openOutput(path);
  try {
    await out.write(data);
    await out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}

/** Runs `body` writing to out; commits when it returns, aborts (no partial file) when it throws. */
export async function withOutput<T>(out: Output, body: (out: Output) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await body(out);
  } catch (e) {
    out.abort();
    throw e;
  }
  await out.commit();
  return result;
}
