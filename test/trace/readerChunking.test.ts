// P5 for the TS reader: the same bytes give the same outcome whether read at
// once (EventReader.readEvent, or readTrace's iterator) or streamed in chunks
// of any size (1, 7 and 65536 bytes here), for
// Go's conformance cases, for cuts and byte flips of them, and for arbitrary
// bytes behind a valid header. Outcome = every event's dump, the error text,
// the error's generation and its byte offset in the input.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as fcTest, fc } from '@fast-check/jest';
import { describeGo } from '../support/go';
import { findGo, goTraceTestdataDir } from '../../src/readers/goToolchain';
import { EventReader, readAll, readAllAsync, readTrace, ReadOutcome } from '../../src/trace/reader';
import type { Event } from '../../src/trace/event';
import { TraceError } from '../../src/trace/traceError';
import { parseTestFile } from '../../src/trace/testFile';
import { parseTextTrace } from '../../src/trace/textReader';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { writeHeader } from '../../src/trace/version';
import { fixtureTrace } from '../support/corpusFixtures';

const CHUNK_SIZES = [1, 7, 65536];

function summary(o: ReadOutcome): { events: string[]; error: string | null; generation: number | undefined; offset: number | undefined } {
  return { events: o.events.map((e) => e.toString()), error: o.error?.message ?? null, generation: o.error?.generation, offset: o.error?.offset };
}

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function readAllByIterator(bytes: Uint8Array): ReadOutcome {
  const events: Event[] = [];
  try {
    for (const e of readTrace(bytes)) events.push(e);
  } catch (e) {
    if (e instanceof TraceError) return { events, error: e };
    throw e;
  }
  return { events, error: null };
}

async function expectChunkingInvariant(bytes: Uint8Array): Promise<void> {
  const whole = summary(readAll(bytes));
  expect(summary(readAllByIterator(bytes))).toEqual(whole);
  for (const size of CHUNK_SIZES) {
    const streamed = summary(await readAllAsync(chunked(bytes, size)));
    expect(streamed).toEqual(whole);
  }
}

const tc0 = findGo();
// Without Go the suite is skipped; jest still wants a non-empty table.
const caseNames = tc0 ? readdirSync(goTraceTestdataDir(tc0)).filter((f) => f.endsWith('.test')).sort() : ['(no Go toolchain)'];

function caseBytes(name: string): Uint8Array {
  const tf = parseTestFile(readFileSync(join(goTraceTestdataDir(tc0!), name), 'utf8'));
  const { version, events } = parseTextTrace(tf.trace);
  return encodeRawTrace(version, events);
}

describeGo('chunked input gives the same outcome as whole input', () => {
  test.each(caseNames)('%s', async (name) => {
    await expectChunkingInvariant(caseBytes(name));
  });

  test('cuts and byte flips of the conformance cases', async () => {
    let n = 0;
    for (const name of caseNames) {
      const bytes = caseBytes(name);
      for (const frac of [0.1, 0.37, 0.5, 0.81, 0.99]) {
        const at = 16 + Math.floor((bytes.length - 16) * frac);
        await expectChunkingInvariant(bytes.subarray(0, at));
        const flipped = bytes.slice();
        flipped[at] ^= 0x41;
        await expectChunkingInvariant(flipped);
        n += 2;
      }
    }
    expect(n).toBeGreaterThan(100);
  });
});

describe('chunking invariance on arbitrary bytes (no Go needed)', () => {
  fcTest.prop(
    [fc.constantFrom(22, 23, 25, 26), fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 40 })],
    { seed: 0x5eed, numRuns: 300 },
  )('a valid header followed by any bytes', async (v, tail, size) => {
    const hdr = writeHeader(v);
    const bytes = new Uint8Array(hdr.length + tail.length);
    bytes.set(hdr);
    bytes.set(tail, hdr.length);
    const whole = summary(readAll(bytes));
    expect(summary(await readAllAsync(chunked(bytes, size)))).toEqual(whole);
    expect(summary(await readAllAsync(chunked(bytes, 1)))).toEqual(whole);
  });

  // Past the reader's first 4 KiB the stream buffer drops consumed bytes and
  // moves the rest: errors found after that must still name their offset in
  // the input, and no byte may be lost or repeated.
  test('a trace of many KiB with errors late in it, in chunks of 1, 7, 4096 and 65536 bytes', async () => {
    const big = fixtureTrace({ generations: 3, fillerRuns: 300, fillerStrings: 300 });
    const semantic = fixtureTrace({ generations: 3, fillerRuns: 300, fillerStrings: 300, faultInGeneration: 3 });
    for (const bytes of [big, big.subarray(0, big.length - 3), semantic]) {
      expect(bytes.length).toBeGreaterThan(16_384);
      const whole = summary(readAll(bytes));
      if (bytes !== big) expect(whole.offset).toBeGreaterThan(16_384);
      for (const size of [1, 7, 4096, 65536]) expect(summary(await readAllAsync(chunked(bytes, size)))).toEqual(whole);
    }
  });

  test("readEvent: null at the end, the error once, then null, as the iterator ends", () => {
    const good = fixtureTrace({ generations: 2 });
    const bad = fixtureTrace({ generations: 3, faultInGeneration: 3 });
    const r = new EventReader(good);
    let n = 0;
    while (r.readEvent() !== null) n++;
    expect(n).toBe(readAll(good).events.length);
    expect(r.readEvent()).toBeNull();
    const expected = readAll(bad);
    expect(expected.error).not.toBeNull();
    const rb = new EventReader(bad);
    let m = 0;
    expect(() => {
      while (rb.readEvent() !== null) m++;
    }).toThrow(expected.error!.message);
    expect(m).toBe(expected.events.length);
    expect(rb.readEvent()).toBeNull();
  });

  test('stopping early releases the source', async () => {
    let returned = false;
    const bytes = writeHeader(26);
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]() {
        let sent = false;
        return {
          async next() {
            if (sent) return { value: new Uint8Array([0x07]), done: false }; // never ends; not a batch
            sent = true;
            return { value: bytes, done: false };
          },
          async return() {
            returned = true;
            return { value: undefined, done: true };
          },
        };
      },
    };
    const { readTraceAsync } = await import('../../src/trace/reader');
    await expect(
      (async () => {
        for await (const _ of readTraceAsync(source)) void _;
      })(),
    ).rejects.toThrow(/batch/);
    expect(returned).toBe(true);
  });

  test('a header split across chunks, and a header that is not one', async () => {
    const bytes = writeHeader(26);
    await expect(readAllAsync(chunked(bytes, 1))).resolves.toEqual({ events: [expect.anything()], error: null });
    const bad = new TextEncoder().encode('go 1.26 trace\x00\x00');
    const whole = readAll(bad);
    expect(whole.error?.message).toBe('bad file format: not a Go execution trace?');
    expect(summary(await readAllAsync(chunked(bad, 3)))).toEqual(summary(whole));
  });
});
