// Random raw event sequences, for every version and every event type with
// random argument values and data, round-trip binary ↔ text exactly; and Go's
// wire-level dump of the same bytes prints what our decode prints (which
// checks Go string quoting of arbitrary bytes and uint64 printing against Go).
import { test, fc } from '@fast-check/jest';
import { describeGo } from '../support/go';
import { goToolTraceDump } from '../../src/readers/goToolchain';
import { RawEvent } from '../../src/trace/rawEvent';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { readRawEvents } from '../../src/trace/rawReader';
import { parseTextTrace } from '../../src/trace/textReader';
import { rawEventsToText } from '../../src/trace/textWriter';
import { specsFor } from '../../src/trace/spec';
import { toU64, U64 } from '../../src/trace/u64';
import { Version, VERSIONS } from '../../src/trace/version';

const u64Arb: fc.Arbitrary<U64> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(300) },
  { weight: 2, arbitrary: fc.maxSafeNat() },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(toU64) },
  { weight: 1, arbitrary: fc.constantFrom<U64>(0, 127, 128, 2 ** 53 - 1, 2n ** 53n, 2n ** 63n, (1n << 64n) - 1n) },
);

// Non-empty: Go's binary reader turns zero-length data into "no data", which
// the text form then omits (see the dedicated test below).
const dataArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map((s) => new TextEncoder().encode(s)),
  fc.constantFrom(...['\x00', '"\\', '\u00a0\u200b\ufffd', '\t\n\r\v\f\x07\x08\x7f', 'hello world'].map((s) => new TextEncoder().encode(s))),
);

function eventArb(v: Version): fc.Arbitrary<RawEvent> {
  const specs = specsFor(v);
  const types = specs.flatMap((s, t) => (s ? [t] : []));
  return fc.constantFrom(...types).chain((type) => {
    const spec = specs[type]!;
    const fixed = fc.array(u64Arb, { minLength: spec.args.length, maxLength: spec.args.length });
    if (spec.isStack) {
      return fc.tuple(u64Arb, fc.array(fc.array(u64Arb, { minLength: 4, maxLength: 4 }), { maxLength: 5 })).map(
        ([id, frames]): RawEvent => ({ version: v, type, args: [id, frames.length, ...frames.flat()] }),
      );
    }
    if (spec.hasData) {
      return fc.tuple(fixed, dataArb).map(([args, data]): RawEvent => ({ version: v, type, args, data }));
    }
    return fixed.map((args): RawEvent => ({ version: v, type, args }));
  });
}

const traceArb = fc
  .constantFrom(...VERSIONS)
  .chain((v) => fc.tuple(fc.constant(v), fc.array(eventArb(v), { maxLength: 30 })));

describe('raw events round-trip between binary and text', () => {
  test.prop([traceArb], { seed: 20260101, numRuns: 300 })('binary → events → text → events → binary is exact', ([v, events]) => {
    const bin = encodeRawTrace(v, events);
    const fromBin = readRawEvents(bin);
    expect(fromBin.version).toBe(v);
    expect(fromBin.events).toEqual(events);
    const text = rawEventsToText(v, fromBin.events);
    const fromText = parseTextTrace(text);
    expect(fromText.version).toBe(v);
    expect(fromText.events).toEqual(events);
    expect(rawEventsToText(v, fromText.events)).toBe(text);
    expect(encodeRawTrace(v, fromText.events)).toEqual(bin);
  });

  test('every event type of every version is covered by the generator', () => {
    for (const v of VERSIONS) {
      const seen = new Set<number>();
      for (const ev of fc.sample(eventArb(v), { seed: 7, numRuns: 3000 })) seen.add(ev.type);
      const expected = specsFor(v).flatMap((s, t) => (s ? [t] : []));
      expect([...seen].sort((a, b) => a - b)).toEqual(expected);
    }
  });

  test('zero-length data is dropped by the binary reader, as in Go', () => {
    const ev: RawEvent = { version: 22, type: 5, args: [1], data: new Uint8Array(0) };
    const bin = encodeRawTrace(22, [ev]);
    expect(readRawEvents(bin).events).toEqual([{ version: 22, type: 5, args: [1] }]);
    // Text keeps an explicit empty string.
    expect(parseTextTrace('Trace Go1.22\nString id=1\n\tdata=""\n').events[0].data).toEqual(new Uint8Array(0));
  });
});

describeGo('random raw events against go tool trace -d=wire', (tc) => {
  for (const v of VERSIONS) {
    test(`go1.${v}: our decode prints what Go prints`, async () => {
      const events = fc.sample(eventArb(v), { seed: 1000 + v, numRuns: 400 });
      // A hole in the table (an unnamed type byte) prints as an empty line in Go.
      const hole = specsFor(v).findIndex((s, t) => t > 0 && s === undefined);
      if (hole > 0) events.push({ version: v, type: hole, args: [] });
      const bin = encodeRawTrace(v, events);
      const go = await goToolTraceDump(tc(), bin, 'wire');
      expect(go.stderr).toBe('');
      const ours = rawEventsToText(v, readRawEvents(bin).events).split('\n').slice(1).join('\n');
      expect(ours).toBe(go.stdout);
    });
  }
});
