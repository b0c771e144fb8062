// The plan of a trace: what the generators decide before any byte is written.
// Corruptions that keep the bytes well formed (tables, generation headers,
// semantic faults) edit the plan; byte-level corruptions edit the encoding.
import type { U64 } from '../src/trace/u64';
import type { Version } from '../src/trace/version';
import type { Frame } from './frames';

/** One event as written inside a batch: type byte, uvarint args (timed events: args[0] is the time delta). */
export interface PlannedEvent {
  type: number;
  args: U64[];
  /** Trailing bytes (String events). */
  data?: Uint8Array;
  /** Stack events: frames as (pc, func string id, file string id, line). */
  frames?: { pc: U64; func: U64; file: U64; line: U64 }[];
  /** Encode this arg index as an overlong (overflowing) uvarint. */
  overlongArg?: number;
  /** Timed events and CPU samples: where the model made it, in its generation's order of model events (see GenTiming). */
  serial?: number;
  /** Serials of the events on other threads it depends on: those the reader waits for (a sequence number, a state), and those it needs read first. */
  waits?: number[];
  needs?: number[];
}

export type BatchKind = 'events' | 'strings' | 'stacks' | 'cpu' | 'sync' | 'experimental' | 'end';

export interface PlannedBatch {
  kind: BatchKind;
  /** Generation number written in the header. */
  gen: U64;
  m: U64;
  time: U64;
  events: PlannedEvent[];
  /** Experimental batches: experiment id and raw payload. */
  exp?: number;
  payload?: Uint8Array;
}

export interface GenerationPlan {
  /** 1-based generation number of a valid trace. */
  gen: number;
  batches: PlannedBatch[];
}

export interface TracePlan {
  version: Version;
  generations: GenerationPlan[];
  /** Bytes appended after the last generation (noise). */
  trailer?: Uint8Array;
}

/** A timed event as the model emits it, before it is placed in a batch. */
export interface ModelEvent {
  /** Thread; STATUS_THREAD (-1) for the tracer's end-of-generation status batch. */
  m: number;
  /** Timestamp as the thread's clock wrote it. */
  time: number;
  type: number;
  /** Arguments after the time delta. */
  args: U64[];
  /** Events the reader makes of it (GoSwitch: 3; GoDestroySyscall dropping a proc: 2). */
  stream: number;
  /** It depends (with a sequence number or state the reader waits on) on an event of another thread with a later or equal timestamp. */
  early?: boolean;
  /** Serials of the events on other threads it waits for (the reader checks) and needs read first (it does not). */
  waits?: number[];
  needs?: number[];
}

export interface CpuSamplePlan {
  time: number;
  /** Model events emitted before it in its generation. */
  serial: number;
  m: U64;
  p: U64;
  g: U64;
  stack: number;
}

export interface StackEntry {
  id: number;
  frames: Frame[];
}
