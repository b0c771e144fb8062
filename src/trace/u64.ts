// Unsigned 64-bit values as they appear in traces. Almost all are small, so the
// canonical form is a plain number; only values above 2^53-1 (which a number
// cannot hold exactly) are bigints. Keeping one canonical form means `===`
// works for small values and `u64Equal` for all.

import { decimal } from './decimal';

export type U64 = number | bigint;

export const U64_MAX = (1n << 64n) - 1n;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Canonical U64 from a non-negative integer (number or bigint); throws RangeError outside [0, 2^64). */
export function toU64(x: number | bigint): U64 {
  if (typeof x === 'number') {
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`not a uint64: ${x}`);
    if (x <= Number.MAX_SAFE_INTEGER) return x;
    // An unsafe number is already inexact; keep its exact binary value.
    x = BigInt(x);
  }
  if (x < 0n || x > U64_MAX) throw new RangeError(`not a uint64: ${x}`);
  return x <= MAX_SAFE_BIG ? Number(x) : x;
}

export function u64ToBigInt(v: U64): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** Decimal text, as Go's strconv.FormatUint(v, 10). */
export function u64ToString(v: U64): string {
  // decimal(), not String(): see decimal.ts for why large numbers matter.
  return typeof v === 'number' ? decimal(v) : v.toString(10);
}

export function u64Equal(a: U64, b: U64): boolean {
  if (typeof a === typeof b) return a === b;
  // Canonical values of different representations are never equal, but accept
  // non-canonical input too.
  return u64ToBigInt(a) === u64ToBigInt(b);
}

/** The value as a number when exact, else undefined. */
export function u64ToSafeNumber(v: U64): number | undefined {
  if (typeof v === 'number') return v;
  return v <= MAX_SAFE_BIG ? Number(v) : undefined;
}

/** Parses Go-style strconv.ParseUint(s, 10, 64): ASCII digits only, no sign, no underscores. */
export function parseU64Decimal(s: string): U64 | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (n <= 15) return Number(s);
  const b = BigInt(s);
  if (b > U64_MAX) return undefined;
  return b <= MAX_SAFE_BIG ? Number(b) : b;
}
