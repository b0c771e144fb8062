// The buffer the streaming commands print through: whatever the lines and
// however the writes fall, the output is each line's bytes and a newline, in
// order — UTF-8, and a trace string's non-UTF-8 bytes as themselves — with
// lines longer than the buffer among them.
import { test as fcTest, fc } from '@fast-check/jest';
import { LineBuffer } from '../../src/cli/lineBuffer';
import type { Output } from '../../src/cli/output';
import { decodeGoString, encodeGoString } from '../../src/trace/goString';

/** An Output that keeps copies of what it is given (the buffer is reused after each write). */
function collector(): { out: Output; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  const out: Output = {
    name: 'test',
    write: (d) => {
      parts.push(Buffer.from(typeof d === 'string' ? Buffer.from(d, 'utf8') : Buffer.from(d)));
      return Promise.resolve();
    },
    commit: () => Promise.resolve(),
    abort: () => undefined,
  };
  return { out, bytes: () => Buffer.concat(parts) };
}

async function print(lines: string[]): Promise<Buffer> {
  const { out, bytes } = collector();
  const b = new LineBuffer(out);
  for (const line of lines) {
    const long = b.add(line);
    if (long !== undefined) await long;
    if (b.full) await b.flush();
  }
  await b.flush();
  return bytes();
}

const expected = (lines: string[]) => Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from(encodeGoString(l)), Buffer.from('\n')])));

// Trace strings as the reader makes them: any bytes, decoded byte-preservingly.
const traceString = fc.uint8Array({ maxLength: 40 }).map((b) => decodeGoString(b));
const line = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  traceString.map((s) => `Stack=\n\t${s} @ 0x4000\n\t${s}:12`),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 10_000, max: 70_000 }).map((n) => '\u00e9\uDCff'.repeat(n)),
);

fcTest.prop([fc.array(line, { maxLength: 60 })])('the output is every line and a newline, byte for byte', async (lines) => {
  expect((await print(lines)).equals(expected(lines))).toBe(true);
});

test('a non-UTF-8 byte goes out as itself; a valid U+FFFD as UTF-8', async () => {
  const s = decodeGoString(Uint8Array.from([0x61, 0xff, 0xef, 0xbf, 0xbd]));
  expect([...(await print([s, 'é']))]).toEqual([0x61, 0xff, 0xef, 0xbf, 0xbd, 10, 0xc3, 0xa9, 10]);
});
