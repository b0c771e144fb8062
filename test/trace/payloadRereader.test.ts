// A TraceStream that reads event batches again from its input when their
// cursor reaches them (what `tracefuzz dump FILE` does) gives the outcome of
// one that keeps them — every event, the error, its generation and offset —
// on generated traces of every version, cut or with a byte flipped, and on
// Go's conformance cases, whether it reads them from the input or from a
// spool it wrote them to (standard input); holds no more buffers than the
// generation has Ms, and a spool no more than about a generation;
// and says so, rather than printing another trace's events, when the input
// no longer holds a batch it read.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as fcTest, fc } from '@fast-check/jest';
import { SMALL_KNOBS, traceArb } from '../../arbitraries';
import { describeGo } from '../support/go';
import { findGo, goTraceTestdataDir } from '../../src/readers/goToolchain';
import { isCPUSamplesBatch, isEndOfGeneration, isStacksBatch, isStringsBatch, isSyncBatch, parseBatch } from '../../src/trace/batch';
import { encodeRawTrace } from '../../src/trace/rawWriter';
import { parseTestFile } from '../../src/trace/testFile';
import { parseTextTrace } from '../../src/trace/textReader';
import { MemorySpool, readerOf, streamed } from '../support/payloadSources';
import { readHeader } from '../../src/trace/version';
import { generationSizes } from '../../bench/generationSizes';

function expectRereadSame(bytes: Uint8Array): void {
  for (const size of [7, 4096]) {
    const kept = streamed(bytes, size);
    expect(streamed(bytes, size, readerOf(bytes))).toEqual(kept);
    expect(streamed(bytes, size, new MemorySpool())).toEqual(kept);
  }
}

/** Offsets of the event batches (not tables, not sync) in a trace, with their M. */
function eventBatches(bytes: Uint8Array): { offset: number; m: number; size: number }[] {
  const out: { offset: number; m: number; size: number }[] = [];
  const hdr = readHeader(bytes);
  let pos = hdr.length;
  for (;;) {
    const r = parseBatch(bytes, pos, bytes.length, true, 0, false);
    if (typeof r !== 'object' || r.kind !== 'batch') return out;
    const b = r.batch;
    const table = isStringsBatch(b) || isStacksBatch(b) || isCPUSamplesBatch(b) || isSyncBatch(b, hdr.version) || isEndOfGeneration(b);
    if (b.exp === 0 && b.data.length > 0 && !table) out.push({ offset: b.offset, m: Number(b.m), size: b.data.length });
    pos = r.end;
  }
}

const VALID = traceArb({ ...SMALL_KNOBS, minGenerations: 2, maxGenerations: 4 });

describe('event batches read again give the outcome of event batches kept', () => {
  fcTest.prop([VALID], { seed: 0x12e4d, numRuns: 60 })('generated traces, every version', (t) => {
    expectRereadSame(t.bytes);
  });

  fcTest.prop([VALID, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })], { seed: 0xc0f, numRuns: 150 })(
    'cut or with a byte flipped',
    (t, frac, mask) => {
      const at = 16 + Math.floor((t.bytes.length - 16) * frac);
      expectRereadSame(t.bytes.subarray(0, at));
      const flipped = t.bytes.slice();
      if (at < flipped.length) flipped[at] ^= mask;
      expectRereadSame(flipped);
    },
  );

  fcTest.prop([VALID], { seed: 0xb0f, numRuns: 40 })('each event batch is read once more, into no more buffers than Ms', (t) => {
    const batches = eventBatches(t.bytes);
    const readAt = readerOf(t.bytes);
    expect(streamed(t.bytes, 4096, readAt).error).toBeNull();
    expect(readAt.reads).toBe(batches.length);
    const ms = new Set(batches.map((b) => b.m)).size;
    expect(readAt.buffers.size).toBeLessThanOrEqual(ms);
  });

  fcTest.prop([VALID], { seed: 0x5b0, numRuns: 40 })('a spool holds no more than a generation and the batch after it', (t) => {
    const spool = new MemorySpool();
    expect(streamed(t.bytes, 4096, spool).error).toBeNull();
    const gens = generationSizes(t.bytes);
    const largestBatch = Math.max(...eventBatches(t.bytes).map((b) => b.size + 41));
    expect(spool.peak).toBeLessThanOrEqual(Math.max(...gens) + largestBatch);
  });
});

describe('an input that changed between the two reads is an error, not other events', () => {
  const trace = fc.sample(VALID, { seed: 5, numRuns: 1 })[0].bytes;
  const batches = eventBatches(trace);

  test('a batch header that differs', () => {
    const changed = trace.slice();
    // The batch's M, one byte after its type byte and its generation's.
    const b = batches[batches.length - 1];
    changed[b.offset + 2] ^= 1;
    const r = streamed(trace, 4096, readerOf(changed));
    expect(r.error).toBe(`input changed while it was read: the batch at offset ${b.offset} is no longer there`);
    expect(r.events).toEqual(streamed(trace, 4096).events.slice(0, r.events.length));
  });

  test('a file cut short', () => {
    const b = batches[batches.length - 1];
    const r = streamed(trace, 4096, readerOf(trace.subarray(0, b.offset + 5)));
    expect(r.error).toBe(`input changed while it was read: the batch at offset ${b.offset} is no longer there`);
  });
});

const tc0 = findGo();
const caseNames = tc0 ? readdirSync(goTraceTestdataDir(tc0)).filter((f) => f.endsWith('.test')).sort() : ['(no Go toolchain)'];

describeGo("Go's conformance cases, read again", () => {
  test('each case, whole and cut', () => {
    for (const name of caseNames) {
      const tf = parseTestFile(readFileSync(join(goTraceTestdataDir(tc0!), name), 'utf8'));
      const { version, events } = parseTextTrace(tf.trace);
      const bytes = encodeRawTrace(version, events);
      expectRereadSame(bytes);
      for (const frac of [0.37, 0.81]) expectRereadSame(bytes.subarray(0, 16 + Math.floor((bytes.length - 16) * frac)));
    }
  });
});
