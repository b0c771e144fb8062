// The data every part of the reader shares (Go's base.go): the unprocessed
// event, the scheduling context it happened in, and the per-generation tables
// an Event needs to interpret its arguments.
import { DataTable } from './dataTable';
import { decodeGoString } from './goString';
import type { I64 } from './int64';
import { NO_GOROUTINE, NO_PROC, NO_THREAD, GoID, ProcID, ThreadID } from './resources';
import { Frame, StackRecord, emptyStackRecord, stackRecordString } from './stack';
import { specsFor } from './spec';
import type { U64 } from './u64';

export { NO_GOROUTINE, NO_PROC, NO_THREAD };

/** Go's Time: nanoseconds, an int64. */
export type Time = I64;

/** The type Go gives the Sync events the reader makes (not a wire event). */
export const EV_SYNC = 255;

/**
 * An unprocessed timed event (Go's baseEvent), flat: its type, time and the
 * four argument slots after the timestamp delta (Go's args, up to
 * MaxTimedEventArgs-1). The parser may put extra data in the slots after the
 * event's own arguments (see extraArgIndex); unused slots hold 0. Flat
 * fields rather than an args array: the reader decodes every event into one
 * reused object per batch cursor and copies it into the Event it returns, so
 * reading an event allocates the Event and nothing else.
 */
export interface RawEvent {
  type: number;
  time: Time;
  a0: U64;
  a1: U64;
  a2: U64;
  a3: U64;
}

/** Argument slot i (0..3) of a raw event; 0 beyond the slots. */
export function rawArg(ev: RawEvent, i: number): U64 {
  switch (i) {
    case 0: return ev.a0;
    case 1: return ev.a1;
    case 2: return ev.a2;
    case 3: return ev.a3;
  }
  return 0;
}

/** Sets argument slot i (0..3) of a raw event. */
export function setRawArg(ev: RawEvent, i: number, v: U64): void {
  switch (i) {
    case 0: ev.a0 = v; break;
    case 1: ev.a1 = v; break;
    case 2: ev.a2 = v; break;
    case 3: ev.a3 = v; break;
    default: throw new Error(`internal error: argument slot ${i} out of range`);
  }
}

/** The event as Go's baseEvent prints it in tests: type, time and an args array. */
export interface BaseEvent {
  type: number;
  time: Time;
  args: U64[];
}

/** The scheduling context of an event (Go's schedCtx). */
export interface SchedCtx {
  g: GoID;
  p: ProcID;
  m: ThreadID;
}

/** A packet of unparsed experimental data from one thread (Go's ExperimentalBatch). */
export interface ExperimentalBatch {
  readonly thread: ThreadID;
  readonly data: Uint8Array;
}

/** Per-generation data needed to interpret events (Go's evTable, with its sync data). */
export class EvTable {
  /** Nanoseconds per timestamp tick; 0 until the Frequency event is read. */
  freq = 0;
  /** Clock snapshot (go1.25+): raw tick time, monotonic clock, wall clock seconds/nanoseconds as on the wire. */
  hasClockSnapshot = false;
  snapTime: U64 = 0;
  snapMono: U64 = 0;
  snapWallSec: U64 = 0;
  snapWallNsec: U64 = 0;

  readonly strings = new DataTable<string>('string', '', (s) => s, decodeGoString);
  readonly stacks = new DataTable<StackRecord>('trace.stack', emptyStackRecord(), stackRecordString);
  readonly pcs = new Map<U64, Frame>();

  /** Printed stacks by ID (see Stack.tabbedText); filled lazily when events are printed. */
  readonly stackTextCache = new Map<U64, string>();

  /** Unparsed experimental batches by experiment number. */
  readonly expBatches = new Map<number, ExperimentalBatch[]>();

  // Strings made while parsing (e.g. a task's type carried to its end);
  // ID 0 is "", IDs are 1-based.
  private extraStrings: string[] = [];
  private extraStringIDs: Map<string, number> | null = null;

  /** Adds a parser-made string and returns its ID (the same ID for the same string). */
  addExtraString(s: string): number {
    if (s === '') return 0;
    if (this.extraStringIDs === null) this.extraStringIDs = new Map();
    const known = this.extraStringIDs.get(s);
    if (known !== undefined) return known;
    this.extraStrings.push(s);
    const id = this.extraStrings.length;
    this.extraStringIDs.set(s, id);
    return id;
  }

  /** The string for an ID returned by addExtraString. */
  getExtraString(id: U64): string {
    if (id === 0) return '';
    const s = typeof id === 'number' ? this.extraStrings[id - 1] : undefined;
    if (s === undefined) throw new Error(`internal error: unknown extra string ID ${String(id)}`);
    return s;
  }

  /** Records an experimental batch for its experiment. */
  addExperimentalBatch(experiment: number, batch: ExperimentalBatch): void {
    let list = this.expBatches.get(experiment);
    if (list === undefined) this.expBatches.set(experiment, (list = []));
    list.push(batch);
  }
}

// One table made at load with its numbers in their most general form — a
// fractional frequency (a double), bigint clock values — so that every table
// is laid out alike from the first. A trace's first table held small
// integers, the next (a real frequency) a double: two layouts, and the
// reader's optimized code that makes events, which had seen only the first,
// was thrown away at the second generation.
{
  const t = new EvTable();
  t.freq = 0.5;
  t.snapTime = t.snapMono = t.snapWallSec = t.snapWallNsec = 1n;
}

const fullSpecs = specsFor(26);

// Per type byte: the first free argument slot (see extraArgIndex).
const EXTRA_INDEX = new Int8Array(256);
for (let t = 0; t < fullSpecs.length; t++) {
  const spec = fullSpecs[t];
  EXTRA_INDEX[t] = spec === undefined ? 0 : spec.args.length - 1;
}

/**
 * Index of the first argument slot the parser may fill with extra data for
 * this event type: right after the event's own arguments (Go's
 * baseEvent.extra). E.g. UserTaskEnd's parent task and type string go in
 * slots 2 and 3, ProcSteal's old status in slot 3.
 */
export function extraArgIndex(type: number): number {
  return EXTRA_INDEX[type];
}
