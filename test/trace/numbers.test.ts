// The reader's number handling, where Go's semantics are easy to get subtly
// wrong in JavaScript: uvarints (encoding/binary's two flavours), int64
// wraparound, float64 → int64 conversion (amd64: MinInt64 when out of range),
// full-range values staying exact, and decimal text (Go's %d).
import { test as fcTest, fc } from '@fast-check/jest';
import { uvarintAt, uvValue, UV_OVERFLOW, UV_TRUNCATED } from '../../src/trace/uvarintScan';
import { addI64, floatToI64, i64ToU64, u64ToI64, MIN_I64 } from '../../src/trace/int64';
import { freqMul, frequencyFromTicksPerSecond } from '../../src/trace/frequency';
import { decimal } from '../../src/trace/decimal';
import { u64ToString } from '../../src/trace/u64';

function encode(v: bigint): number[] {
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

describe('uvarintScan', () => {
  fcTest.prop([fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })], { seed: 11, numRuns: 500 })('round trips every uint64, canonical form', (v) => {
    const buf = Uint8Array.from(encode(v));
    expect(uvarintAt(buf, 0, buf.length, true)).toBe(buf.length);
    const got = uvValue();
    expect(BigInt(got)).toBe(v);
    expect(typeof got).toBe(v <= BigInt(Number.MAX_SAFE_INTEGER) ? 'number' : 'bigint');
  });

  test('a tenth byte above 1 overflows', () => {
    const buf = Uint8Array.from([...Array(9).fill(0xff), 0x02]);
    expect(uvarintAt(buf, 0, buf.length, true)).toBe(UV_OVERFLOW);
    expect(uvarintAt(buf, 0, buf.length, false)).toBe(UV_OVERFLOW);
  });

  test('ten continuation bytes: overflow when streaming, truncation on a slice that ends there', () => {
    const ten = Uint8Array.from(Array(10).fill(0x80));
    expect(uvarintAt(ten, 0, ten.length, true)).toBe(UV_OVERFLOW);
    expect(uvarintAt(ten, 0, ten.length, false)).toBe(UV_TRUNCATED);
    const eleven = Uint8Array.from(Array(11).fill(0x80));
    expect(uvarintAt(eleven, 0, eleven.length, false)).toBe(UV_OVERFLOW);
  });

  test('running out of bytes is a truncation', () => {
    expect(uvarintAt(Uint8Array.from([0x80, 0x80]), 0, 2, true)).toBe(UV_TRUNCATED);
    expect(uvarintAt(new Uint8Array(0), 0, 0, true)).toBe(UV_TRUNCATED);
  });
});

describe('int64', () => {
  test('uint64 → int64 wraps at 2^63, and back', () => {
    expect(u64ToI64((1n << 64n) - 1n)).toBe(-1);
    expect(u64ToI64(1n << 63n)).toBe(MIN_I64);
    expect(u64ToI64(12345)).toBe(12345);
    expect(i64ToU64(-1)).toBe((1n << 64n) - 1n);
  });

  test('addition wraps like Go and stays exact past 2^53', () => {
    expect(addI64(9007199254740991, 1)).toBe(9007199254740992n);
    expect(addI64((1n << 63n) - 1n, 1)).toBe(MIN_I64);
    expect(addI64(MIN_I64, MIN_I64)).toBe(0);
    expect(addI64(-5, 3)).toBe(-2);
  });

  test('float64 → int64 truncates toward zero; NaN and out of range give MinInt64 (amd64)', () => {
    expect(floatToI64(-2.5)).toBe(-2);
    expect(floatToI64(NaN)).toBe(MIN_I64);
    expect(floatToI64(Infinity)).toBe(MIN_I64);
    expect(floatToI64(-1e19)).toBe(MIN_I64);
    expect(floatToI64(9.3e18)).toBe(MIN_I64);
    expect(floatToI64(2 ** 60)).toBe(1n << 60n);
  });

  test('tick → nanosecond conversion is Go float arithmetic', () => {
    const f = frequencyFromTicksPerSecond(15625000); // 64 ns per tick
    expect(freqMul(f, 10)).toBe(640);
    expect(freqMul(frequencyFromTicksPerSecond(0), 0)).toBe(MIN_I64); // 0 × +Inf = NaN
    expect(freqMul(1, (1n << 64n) - 1n)).toBe(MIN_I64); // 2^64 does not fit
  });
});

describe('decimal', () => {
  // Large numbers are printed from digit groups, not String(): every group
  // boundary and sign must come out as Go's %d.
  test('boundaries of the digit groups and of the number types', () => {
    const cases = [0, 1, -1, 9999, 10000, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 1e8, 1e8 - 1, 1e12, 1e12 + 1, 1700000000007,
      1e15, 1e16 - 2, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 60, -(2 ** 63), 100000000000000];
    for (const x of cases) expect(decimal(x)).toBe(BigInt(x).toString());
    expect(decimal(1n << 63n)).toBe('9223372036854775808');
    expect(u64ToString(123456789012345)).toBe('123456789012345');
  });

  fcTest.prop([fc.bigInt({ min: -(1n << 53n), max: 1n << 53n })])('an integer number prints as its BigInt does', (b) => {
    expect(decimal(Number(b))).toBe(b.toString());
  });
});
