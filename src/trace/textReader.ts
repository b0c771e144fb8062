// Go's text trace format → RawEvents, with the rules of Go's raw.TextReader:
// tokens are separated by Unicode white space; a line whose first token starts
// with '#' is a comment and blank lines are skipped (also between an event and
// its frame or data lines); arguments must appear in the spec's order with the
// spec's names; a '#' after an event's arguments is an error, not a comment.
// Lines longer than 65535 bytes are rejected as Go's line scanner does.
//
// Errors are TextFormatErrors: `goMessage` is Go's exact text and `line` the
// 1-based line where the fault was found; `message` is "line N: <goMessage>".
//
// Deliberate differences: the input is taken as UTF-8 text (a BOM is kept, as
// Go keeps it, and fails the header; invalid bytes
// become U+FFFD before parsing, where Go would keep them inside a token); a
// `Trace Go1.11/1.19/1.21` header, which Go accepts and then fails on every
// event name, is rejected at once.
import { goQuote, goUnquote } from './goQuote';
import { FRAME_FIELDS, RawEvent } from './rawEvent';
import { EventSpec, eventTypeByName, specsFor } from './spec';
import { U64, parseU64Decimal, u64ToString } from './u64';
import { isVersion, LEGACY_VERSIONS, Version } from './version';

export class TextFormatError extends Error {
  override readonly name = 'TextFormatError';
  constructor(readonly line: number, readonly goMessage: string) {
    super(`line ${line}: ${goMessage}`);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** unicode.IsSpace (all white space is in the BMP). */
export function isGoSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** Go's readToken: the first token and what follows it; "" for a blank or comment rest. */
function readToken(s: string): [string, string] {
  const n = s.length;
  let start = 0;
  while (start < n) {
    const c = s.charCodeAt(start);
    if (c === 0x23 /* # */) return ['', ''];
    if (!isGoSpace(c)) break;
    start++;
  }
  if (start >= n) return ['', ''];
  let end = start;
  while (end < n) {
    const c = s.charCodeAt(end);
    if (isGoSpace(c) || c === 0x23) break;
    end++;
  }
  return [s.slice(start, end), s.slice(end)];
}

function trimGoSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function onlySpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isGoSpace(s.charCodeAt(i))) return false;
  return true;
}

/** Go's %v of a []uint64: "[1 2 3]". */
function formatArgs(args: readonly U64[]): string {
  return '[' + args.map(u64ToString).join(' ') + ']';
}

// bufio.Scanner's default maximum token size; a line must fit with its newline.
const MAX_LINE_BYTES = 64 * 1024 - 1;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

class ArgError extends Error {}

/** Go's readArgs: exactly the named arguments, then only white space. */
function readArgs(s: string, names: readonly string[], out: U64[]): void {
  for (const name of names) {
    const [tok, rest] = readToken(s);
    if (tok.length === 0) throw new ArgError('no argument');
    const eq = tok.indexOf('=');
    if (eq < 0) throw new ArgError(`malformed argument: ${goQuote(tok)}`);
    const arg = tok.slice(0, eq);
    const val = tok.slice(eq + 1);
    const v = parseU64Decimal(val);
    if (v === undefined) throw new ArgError(`failed to parse argument value ${goQuote(val)} for arg ${goQuote(arg)}`);
    if (arg !== name) throw new ArgError(`expected argument ${goQuote(name)}, but got ${goQuote(arg)}`);
    out.push(v);
    s = rest;
  }
  if (!onlySpace(s)) throw new ArgError(`encountered unexpected non-space at the end of an event: ${goQuote(s)}`);
}

export class TextReader implements Iterable<RawEvent> {
  readonly version: Version;
  /** Line number (1-based) of the event returned last. */
  eventLine = 0;
  private readonly pull: () => string | undefined;
  private idx = 0;
  private readonly specs: readonly (EventSpec | undefined)[];
  private done = false;

  /**
   * Reads the header line at once; throws TextFormatError if it is bad. The
   * text is a whole string or buffer, or its lines one by one (without their
   * newlines) from an iterator, so a stream holds only one line at a time.
   */
  constructor(text: string | Uint8Array | Iterator<string>) {
    if (typeof text === 'string' || text instanceof Uint8Array) {
      const s = typeof text === 'string' ? text : new TextDecoder('utf-8', { ignoreBOM: true }).decode(text);
      const lines = s.split('\n');
      // A final newline does not start another line.
      if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      let i = 0;
      this.pull = () => (i < lines.length ? lines[i++] : undefined);
    } else {
      this.pull = () => {
        const r = text.next();
        return r.done ? undefined : r.value;
      };
    }
    const first = this.nextLine();
    if (first === undefined) throw new TextFormatError(1, 'EOF');
    const lineNo = this.idx;
    const [trace, rest1] = readToken(first);
    if (trace !== 'Trace') throw new TextFormatError(lineNo, 'failed to parse header');
    const [gover, rest] = readToken(rest1);
    if (!gover.startsWith('Go1.')) throw new TextFormatError(lineNo, 'failed to parse header Go version');
    const digits = gover.slice(4);
    const raw = parseU64Decimal(digits);
    if (raw === undefined) {
      const why = /^[0-9]+$/.test(digits) ? 'value out of range' : 'invalid syntax';
      throw new TextFormatError(lineNo, `failed to parse header Go version: strconv.ParseUint: parsing ${goQuote(digits)}: ${why}`);
    }
    // Go stores the number in a uint32.
    const v = Number(BigInt(raw) & 0xffffffffn);
    if (!isVersion(v)) {
      if (LEGACY_VERSIONS.includes(v)) {
        throw new TextFormatError(lineNo, `unsupported Go version 1.${v}: pre-go1.22 traces have no text format here`);
      }
      throw new TextFormatError(lineNo, `unknown or unsupported Go version 1.${v}`);
    }
    this.version = v;
    this.specs = specsFor(v);
    if (!onlySpace(rest)) {
      throw new TextFormatError(lineNo, `encountered unexpected non-space at the end of the header: ${goQuote(rest)}`);
    }
  }

  /** The next non-blank, non-comment line (its number is this.idx), or undefined at the end. */
  private nextLine(): string | undefined {
    for (;;) {
      let line = this.pull();
      if (line === undefined) return undefined;
      this.idx++;
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 0x0d) line = line.slice(0, -1);
      if (line.length * 3 > MAX_LINE_BYTES && utf8Length(line) + 1 > MAX_LINE_BYTES) {
        // Go's line scanner gives up on the stream here.
        throw new TextFormatError(this.idx, 'bufio.Scanner: token too long');
      }
      if (readToken(line)[0] === '') continue;
      return line;
    }
  }

  /** The next event, or undefined at the end; throws TextFormatError (after which the reader stays done). */
  next(): RawEvent | undefined {
    if (this.done) return undefined;
    try {
      const ev = this.read();
      if (ev === undefined) this.done = true;
      return ev;
    } catch (e) {
      this.done = true;
      throw e;
    }
  }

  *[Symbol.iterator](): Iterator<RawEvent> {
    for (;;) {
      const ev = this.next();
      if (ev === undefined) return;
      yield ev;
    }
  }

  private read(): RawEvent | undefined {
    const line = this.nextLine();
    if (line === undefined) return undefined;
    const lineNo = this.idx;
    this.eventLine = lineNo;
    const [name, rest] = readToken(line);
    const type = eventTypeByName(this.version, name);
    const spec = type === undefined ? undefined : this.specs[type];
    if (type === undefined || !spec) throw new TextFormatError(lineNo, `unidentified event: ${name}`);
    const args: U64[] = [];
    try {
      readArgs(rest, spec.args, args);
    } catch (e) {
      if (e instanceof ArgError) throw new TextFormatError(lineNo, `reading args for ${name}: ${e.message}`);
      throw e;
    }
    if (spec.isStack) {
      // Go converts the count to int: 2^63 and above is negative, no frames.
      // Each frame needs a line of its own, so the loop is bounded by the text.
      const nframes = typeof args[1] === 'bigint' ? (args[1] >= 1n << 63n ? 0 : Infinity) : args[1];
      for (let i = 0; i < nframes; i++) {
        const fl = this.nextLine();
        if (fl === undefined) {
          throw new TextFormatError(this.idx + 1, `unexpected EOF while reading stack: args=${formatArgs(args)}`);
        }
        try {
          readArgs(fl, FRAME_FIELDS, args);
        } catch (e) {
          if (e instanceof ArgError) throw new TextFormatError(this.idx, e.message);
          throw e;
        }
      }
    }
    const ev: RawEvent = { version: this.version, type, args };
    if (spec.hasData) {
      const dl = this.nextLine();
      if (dl === undefined) {
        throw new TextFormatError(this.idx + 1, `unexpected EOF while reading data for ${name}: args=${formatArgs(args)}`);
      }
      const eq = dl.indexOf('=');
      if (eq < 0 || trimGoSpace(dl.slice(0, eq)) !== 'data') {
        throw new TextFormatError(this.idx, `malformed data: ${goQuote(dl)}`);
      }
      const data = goUnquote(trimGoSpace(dl.slice(eq + 1)));
      if (data === undefined) throw new TextFormatError(this.idx, `failed to parse data: ${goQuote(dl)}: invalid syntax`);
      ev.data = data;
    }
    return ev;
  }
}

/** All events of a text trace; throws TextFormatError at the first bad line. */
export function parseTextTrace(text: string | Uint8Array): { version: Version; events: RawEvent[] } {
  const r = new TextReader(text);
  return { version: r.version, events: [...r] };
}
