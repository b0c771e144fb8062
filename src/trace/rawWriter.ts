// RawEvent → wire bytes, byte for byte as Go's raw writer: the type byte, the
// spec's arguments as minimal uvarints (for stack events every frame value
// after them), and for data events the length and the bytes. Arguments beyond
// the spec of a non-stack event, and data of an event without data, are not
// written — exactly what Go does.
import { rawEventSpec, RawEvent } from './rawEvent';
import { ByteWriter } from './uvarint';
import { Version, writeHeader } from './version';

/** Appends one event's wire encoding to w. Throws RangeError if it has fewer arguments than its spec. */
export function encodeRawEvent(w: ByteWriter, ev: RawEvent): void {
  const spec = rawEventSpec(ev);
  const n = spec.args.length;
  const args = ev.args;
  if (args.length < n) throw new RangeError(`${spec.name || `event type ${ev.type}`} needs ${n} arguments, has ${args.length}`);
  w.byte(ev.type);
  const count = spec.isStack ? args.length : n;
  for (let i = 0; i < count; i++) w.uvarint(args[i]);
  if (spec.hasData) {
    const data = ev.data;
    w.uvarint(data ? data.length : 0);
    if (data) w.raw(data);
  }
}

/** Writes a whole trace: the header, then events in order. */
export class RawWriter {
  private readonly w = new ByteWriter(4096);

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
}

/** Encodes a trace from raw events (header included). */
export function encodeRawTrace(version: Version, events: Iterable<RawEvent>): Uint8Array {
  return new RawWriter(version).writeAll(events).bytes();
}
