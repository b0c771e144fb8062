// A cursor over one M's batches in a generation, decoding one timed event at
// a time, and the min-heap of cursors (the "frontier") ordered by the time of
// each cursor's next event. The heap moves are Go's, step for step: which of
// two cursors with equal times comes first is observable in the output.
import type { BaseEvent } from './base';
import type { Batch } from './batch';
import { freqMul } from './frequency';
import { I64, addI64 } from './int64';
import { EventSpec, specsFor } from './spec';
import type { U64 } from './u64';
import { uvarintAt, uvValue } from './uvarintScan';

// Local copies of hot imported bindings (see order.ts).
const mulFreq = freqMul;
const add64 = addI64;
const scanUvarint = uvarintAt;
const scannedValue = uvValue;
// Batches are decoded with the newest table whatever the trace's version, as Go does.
const specs = specsFor(26);

// Per type byte: how many arguments follow the timestamp delta, or one of
// the two reasons the byte cannot start a timed event (one lookup per event).
const NOT_A_TYPE = -1;
const NOT_TIMED = -2;
const ARGS_AFTER_DT = new Int8Array(256).fill(NOT_A_TYPE);
for (let t = 0; t < specs.length; t++) {
  const spec: EventSpec | undefined = specs[t];
  ARGS_AFTER_DT[t] = spec === undefined || spec.args.length === 0 || !spec.isTimed ? NOT_TIMED : spec.args.length - 1;
}
const ARG_SLOTS = 4; // MaxTimedEventArgs - 1

export class BatchCursor {
  lastTs: I64 = 0;
  idx = 0;
  dataOff = 0;
  /** The last event read; a fresh object each time, so it can be handed on as is. */
  ev: BaseEvent = { type: 0, time: 0, args: [0, 0, 0, 0] };
  /** ev.time, kept on the cursor for the heap's comparisons. */
  time: I64 = 0;
  /** Offset in the input of the last event read (for error reports). */
  evOffset = 0;

  // The M's batches and the generation's frequency live on the cursor: no
  // per-event lookup of the M's batch list.
  constructor(readonly m: I64, private readonly batches: Batch[], private readonly freq: number) {}

  /**
   * Reads the next event. Returns true when there is one, false at the end of
   * the M's batches; returns Go's error text for a malformed event.
   */
  nextEvent(): boolean | string {
    const batches = this.batches;
    const freq = this.freq;
    while (this.idx < batches.length && batches[this.idx].data.length === this.dataOff) {
      this.idx++;
      this.dataOff = 0;
      this.lastTs = 0;
    }
    if (this.idx === batches.length) return false;
    const batch = batches[this.idx];
    if (this.lastTs === 0) this.lastTs = mulFreq(freq, batch.time);
    const data = batch.data;
    const start = this.dataOff;
    const typ = data[start];
    const nargs = ARGS_AFTER_DT[typ];
    if (nargs < 0) {
      return nargs === NOT_A_TYPE ? `found invalid event type: ${typ}` : `found event without a timestamp: type=${typ}`;
    }
    const end = data.length;
    // One-byte uvarints (most arguments) are decoded inline.
    let pos = start + 1;
    let tsdiff: U64;
    let b = pos < end ? data[pos] : 0x80;
    if (b < 0x80) {
      tsdiff = b;
      pos++;
    } else {
      pos = scanUvarint(data, pos, end, false);
      if (pos < 0) return 'found invalid uvarint for timestamp';
      tsdiff = scannedValue();
    }
    const args: U64[] = [0, 0, 0, 0];
    for (let i = 0; i < nargs; i++) {
      b = pos < end ? data[pos] : 0x80;
      if (b < 0x80) {
        args[i] = b;
        pos++;
        continue;
      }
      pos = scanUvarint(data, pos, end, false);
      if (pos < 0) return 'found invalid uvarint';
      args[i] = scannedValue();
    }
    const time = add64(mulFreq(freq, tsdiff), this.lastTs);
    this.ev = { type: typ, time, args };
    this.time = time;
    this.evOffset = batch.dataOffset + start;
    this.lastTs = time;
    this.dataOff = pos;
    return true;
  }
}

export { ARG_SLOTS };

function before(a: BatchCursor, b: BatchCursor): boolean {
  return a.time > b.time;
}

export function compareCursors(a: BatchCursor, b: BatchCursor): number {
  const x = a.time;
  const y = b.time;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function heapInsert(heap: BatchCursor[], bc: BatchCursor): void {
  heap.push(bc);
  heapSiftUp(heap, heap.length - 1);
}

export function heapUpdate(heap: BatchCursor[], i: number): void {
  if (heapSiftUp(heap, i) !== i) return;
  heapSiftDown(heap, i);
}

export function heapRemove(heap: BatchCursor[], i: number): void {
  // Bubble i to the root regardless of values, swap it with the last, drop it.
  while (i > 0) {
    const p = (i - 1) >> 1;
    const t = heap[p];
    heap[p] = heap[i];
    heap[i] = t;
    i = p;
  }
  const last = heap.length - 1;
  const t = heap[0];
  heap[0] = heap[last];
  heap[last] = t;
  heap.pop();
  heapSiftDown(heap, 0);
}

function heapSiftUp(heap: BatchCursor[], i: number): number {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[p], heap[i])) break;
    const t = heap[p];
    heap[p] = heap[i];
    heap[i] = t;
    i = p;
  }
  return i;
}

function heapSiftDown(heap: BatchCursor[], i: number): number {
  for (;;) {
    const m = min3(heap, i, 2 * i + 1, 2 * i + 2);
    if (m === i) break;
    const t = heap[i];
    heap[i] = heap[m];
    heap[m] = t;
    i = m;
  }
  return i;
}

// Go's min3 starts from maxTime when i0 is out of range; then i1 and i2 are
// too, and i0 is the answer.
function min3(b: BatchCursor[], i0: number, i1: number, i2: number): number {
  const n = b.length;
  if (i0 >= n) return i0;
  let minIdx = i0;
  let minT: I64 = b[i0].time;
  if (i1 < n) {
    const t = b[i1].time;
    if (t < minT) {
      minT = t;
      minIdx = i1;
    }
  }
  if (i2 < n) {
    const t = b[i2].time;
    if (t < minT) {
      minT = t;
      minIdx = i2;
    }
  }
  return minIdx;
}
