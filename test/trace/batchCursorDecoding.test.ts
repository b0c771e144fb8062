// BatchCursor reads the events of an M's batches as Go's batchCursor does.
// It reads the common case (an event well inside its batch, numbers of at
// most four bytes, times below 2^52) by a path of its own and everything
// else by the general one; whichever path an event takes, the cursor must
// give what Go's arithmetic gives, computed here from the events themselves:
// lastTs starts at freq.mul(batch time) and each event's time is
// lastTs + freq.mul(delta).
import { test as fcTest, fc } from '@fast-check/jest';
import { BatchCursor } from '../../src/trace/batchCursor';
import type { Batch } from '../../src/trace/batch';
import { freqMul } from '../../src/trace/frequency';
import { I64, addI64 } from '../../src/trace/int64';
import { specsFor } from '../../src/trace/spec';
import type { U64 } from '../../src/trace/u64';
import { writeUvarint } from '../../src/trace/uvarint';

const specs = specsFor(26);
// Timed event types and how many arguments follow their time delta.
const TIMED: Array<{ type: number; nargs: number }> = [];
specs.forEach((sp, type) => {
  if (sp !== undefined && sp.isTimed && sp.args.length > 0) TIMED.push({ type, nargs: sp.args.length - 1 });
});

// Numbers of every length: one byte, up to four (the common path), more
// (the general path), and beyond 2^53 (bigints).
const u64 = fc.oneof(
  fc.integer({ min: 0, max: 127 }),
  fc.integer({ min: 128, max: 2 ** 28 - 1 }),
  fc.integer({ min: 2 ** 28, max: Number.MAX_SAFE_INTEGER }),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
);
const smallDelta = fc.integer({ min: 0, max: 2 ** 20 });
const event = fc.record({
  kind: fc.constantFrom(...TIMED),
  delta: fc.oneof({ weight: 4, arbitrary: smallDelta }, { weight: 1, arbitrary: u64 }),
  args: fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 2 ** 28 - 1 }) }, { weight: 1, arbitrary: u64 }), { minLength: 4, maxLength: 4 }),
});
// Batch base times in ticks: ordinary, near 2^52 (where the common path
// stops), just below 2^53 (where a sum of numbers stops being exact), beyond.
const baseTime = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 40 }),
  fc.integer({ min: 2 ** 52 - 2 ** 24, max: 2 ** 52 + 2 ** 24 }),
  fc.integer({ min: 2 ** 53 - 2 ** 22, max: 2 ** 53 - 1 }),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n }),
);
// Nanoseconds per tick: 1 (go1.22+ on Linux), and others that round.
const freq = fc.constantFrom(1, 0.5, 1 / 3, 15.625, 64, 1e9 / 2_900_000_000);
const batchSpec = fc.record({ time: baseTime, events: fc.array(event, { maxLength: 12 }) });

interface Expected {
  type: number;
  time: I64;
  args: U64[];
  offset: number;
}

function build(batches: Array<{ time: U64; events: Array<{ kind: { type: number; nargs: number }; delta: U64; args: U64[] }> }>, f: number): { batches: Batch[]; expected: Expected[] } {
  const out: Batch[] = [];
  const expected: Expected[] = [];
  let offset = 1000;
  for (const b of batches) {
    const bytes: number[] = [];
    let lastTs: I64 = 0;
    for (const e of b.events) {
      const start = bytes.length;
      bytes.push(e.kind.type);
      writeUvarint(bytes, e.delta);
      const args = e.args.slice(0, e.kind.nargs);
      for (const a of args) writeUvarint(bytes, a);
      // Go's batchCursor.nextEvent: lastTs is set from the batch's time whenever it is 0.
      if (lastTs === 0) lastTs = freqMul(f, b.time);
      lastTs = addI64(freqMul(f, e.delta), lastTs);
      while (args.length < 4) args.push(0);
      expected.push({ type: e.kind.type, time: lastTs, args, offset: offset + start });
    }
    out.push({ m: 7, time: b.time, data: Uint8Array.from(bytes), exp: 0, offset: offset - 10, dataOffset: offset });
    offset += bytes.length + 100;
  }
  return { batches: out, expected };
}

function readAllEvents(bc: BatchCursor): Array<Expected | string> {
  const got: Array<Expected | string> = [];
  for (;;) {
    const r = bc.nextEvent();
    if (r === false) return got;
    if (r !== true) return [...got, r];
    got.push({ type: bc.type, time: bc.time, args: [bc.a0, bc.a1, bc.a2, bc.a3], offset: bc.evOffset });
  }
}

describe("BatchCursor gives Go's events whichever way it reads them", () => {
  fcTest.prop([fc.array(batchSpec, { minLength: 1, maxLength: 4 }), freq], { seed: 0xbc, numRuns: 400 })(
    'events of every number length, near the ends of batches, across batches (some empty)',
    (specs, f) => {
      const { batches, expected } = build(specs, f);
      expect(readAllEvents(new BatchCursor(7, batches, f))).toEqual(expected);
    },
  );

  test('a long run of one-byte events and of four-byte ones, well inside one batch', () => {
    const kind = TIMED.find((k) => k.nargs === 4) ?? TIMED[0];
    const events = [];
    for (let i = 0; i < 200; i++) events.push({ kind, delta: i % 2 === 0 ? 5 : 2 ** 27 + i, args: [i, 2 ** 21 + i, 127, 2 ** 28 - 1 - i] });
    for (const f of [1, 1 / 3]) {
      const { batches, expected } = build([{ time: 2 ** 40, events }], f);
      expect(readAllEvents(new BatchCursor(7, batches, f))).toEqual(expected);
    }
  });

  test("a malformed event stops the cursor with Go's error text", () => {
    const data = Uint8Array.from([TIMED[0].type, 3, ...new Array(TIMED[0].nargs).fill(1), 0xff, 1, 2]);
    const bc = new BatchCursor(7, [{ m: 7, time: 10, data, exp: 0, offset: 0, dataOffset: 10 }], 1);
    expect(bc.nextEvent()).toBe(true);
    expect(bc.nextEvent()).toBe('found invalid event type: 255');
  });
});
