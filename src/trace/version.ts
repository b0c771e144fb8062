// The trace header, `go 1.NN trace\x00\x00\x00`, and the versions tracefuzz reads.
//
// Go parses the header with fmt.Fscanf("go 1.%d trace\x00\x00\x00"), which is
// more lenient than the literal text: a space in the format matches one or more
// white-space characters (not newline), %d skips leading white space and
// accepts leading zeros ("go 1.022 trace" is go1.22), and nothing after the
// last NUL is looked at. readHeader reproduces exactly which headers Go accepts
// and how many bytes it consumes; every rejected header gives Go's text
// "bad file format: not a Go execution trace?".
//
// Versions Go knows but tracefuzz does not read:
//  - go 1.11, 1.19, 1.21 are valid to Go, which converts these older ("v1")
//    traces with a separate parser. tracefuzz does not implement that format;
//    readHeader throws a TraceError saying so (Go would go on parsing).
//  - every other number (e.g. go 1.24, which wrote go1.23-format traces with a
//    "go 1.23" header) gives Go's "unknown or unsupported trace version go 1.%d".
import { decodeRuneGo } from './goQuote';
import { TraceError } from './traceError';

export type Version = 22 | 23 | 25 | 26;
export const VERSIONS: readonly Version[] = [22, 23, 25, 26];
export const CURRENT_VERSION: Version = 26;
/** Versions Go accepts in a header but parses with its v1 (pre-go1.22) reader. */
export const LEGACY_VERSIONS: readonly number[] = [11, 19, 21];

export const BAD_FORMAT_MESSAGE = 'bad file format: not a Go execution trace?';

export function isVersion(v: number): v is Version {
  return v === 22 || v === 23 || v === 25 || v === 26;
}

/** "Go1.22": the spelling used in the text format's header line. */
export function versionName(v: Version): string {
  return `Go1.${v}`;
}

export function writeHeader(v: number): Uint8Array {
  const s = `go 1.${v} trace\x00\x00\x00`;
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Length of the canonical header (16 bytes for every two-digit version). */
export const HEADER_LENGTH = 16;

// White space as fmt's scanner sees it (the unicode.White_Space set).
function isFmtSpace(r: number): boolean {
  return (
    (r >= 0x09 && r <= 0x0d) || r === 0x20 || r === 0x85 || r === 0xa0 || r === 0x1680 ||
    (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000
  );
}

const EOF = -1;

/** Rune-at-a-time reader with one rune of unread, as fmt uses over a bufio.Reader. */
class RuneScanner {
  pos = 0;
  private lastWidth = 0;
  constructor(private readonly buf: Uint8Array) {}

  next(): number {
    const b = this.buf;
    const p = this.pos;
    if (p >= b.length) {
      this.lastWidth = 0;
      return EOF;
    }
    const [r, w] = decodeRuneGo(b, p);
    this.pos += w;
    this.lastWidth = w;
    return r;
  }

  unread(): void {
    this.pos -= this.lastWidth;
    this.lastWidth = 0;
  }
}

class HeaderMismatch extends Error {}

/** Matches a lone space of the format: at least one non-newline space, or end of input. */
function matchSpace(s: RuneScanner): void {
  let r = s.next();
  if (!isFmtSpace(r) && r !== EOF) throw new HeaderMismatch();
  if (r === 0x0a) throw new HeaderMismatch();
  while (isFmtSpace(r) && r !== 0x0a) r = s.next();
  if (r !== EOF) s.unread();
}

function matchLiteral(s: RuneScanner, lit: string): void {
  for (let i = 0; i < lit.length; i++) {
    if (s.next() !== lit.charCodeAt(i)) throw new HeaderMismatch();
  }
}

/** %d into a uint32, as fmt scans it. */
function scanUint32(s: RuneScanner): number {
  // SkipSpace: white space other than newline ("\r\n" counts as a newline).
  for (;;) {
    const r = s.next();
    if (r === EOF) break;
    if (r === 0x0a) throw new HeaderMismatch();
    if (!isFmtSpace(r)) {
      s.unread();
      break;
    }
  }
  let digits = '';
  for (;;) {
    const r = s.next();
    if (r >= 0x30 && r <= 0x39) {
      digits += String.fromCharCode(r);
      continue;
    }
    if (r !== EOF) s.unread();
    break;
  }
  if (digits.length === 0) throw new HeaderMismatch();
  const v = BigInt(digits);
  if (v > 0xffffffffn) throw new HeaderMismatch();
  return Number(v);
}

export interface Header {
  version: Version;
  /** Bytes the header occupies; the first batch starts here. */
  length: number;
}

/** The version of the header at the start of buf, or null when Go's reader would reject it. */
export function traceVersion(buf: Uint8Array): Version | null {
  try {
    return readHeader(buf).version;
  } catch {
    return null;
  }
}

/** The version number a header Go accepts names (any number, read or not), and its length; null when Go rejects the header. */
function scanHeader(buf: Uint8Array): { v: number; length: number } | null {
  const s = new RuneScanner(buf);
  try {
    matchLiteral(s, 'go');
    matchSpace(s);
    matchLiteral(s, '1.');
    const v = scanUint32(s);
    matchSpace(s);
    matchLiteral(s, 'trace\x00\x00\x00');
    return { v, length: s.pos };
  } catch (e) {
    if (e instanceof HeaderMismatch) return null;
    throw e;
  }
}

/** The version the header at the start of buf announces (e.g. 11 for a pre-go1.22 trace), or null when Go would reject the header. */
export function announcedVersion(buf: Uint8Array): number | null {
  return scanHeader(buf)?.v ?? null;
}

/** Parses the header at the start of buf with Go's rules and error texts. */
export function readHeader(buf: Uint8Array): Header {
  const h = scanHeader(buf);
  if (h === null) throw new TraceError(BAD_FORMAT_MESSAGE, { offset: 0 });
  const v = h.v;
  if (isVersion(v)) return { version: v, length: h.length };
  if (LEGACY_VERSIONS.includes(v)) {
    throw new TraceError(`unsupported trace version go 1.${v}: a pre-go1.22 trace, which tracefuzz does not read`, { offset: 0 });
  }
  throw new TraceError(`unknown or unsupported trace version go 1.${v}`, { offset: 0 });
}
