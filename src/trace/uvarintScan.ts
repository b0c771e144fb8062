// Allocation-free uvarint decoding for the reader's hot path. The decoded
// value is left in a module slot (read it with uvValue()) so decoding an
// event's arguments creates no objects; values below 2^53 stay numbers.
//
// Two flavours of Go's encoding/binary semantics:
//  - stream (binary.ReadUvarint): ten bytes that all have the continuation
//    bit are an overflow even if input follows; running out first is a
//    truncation;
//  - slice (binary.Uvarint): running out of bytes is a truncation, even
//    after ten continuation bytes.
// In both, a tenth byte greater than 1 is an overflow.
import type { U64 } from './u64';
import { primeBranches } from './feedbackPriming';

export const UV_TRUNCATED = -1;
export const UV_OVERFLOW = -2;

let value: U64 = 0;

/** The value decoded by the last successful uvarintAt. */
export function uvValue(): U64 {
  return value;
}

/**
 * Decodes a uvarint at buf[pos] (not reading at or beyond end). Returns the
 * position after it, or UV_TRUNCATED / UV_OVERFLOW. Small enough to be
 * inlined: values of up to four bytes are decoded here, in int32 arithmetic.
 */
export function uvarintAt(buf: Uint8Array, pos: number, end: number, stream: boolean): number {
  if (pos + 4 <= end) {
    let b = buf[pos];
    if (b < 0x80) {
      value = b;
      return pos + 1;
    }
    let v = b & 0x7f;
    b = buf[pos + 1];
    if (b < 0x80) {
      value = v | (b << 7);
      return pos + 2;
    }
    v |= (b & 0x7f) << 7;
    b = buf[pos + 2];
    if (b < 0x80) {
      value = v | (b << 14);
      return pos + 3;
    }
    v |= (b & 0x7f) << 14;
    b = buf[pos + 3];
    if (b < 0x80) {
      value = v | (b << 21);
      return pos + 4;
    }
  }
  return uvarintLong(buf, pos, end, stream);
}

// Five bytes or more, or near the end of the input.
function uvarintLong(buf: Uint8Array, pos: number, end: number, stream: boolean): number {
  // Fast path: up to 7 bytes (49 bits) fit a number exactly.
  let x = 0;
  let mul = 1;
  const fastEnd = Math.min(end, pos + 7);
  let i = pos;
  for (; i < fastEnd; i++) {
    const b = buf[i];
    if (b < 0x80) {
      value = x + b * mul;
      return i + 1;
    }
    x += (b & 0x7f) * mul;
    mul *= 128;
  }
  if (i >= end) return UV_TRUNCATED;
  // Slow path: continue in bigint from byte 7 on.
  let big = BigInt(x);
  let shift = 49n;
  for (let k = i - pos; ; k++, i++) {
    if (k === 10) return stream ? UV_OVERFLOW : (i >= end ? UV_TRUNCATED : UV_OVERFLOW);
    if (i >= end) return UV_TRUNCATED;
    const b = buf[i];
    if (b < 0x80) {
      if (k === 9 && b > 1) return UV_OVERFLOW;
      big |= BigInt(b) << shift;
      value = big <= 9007199254740991n ? Number(big) : big;
      return i + 1;
    }
    big |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  }
}

// Every branch of both, run at load (see feedbackPriming): one to four bytes
// with room after them, five and more (a double), ten (a bigint), and cut
// short; a branch first met in a trace after V8 optimized the reader (the
// first 3-byte table ID, the first huge argument) threw the reader's code
// away.
{
  const long = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
  const cases: number[][] = [[1], [0x81, 1], [0x81, 0x81, 1], [0x81, 0x81, 0x81, 1], [0x81, 0x81, 0x81, 0x81, 1], long];
  const args = cases.map((b) => [new Uint8Array([...b, 0, 0, 0]), 0, b.length + 3, false] as [Uint8Array, number, number, boolean]);
  args.push([new Uint8Array(long.slice(0, 9)), 0, 9, true]);
  primeBranches(uvarintAt, args);
}
