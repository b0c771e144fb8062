// Go's signed 64-bit integers (Time, GoID, ProcID, ThreadID) in JavaScript.
// The reader keeps them as plain numbers while they are safe integers and
// switches to bigint only beyond that, so the common case costs nothing and
// the rare huge value (a fuzzed timestamp, a wrapped ID) stays exact.

/** A Go int64: a number when |v| ≤ MAX_SAFE_INTEGER, otherwise a bigint. */
export type I64 = number | bigint;

const TWO64 = 1n << 64n;
const TWO63 = 1n << 63n;
export const MIN_I64 = -TWO63;
export const MAX_I64 = TWO63 - 1n;

/** Canonical form of an exact integer given as a bigint. */
export function i64FromBigInt(v: bigint): I64 {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Go's int64(x) for a uint64 x (number or bigint): wraps at 2^63. */
export function u64ToI64(x: number | bigint): I64 {
  if (typeof x === 'number') return x;
  const v = BigInt.asIntN(64, x);
  return i64FromBigInt(v);
}

/** Go's uint64(x) for an int64 x: negative values wrap to the top half. */
export function i64ToU64(x: I64): number | bigint {
  if (typeof x === 'number' && x >= 0) return x;
  const v = BigInt.asUintN(64, BigInt(x));
  return v <= 9007199254740991n ? Number(v) : v;
}

/** a + b with Go's int64 wraparound. */
export function addI64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    // Both operands exact and the true sum a safe integer: s is exact.
    if (s <= 9007199254740991 && s >= -9007199254740991) return s;
  }
  return i64FromBigInt(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
}

/** Three-way comparison of two int64 values (mixed number/bigint compare exactly). */
export function cmpI64(a: I64, b: I64): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Go's int64(f) for a float64 f on amd64: truncation toward zero, and
 * math.MinInt64 for NaN and anything out of range (what CVTTSD2SQ yields).
 */
export function floatToI64(f: number): I64 {
  if (f > -9007199254740992 && f < 9007199254740992) return Math.trunc(f);
  if (!(f < 9223372036854775808 && f >= -9223372036854775808)) return MIN_I64;
  return BigInt(f); // integer-valued already at this magnitude
}

export { TWO64 };
