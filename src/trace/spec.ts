// The event table of the v2 trace format (go1.22 and later): every event type
// byte, its name, its arguments and how to parse it. Numbers and names are the
// wire format's and must equal Go's (internal/trace/tracev2); the table is
// cross-checked against Go's text format in the tests.
import { Version } from './version';

/** Event type bytes. */
export const Ev = {
  None: 0,
  // Structural events.
  EventBatch: 1,
  Stacks: 2,
  Stack: 3,
  Strings: 4,
  String: 5,
  CPUSamples: 6,
  CPUSample: 7,
  Frequency: 8,
  // Procs.
  ProcsChange: 9,
  ProcStart: 10,
  ProcStop: 11,
  ProcSteal: 12,
  ProcStatus: 13,
  // Goroutines.
  GoCreate: 14,
  GoCreateSyscall: 15,
  GoStart: 16,
  GoDestroy: 17,
  GoDestroySyscall: 18,
  GoStop: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoSyscallBegin: 22,
  GoSyscallEnd: 23,
  GoSyscallEndBlocked: 24,
  GoStatus: 25,
  // Stop-the-world.
  STWBegin: 26,
  STWEnd: 27,
  // GC.
  GCActive: 28,
  GCBegin: 29,
  GCEnd: 30,
  GCSweepActive: 31,
  GCSweepBegin: 32,
  GCSweepEnd: 33,
  GCMarkAssistActive: 34,
  GCMarkAssistBegin: 35,
  GCMarkAssistEnd: 36,
  HeapAlloc: 37,
  HeapGoal: 38,
  // Annotations.
  GoLabel: 39,
  UserTaskBegin: 40,
  UserTaskEnd: 41,
  UserRegionBegin: 42,
  UserRegionEnd: 43,
  UserLog: 44,
  // go1.23: coroutines, GoStatus with a stack, experimental batches.
  GoSwitch: 45,
  GoSwitchDestroy: 46,
  GoCreateBlocked: 47,
  GoStatusStack: 48,
  ExperimentalBatch: 49,
  // go1.25: sync batches (previously a lone Frequency batch).
  Sync: 50,
  ClockSnapshot: 51,
  // go1.26: in-band end of generation.
  EndOfGeneration: 52,
  // Experimental events (AllocFree experiment) live above MaxEvent (127).
  Span: 128,
  SpanAlloc: 129,
  SpanFree: 130,
  HeapObject: 131,
  HeapObjectAlloc: 132,
  HeapObjectFree: 133,
  GoroutineStack: 134,
  GoroutineStackAlloc: 135,
  GoroutineStackFree: 136,
} as const;

export type EvName = keyof typeof Ev;

/** Number of non-experimental event types (tracev2.NumEvents). */
export const NUM_EVENTS = 53;
/** Experimental event types are strictly between MAX_EVENT and MAX_EXPERIMENTAL_EVENT. */
export const MAX_EVENT = 127;
export const MAX_EXPERIMENTAL_EVENT = 137;

export function isExperimentalEventType(t: number): boolean {
  return t > MAX_EVENT && t < MAX_EXPERIMENTAL_EVENT;
}

/** Experiments (tracev2.Experiment); 0 means none. */
export const Experiment = { None: 0, AllocFree: 1 } as const;
export const EXPERIMENT_NAMES: readonly string[] = ['None', 'AllocFree'];
export const NUM_EXPERIMENTS = 2;

/** Largest number of arguments of a timed event (tracev2.MaxTimedEventArgs). */
export const MAX_TIMED_EVENT_ARGS = 5;
/** Largest batch payload in bytes. */
export const MAX_BATCH_SIZE = 64 << 10;
/** Largest number of frames in one stack. */
export const MAX_FRAMES_PER_STACK = 128;
/** Largest trailing data (strings) of an event, in bytes. */
export const MAX_EVENT_TRAILER_DATA_SIZE = 1 << 10;

export interface EventSpec {
  readonly name: string;
  /** Argument names; the count is the number of uvarints that follow the type byte. Names are `name` or `name_type`. */
  readonly args: readonly string[];
  /** Indices into args of string-table references. */
  readonly stringIds: readonly number[];
  /** Indices into args of stack references; the first is the event's own stack. */
  readonly stackIds: readonly number[];
  /** For the end of a time range: the type of its start event, else 0. */
  readonly startEv: number;
  /** Appears in the per-M event stream with a timestamp delta as first argument. */
  readonly isTimed: boolean;
  /** Followed by a uvarint length and that many bytes. */
  readonly hasData: boolean;
  /** Followed by args[1] frames of four uvarints (pc, func string, file string, line). */
  readonly isStack: boolean;
  /** Experiment the event belongs to (0: none). */
  readonly experiment: number;
}

interface SpecInit {
  args?: readonly string[];
  strings?: readonly number[];
  stacks?: readonly number[];
  start?: number;
  timed?: boolean;
  data?: boolean;
  stack?: boolean;
  exp?: number;
}

function spec(name: string, o: SpecInit = {}): EventSpec {
  return Object.freeze({
    name,
    args: Object.freeze([...(o.args ?? [])]),
    stringIds: Object.freeze([...(o.strings ?? [])]),
    stackIds: Object.freeze([...(o.stacks ?? [])]),
    startEv: o.start ?? 0,
    isTimed: o.timed ?? false,
    hasData: o.data ?? false,
    isStack: o.stack ?? false,
    experiment: o.exp ?? 0,
  });
}

// Timed events always start with the timestamp delta "dt".
function timed(name: string, rest: readonly string[], o: Omit<SpecInit, 'args' | 'timed'> = {}): EventSpec {
  return spec(name, { ...o, args: ['dt', ...rest], timed: true });
}

function allocFree(name: string, rest: readonly string[]): EventSpec {
  return timed(name, rest, { exp: Experiment.AllocFree });
}

const table: (EventSpec | undefined)[] = new Array(MAX_EXPERIMENTAL_EVENT).fill(undefined);
function def(type: number, s: EventSpec): void {
  table[type] = s;
}

def(Ev.EventBatch, spec('EventBatch', { args: ['gen', 'm', 'time', 'size'] }));
def(Ev.Stacks, spec('Stacks'));
def(Ev.Stack, spec('Stack', { args: ['id', 'nframes'], stack: true }));
def(Ev.Strings, spec('Strings'));
def(Ev.String, spec('String', { args: ['id'], data: true }));
def(Ev.CPUSamples, spec('CPUSamples'));
// Has a timestamp but is not "timed": samples live in their own batch.
def(Ev.CPUSample, spec('CPUSample', { args: ['time', 'm', 'p', 'g', 'stack'], stacks: [4] }));
def(Ev.Frequency, spec('Frequency', { args: ['freq'] }));
def(Ev.ProcsChange, timed('ProcsChange', ['procs_value', 'stack'], { stacks: [2] }));
def(Ev.ProcStart, timed('ProcStart', ['p', 'p_seq']));
def(Ev.ProcStop, timed('ProcStop', []));
def(Ev.ProcSteal, timed('ProcSteal', ['p', 'p_seq', 'm']));
def(Ev.ProcStatus, timed('ProcStatus', ['p', 'pstatus']));
def(Ev.GoCreate, timed('GoCreate', ['new_g', 'new_stack', 'stack'], { stacks: [3, 2] }));
def(Ev.GoCreateSyscall, timed('GoCreateSyscall', ['new_g']));
def(Ev.GoStart, timed('GoStart', ['g', 'g_seq']));
def(Ev.GoDestroy, timed('GoDestroy', []));
def(Ev.GoDestroySyscall, timed('GoDestroySyscall', []));
def(Ev.GoStop, timed('GoStop', ['reason_string', 'stack'], { stacks: [2], strings: [1] }));
def(Ev.GoBlock, timed('GoBlock', ['reason_string', 'stack'], { stacks: [2], strings: [1] }));
def(Ev.GoUnblock, timed('GoUnblock', ['g', 'g_seq', 'stack'], { stacks: [3] }));
def(Ev.GoSyscallBegin, timed('GoSyscallBegin', ['p_seq', 'stack'], { stacks: [2] }));
def(Ev.GoSyscallEnd, timed('GoSyscallEnd', [], { start: Ev.GoSyscallBegin }));
def(Ev.GoSyscallEndBlocked, timed('GoSyscallEndBlocked', [], { start: Ev.GoSyscallBegin }));
def(Ev.GoStatus, timed('GoStatus', ['g', 'm', 'gstatus']));
def(Ev.STWBegin, timed('STWBegin', ['kind_string', 'stack'], { stacks: [2], strings: [1] }));
def(Ev.STWEnd, timed('STWEnd', [], { start: Ev.STWBegin }));
def(Ev.GCActive, timed('GCActive', ['gc_seq'], { start: Ev.GCBegin }));
def(Ev.GCBegin, timed('GCBegin', ['gc_seq', 'stack'], { stacks: [2] }));
def(Ev.GCEnd, timed('GCEnd', ['gc_seq'], { start: Ev.GCBegin }));
def(Ev.GCSweepActive, timed('GCSweepActive', ['p'], { start: Ev.GCSweepBegin }));
def(Ev.GCSweepBegin, timed('GCSweepBegin', ['stack'], { stacks: [1] }));
def(Ev.GCSweepEnd, timed('GCSweepEnd', ['swept_value', 'reclaimed_value'], { start: Ev.GCSweepBegin }));
def(Ev.GCMarkAssistActive, timed('GCMarkAssistActive', ['g'], { start: Ev.GCMarkAssistBegin }));
def(Ev.GCMarkAssistBegin, timed('GCMarkAssistBegin', ['stack'], { stacks: [1] }));
def(Ev.GCMarkAssistEnd, timed('GCMarkAssistEnd', [], { start: Ev.GCMarkAssistBegin }));
def(Ev.HeapAlloc, timed('HeapAlloc', ['heapalloc_value']));
def(Ev.HeapGoal, timed('HeapGoal', ['heapgoal_value']));
def(Ev.GoLabel, timed('GoLabel', ['label_string'], { strings: [1] }));
def(Ev.UserTaskBegin, timed('UserTaskBegin', ['task', 'parent_task', 'name_string', 'stack'], { stacks: [4], strings: [3] }));
def(Ev.UserTaskEnd, timed('UserTaskEnd', ['task', 'stack'], { stacks: [2] }));
def(Ev.UserRegionBegin, timed('UserRegionBegin', ['task', 'name_string', 'stack'], { stacks: [3], strings: [2] }));
def(Ev.UserRegionEnd, timed('UserRegionEnd', ['task', 'name_string', 'stack'], { start: Ev.UserRegionBegin, stacks: [3], strings: [2] }));
def(Ev.UserLog, timed('UserLog', ['task', 'key_string', 'value_string', 'stack'], { stacks: [4], strings: [2, 3] }));
def(Ev.GoSwitch, timed('GoSwitch', ['g', 'g_seq']));
def(Ev.GoSwitchDestroy, timed('GoSwitchDestroy', ['g', 'g_seq']));
def(Ev.GoCreateBlocked, timed('GoCreateBlocked', ['new_g', 'new_stack', 'stack'], { stacks: [3, 2] }));
def(Ev.GoStatusStack, timed('GoStatusStack', ['g', 'm', 'gstatus', 'stack'], { stacks: [4] }));
// The experiment id is a byte on the wire; the payload is opaque data.
def(Ev.ExperimentalBatch, spec('ExperimentalBatch', { args: ['exp', 'gen', 'm', 'time'], data: true }));
def(Ev.Sync, spec('Sync'));
def(Ev.ClockSnapshot, timed('ClockSnapshot', ['mono', 'sec', 'nsec']));
def(Ev.EndOfGeneration, spec('EndOfGeneration'));
def(Ev.Span, allocFree('Span', ['id', 'npages_value', 'kindclass']));
def(Ev.SpanAlloc, allocFree('SpanAlloc', ['id', 'npages_value', 'kindclass']));
def(Ev.SpanFree, allocFree('SpanFree', ['id']));
def(Ev.HeapObject, allocFree('HeapObject', ['id', 'type']));
def(Ev.HeapObjectAlloc, allocFree('HeapObjectAlloc', ['id', 'type']));
def(Ev.HeapObjectFree, allocFree('HeapObjectFree', ['id']));
def(Ev.GoroutineStack, allocFree('GoroutineStack', ['id', 'order']));
def(Ev.GoroutineStackAlloc, allocFree('GoroutineStackAlloc', ['id', 'order']));
def(Ev.GoroutineStackFree, allocFree('GoroutineStackFree', ['id']));

// Each version reads a prefix of the full table, as Go slices it: go1.22 stops
// after UserLog, go1.23 after ExperimentalBatch, go1.25 after ClockSnapshot,
// go1.26 has everything (including the experimental events above 127).
const LIMITS: Record<Version, number> = {
  22: Ev.UserLog + 1,
  23: Ev.ExperimentalBatch + 1,
  25: Ev.ClockSnapshot + 1,
  26: MAX_EXPERIMENTAL_EVENT,
};

const EMPTY = spec('');
const perVersion = new Map<Version, readonly (EventSpec | undefined)[]>();
const namesPerVersion = new Map<Version, ReadonlyMap<string, number>>();
for (const v of [22, 23, 25, 26] as Version[]) {
  const slice = Object.freeze(table.slice(0, LIMITS[v]));
  perVersion.set(v, slice);
  const names = new Map<string, number>();
  // Go's lookup maps every slot's name, including the empty name of unused
  // slots; the last slot with a name wins.
  slice.forEach((s, i) => names.set((s ?? EMPTY).name, i));
  namesPerVersion.set(v, names);
}

/**
 * The table Go uses for version v, indexed by type byte. Its length is the
 * bound Go checks type bytes against; holes (type 0, unused numbers) are
 * undefined — Go treats them as events with an empty name and no arguments.
 */
export function specsFor(v: Version): readonly (EventSpec | undefined)[] {
  const s = perVersion.get(v);
  if (!s) throw new RangeError(`unsupported version ${v}`);
  return s;
}

/** The spec of a type byte in version v, or undefined outside the version's table or in a hole. */
export function specOf(v: Version, type: number): EventSpec | undefined {
  return specsFor(v)[type];
}

/** Go's lenient view of a slot: a hole within the table is an empty spec. Undefined only beyond the table. */
export function specOrEmpty(v: Version, type: number): EventSpec | undefined {
  const s = specsFor(v);
  if (type < 0 || type >= s.length) return undefined;
  return s[type] ?? EMPTY;
}

/** The type byte for an event name in version v, as Go's text reader resolves names. */
export function eventTypeByName(v: Version, name: string): number | undefined {
  return namesPerVersion.get(v)!.get(name);
}

/** Go's Version.EventName: the name, or `Invalid(N)` for unknown or unnamed types. */
export function eventNameFor(v: Version, type: number): string {
  const s = specsFor(v)[type];
  if (s && s.name !== '') return s.name;
  return `Invalid(${type})`;
}

/** Goroutine status values (GoStatus events). */
export const GoStatus = { Bad: 0, Runnable: 1, Running: 2, Syscall: 3, Waiting: 4 } as const;
export type GoStatus = (typeof GoStatus)[keyof typeof GoStatus];

export function goStatusString(s: number): string {
  switch (s) {
    case GoStatus.Runnable:
      return 'Runnable';
    case GoStatus.Running:
      return 'Running';
    case GoStatus.Syscall:
      return 'Syscall';
    case GoStatus.Waiting:
      return 'Waiting';
  }
  return 'Bad';
}

/** Proc status values (ProcStatus events). SyscallAbandoned marks a P first seen being stolen. */
export const ProcStatus = { Bad: 0, Running: 1, Idle: 2, Syscall: 3, SyscallAbandoned: 4 } as const;
export type ProcStatus = (typeof ProcStatus)[keyof typeof ProcStatus];

export function procStatusString(s: number): string {
  switch (s) {
    case ProcStatus.Running:
      return 'Running';
    case ProcStatus.Idle:
      return 'Idle';
    case ProcStatus.Syscall:
      return 'Syscall';
  }
  return 'Bad';
}

/** Argument type suffixes allowed in argument names (tracev2.EventArgTypes). */
export const EVENT_ARG_TYPES: readonly string[] = ['seq', 'pstatus', 'gstatus', 'g', 'm', 'p', 'string', 'stack', 'value', 'task'];
