// Trace strings keep Go's bytes: decoding is lossless for any bytes, equals
// ordinary UTF-8 decoding for valid UTF-8, and quoting a decoded string is
// Go's strconv.Quote of the original bytes.
import { test, fc } from '@fast-check/jest';
import { decodeGoString, encodeGoString, goQuoteString, hasEscapedBytes } from '../../src/trace/goString';
import { goQuoteBytes } from '../../src/trace/goQuote';

const bytesWithUtf8ish = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => new TextEncoder().encode(s)),
  // Splices of valid UTF-8 and stray bytes: truncated sequences, overlongs, surrogates.
  fc.array(fc.oneof(
    fc.string({ unit: 'binary', maxLength: 4 }).map((s) => Array.from(new TextEncoder().encode(s))),
    fc.constantFrom([0xff], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbb, 0xbf], [0xf0, 0x9f]),
  ), { maxLength: 8 }).map((parts) => Uint8Array.from(parts.flat())),
);

test.prop([bytesWithUtf8ish], { seed: 4242, numRuns: 2000 })('decode then encode gives back the bytes', (b) => {
  expect(Buffer.from(encodeGoString(decodeGoString(b)))).toEqual(Buffer.from(b));
});

test.prop([bytesWithUtf8ish], { seed: 4243, numRuns: 2000 })('quoting a decoded string is Go\'s quoting of its bytes', (b) => {
  expect(goQuoteString(decodeGoString(b))).toBe(goQuoteBytes(b));
});

test.prop([fc.string({ unit: 'binary', maxLength: 30 })], { seed: 4244, numRuns: 1000 })(
  'valid UTF-8 decodes to the ordinary string, with no escaped bytes',
  (s) => {
    const d = decodeGoString(new TextEncoder().encode(s));
    expect(d).toBe(s);
    expect(hasEscapedBytes(d)).toBe(false);
  },
);

test('a leading byte-order mark is kept (Go keeps it)', () => {
  expect(decodeGoString(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
});

test('each invalid byte is escaped on its own, as Go\'s %q does', () => {
  const s = decodeGoString(Uint8Array.from([0x61, 0xe2, 0x82, 0x62, 0xff]));
  expect(hasEscapedBytes(s)).toBe(true);
  expect(goQuoteString(s)).toBe('"a\\xe2\\x82b\\xff"');
});
