// RawEvent → wire bytes, byte for byte as Go's raw writer: the type byte, the
// spec's arguments as minimal uvarints (for stack events every frame value
// after them), and for data events the length and the bytes. Arguments beyond
// the spec of a non-stack event, and data of an event without data, are not
// written — exactly what Go does.
import { rawEventSpec, RawEvent } from './rawEvent';
import type { U64 } from './u64';
import { ByteWriter } from './uvarint';
import { Version, writeHeader } from './version';

/** 11 bytes that Go's uvarint decoder rejects as overflowing 64 bits. */
export const OVERLONG_UVARINT: readonly number[] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

const NO_DATA = new Uint8Array(0);

/**
 * Appends an event as given: the type byte, the first `argCount` arguments as
 * minimal uvarints, then, when there is data, its length and its bytes. The
 * one event encoder: Go's raw writer (below), the minimizer's skeleton and the
 * generators' plans (which may hold what no valid event can: an argument
 * written as the overlong uvarint at `overlongArg`, extra arguments, data on
 * any event) all write events through it.
 */
export function writeEvent(w: ByteWriter, type: number, args: readonly U64[], argCount = args.length, data?: Uint8Array, overlongArg?: number): void {
  w.byte(type);
  for (let i = 0; i < argCount; i++) {
    if (i === overlongArg) w.raw(OVERLONG_UVARINT);
    else w.uvarint(args[i]);
  }
  if (data !== undefined) w.uvarint(data.length).raw(data);
}

/** Appends one event's wire encoding to w, as Go's raw writer. Throws RangeError if it has fewer arguments than its spec. */
export function encodeRawEvent(w: ByteWriter, ev: RawEvent): void {
  const spec = rawEventSpec(ev);
  const n = spec.args.length;
  const args = ev.args;
  if (args.length < n) throw new RangeError(`${spec.name || `event type ${ev.type}`} needs ${n} arguments, has ${args.length}`);
  writeEvent(w, ev.type, args, spec.isStack ? args.length : n, spec.hasData ? (ev.data ?? NO_DATA) : undefined);
}

/** Writes a whole trace: the header, then events in order. */
export class RawWriter {
  private w = new ByteWriter(4096);

  constructor(readonly version: Version) {
    this.w.raw(writeHeader(version));
  }

  /** Go's error for an event of another version is a RangeError here (a programming error, not bad trace data). */
  write(ev: RawEvent): this {
    if (ev.version !== this.version) {
      throw new RangeError(`mismatched version between writer (go 1.${this.version}) and event (go 1.${ev.version})`);
    }
    encodeRawEvent(this.w, ev);
    return this;
  }

  writeAll(evs: Iterable<RawEvent>): this {
    for (const ev of evs) this.write(ev);
    return this;
  }

  bytes(): Uint8Array {
    return this.w.bytes();
  }

  /** The bytes written since the last take() (the header first), handed over so a stream holds only a chunk. */
  take(): Uint8Array {
    const b = this.w.bytes();
    this.w = new ByteWriter(4096);
    return b;
  }

  /** Bytes written and not yet taken. */
  get pending(): number {
    return this.w.length;
  }
}

/** Encodes a trace from raw events (header included). */
export function encodeRawTrace(version: Version, events: Iterable<RawEvent>): Uint8Array {
  return new RawWriter(version).writeAll(events).bytes();
}
