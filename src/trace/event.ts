// The public event (Go's Event): an unprocessed event, the scheduling
// context it happened in and its generation's tables; kind-specific views
// are computed on demand, and toString() prints exactly what Go's
// Event.String() prints.
import { BaseEvent, EV_SYNC, EvTable, ExperimentalBatch, RawEvent, SchedCtx, Time, extraArgIndex } from './base';
import {
  ExperimentalEvent, Label, Log, Metric, NO_TASK, Range, RangeAttribute, Region, Sync, Task,
} from './eventDetails';
import { EventKind, eventKindString, kindForType } from './eventKind';
import { goQuoteString as goQuote } from './goString';
import { decimal } from './decimal';
import { freqMul } from './frequency';
import { u64ToI64 } from './int64';
import {
  GoID, GoState, NO_GOROUTINE, NO_PROC, NO_THREAD, ProcID, ProcState, ResourceID, ResourceKind,
  StateTransition, ThreadID, goStateString, procStateString,
} from './resources';
import { EXPERIMENT_NAMES, Ev, ProcStatus, specsFor } from './spec';
import { NO_STACK, Stack } from './stack';
import { U64, U64_MAX } from './u64';
import { Value } from './value';
import { WallTime } from './wallTime';
import { keepLayout } from './layoutKeeper';

// Go interprets every event with the newest table, whatever the version.
const specs = specsFor(26);

// Local copies of imports used per event by the reader (validateTableIDs):
// some CommonJS interop (tsx/esbuild) makes each use of an import a getter call.
const TYPE_CPU_SAMPLE = Ev.CPUSample;
const TYPE_STW_END = Ev.STWEnd;

// tracev2.GoStatus → GoState (Bad → Undetermined).
const goStatusToState: readonly GoState[] = [
  GoState.Undetermined, GoState.Runnable, GoState.Running, GoState.Syscall, GoState.Waiting,
];
// tracev2.ProcStatus → ProcState (Syscall counts as running, SyscallAbandoned as idle).
const procStatusToState: readonly ProcState[] = [
  ProcState.Undetermined, ProcState.Running, ProcState.Idle, ProcState.Running, ProcState.Idle,
];

// Per event type: the argument slots holding stack and string IDs, in the
// order Go checks them (spec indices count the timestamp, slots do not); -1
// for none. Events refer to at most two stacks and two strings.
const STACK_SLOT0 = new Int8Array(256).fill(-1);
const STACK_SLOT1 = new Int8Array(256).fill(-1);
const STRING_SLOT0 = new Int8Array(256).fill(-1);
const STRING_SLOT1 = new Int8Array(256).fill(-1);
specs.forEach((sp, t) => {
  if (sp === undefined) return;
  if (sp.stackIds.length > 2 || sp.stringIds.length > 2) throw new Error(`internal error: event ${sp.name} has more than two table references`);
  if (sp.stackIds.length > 0) STACK_SLOT0[t] = sp.stackIds[0] - 1;
  if (sp.stackIds.length > 1) STACK_SLOT1[t] = sp.stackIds[1] - 1;
  if (sp.stringIds.length > 0) STRING_SLOT0[t] = sp.stringIds[0] - 1;
  if (sp.stringIds.length > 1) STRING_SLOT1[t] = sp.stringIds[1] - 1;
});

// Per event type, what validateTableIDs has to check: nothing (most
// events), at most one stack and one string ID, or more than that.
const REFS_NONE = 0;
const REFS_ONE_OF_EACH = 1;
const REFS_MORE = 2;

const TABLE_REFS = new Uint8Array(256);
for (let t = 0; t < 256; t++) {
  if (STACK_SLOT1[t] >= 0 || STRING_SLOT1[t] >= 0 || t === TYPE_CPU_SAMPLE || t === TYPE_STW_END) TABLE_REFS[t] = REFS_MORE;
  else if (STACK_SLOT0[t] >= 0 || STRING_SLOT0[t] >= 0) TABLE_REFS[t] = REFS_ONE_OF_EACH;
  else TABLE_REFS[t] = REFS_NONE;
}
/**
 * @internal Per event type: non-zero when validateTableIDs has something to
 * check (most events refer to no table), so the reader calls it only then.
 * (Used here through the local name: compiled to CommonJS, an exported
 * constant is read from the module's exports object at every use.)
 */
export const REFERS_TO_TABLES: Readonly<Uint8Array> = TABLE_REFS;

function badStack(t: number, id: U64): string {
  return `found invalid stack ID ${decimal(id)} for event ${specs[t]?.name ?? ''}`;
}

function badString(t: number, id: U64): string {
  return `found invalid string ID ${decimal(id)} for event ${specs[t]?.name ?? ''}`;
}

const TWO32 = 4294967296;

function highLow32(v: U64): [number, number] {
  if (typeof v === 'number') return [Math.floor(v / TWO32), v % TWO32];
  return [Number((v >> 32n) & 0xffffffffn), Number(v & 0xffffffffn)];
}

/**
 * One event of the trace (Go's Event). Its fields are flat — the event's
 * type, time, four argument slots and the scheduling context, copied when
 * the event is made — so an event is one object; views of its meaning are
 * computed on demand.
 */
export class Event {
  // Fields are declared, not initialized: an initializer would first define
  // every field as undefined on each of the millions of events.
  declare readonly table: EvTable;
  /** Wire event type byte (EV_SYNC for Sync events). */
  declare readonly type: number;
  /** Nanoseconds (Go's Time). */
  declare readonly time: Time;
  /** @internal Argument slots (see RawEvent). */
  declare readonly a0: U64;
  /** @internal */
  declare readonly a1: U64;
  /** @internal */
  declare readonly a2: U64;
  /** @internal */
  declare readonly a3: U64;
  /** The goroutine running when the event happened (before any transition it describes), or NO_GOROUTINE. */
  declare readonly goroutine: GoID;
  declare readonly proc: ProcID;
  declare readonly thread: ThreadID;

  constructor(table: EvTable, type: number, time: Time, a0: U64, a1: U64, a2: U64, a3: U64, g: GoID, p: ProcID, m: ThreadID) {
    const self = this as { -readonly [K in keyof Event]: Event[K] };
    self.table = table;
    self.type = type;
    self.time = time;
    self.a0 = a0;
    self.a1 = a1;
    self.a2 = a2;
    self.a3 = a3;
    self.goroutine = g;
    self.proc = p;
    self.thread = m;
  }

  /** An event from a raw event and its context (both copied). */
  static of(table: EvTable, ctx: SchedCtx, ev: RawEvent): Event {
    return new Event(table, ev.type, ev.time, ev.a0, ev.a1, ev.a2, ev.a3, ctx.g, ctx.p, ctx.m);
  }

  /** An event from Go's baseEvent layout (an args array). */
  static fromBase(table: EvTable, ctx: SchedCtx, base: BaseEvent): Event {
    const a = base.args;
    return new Event(table, base.type, base.time, a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0, ctx.g, ctx.p, ctx.m);
  }

  /** A copy of the unprocessed event (Go's baseEvent). */
  get base(): BaseEvent {
    return { type: this.type, time: this.time, args: [this.a0, this.a1, this.a2, this.a3] };
  }

  /** The scheduling context (goroutine, proc, thread) the event happened in. */
  get ctx(): SchedCtx {
    return { g: this.goroutine, p: this.proc, m: this.thread };
  }

  get kind(): EventKind {
    return kindForType(this.type);
  }

  // Not base.ts's rawArg: its property loads would see every kind of raw
  // event, these only events.
  private arg(i: number): U64 {
    switch (i) {
      case 0: return this.a0;
      case 1: return this.a1;
      case 2: return this.a2;
      case 3: return this.a3;
    }
    return 0;
  }

  /** The stack of the current execution context at the event, or NO_STACK. */
  stack(): Stack {
    const t = this.type;
    if (t === EV_SYNC) return NO_STACK;
    // A CPU sample's stack is its only argument; even ID 0 is a (frameless) stack.
    if (t === Ev.CPUSample) return new Stack(this.table, this.arg(0));
    const spec = specs[t];
    if (spec === undefined || spec.stackIds.length === 0) return NO_STACK;
    const id = this.arg(spec.stackIds[0] - 1);
    if (id === 0) return NO_STACK;
    return new Stack(this.table, id);
  }

  metric(): Metric {
    if (this.kind !== EventKind.Metric) throw new Error('Metric called on non-Metric event');
    switch (this.type) {
      case Ev.ProcsChange: return { name: '/sched/gomaxprocs:threads', value: Value.uint64(this.arg(0)) };
      case Ev.HeapAlloc: return { name: '/memory/classes/heap/objects:bytes', value: Value.uint64(this.arg(0)) };
      case Ev.HeapGoal: return { name: '/gc/heap/goal:bytes', value: Value.uint64(this.arg(0)) };
    }
    throw unexpected('Metric', this.type);
  }

  label(): Label {
    if (this.kind !== EventKind.Label) throw new Error('Label called on non-Label event');
    return {
      label: this.table.strings.mustGet(this.arg(0)),
      resource: new ResourceID(ResourceKind.Goroutine, this.goroutine),
    };
  }

  range(): Range {
    const k = this.kind;
    if (k !== EventKind.RangeBegin && k !== EventKind.RangeActive && k !== EventKind.RangeEnd) {
      throw new Error('Range called on non-Range event');
    }
    switch (this.type) {
      case Ev.STWBegin:
      case Ev.STWEnd:
        // The parser puts the STW reason of the matching begin into STWEnd's args[0].
        return {
          name: `stop-the-world (${this.table.strings.mustGet(this.arg(0))})`,
          scope: new ResourceID(ResourceKind.Goroutine, this.goroutine),
        };
      case Ev.GCBegin:
      case Ev.GCActive:
      case Ev.GCEnd:
        return { name: 'GC concurrent mark phase', scope: ResourceID.none() };
      case Ev.GCSweepBegin:
      case Ev.GCSweepEnd:
        return { name: 'GC incremental sweep', scope: new ResourceID(ResourceKind.Proc, this.proc) };
      case Ev.GCSweepActive:
        return { name: 'GC incremental sweep', scope: new ResourceID(ResourceKind.Proc, u64ToI64(this.arg(0))) };
      case Ev.GCMarkAssistBegin:
      case Ev.GCMarkAssistEnd:
        return { name: 'GC mark assist', scope: new ResourceID(ResourceKind.Goroutine, this.goroutine) };
      case Ev.GCMarkAssistActive:
        return { name: 'GC mark assist', scope: new ResourceID(ResourceKind.Goroutine, u64ToI64(this.arg(0))) };
    }
    throw unexpected('Range', this.type);
  }

  /** Attributes of a completed range (only sweeps have any). */
  rangeAttributes(): RangeAttribute[] {
    if (this.kind !== EventKind.RangeEnd) throw new Error('Range called on non-Range event');
    if (this.type !== Ev.GCSweepEnd) return [];
    return [
      { name: 'bytes swept', value: Value.uint64(this.arg(0)) },
      { name: 'bytes reclaimed', value: Value.uint64(this.arg(1)) },
    ];
  }

  task(): Task {
    const k = this.kind;
    if (k !== EventKind.TaskBegin && k !== EventKind.TaskEnd) throw new Error('Task called on non-Task event');
    if (this.type === Ev.UserTaskBegin) {
      return { id: this.arg(0), parent: this.arg(1), type: this.table.strings.mustGet(this.arg(2)) };
    }
    if (this.type === Ev.UserTaskEnd) {
      // The parser fills the extra slots with what it knows from the TaskBegin.
      const x = extraArgIndex(Ev.UserTaskEnd);
      return { id: this.arg(0), parent: this.arg(x), type: this.table.getExtraString(this.arg(x + 1)) };
    }
    throw unexpected('Task', this.type);
  }

  region(): Region {
    const k = this.kind;
    if (k !== EventKind.RegionBegin && k !== EventKind.RegionEnd) throw new Error('Region called on non-Region event');
    return { task: this.arg(0), type: this.table.strings.mustGet(this.arg(1)) };
  }

  log(): Log {
    if (this.kind !== EventKind.Log) throw new Error('Log called on non-Log event');
    return {
      task: this.arg(0),
      category: this.table.strings.mustGet(this.arg(1)),
      message: this.table.strings.mustGet(this.arg(2)),
    };
  }

  stateTransition(): StateTransition {
    if (this.kind !== EventKind.StateTransition) throw new Error('StateTransition called on non-StateTransition event');
    const a0 = this.arg(0);
    let s: StateTransition;
    switch (this.type) {
      case Ev.ProcStart:
        return StateTransition.proc(u64ToI64(a0), ProcState.Idle, ProcState.Running);
      case Ev.ProcStop:
        return StateTransition.proc(this.proc, ProcState.Running, ProcState.Idle);
      case Ev.ProcSteal: {
        // The parser puts the proc's old status in the extra slot; a steal
        // from SyscallAbandoned looks like idle → idle.
        const old = this.arg(extraArgIndex(Ev.ProcSteal));
        const before = old === ProcStatus.SyscallAbandoned ? ProcState.Idle : ProcState.Running;
        return StateTransition.proc(u64ToI64(a0), before, ProcState.Idle);
      }
      case Ev.ProcStatus: {
        // Extra slot: the old ProcState the parser worked out.
        const from = Number(BigInt.asUintN(8, BigInt(this.arg(extraArgIndex(Ev.ProcStatus)))));
        // The parser validated the status as a uint8 (Go's ProcStatus(arg));
        // Go's view then indexes with the whole uint64 and panics above 255.
        // We read it as the parser did.
        const st = this.arg(1);
        const low = typeof st === 'number' ? st % 256 : Number(st & 0xffn);
        return StateTransition.proc(u64ToI64(a0), from, procStatusToState[low] ?? ProcState.Undetermined);
      }
      case Ev.GoCreate:
      case Ev.GoCreateBlocked:
        s = StateTransition.goroutine(u64ToI64(a0), GoState.NotExist,
          this.type === Ev.GoCreateBlocked ? GoState.Waiting : GoState.Runnable);
        // The new goroutine's start stack: a table handle even for ID 0.
        s.stack = new Stack(this.table, this.arg(1));
        return s;
      case Ev.GoCreateSyscall:
        return StateTransition.goroutine(u64ToI64(a0), GoState.NotExist, GoState.Syscall);
      case Ev.GoStart:
        return StateTransition.goroutine(u64ToI64(a0), GoState.Runnable, GoState.Running);
      case Ev.GoDestroy:
        return StateTransition.goroutine(this.goroutine, GoState.Running, GoState.NotExist);
      case Ev.GoDestroySyscall:
        return StateTransition.goroutine(this.goroutine, GoState.Syscall, GoState.NotExist);
      case Ev.GoStop:
      case Ev.GoBlock:
        s = StateTransition.goroutine(this.goroutine, GoState.Running,
          this.type === Ev.GoStop ? GoState.Runnable : GoState.Waiting);
        s.reason = this.table.strings.mustGet(a0);
        s.stack = this.stack();
        return s;
      case Ev.GoUnblock:
      case Ev.GoSwitch:
      case Ev.GoSwitchDestroy:
        // Switches start by unblocking the named goroutine, exactly like GoUnblock.
        return StateTransition.goroutine(u64ToI64(a0), GoState.Waiting, GoState.Runnable);
      case Ev.GoSyscallBegin:
        s = StateTransition.goroutine(this.goroutine, GoState.Running, GoState.Syscall);
        s.stack = this.stack();
        return s;
      case Ev.GoSyscallEnd:
        return StateTransition.goroutine(this.goroutine, GoState.Syscall, GoState.Running);
      case Ev.GoSyscallEndBlocked:
        return StateTransition.goroutine(this.goroutine, GoState.Syscall, GoState.Runnable);
      case Ev.GoStatus:
      case Ev.GoStatusStack: {
        // The parser packs the old GoState (high 32 bits) with the wire status (low 32).
        const [from, to] = highLow32(this.arg(2));
        s = StateTransition.goroutine(u64ToI64(a0), from & 0xff, goStatusToState[to] ?? GoState.Undetermined);
        s.stack = this.stack();
        return s;
      }
    }
    throw unexpected('StateTransition', this.type);
  }

  /** Details relevant to the events up to the next Sync. */
  sync(): Sync {
    if (this.kind !== EventKind.Sync) throw new Error('Sync called on non-Sync event');
    const t = this.table;
    const batches = new Map<string, readonly ExperimentalBatch[]>();
    // Go indexes its name table and panics on an experiment it does not know
    // (go tool trace crashes); we name it instead.
    for (const [exp, list] of t.expBatches) batches.set(EXPERIMENT_NAMES[exp] ?? `Experiment(${exp})`, list);
    return {
      n: Number(this.arg(0)),
      clockSnapshot: t.hasClockSnapshot
        ? { trace: freqMul(t.freq, t.snapTime), wall: new WallTime(t.snapWallSec, t.snapWallNsec), mono: t.snapMono }
        : null,
      experimentalBatches: batches,
    };
  }

  experimental(): ExperimentalEvent {
    if (this.kind !== EventKind.Experimental) throw new Error('Experimental called on non-Experimental event');
    const spec = specs[this.type]!;
    const names = spec.args.slice(1); // the timestamp is not an argument here
    const values: U64[] = [];
    for (let i = 0; i < names.length; i++) values.push(this.arg(i));
    return new ExperimentalEvent(spec.name, EXPERIMENT_NAMES[spec.experiment] ?? '', names, this.table, values);
  }

  /**
   * Checks that the string and stack IDs the event refers to exist in its
   * generation's tables; Go's error text, or null.
   */
  validateTableIDs(): string | null {
    const t = this.type;
    // Most referring events name one stack, one string, or one of each:
    // checked here, in a body small enough for V8 to inline into the reader.
    if (TABLE_REFS[t] !== REFS_ONE_OF_EACH) return this.validateEveryTableID();
    const st0 = STACK_SLOT0[t];
    if (st0 >= 0) {
      const id = this.arg(st0);
      if (id !== 0 && !this.table.stacks.has(id)) return badStack(t, id);
    }
    const sr0 = STRING_SLOT0[t];
    if (sr0 >= 0) {
      const id = this.arg(sr0);
      if (id !== 0 && !this.table.strings.has(id)) return badString(t, id);
    }
    return null;
  }

  /** validateTableIDs for every event type, in the order Go checks. */
  private validateEveryTableID(): string | null {
    const t = this.type;
    const st0 = STACK_SLOT0[t];
    const sr0 = STRING_SLOT0[t];
    if (st0 < 0 && sr0 < 0 && t !== TYPE_CPU_SAMPLE && t !== TYPE_STW_END) return null;
    const { stacks, strings } = this.table;
    if (st0 >= 0) {
      let id = this.arg(st0);
      if (id !== 0 && !stacks.has(id)) return badStack(t, id);
      const st1 = STACK_SLOT1[t];
      if (st1 >= 0) {
        id = this.arg(st1);
        if (id !== 0 && !stacks.has(id)) return badStack(t, id);
      }
    }
    if (sr0 >= 0) {
      let id = this.arg(sr0);
      if (id !== 0 && !strings.has(id)) return badString(t, id);
      const sr1 = STRING_SLOT1[t];
      if (sr1 >= 0) {
        id = this.arg(sr1);
        if (id !== 0 && !strings.has(id)) return badString(t, id);
      }
    }
    // Two references Go leaves unchecked, then panics on while printing the
    // event: a CPU sample's stack (its spec names a slot the sample does not
    // use) and the STW reason the parser carries from STWBegin to STWEnd,
    // which refers to the STWBegin's generation but is looked up in the
    // STWEnd's. We report them as the same kind of error instead.
    if (t === TYPE_CPU_SAMPLE) {
      if (!stacks.has(this.a0)) return badStack(t, this.a0);
    } else if (t === TYPE_STW_END) {
      if (!strings.has(this.a0)) return badString(t, this.a0);
    }
    return null;
  }

  /** Exactly Go's Event.String(). */
  toString(): string {
    const k = this.kind;
    let out = `M=${decimal(this.thread)} P=${decimal(this.proc)} G=${decimal(this.goroutine)} ${eventKindString(k)} Time=${decimal(this.time)}`;
    switch (k) {
      case EventKind.Metric: {
        const m = this.metric();
        out += ` Name=${goQuote(m.name)} Value=${m.value.toString()}`;
        break;
      }
      case EventKind.Label: {
        const l = this.label();
        out += ` Label=${goQuote(l.label)} Resource=${l.resource.toString()}`;
        break;
      }
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
      case EventKind.RangeEnd: {
        const r = this.range();
        out += ` Name=${goQuote(r.name)} Scope=${r.scope.toString()}`;
        if (k === EventKind.RangeEnd) {
          out += ` Attributes=[${this.rangeAttributes().map((a) => `${goQuote(a.name)}=${a.value.toString()}`).join(' ')}]`;
        }
        break;
      }
      case EventKind.TaskBegin:
      case EventKind.TaskEnd: {
        const t = this.task();
        out += ` ID=${decimal(t.id)} Parent=${decimal(t.parent)} Type=${goQuote(t.type)}`;
        break;
      }
      case EventKind.RegionBegin:
      case EventKind.RegionEnd: {
        const r = this.region();
        out += ` Task=${decimal(r.task)} Type=${goQuote(r.type)}`;
        break;
      }
      case EventKind.Log: {
        const l = this.log();
        out += ` Task=${decimal(l.task)} Category=${goQuote(l.category)} Message=${goQuote(l.message)}`;
        break;
      }
      case EventKind.StateTransition: {
        const s = this.stateTransition();
        if (s.resource.kind === ResourceKind.Goroutine) {
          out += ` GoID=${decimal(s.resource.id)} ${goStateString(s.oldState)}->${goStateString(s.newState)}`;
        } else if (s.resource.kind === ResourceKind.Proc) {
          out += ` ProcID=${decimal(s.resource.id)} ${procStateString(s.oldState)}->${procStateString(s.newState)}`;
        }
        out += ` Reason=${goQuote(s.reason)}`;
        if (!s.stack.isNone()) out += '\nTransitionStack=\n' + s.stack.tabbedText();
        break;
      }
      case EventKind.Experimental: {
        const x = this.experimental();
        out += ` Name=${x.name} Args=[${x.args.map((a, i) => `${a}=${x.argValue(i).toString()}`).join(', ')}]`;
        break;
      }
      case EventKind.Sync: {
        const s = this.sync();
        out += ` N=${s.n}`;
        const c = s.clockSnapshot;
        if (c !== null) out += ` Trace=${decimal(c.trace)} Mono=${decimal(c.mono)} Wall=${c.wall.toString()}`;
        break;
      }
    }
    const stk = this.stack();
    if (!stk.isNone()) out += '\nStack=\n' + stk.tabbedText();
    return out;
  }
}

// One event made at load time with every field in its most general form (a
// bigint where a number may be): V8 then lays out all events that way from
// the start, instead of changing the layout when the first huge value comes
// (the change would deoptimize all the code that has seen events).
new Event(new EvTable(), 0, -(1n << 63n), U64_MAX, U64_MAX, U64_MAX, U64_MAX, -(1n << 63n), -(1n << 63n), -(1n << 63n));

/** @internal The reader's fix-up of an event's time (Go makes times strictly increasing as it returns events). */
export function setEventTime(ev: Event, t: Time): void {
  (ev as { time: Time }).time = t;
}

function unexpected(kind: string, type: number): Error {
  return new Error(`internal error: unexpected wire-format event type for ${kind} kind: ${type}`);
}

/**
 * A Sync event (Go's syncEvent): the Nth of the trace, at time ts, with the
 * generation's table (null at the end of a trace: no snapshot, no batches).
 */
export function syncEvent(table: EvTable | null, ts: Time, n: number): Event {
  return new Event(table ?? new EvTable(), EV_SYNC, ts, n, 0, 0, 0, NO_GOROUTINE, NO_PROC, NO_THREAD);
}

export { NO_TASK };

// One event made at load with a bigint in every slot that can hold one
// (time and arguments are usually small integers or doubles, rarely
// bigints), and its time rewritten as the reader rewrites the time of an
// event out of order: V8 then lays out every Event with tagged, mutable
// fields from the start. Otherwise the first large argument or the first
// rewritten time changes the layout mid-trace, which throws away all the
// reader's optimized code that makes events (seen at about the 16,000th
// event), and a field widened to hold doubles would box even small integers
// stored in it. (Kept, with its layout: see layoutKeeper.)
setEventTime(keepLayout(new Event(new EvTable(), EV_SYNC, -1n, U64_MAX, U64_MAX, U64_MAX, U64_MAX, NO_GOROUTINE, NO_PROC, NO_THREAD)), -1n);
