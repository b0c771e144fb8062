// A cursor over one M's batches in a generation, decoding one timed event at
// a time, and the min-heap of cursors (the "frontier") ordered by the time of
// each cursor's next event. The heap moves are Go's, step for step: which of
// two cursors with equal times comes first is observable in the output.
import type { MState, ThreadEvent } from './order';
import type { Batch } from './batch';
import type { PayloadRereader } from './payloadRereader';
import { freqMul } from './frequency';
import { I64, addI64 } from './int64';
import { EventSpec, specsFor } from './spec';
import { U64, U64_MAX } from './u64';
import { uvarintAt, uvValue } from './uvarintScan';
import { keepLayout } from './layoutKeeper';
import { primeBranches } from './feedbackPriming';

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
const NO_DATA = new Uint8Array(0);
// The most bytes an event read by nextEvent's common case can take: its type
// byte and five numbers (time delta and four arguments) of four bytes each.
const FAST_MAX_BYTES = 21;
const EXACT = 4503599627370496; // 2^52

/**
 * The uvarint at data[pos] if it takes at most four bytes (a value below
 * 2^28): its value times four plus its length less one (one small integer,
 * no second result to store); -1 if it is longer. The caller has checked
 * that four bytes are there. Straight-line code rather than a loop: in a
 * loop V8 re-checks the array and the stack limit at every byte; here it
 * checks the array once. Every branch is run at load (below, many times
 * over: see feedbackPriming), so that V8 has seen each before it optimizes
 * the callers: a branch first taken in optimized code (the first 3-byte
 * number, late in a trace) would throw that code away.
 */
function shortUv(data: Uint8Array, pos: number): number {
  const b0 = data[pos];
  if (b0 < 0x80) return b0 << 2;
  const b1 = data[pos + 1];
  if (b1 < 0x80) return (((b1 << 7) | (b0 & 0x7f)) << 2) | 1;
  const b2 = data[pos + 2];
  if (b2 < 0x80) return (((b2 << 14) | ((b1 & 0x7f) << 7) | (b0 & 0x7f)) << 2) | 2;
  const b3 = data[pos + 3];
  if (b3 < 0x80) return (((b3 << 21) | ((b2 & 0x7f) << 14) | ((b1 & 0x7f) << 7) | (b0 & 0x7f)) << 2) | 3;
  return -1;
}
primeBranches(shortUv, [[1], [0x81, 1], [0x81, 0x81, 1], [0x81, 0x81, 0x81, 1], [0x81, 0x81, 0x81, 0x81]].map((b) => [new Uint8Array(b), 0] as [Uint8Array, number]));

/**
 * One M's batches, and its next event decoded in place: the cursor is the
 * raw event the ordering state machine looks at (Go's batchCursor.ev), so
 * decoding allocates nothing.
 */
export class BatchCursor implements ThreadEvent {
  // Every field starts in the most general form it will take — NaN for the
  // times (a float, updated in place), a bigint for the arguments — so that
  // V8 never has to change the cursors' layout mid-trace (which would
  // deoptimize all the code that has seen a cursor).
  type = 0;
  time: I64 = NaN;
  a0: U64 = U64_MAX;
  a1: U64 = U64_MAX;
  a2: U64 = U64_MAX;
  a3: U64 = U64_MAX;
  /** Offset in the input of the event last read (for error reports). */
  evOffset = 0;
  /** The ordering's state of this M, once it has looked it up. */
  threadState: MState | null = null;
  private lastTs: I64 = NaN;
  private idx = -1;
  private dataOff = 0;
  private data: Uint8Array;
  /** Input offset of data[0]. */
  private dataBase: number;
  /** The buffer a deferred payload was read into (see PayloadRereader), or null. */
  private buf: Uint8Array | null = null;
  private bufFrom: PayloadRereader | null = null;

  // The M's batches and the generation's frequency live on the cursor: no
  // per-event lookup of the M's batch list.
  // The cursor starts before its first batch, so the first nextEvent moves
  // to it by the same path as to every later batch (and V8 compiles that
  // path knowing it is taken).
  constructor(readonly m: I64, private readonly batches: Batch[], private readonly freq: number) {
    this.data = NO_DATA;
    this.dataBase = 0;
  }

  /**
   * Reads the next event. Returns true when there is one, false at the end of
   * the M's batches; returns Go's error text for a malformed event.
   */
  // The common case, and nothing else: an event well inside the batch, not
  // its first, each number in at most four bytes, a time small enough for
  // exact arithmetic. Everything else goes to nextEventGeneral, through one
  // call that every cursor's first event makes. Kept to arithmetic and byte
  // loads, this code needs no type feedback beyond what the first events
  // give it, so V8 never has to throw it away when a rarer case comes (a
  // cursor's second batch, its end, a long number: each of those, met late,
  // cost the reader's hottest code a recompile, several per trace).
  // (=== true: V8 knows nothing of what a call returns, and a bare ||
  // would test the result for every kind of falsy value.)
  nextEvent(): boolean | string {
    return this.readCommon() === true || this.nextEventGeneral();
  }

  /** The common case of nextEvent: reads the event and answers true, or answers false having changed nothing. */
  private readCommon(): boolean {
    const data = this.data;
    const start = this.dataOff;
    const lastTs = this.lastTs;
    if (start + FAST_MAX_BYTES > data.length || lastTs === 0) return false;
    const typ = data[start];
    const nargs = ARGS_AFTER_DT[typ];
    if (nargs < 0) return false;
    let x = shortUv(data, start + 1);
    if (x < 0) return false;
    const tsdiff = x >> 2;
    let pos = start + 2 + (x & 3);
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    // Unrolled, as in nextEventGeneral: this runs for nearly every event.
    if (nargs > 0) {
      x = shortUv(data, pos);
      if (x < 0) return false;
      a0 = x >> 2;
      pos += 1 + (x & 3);
      if (nargs > 1) {
        x = shortUv(data, pos);
        if (x < 0) return false;
        a1 = x >> 2;
        pos += 1 + (x & 3);
        if (nargs > 2) {
          x = shortUv(data, pos);
          if (x < 0) return false;
          a2 = x >> 2;
          pos += 1 + (x & 3);
          if (nargs > 3) {
            x = shortUv(data, pos);
            if (x < 0) return false;
            a3 = x >> 2;
            pos += 1 + (x & 3);
          }
        }
      }
    }
    // As nextEventGeneral computes it, when every operand is below 2^52.
    const d = tsdiff * this.freq;
    if (typeof lastTs !== 'number' || lastTs >= EXACT || d >= EXACT) return false;
    const time = Math.trunc(d) + lastTs;
    this.type = typ;
    this.time = time;
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
    this.evOffset = this.dataBase + start;
    this.lastTs = time;
    this.dataOff = pos;
    return true;
  }

  /** nextEvent for every case: a new batch, the end of the M's batches, long numbers, malformed events. */
  private nextEventGeneral(): boolean | string {
    let data = this.data;
    let pos = this.dataOff;
    if (pos === data.length) {
      const batches = this.batches;
      let idx = this.idx;
      for (;;) {
        if (++idx >= batches.length) {
          this.idx = batches.length;
          this.releaseBuffer();
          return false;
        }
        const b = batches[idx];
        if (b.deferred === undefined) data = b.data;
        else {
          const got = b.deferred.from.load(b, b.deferred.size, this.buf);
          if (typeof got === 'string') return got;
          this.buf = got.buf;
          this.bufFrom = b.deferred.from;
          data = got.data;
        }
        if (data.length !== 0) break;
      }
      this.idx = idx;
      this.data = data;
      this.dataBase = batches[idx].dataOffset;
      pos = 0;
      this.lastTs = 0;
    }
    const start = pos;
    const typ = data[pos++];
    const nargs = ARGS_AFTER_DT[typ];
    if (nargs < 0) {
      return nargs === NOT_A_TYPE ? `found invalid event type: ${typ}` : `found event without a timestamp: type=${typ}`;
    }
    const end = data.length;
    // One-byte uvarints (most arguments) inline, the rest through uvarintAt.
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
    let a0: U64 = 0;
    let a1: U64 = 0;
    let a2: U64 = 0;
    let a3: U64 = 0;
    if (nargs > 0) {
      b = pos < end ? data[pos] : 0x80;
      if (b < 0x80) {
        a0 = b;
        pos++;
      } else {
        pos = scanUvarint(data, pos, end, false);
        if (pos < 0) return 'found invalid uvarint';
        a0 = scannedValue();
      }
      if (nargs > 1) {
        b = pos < end ? data[pos] : 0x80;
        if (b < 0x80) {
          a1 = b;
          pos++;
        } else {
          pos = scanUvarint(data, pos, end, false);
          if (pos < 0) return 'found invalid uvarint';
          a1 = scannedValue();
        }
        if (nargs > 2) {
          b = pos < end ? data[pos] : 0x80;
          if (b < 0x80) {
            a2 = b;
            pos++;
          } else {
            pos = scanUvarint(data, pos, end, false);
            if (pos < 0) return 'found invalid uvarint';
            a2 = scannedValue();
          }
          if (nargs > 3) {
            b = pos < end ? data[pos] : 0x80;
            if (b < 0x80) {
              a3 = b;
              pos++;
            } else {
              pos = scanUvarint(data, pos, end, false);
              if (pos < 0) return 'found invalid uvarint';
              a3 = scannedValue();
            }
          }
        }
      }
    }
    let lastTs = this.lastTs;
    if (lastTs === 0) lastTs = mulFreq(this.freq, this.batches[this.idx].time);
    // Go's lastTs + freq.mul(tsdiff), computed directly while the operands
    // are small enough (below 2^52) for the sum to be exact.
    let time: I64;
    if (typeof tsdiff === 'number' && typeof lastTs === 'number' && lastTs < 4503599627370496) {
      const d = tsdiff * this.freq;
      time = d < 4503599627370496 ? Math.trunc(d) + lastTs : add64(mulFreq(this.freq, tsdiff), lastTs);
    } else {
      time = add64(mulFreq(this.freq, tsdiff), lastTs);
    }
    this.type = typ;
    this.time = time;
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
    this.evOffset = this.dataBase + start;
    this.lastTs = time;
    this.dataOff = pos;
    return true;
  }

  /** At the end of the M's batches: the buffer goes back to the pool, for the next cursors. */
  private releaseBuffer(): void {
    const buf = this.buf;
    if (buf === null) return;
    this.buf = null;
    this.data = NO_DATA;
    this.dataOff = 0;
    this.bufFrom!.release(buf);
  }
}

// No cursor is alive between two generations (nor between two traces): one
// is kept, with the cursors' layout (see layoutKeeper).
keepLayout(new BatchCursor(0, [], 1));

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

// Go's heapSiftDown with its min3 written in: at each level the smallest of
// i and its two children (the first of equal times), i's own time read once.
// (As a function of its own, min3 was a call per level: its frame cost more
// than its compares.) Go's min3 starts from maxTime when i is out of range;
// then so are the children, and i is the answer, as here.
function heapSiftDown(heap: BatchCursor[], i: number): number {
  const n = heap.length;
  if (i >= n) return i;
  const bc = heap[i];
  const t = bc.time;
  for (;;) {
    let m = i;
    let minT: I64 = t;
    const c1 = 2 * i + 1;
    if (c1 < n) {
      const t1 = heap[c1].time;
      if (t1 < minT) {
        minT = t1;
        m = c1;
      }
      const c2 = c1 + 1;
      if (c2 < n && heap[c2].time < minT) m = c2;
    }
    if (m === i) break;
    heap[i] = heap[m];
    heap[m] = bc;
    i = m;
  }
  return i;
}
