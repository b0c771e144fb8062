// Uvarints decode to exactly the value encoded, in canonical U64 form (number
// up to 2^53-1, bigint above), wherever they sit in a buffer.
import { test, fc } from '@fast-check/jest';
import { ByteCursor, ByteWriter, encodeUvarint, uvarintLength, readUvarint, writeUvarint } from '../../src/trace/uvarint';
import { toU64, u64Equal, u64ToString, parseU64Decimal } from '../../src/trace/u64';

const valueArb = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.bigInt({ min: 0n, max: 1n << 60n }),
  fc.nat().map(BigInt),
  fc.constantFrom(0n, 127n, 128n, (1n << 49n) - 1n, 1n << 49n, 15n << 49n, (1n << 53n) - 1n, 1n << 53n, (1n << 56n) - 1n, (1n << 64n) - 1n),
);

test.prop([fc.array(valueArb, { maxLength: 20 }), fc.uint8Array({ maxLength: 4 }).map((a) => a.map((b) => b | 0x80))], { seed: 11, numRuns: 500 })(
  'sequences round-trip after any prefix, canonically',
  (values, prefix) => {
    const w = new ByteWriter().raw(prefix);
    for (const v of values) w.uvarint(toU64(v));
    const c = new ByteCursor(w.bytes(), prefix.length);
    for (const v of values) {
      const got = c.uvarint();
      expect(got).toEqual(toU64(v));
      expect(typeof got).toBe(v <= BigInt(Number.MAX_SAFE_INTEGER) ? 'number' : 'bigint');
    }
    expect(c.atEnd()).toBe(true);
  },
);

test.prop([valueArb], { seed: 12, numRuns: 500 })('length, helpers and decimal text agree', (v) => {
  const u = toU64(v);
  const bytes = encodeUvarint(u);
  expect(bytes.length).toBe(uvarintLength(u));
  expect(readUvarint(bytes, 0)).toEqual({ value: u, pos: bytes.length });
  const arr: number[] = [];
  writeUvarint(arr, u);
  expect(Uint8Array.from(arr)).toEqual(bytes);
  expect(u64ToString(u)).toBe(v.toString());
  expect(parseU64Decimal(v.toString())).toEqual(u);
  expect(u64Equal(u, v)).toBe(true);
});

test('out-of-range values are refused', () => {
  expect(() => toU64(-1)).toThrow(RangeError);
  expect(() => toU64(1n << 64n)).toThrow(RangeError);
  expect(() => new ByteWriter().uvarint(1.5)).toThrow(RangeError);
  expect(parseU64Decimal('18446744073709551616')).toBeUndefined();
  expect(parseU64Decimal('+1')).toBeUndefined();
  expect(parseU64Decimal('')).toBeUndefined();
});
