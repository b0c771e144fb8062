// Builds whole binary traces batch by batch, computing batch sizes. Used by the
// generators; it writes whatever it is given (corrupt traces included) and
// only refuses values that cannot be encoded at all.
//
// What a trace holds, per version (each item is one batch unless noted):
//   header      `go 1.NN trace\0\0\0`
//   per generation, in any batch order (the reader sorts by time):
//   - string table batch(es): EventBatch{m: NO_THREAD} whose payload is
//     `Strings` then `String id=…` events with data (≤ 1 KiB each);
//   - stack table batch(es): EventBatch{m: NO_THREAD}, `Stacks` then
//     `Stack id=… nframes=…` with four values per frame (pc, func string id,
//     file string id, line);
//   - CPU samples (optional): EventBatch{m: NO_THREAD}, `CPUSamples` then
//     `CPUSample time m p g stack` events;
//   - frequency: go1.22/go1.23 a batch holding one `Frequency freq=…`;
//     go1.25+ a sync batch: `Sync`, then `Frequency` and `ClockSnapshot
//     dt mono sec nsec` (the reader requires the clock snapshot from go1.25);
//   - event batches: EventBatch{m: the thread id, time: base timestamp} whose
//     payload is timed events (first arg a delta from the batch time or the
//     previous event), at most 64 KiB per batch;
//   - experimental batches (go1.23+): ExperimentalBatch with an experiment byte
//     and opaque data (AllocFree = 1);
//   - go1.26 only: an EndOfGeneration byte after the generation's last batch.
//   Before go1.26 nothing ends a generation: the first batch of the next one does.
import { encodeRawEvent } from './rawWriter';
import { rawEvent, RawEvent } from './rawEvent';
import { Ev } from './spec';
import { U64 } from './u64';
import { ByteWriter } from './uvarint';
import { Version, writeHeader } from './version';

/** The M id of batches not tied to a thread (Go's NoThread, -1 as a uint64). */
export const NO_THREAD: U64 = (1n << 64n) - 1n;

export interface BatchOptions {
  /** Write the size as a uvarint of exactly this many bytes (the runtime pads to 10). */
  sizePadding?: number;
  /** Write this size instead of the real payload length (for corrupt traces). */
  size?: U64;
}

/** A byte range [start, end) of the trace. */
export type Span = [start: number, end: number];

/**
 * Where one batch landed in the trace, so that byte-level corruptions can aim
 * at a field rather than at a random offset. The header fields are absent for
 * the one-byte end-of-generation marker.
 */
export interface BatchSpan {
  /** The batch's type byte: Ev.EventBatch, Ev.ExperimentalBatch or Ev.EndOfGeneration. */
  type: number;
  /** Offset of the type byte. */
  start: number;
  genField?: Span;
  mField?: Span;
  timeField?: Span;
  sizeField?: Span;
  /** First byte after the header (after the type byte for end-of-generation). */
  payloadStart: number;
  end: number;
}

export interface TraceWriterOptions {
  /** Write the version header first (default true). */
  header?: boolean;
  /** Record a BatchSpan per batch (see `layout`); off by default to keep writing cheap. */
  layout?: boolean;
}

export class TraceWriter {
  private readonly w = new ByteWriter(4096);
  private readonly spans: BatchSpan[] | null;

  /** Starts with the version's header unless `header: false`. */
  constructor(readonly version: Version, opts: TraceWriterOptions = {}) {
    if (opts.header !== false) this.w.raw(writeHeader(version));
    this.spans = opts.layout ? [] : null;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.w.length;
  }

  /** The batches written so far, in order; throws unless the writer was made with `layout: true`. */
  get layout(): readonly BatchSpan[] {
    if (!this.spans) throw new Error('TraceWriter was created without layout: true');
    return this.spans;
  }

  /** An EventBatch header and its events; the size is the events' encoded length. */
  batch(gen: U64, m: U64, time: U64, events: readonly RawEvent[], opts: BatchOptions = {}): this {
    const p = new ByteWriter(256);
    for (const ev of events) {
      if (ev.version !== this.version) {
        throw new RangeError(`event of go 1.${ev.version} in a go 1.${this.version} trace`);
      }
      encodeRawEvent(p, ev);
    }
    return this.batchBytes(gen, m, time, p.bytes(), opts);
  }

  /**
   * An EventBatch whose payload is given already encoded (for callers that
   * write events no RawEvent can express, such as overlong arguments).
   */
  batchBytes(gen: U64, m: U64, time: U64, payload: Uint8Array | readonly number[], opts: BatchOptions = {}): this {
    const start = this.w.length;
    this.w.byte(Ev.EventBatch);
    this.header(start, Ev.EventBatch, gen, m, time, payload, opts);
    return this;
  }

  /** An ExperimentalBatch: the experiment id is one byte on the wire, then gen, m, time, the data length and the data. */
  experimentalBatch(exp: number, gen: U64, m: U64, time: U64, data: Uint8Array | readonly number[], opts: BatchOptions = {}): this {
    if (!Number.isInteger(exp) || exp < 0 || exp > 255) throw new RangeError(`experiment id ${exp} is not a byte`);
    const start = this.w.length;
    this.w.byte(Ev.ExperimentalBatch).byte(exp);
    this.header(start, Ev.ExperimentalBatch, gen, m, time, data, opts);
    return this;
  }

  // The four header uvarints and the payload, shared by both batch kinds.
  private header(start: number, type: number, gen: U64, m: U64, time: U64, payload: Uint8Array | readonly number[], opts: BatchOptions): void {
    const w = this.w;
    const size = opts.size ?? payload.length;
    if (!this.spans) {
      w.uvarint(gen).uvarint(m).uvarint(time);
      if (opts.sizePadding !== undefined) w.uvarintPadded(size, opts.sizePadding);
      else w.uvarint(size);
      w.raw(payload);
      return;
    }
    const g0 = w.length;
    const m0 = w.uvarint(gen).length;
    const t0 = w.uvarint(m).length;
    const s0 = w.uvarint(time).length;
    if (opts.sizePadding !== undefined) w.uvarintPadded(size, opts.sizePadding);
    else w.uvarint(size);
    const payloadStart = w.length;
    w.raw(payload);
    this.spans.push({
      type,
      start,
      genField: [g0, m0],
      mField: [m0, t0],
      timeField: [t0, s0],
      sizeField: [s0, payloadStart],
      payloadStart,
      end: w.length,
    });
  }

  /** The go1.26 end-of-generation marker (a lone type byte; written for any version, for corrupt traces). */
  endOfGeneration(): this {
    const start = this.w.length;
    this.w.byte(Ev.EndOfGeneration);
    this.spans?.push({ type: Ev.EndOfGeneration, start, payloadStart: start + 1, end: start + 1 });
    return this;
  }

  /** Arbitrary bytes, as they are. */
  rawBytes(b: Uint8Array | readonly number[]): this {
    this.w.raw(b);
    return this;
  }

  // Convenience builders for the tables every generation carries.

  /** A string table batch: `Strings` and one `String` per entry. */
  strings(gen: U64, time: U64, entries: Iterable<readonly [U64, string | Uint8Array]>, opts?: BatchOptions): this {
    const evs: RawEvent[] = [rawEvent(this.version, Ev.Strings, [])];
    const enc = new TextEncoder();
    for (const [id, s] of entries) {
      evs.push(rawEvent(this.version, Ev.String, [id], typeof s === 'string' ? enc.encode(s) : s));
    }
    return this.batch(gen, NO_THREAD, time, evs, opts);
  }

  /** A stack table batch: `Stacks` and one `Stack` per entry; frames are [pc, funcStringId, fileStringId, line]. */
  stacks(gen: U64, time: U64, entries: Iterable<readonly [U64, readonly (readonly [U64, U64, U64, U64])[]]>, opts?: BatchOptions): this {
    const evs: RawEvent[] = [rawEvent(this.version, Ev.Stacks, [])];
    for (const [id, frames] of entries) {
      const args: U64[] = [id, frames.length];
      for (const f of frames) args.push(f[0], f[1], f[2], f[3]);
      evs.push(rawEvent(this.version, Ev.Stack, args));
    }
    return this.batch(gen, NO_THREAD, time, evs, opts);
  }

  /**
   * The frequency batch of a generation: go1.22/23 a lone Frequency event;
   * go1.25+ a Sync batch with Frequency and, if given, a ClockSnapshot
   * [dt, mono, sec, nsec].
   */
  frequency(gen: U64, time: U64, freq: U64, clock?: readonly [U64, U64, U64, U64], opts?: BatchOptions): this {
    const evs: RawEvent[] = [];
    if (this.version >= 25) evs.push(rawEvent(this.version, Ev.Sync, []));
    evs.push(rawEvent(this.version, Ev.Frequency, [freq]));
    if (clock && this.version >= 25) evs.push(rawEvent(this.version, Ev.ClockSnapshot, [...clock]));
    return this.batch(gen, NO_THREAD, time, evs, opts);
  }

  /** The trace so far (a copy). */
  bytes(): Uint8Array {
    return this.w.bytes();
  }
}
