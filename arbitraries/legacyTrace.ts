// Small traces in the pre-go1.22 ("v1") format, which Go's reader still reads
// (go 1.11, 1.19 and 1.21 headers) by converting them to its current events.
// tracefuzz models only the current format; these few shapes are enough for
// the reader's own path into and out of that conversion: its first Sync, the
// converted events, its last Sync, and an error the converter returns.
//
// The v1 wire format (runtime/trace.go before go1.22): after the header,
// events as a byte `type | (nargs-1) << 6` followed by uvarint arguments; a
// batch event [P, base time] starts each P's events, and the timestamp of
// every timed event is a delta from the previous event of its batch.
import { ByteWriter } from '../src/trace/uvarint';
import { writeHeader } from '../src/trace/version';

/** v1 event types used here (runtime/trace.go of go1.21). */
const V1 = { Batch: 1, Frequency: 2, Gomaxprocs: 4, ProcStart: 5, ProcStop: 6, HeapAlloc: 33, HeapGoal: 34, FutileWakeup: 36 } as const;

/** A v1 event type Go's parser accepts and its converter rejects ("unexpected event type 36"). */
export const V1_UNCONVERTED_TYPE = V1.FutileWakeup;

export interface LegacyTraceShape {
  /** 11, 19 or 21. */
  version: number;
  /** Ticks per second (> 0). */
  freq: number;
  gomaxprocs: number;
  thread: number;
  /** Heap metrics between the proc's start and stop: [bytes, is it the goal]. */
  metrics: readonly [number, boolean][];
  /** End with an event the converter does not know. */
  unconverted: boolean;
}

function event(w: ByteWriter, type: number, args: readonly number[]): void {
  // Up to three arguments inline; these shapes never need the length-prefixed form.
  w.byte(type | ((args.length - 1) << 6));
  for (const a of args) w.uvarint(a);
}

/** One P's batch: frequency, GOMAXPROCS, the proc started on a thread, heap metrics, the proc stopped. */
export function legacyTraceBytes(s: LegacyTraceShape): Uint8Array {
  const w = new ByteWriter(64);
  w.raw(writeHeader(s.version));
  event(w, V1.Batch, [0, 1000]);
  event(w, V1.Frequency, [s.freq]);
  event(w, V1.Gomaxprocs, [1, s.gomaxprocs, 0]);
  event(w, V1.ProcStart, [1, s.thread]);
  for (const [bytes, goal] of s.metrics) event(w, goal ? V1.HeapGoal : V1.HeapAlloc, [1, bytes]);
  event(w, V1.ProcStop, [1]);
  if (s.unconverted) event(w, V1.FutileWakeup, [1]);
  return w.bytes();
}
