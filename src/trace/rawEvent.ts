// A raw event: one record of the wire format exactly as stored — a type byte,
// its uvarint arguments and, for some types, trailing data — with no
// interpretation, validation or ordering (Go's internal/trace/raw.Event).
// Framing records (EventBatch, Strings, Stacks, …) are raw events too.
import { goQuoteBytes } from './goQuote';
import { specOrEmpty, EventSpec } from './spec';
import { U64, u64ToString } from './u64';
import { uvarintLength } from './uvarint';
import { Version } from './version';

export interface RawEvent {
  version: Version;
  /** The type byte. */
  type: number;
  /**
   * The arguments in wire order. For a stack event (spec.isStack): id, nframes,
   * then four values per frame (pc, func, file, line), however many frames
   * there really are.
   */
  args: U64[];
  /**
   * Trailing data of events whose spec has hasData. As in Go, the binary reader
   * leaves it undefined when the length is 0, and only events with data print
   * a data line.
   */
  data?: Uint8Array;
}

/** Names of the four values of each stack frame in the text format. */
export const FRAME_FIELDS: readonly string[] = ['pc', 'func', 'file', 'line'];

/** The spec Go would use for the event: holes in the table are empty specs. Throws RangeError beyond the version's table. */
export function rawEventSpec(ev: RawEvent): EventSpec {
  const spec = specOrEmpty(ev.version, ev.type);
  if (!spec) throw new RangeError(`event type ${ev.type} is not in the go1.${ev.version} table`);
  return spec;
}

/**
 * The text-format form of an event (Go's raw Event.String()): the name and
 * `arg=value` pairs; frames and data on following lines, each indented by a
 * tab. No trailing newline.
 */
export function rawEventString(ev: RawEvent): string {
  const spec = rawEventSpec(ev);
  const names = spec.args;
  const args = ev.args;
  if (args.length < names.length) throw new RangeError(`${spec.name} needs ${names.length} arguments, has ${args.length}`);
  let s = spec.name;
  for (let i = 0; i < names.length; i++) s += ' ' + names[i] + '=' + u64ToString(args[i]);
  if (spec.isStack) {
    for (let i = names.length, k = 0; i < args.length; i++, k++) {
      s += (k % 4 === 0 ? '\n\t' : ' ') + FRAME_FIELDS[k % 4] + '=' + u64ToString(args[i]);
    }
  }
  if (ev.data !== undefined) s += '\n\tdata=' + goQuoteBytes(ev.data);
  return s;
}

/** Canonical encoded size in bytes (Go's Event.EncodedSize): minimal varints. */
export function rawEventEncodedSize(ev: RawEvent): number {
  const spec = rawEventSpec(ev);
  let size = 1;
  for (const a of ev.args) size += uvarintLength(a);
  if (spec.hasData) {
    const n = ev.data?.length ?? 0;
    size += uvarintLength(n) + n;
  }
  return size;
}

/** A convenience constructor: `rawEvent(26, Ev.GoStart, [dt, g, seq])`. */
export function rawEvent(version: Version, type: number, args: readonly U64[], data?: Uint8Array): RawEvent {
  const ev: RawEvent = { version, type, args: [...args] };
  if (data !== undefined) ev.data = data;
  return ev;
}
