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

export class TraceWriter {
  private readonly w = new ByteWriter(4096);

  /** Starts with the version's header unless `header: false`. */
  constructor(readonly version: Version, opts: { header?: boolean } = {}) {
    if (opts.header !== false) this.w.raw(writeHeader(version));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.w.length;
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
    const body = p.bytes();
    const size = opts.size ?? body.length;
    this.w.byte(Ev.EventBatch).uvarint(gen).uvarint(m).uvarint(time);
    if (opts.sizePadding !== undefined) this.w.uvarintPadded(size, opts.sizePadding);
    else this.w.uvarint(size);
    this.w.raw(body);
    return this;
  }

  /** An ExperimentalBatch: the experiment id is one byte on the wire, then gen, m, time, the data length and the data. */
  experimentalBatch(exp: number, gen: U64, m: U64, time: U64, data: Uint8Array, opts: BatchOptions = {}): this {
    if (!Number.isInteger(exp) || exp < 0 || exp > 255) throw new RangeError(`experiment id ${exp} is not a byte`);
    this.w.byte(Ev.ExperimentalBatch).byte(exp).uvarint(gen).uvarint(m).uvarint(time);
    const size = opts.size ?? data.length;
    if (opts.sizePadding !== undefined) this.w.uvarintPadded(size, opts.sizePadding);
    else this.w.uvarint(size);
    this.w.raw(data);
    return this;
  }

  /** The go1.26 end-of-generation marker (a lone type byte; written for any version, for corrupt traces). */
  endOfGeneration(): this {
    this.w.byte(Ev.EndOfGeneration);
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
