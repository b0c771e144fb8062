// One TS-reader measurement, in a process of its own so its peak RSS is the
// reader's, not the benchmark driver's: EventReader.readEvent (the
// counterpart of the ReadEvent Go's side calls) over the file read into
// memory, timed from before the read (Go's side reads the file as it goes).
// --iterate reads through readTrace's iterator instead; --warm reads the
// trace a second time in the same process, once V8 has compiled the reader,
// and reports that read's time too (warmMs): the reader's steady state,
// without the first read's start-up.
// --no-ordering reads with the ordering taken out (bench/orderingFloor.ts):
// a floor under the reader's time, not a reader.
// Prints one JSON line: { events, error, ms, fileMs, cpuMs, chars, maxRssBytes[, warmMs] }
// (fileMs: the part of ms spent reading the file into memory).
//
// Usage: node tsParse.js TRACE [--strings] [--iterate] [--warm] [--no-ordering]
import { readFileSync } from 'node:fs';
import { EventReader, readTrace } from '../src/trace/reader';
import { TraceError } from '../src/trace/traceError';
import { peakRssBytes } from './peakRss';
import { orderNothing } from './orderingFloor';

const FLAGS = ['--strings', '--iterate', '--warm', '--no-ordering'];
const [file, ...flags] = process.argv.slice(2);
if (!file || flags.some((f) => !FLAGS.includes(f))) {
  console.error(`usage: tsParse.js TRACE [${FLAGS.join('] [')}]`);
  process.exit(2);
}
const withStrings = flags.includes('--strings');
const iterate = flags.includes('--iterate');
const warm = flags.includes('--warm');
if (flags.includes('--no-ordering')) orderNothing();
// The loop is in a function, as in any real consumer: V8 optimizes
// top-level script code less well, which would be charged to the reader.
function consume(bytes: Uint8Array): { events: number; chars: number; error: string | null } {
  let events = 0;
  let chars = 0;
  try {
    if (iterate) {
      for (const ev of readTrace(bytes)) {
        events++;
        if (withStrings) chars += ev.toString().length;
      }
    } else {
      const r = new EventReader(bytes);
      for (let ev = r.readEvent(); ev !== null; ev = r.readEvent()) {
        events++;
        // --strings also formats each event, as a dump would (Go's count does not).
        if (withStrings) chars += ev.toString().length;
      }
    }
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { events, chars, error: e.message };
  }
  return { events, chars, error: null };
}
const t0 = performance.now();
const c0 = process.cpuUsage();
// A plain Uint8Array over the file's bytes (not a copy of them): the reader
// then sees one kind of array, never a Buffer.
const buf = readFileSync(file);
const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
const fileMs = performance.now() - t0;
const { events, chars, error } = consume(bytes);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const maxRssBytes = peakRssBytes();
let warmMs: number | undefined;
if (warm) {
  // From a collected heap (the benchmark runs this with --expose-gc), so
  // the first read's garbage is not charged to the second.
  (globalThis as { gc?: () => void }).gc?.();
  const t1 = performance.now();
  consume(bytes);
  warmMs = performance.now() - t1;
}
console.log(JSON.stringify({ events, error, ms, fileMs, cpuMs: (cpu.user + cpu.system) / 1000, chars, maxRssBytes, warmMs }));
