// Go-compatible unsigned varints (encoding/binary): 7 bits per byte, low group
// first, at most 10 bytes, and the 10th byte may only be 0 or 1. Reading goes
// through ByteCursor, which never allocates on the success path and throws a
// WireReadError carrying Go's error text on failure.
import { TraceError } from './traceError';
import { U64, u64ToBigInt } from './u64';

/** Maximum encoded length of a uint64 (binary.MaxVarintLen64). */
export const MAX_UVARINT_LEN = 10;

/** Go's io.EOF, io.ErrUnexpectedEOF and binary's overflow error, by their texts. */
export type WireReadErrorKind = 'EOF' | 'unexpected EOF' | 'overflow';

const KIND_TEXT: Record<WireReadErrorKind, string> = {
  EOF: 'EOF',
  'unexpected EOF': 'unexpected EOF',
  overflow: 'binary: varint overflows a 64-bit integer',
};

/** A low-level read failure; `message` is Go's text so callers can wrap it as Go does ("error reading batch gen: EOF"). */
export class WireReadError extends TraceError {
  readonly kind: WireReadErrorKind;
  constructor(kind: WireReadErrorKind, offset: number) {
    super(KIND_TEXT[kind], { offset });
    Object.setPrototypeOf(this, new.target.prototype);
    this.kind = kind;
  }
}

/** A read position over a byte array. */
export class ByteCursor {
  pos: number;
  readonly end: number;

  constructor(readonly buf: Uint8Array, pos = 0, end = buf.length) {
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** One byte (Go's ReadByte): EOF when none is left. */
  byte(): number {
    if (this.pos >= this.end) throw new WireReadError('EOF', this.pos);
    return this.buf[this.pos++];
  }

  /** A view of the next n bytes (no copy); unexpected EOF (or EOF for n>0 at the end) if fewer remain. Nothing is consumed on failure. */
  bytes(n: number): Uint8Array {
    if (n > this.end - this.pos) throw new WireReadError(this.pos >= this.end && n > 0 ? 'EOF' : 'unexpected EOF', this.pos);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * binary.ReadUvarint: EOF if no byte is left, unexpected EOF if the input ends
   * inside the varint, overflow past 64 bits. On failure pos is left after the
   * bytes Go would have consumed.
   */
  uvarint(): U64 {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    let p = start;
    // Fast path: up to 4 bytes (28 bits) with small-integer arithmetic.
    let x = 0;
    let shift = 0;
    for (let i = 0; i < 4; i++) {
      if (p >= end) {
        this.pos = p;
        throw new WireReadError(i === 0 ? 'EOF' : 'unexpected EOF', p);
      }
      const b = buf[p++];
      if (b < 0x80) {
        this.pos = p;
        return x | (b << shift);
      }
      x |= (b & 0x7f) << shift;
      shift += 7;
    }
    // Longer values: plain float arithmetic is exact below 2^53; larger values
    // (rare: mostly the NoThread M id) are recomputed with bigints.
    let v = x;
    let mul = 0x1000_0000; // 2^28
    for (let i = 4; i < MAX_UVARINT_LEN; i++) {
      if (p >= end) {
        this.pos = p;
        throw new WireReadError('unexpected EOF', p);
      }
      const b = buf[p++];
      if (b < 0x80) {
        if (i === MAX_UVARINT_LEN - 1 && b > 1) {
          this.pos = p;
          throw new WireReadError('overflow', p);
        }
        this.pos = p;
        // Below 2^53 when the top byte keeps the value under the limit.
        if (i < 7 || (i === 7 && b < 16)) return v + b * mul;
        return bigUvarint(buf, start, p);
      }
      v += (b & 0x7f) * mul;
      mul *= 128;
    }
    this.pos = p;
    throw new WireReadError('overflow', p);
  }
}

// Exact value of the (already validated) varint at buf[start..end).
function bigUvarint(buf: Uint8Array, start: number, end: number): U64 {
  let v = 0n;
  for (let q = end - 1; q >= start; q--) v = (v << 7n) | BigInt(buf[q] & 0x7f);
  return v <= MAX_SAFE_BIG ? Number(v) : v;
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Encoded length of v as a minimal uvarint. */
export function uvarintLength(v: U64): number {
  if (typeof v === 'number') {
    let n = 1;
    while (v >= 0x80) {
      v = Math.floor(v / 128);
      n++;
    }
    return n;
  }
  let n = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    n++;
  }
  return n;
}

/** A growable byte buffer for building wire data. */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }

  byte(b: number): this {
    this.ensure(1);
    this.buf[this.len++] = b & 0xff;
    return this;
  }

  raw(bytes: Uint8Array | readonly number[]): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  /** Minimal uvarint (binary.AppendUvarint). */
  uvarint(v: U64): this {
    this.ensure(MAX_UVARINT_LEN);
    if (typeof v === 'number') {
      if (!(v >= 0) || !Number.isInteger(v)) throw new RangeError(`not a uint64: ${v}`);
      if (v > Number.MAX_SAFE_INTEGER) return this.uvarint(BigInt(v));
      while (v >= 0x80) {
        this.buf[this.len++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
      this.buf[this.len++] = v;
      return this;
    }
    if (v < 0n || v >> 64n !== 0n) throw new RangeError(`not a uint64: ${v}`);
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
    return this;
  }

  /**
   * A uvarint padded to exactly `width` bytes with continuation bits, as the
   * runtime writes batch sizes it patches in later. Throws RangeError if v does
   * not fit in 7*width bits or width is outside 1..10.
   */
  uvarintPadded(v: U64, width: number): this {
    if (!Number.isInteger(width) || width < 1 || width > MAX_UVARINT_LEN) throw new RangeError(`bad uvarint width ${width}`);
    let b = u64ToBigInt(v);
    if (b < 0n || b >> 64n !== 0n || b >> BigInt(7 * width) !== 0n) throw new RangeError(`${v} does not fit in a ${width}-byte uvarint`);
    this.ensure(width);
    for (let i = 0; i < width; i++) {
      const low = Number(b & 0x7fn);
      b >>= 7n;
      this.buf[this.len++] = i < width - 1 ? low | 0x80 : low;
    }
    return this;
  }

  /** The bytes written so far (a copy). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Appends v as a minimal uvarint to a number array or ByteWriter. */
export function writeUvarint(out: number[] | ByteWriter, v: U64): void {
  if (out instanceof ByteWriter) {
    out.uvarint(v);
    return;
  }
  const w = new ByteWriter(MAX_UVARINT_LEN);
  w.uvarint(v);
  for (const b of w.bytes()) out.push(b);
}

/** Appends v padded to `width` bytes (see ByteWriter.uvarintPadded). */
export function writeUvarintPadded(out: number[] | ByteWriter, v: U64, width: number): void {
  if (out instanceof ByteWriter) {
    out.uvarintPadded(v, width);
    return;
  }
  const w = new ByteWriter(MAX_UVARINT_LEN);
  w.uvarintPadded(v, width);
  for (const b of w.bytes()) out.push(b);
}

/** Encodes v as a minimal uvarint. */
export function encodeUvarint(v: U64): Uint8Array {
  return new ByteWriter(MAX_UVARINT_LEN).uvarint(v).bytes();
}

/** Decodes one uvarint at pos (see ByteCursor.uvarint for errors). */
export function readUvarint(buf: Uint8Array, pos: number): { value: U64; pos: number } {
  const c = new ByteCursor(buf, pos);
  const value = c.uvarint();
  return { value, pos: c.pos };
}
