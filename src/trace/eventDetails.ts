// The kind-specific views of an Event (Go's Metric, Label, Range,
// RangeAttribute, Task, Region, Log, Sync, ClockSnapshot, ExperimentalEvent).
import type { EvTable, ExperimentalBatch, Time } from './base';
import type { ResourceID } from './resources';
import type { U64 } from './u64';
import { Value } from './value';
import type { WallTime } from './wallTime';

/** Go's TaskID: a uint64. */
export type TaskID = U64;
/** The absence of a task (Go's NoTask, ^uint64(0)). */
export const NO_TASK: TaskID = (1n << 64n) - 1n;
/** The task events belong to outside any task. */
export const BACKGROUND_TASK: TaskID = 0;

export interface Metric {
  /** A runtime/metrics-style name, including the unit. */
  readonly name: string;
  readonly value: Value;
}

export interface Label {
  readonly label: string;
  readonly resource: ResourceID;
}

export interface Range {
  readonly name: string;
  /** The resource the range is scoped to (None: global). */
  readonly scope: ResourceID;
}

export interface RangeAttribute {
  readonly name: string;
  readonly value: Value;
}

export interface Task {
  readonly id: TaskID;
  /** NO_TASK when unknown (e.g. a TaskEnd whose TaskBegin is not in the trace). */
  readonly parent: TaskID;
  /** "" when the TaskBegin is not in the trace. */
  readonly type: string;
}

export interface Region {
  readonly task: TaskID;
  readonly type: string;
}

export interface Log {
  readonly task: TaskID;
  readonly category: string;
  readonly message: string;
}

/** A near-simultaneous reading of the trace, monotonic and wall clocks (go1.25+). */
export interface ClockSnapshot {
  readonly trace: Time;
  readonly wall: WallTime;
  readonly mono: U64;
}

export interface Sync {
  /** This is the Nth Sync event of the trace (1-based). */
  readonly n: number;
  /** null before go1.25. */
  readonly clockSnapshot: ClockSnapshot | null;
  /** Unparsed experimental batches by experiment name. */
  readonly experimentalBatches: ReadonlyMap<string, readonly ExperimentalBatch[]>;
}

/** A raw view of an experimental event: its name, experiment, argument names and values. */
export class ExperimentalEvent {
  constructor(
    readonly name: string,
    readonly experiment: string,
    readonly args: readonly string[],
    private readonly table: EvTable,
    private readonly argValues: readonly U64[],
  ) {}

  /** The i'th argument, a string when its name ends in "string". */
  argValue(i: number): Value {
    if (i < 0 || i >= this.args.length) {
      throw new RangeError(`experimental event argument index ${i} out of bounds [0, ${this.args.length})`);
    }
    const v = this.argValues[i] ?? 0;
    if (this.args[i].endsWith('string')) return Value.string(this.table.strings.mustGet(v));
    return Value.uint64(v);
  }
}
