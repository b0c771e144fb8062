// Reading a command's input: a file path, or "-" for standard input; and a
// text trace or .test file turned into the binary trace it stands for.
//
// An Input is read in chunks (binary traces: dump, decode), in lines (text
// traces and .test files: encode), or whole (minimize, replay, which need all
// of it) — and its head can be looked at first, so a command refuses a file
// that is not a trace after reading its first bytes, not all of them.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './usageError';
import { TextFormatError } from '../trace/textReader';
import { traceFromText } from '../corpus/traceText';
import { looksLikeTestFile, parseTestFile } from '../trace/testFile';

const CHUNK = 1 << 18;

function inputError(path: string, e: unknown): InputError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return new InputError(`${path}: no such file`);
  if (err.code === 'EISDIR') return new InputError(`${path}: is a directory`);
  return new InputError(`${path}: ${err.message}`);
}

/** One input, read once from the start: its head may be looked at before the rest is read. */
export class Input {
  private fd: number;
  private readonly peeked: Uint8Array[] = [];
  private ended = false;
  /** Whether the file stays open at its end, for readerAt(). */
  private keepOpen = false;

  constructor(readonly path: string) {
    try {
      this.fd = path === '-' ? 0 : openSync(path, 'r');
    } catch (e) {
      throw inputError(path, e);
    }
  }

  /** Up to n bytes from the start (fewer only at the end of the input); they are read again by what follows. */
  head(n: number): Uint8Array {
    let have = this.peeked.reduce((a, b) => a + b.length, 0);
    while (have < n) {
      const c = this.readChunk();
      if (c === null) break;
      this.peeked.push(c);
      have += c.length;
    }
    return concat(this.peeked).subarray(0, n);
  }

  /** The next chunk (read into `into` if given), or null at the end. */
  private nextChunk(into?: Buffer): Uint8Array | null {
    return this.peeked.shift() ?? this.readChunk(into);
  }

  private readChunk(into?: Buffer): Uint8Array | null {
    if (this.ended) return null;
    const buf = into ?? Buffer.allocUnsafe(CHUNK);
    for (;;) {
      let n: number;
      try {
        n = readSync(this.fd, buf, 0, CHUNK, null);
      } catch (e) {
        // A non-blocking stdin with nothing yet: wait a moment and ask again.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
        this.close();
        throw inputError(this.path, e);
      }
      if (n === 0) {
        if (this.keepOpen) this.ended = true;
        else this.close();
        return null;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, n);
    }
  }

  /**
   * The rest of the input in chunks of at most 256 KiB. With `reuse`, each
   * chunk is read into the same buffer and is valid only until the next is
   * asked for — for a consumer that copies what it keeps (a TraceStream):
   * a buffer per chunk would be garbage that V8, which learns of memory
   * outside its heap late, collects late.
   */
  async *chunks(reuse = false): AsyncGenerator<Uint8Array> {
    const into = reuse ? Buffer.allocUnsafe(CHUNK) : undefined;
    for (let c = this.nextChunk(into); c !== null; c = this.nextChunk(into)) yield c;
  }

  /**
   * For a regular file named by its path: a function reading its bytes at
   * any offset (the chunks' offsets: the file from its start), valid until
   * close(), which the caller then must call. Null for standard input, a
   * pipe or a device (what they give is given once), and once the input
   * has been read to its end: ask before reading.
   */
  readerAt(): ((offset: number, into: Uint8Array) => number) | null {
    if (this.path === '-' || this.fd < 0) return null;
    try {
      if (!fstatSync(this.fd).isFile()) return null;
    } catch {
      return null;
    }
    this.keepOpen = true;
    return (offset, into) => {
      let n = 0;
      try {
        // A read of a regular file is short only at its end.
        while (n < into.length) {
          const r = readSync(this.fd, into, n, into.length - n, offset + n);
          if (r === 0) break;
          n += r;
        }
      } catch (e) {
        throw inputError(this.path, e);
      }
      return n;
    };
  }

  /** The rest of the input as UTF-8 lines without their newlines; a line over 1 MiB comes in 1 MiB pieces. */
  *lines(): Generator<string> {
    const dec = new TextDecoder('utf-8', { ignoreBOM: true });
    let carry = '';
    for (let c = this.nextChunk(); c !== null; c = this.nextChunk()) {
      carry += dec.decode(c, { stream: true });
      let from = 0;
      for (let nl = carry.indexOf('\n'); nl >= 0; nl = carry.indexOf('\n', from)) {
        yield carry.slice(from, nl);
        from = nl + 1;
      }
      carry = carry.slice(from);
      // No line that long is valid: hand it on in pieces and let the reader refuse it.
      while (carry.length > CHUNK) {
        yield carry.slice(0, CHUNK);
        carry = carry.slice(CHUNK);
      }
    }
    carry += dec.decode();
    if (carry.length > 0) yield carry;
  }

  /** The rest of the input, whole. */
  all(): Uint8Array {
    const parts: Uint8Array[] = [];
    for (let c = this.nextChunk(); c !== null; c = this.nextChunk()) parts.push(c);
    return concat(parts);
  }

  close(): void {
    this.ended = true;
    if (this.fd > 0) {
      try { closeSync(this.fd); } catch { /* already closed */ }
      this.fd = -1;
    }
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  return new Uint8Array(Buffer.concat(parts));
}

/** A whole input file ("-" for stdin). */
export function readInput(path: string): Uint8Array {
  return new Input(path).all();
}

/** Text or .test content → binary trace bytes. Throws InputError/TextFormatError/TestFileError. */
export function encodeText(text: string, name = 'input'): Uint8Array {
  let traceText = text;
  let lineOffset = 0;
  if (looksLikeTestFile(text)) {
    const tf = parseTestFile(text);
    traceText = tf.trace;
    // Report lines of the whole file, not of the section.
    const at = text.lastIndexOf('\n-- trace --\n');
    lineOffset = at < 0 ? 1 : text.slice(0, at + 1).split('\n').length;
  }
  try {
    return traceFromText(traceText);
  } catch (e) {
    if (e instanceof TextFormatError) throw new InputError(`${name}:${e.line + lineOffset}: ${e.goMessage}`);
    throw e;
  }
}
