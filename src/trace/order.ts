// The ordering state machine (Go's order.go): it models goroutines, procs,
// threads, GC, tasks and ranges to decide whether an event from one M can be
// the next event of the trace, validates it, and queues the Event(s) it
// produces. `advance` answers "not yet" (false) when the event depends on
// something another M has not emitted yet; an error means the trace is broken.
// Error texts are Go's, word for word.
import { EvTable, RawEvent, SchedCtx, extraArgIndex, setRawArg } from './base';
import { Event } from './event';
import { IdMap } from './idMap';
import { I64, i64ToU64, u64ToI64 } from './int64';
import { NO_GOROUTINE, NO_PROC, NO_THREAD, GoState, ProcState } from './resources';
import { Ev, GoStatus, ProcStatus, eventNameFor, goStatusString, procStatusString, specsFor } from './spec';
import { U64, U64_MAX } from './u64';
import type { Version } from './version';
import type { ReaderFault } from './readerOptions';
import { keepLayout } from './layoutKeeper';

const FAULT_GO_START_NO_SEQ = 1;
const FAULT_GO_UNBLOCK_NO_SEQ = 2;
const FAULT_REFUSE_PROMOTION = 4;

// Local copies of hot imported bindings: the CommonJS interop of some
// runtimes (tsx/esbuild) turns every use of an import into a getter call.
const NO_G = NO_GOROUTINE;
const NO_P = NO_PROC;
const NO_M = NO_THREAD;
const EV = Ev;
const GS = GoStatus;
const PS = ProcStatus;
const toI64 = u64ToI64;
const extraIndex = extraArgIndex;
const setArg = setRawArg;
const EventCtor = Event;
const fullSpecs = specsFor(26);
const EV_GO_START = Ev.GoStart;
const EV_GO_BLOCK = Ev.GoBlock;
const EV_GO_STOP = Ev.GoStop;
const EV_GO_DESTROY = Ev.GoDestroy;
const EV_GO_UNBLOCK = Ev.GoUnblock;
const EV_GO_SYSCALL_BEGIN = Ev.GoSyscallBegin;
const EV_GO_SYSCALL_END = Ev.GoSyscallEnd;

/**
 * A resource's (generation, sequence number) pair; one succeeds another
 * within a generation. Kept in the goroutine's or proc's state itself, not
 * in an object of its own: the state is looked up for most events, and a
 * pair apart from it was one more object to reach (and to allocate).
 */
interface Sequenced {
  seqGen: U64;
  seq: U64;
}

/** Whether (gen, seq) immediately follows s's pair. */
function follows(gen: U64, seq: U64, s: Sequenced): boolean {
  if (gen !== s.seqGen) return false;
  return isSuccessor(seq, s.seq);
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** a == b+1 in uint64 arithmetic. (The bigint case apart: small enough for V8 to inline wherever it is called.) */
function isSuccessor(a: U64, b: U64): boolean {
  return typeof a === 'number' && typeof b === 'number' && b < MAX_SAFE ? a === b + 1 : isSuccessorBig(a, b);
}

function isSuccessorBig(a: U64, b: U64): boolean {
  return BigInt(a) === BigInt.asUintN(64, BigInt(b) + 1n);
}

function seqString(gen: U64, seq: U64): string {
  return `${String(seq)} (gen=${String(gen)})`;
}

/** A special time range bound to a resource: its begin event type and optional description string ID. */
interface RangeType {
  typ: number;
  desc: U64;
}

// Per event type, the type of the event that begins its range (itself for
// a begin event): one typed-array load where the spec objects, of several
// shapes, made a generic property load per range event.
const RANGE_START = new Uint8Array(256);
for (let t = 0; t < 256; t++) RANGE_START[t] = fullSpecs[t]?.startEv || t;

function makeRangeType(typ: number, desc: U64): RangeType {
  return { typ: RANGE_START[typ], desc };
}

function rangeTypeString(r: RangeType): string {
  return `{${r.typ} ${String(r.desc)}}`;
}

function specName(typ: number): string {
  return fullSpecs[typ]?.name ?? '';
}

// A shared empty list for the states that never had a range or region
// (most): one fewer allocation per goroutine.
const NONE: readonly never[] = Object.freeze([]);

class RangeState {
  // Replaced by a list of its own at the first range.
  inFlight: RangeType[] = NONE as unknown as RangeType[];

  private own(): RangeType[] {
    if (this.inFlight === (NONE as unknown)) this.inFlight = [];
    return this.inFlight;
  }

  // Indexed loops: inFlight is NONE (frozen) or a list of the state's own,
  // and for-of over arrays of two kinds goes through the generic iterator.
  hasRange(r: RangeType): boolean {
    const list = this.inFlight;
    for (let i = 0; i < list.length; i++) if (list[i].typ === r.typ && list[i].desc === r.desc) return true;
    return false;
  }

  beginRange(r: RangeType): string | null {
    if (this.hasRange(r)) return `discovered event already in-flight for when starting event ${specName(r.typ)}`;
    this.own().push(r);
    return null;
  }

  activeRange(r: RangeType, isInitialGen: boolean): string | null {
    if (isInitialGen) {
      if (this.hasRange(r)) return `found named active range already in first gen: ${rangeTypeString(r)}`;
      this.own().push(r);
    } else if (!this.hasRange(r)) {
      return `resource is missing active range: ${specName(r.typ)} [${this.inFlight.map(rangeTypeString).join(' ')}]`;
    }
    return null;
  }

  /** Ends the range begun by typ's start event; returns its description, or an error text. */
  endRange(typ: number): U64 | string {
    const st = RANGE_START[typ];
    const list = this.inFlight;
    let idx = 0;
    while (idx < list.length && list[idx].typ !== st) idx++;
    if (idx === list.length) return `tried to end event ${specName(st)}, but not in-flight`;
    const desc = list[idx].desc;
    // Swap-remove, as Go does (the order of the rest is observable in errors).
    list[idx] = list[list.length - 1];
    list.pop();
    return desc;
  }
}

interface UserRegion {
  taskID: U64;
  name: string;
}

class GState extends RangeState implements Sequenced {
  // Replaced by a list of its own at the first region.
  regions: UserRegion[] = NONE as unknown as UserRegion[];
  constructor(readonly id: I64, public status: number, public seqGen: U64, public seq: U64) {
    super();
  }

  pushRegion(r: UserRegion): void {
    if (this.regions === (NONE as unknown)) this.regions = [];
    this.regions.push(r);
  }
}

class PState extends RangeState implements Sequenced {
  constructor(readonly id: I64, public status: number, public seqGen: U64, public seq: U64) {
    super();
  }
}

/** A thread's state: the goroutine and proc it runs. */
export interface MState {
  g: I64;
  p: I64;
}

/** What advance reads: a raw event, its thread, and a slot for that thread's state (see advance). */
export interface ThreadEvent extends RawEvent {
  readonly m: I64;
  threadState: MState | null;
}

interface TaskState {
  name: string;
  parentID: U64;
}

const GC_UNDETERMINED = 0;
const GC_NOT_RUNNING = 1;
const GC_RUNNING = 2;
const GC_STATE_NAMES = ['Undetermined', 'NotRunning', 'Running'];

// Scheduling requirements.
const MUST_NOT = 0;
const MAY = 1;
const MUST = 2;

/**
 * A requirement on an event's context — MUST, MAY or MUST_NOT for each of
 * thread, proc and goroutine — as one number: bits 0–7 the contexts it
 * accepts (bit k for context mask k: 4 a thread, 2 a proc, 1 a goroutine),
 * bits 8–13 the three requirements themselves (for the error text). A
 * check is then one shift of the context's mask, which advance computes once
 * per event (Ordering.ctxMask): validateCtx stays small enough for V8 to
 * inline it into every handler, however many it has inlined already.
 */
function ctxReq(m: number, p: number, g: number): number {
  let accepted = 0;
  for (let k = 0; k < 8; k++) if (meets(m, (k & 4) !== 0) && meets(p, (k & 2) !== 0) && meets(g, (k & 1) !== 0)) accepted |= 1 << k;
  return accepted | (m << 8) | (p << 10) | (g << 12);
}

/** Whether a resource present (has) or absent meets the requirement req. */
function meets(req: number, has: boolean): boolean {
  return req === MAY || (req === MUST) === has;
}

const CTX_M = ctxReq(MUST, MAY, MAY);
const CTX_M_G = ctxReq(MUST, MAY, MUST);
const CTX_M_NO_G = ctxReq(MUST, MAY, MUST_NOT);
const CTX_M_P = ctxReq(MUST, MUST, MAY);
const CTX_M_P_G = ctxReq(MUST, MUST, MUST);
const CTX_M_P_NO_G = ctxReq(MUST, MUST, MUST_NOT);
const CTX_M_NO_P = ctxReq(MUST, MUST_NOT, MAY);

function validateCtx(o: Ordering, req: number): string | null {
  return ((req >> o.ctxMask) & 1) !== 0 ? null : ctxError(o.ctx, req);
}

/** Go's text for the first requirement the context does not meet. */
function ctxError(ctx: SchedCtx, req: number): string | null {
  const m = (req >> 8) & 3;
  const p = (req >> 10) & 3;
  const g = (req >> 12) & 3;
  if (m === MUST && ctx.m === NO_M) return "expected a thread but didn't have one";
  if (m === MUST_NOT && ctx.m !== NO_M) return 'expected no thread but had one';
  if (p === MUST && ctx.p === NO_P) return "expected a proc but didn't have one";
  if (p === MUST_NOT && ctx.p !== NO_P) return 'expected no proc but had one';
  if (g === MUST && ctx.g === NO_G) return "expected a goroutine but didn't have one";
  if (g === MUST_NOT && ctx.g !== NO_G) return 'expected no goroutine but had one';
  return null;
}

/** The requirement of each handler made by ctxOnly. */
const CTX_ONLY_HANDLERS = new Map<Handler, number>();

/** A handler whose only check is the event's context. */
function ctxOnly(req: number): Handler {
  const h: Handler = (o) => validateCtx(o, req) ?? true;
  CTX_ONLY_HANDLERS.set(h, req);
  return h;
}

/** The user-goroutine requirement: thread, proc and goroutine all present. */
function userGo(o: Ordering): string | null {
  return validateCtx(o, CTX_M_P_G);
}

// tracev2 status → state smuggled into events.
const GO_STATUS_TO_STATE = [GoState.Undetermined, GoState.Runnable, GoState.Running, GoState.Syscall, GoState.Waiting];
const PROC_STATUS_TO_STATE = [ProcState.Undetermined, ProcState.Running, ProcState.Idle, ProcState.Running, ProcState.Idle];

/** Go's conversion of a uint64 argument to a uint8 status. */
function lowByte(v: U64): number {
  return typeof v === 'number' ? v % 256 : Number(v & 0xffn);
}

/**
 * The outcome of one advance: true when the raw event itself, in the
 * context the ordering leaves in `ctx`, is the next event of the trace (the
 * caller makes the Event: one place that V8 compiles inline, and no write
 * barrier as there would be for an event stored in the long-lived
 * Ordering); the first of the events it completes when there are several
 * (the others wait in the queue: see next()); not yet (false); or Go's
 * error text.
 */
export type AdvanceResult = true | Event | false | string;

export class Ordering {
  readonly gStates = new IdMap<GState>();
  readonly pStates = new IdMap<PState>();
  readonly mStates = new Map<I64, MState>();
  readonly activeTasks = new Map<U64, TaskState>();
  gcSeq: U64 = 0;
  gcState = GC_UNDETERMINED;
  initialGen: U64 = 0;
  // FIFO of the events an advance completes beyond the one it returns (a
  // GoSwitch makes three): a ring buffer whose length is a power of two, so
  // indices wrap with a mask.
  private queue: (Event | undefined)[] = new Array(8);
  private qHead = 0;
  private qLen = 0;
  /** The context after the event being advanced (set by handlers). Reused: Events copy what they need. */
  readonly newCtx: SchedCtx = { g: NO_G, p: NO_P, m: NO_M };
  /** The context of the event being advanced (handlers may change it); the Event's context when advance returns true. */
  readonly ctx: SchedCtx = { g: NO_G, p: NO_P, m: NO_M };
  /**
   * ctx as advance set it up, as a mask (4: a thread, 2: a proc, 1: a
   * goroutine), for validateCtx. The handlers that change ctx (ProcStatus,
   * GoStatus) do so after their checks.
   */
  ctxMask = 0;

  /** The name of the region event being advanced (see regionOf). */
  regionName = '';
  /** Injected faults (mutant readers only), checked on rare paths. */
  readonly faults: number;

  constructor(readonly version: Version, faults?: ReadonlySet<ReaderFault>) {
    this.faults =
      faults === undefined
        ? 0
        : (faults.has('go-start-no-seq-check') ? FAULT_GO_START_NO_SEQ : 0) |
          (faults.has('go-unblock-no-seq-check') ? FAULT_GO_UNBLOCK_NO_SEQ : 0) |
          (faults.has('refuse-abandoned-promotion') ? FAULT_REFUSE_PROMOTION : 0);
  }

  evName(typ: number): string {
    return eventNameFor(this.version, typ);
  }

  push(e: Event): void {
    let q = this.queue;
    if (this.qLen === q.length) {
      // Grow, unrolling the ring so the oldest is first.
      const nq: (Event | undefined)[] = new Array(q.length * 2);
      for (let i = 0; i < this.qLen; i++) nq[i] = q[(this.qHead + i) & (q.length - 1)];
      this.queue = q = nq;
      this.qHead = 0;
    }
    q[(this.qHead + this.qLen) & (q.length - 1)] = e;
    this.qLen++;
  }

  /** The next completed event, or undefined. */
  next(): Event | undefined {
    if (this.qLen === 0) return undefined;
    const q = this.queue;
    const e = q[this.qHead];
    q[this.qHead] = undefined; // do not keep old generations' tables alive
    this.qHead = (this.qHead + 1) & (q.length - 1);
    this.qLen--;
    return e;
  }

  /**
   * Tries to advance with ev from thread ev.m. gen must not decrease across
   * calls, and the queue must be empty (see next()). An event: it and any
   * queued are the next events of the trace. False: try another M.
   */
  advance(ev: ThreadEvent, evt: EvTable, gen: U64): AdvanceResult {
    if (this.initialGen === 0) this.initialGen = gen;
    const m = ev.m;
    let ms: MState | null = null;
    const cur = this.ctx;
    cur.g = NO_G;
    cur.p = NO_P;
    cur.m = m;
    if (m !== NO_M) {
      // Thread states are never removed or replaced, so the source keeps
      // the one of its thread once looked up (created here, as Go does).
      ms = ev.threadState;
      if (ms === null) {
        ms = this.mStates.get(m) ?? null;
        if (ms === null) {
          ms = { g: NO_G, p: NO_P };
          this.mStates.set(m, ms);
        }
        ev.threadState = ms;
      }
      cur.p = ms.p;
      cur.g = ms.g;
    }
    const nc = this.newCtx;
    nc.g = cur.g;
    nc.p = cur.p;
    nc.m = cur.m;
    // The commonest events' handlers are called directly (V8 can inline
    // them and skips the generic call of a function from a table); the
    // rest through the table.
    let r: AdvanceResult;
    // Events whose only check is their context (heap metrics, logs,
    // labels, allocations) take no call when it passes: one lookup of the
    // contexts their handler accepts. (Ahead of the switch, not a case of
    // its own: a call site more would cost the handlers V8 inlines here.)
    const mask = (m !== NO_M ? 4 : 0) | (cur.p !== NO_P ? 2 : 0) | (cur.g !== NO_G ? 1 : 0);
    this.ctxMask = mask;
    const allowed = CTX_ONLY[ev.type];
    if (allowed !== 0 && ((allowed >> mask) & 1) !== 0) r = true;
    else switch (ev.type) {
      case EV_GO_START: r = advanceGoStart(this, ev, evt, m, gen, cur); break;
      case EV_GO_BLOCK: case EV_GO_STOP: case EV_GO_DESTROY: r = advanceGoStopExec(this, ev, evt, m, gen, cur); break;
      case EV_GO_UNBLOCK: r = advanceGoUnblock(this, ev, evt, m, gen, cur); break;
      case EV_GO_SYSCALL_BEGIN: r = advanceGoSyscallBegin(this, ev, evt, m, gen, cur); break;
      case EV_GO_SYSCALL_END: r = advanceGoSyscallEnd(this, ev, evt, m, gen, cur); break;
      default: r = HANDLERS[ev.type](this, ev, evt, m, gen, cur);
    }
    if (r !== false && typeof r !== 'string' && ms !== null) {
      ms.p = this.newCtx.p;
      ms.g = this.newCtx.g;
    }
    return r;
  }

  /** Go's dumpOrdering, in a fixed order (Go prints its maps in random order). */
  dump(): string {
    let out = '';
    for (const [id, s] of this.gStates) out += `G ${String(id)} [status=${goStatusString(s.status)} seq=${seqString(s.seqGen, s.seq)}]\n`;
    out += '\n';
    for (const [id, s] of this.pStates) out += `P ${String(id)} [status=${procStatusString(s.status)} seq=${seqString(s.seqGen, s.seq)}]\n`;
    out += '\n';
    for (const [id, s] of this.mStates) out += `M ${String(id)} [g=${String(s.g)} p=${String(s.p)}]\n`;
    out += '\n';
    out += `GC ${String(this.gcSeq)} ${GC_STATE_NAMES[this.gcState] ?? 'Bad'}\n`;
    return out;
  }

  /** The event as it stands now (fields copied: the raw event is reused). */
  emit(evt: EvTable, ctx: SchedCtx, ev: RawEvent): Event {
    return new EventCtor(evt, ev.type, ev.time, ev.a0, ev.a1, ev.a2, ev.a3, ctx.g, ctx.p, ctx.m);
  }

  /** Queues the event as it stands now, behind any queued before. */
  queueEvent(evt: EvTable, ctx: SchedCtx, ev: RawEvent): void {
    this.push(this.emit(evt, ctx, ev));
  }
}

/** A raw event the state machine makes itself (e.g. the parts of a GoSwitch). */
function makeRaw(typ: number, time: RawEvent['time'], a0: U64 = 0, a1: U64 = 0): RawEvent {
  return { type: typ, time, a0, a1, a2: 0, a3: 0 };
}

function setExtra(ev: RawEvent, i: number, v: U64): void {
  setArg(ev, extraIndex(ev.type) + i, v);
}

// ---- procs ----

function advanceProcStatus(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, cur: SchedCtx): AdvanceResult {
  const pid = toI64(ev.a0);
  const status = lowByte(ev.a1);
  if (status >= PROC_STATUS_TO_STATE.length) return `invalid status for proc ${String(pid)}: ${status}`;
  let oldState: number = PROC_STATUS_TO_STATE[status];
  const s = o.pStates.get(pid);
  if (s !== undefined) {
    if (status === PS.SyscallAbandoned && s.status === PS.Syscall && (o.faults & FAULT_REFUSE_PROMOTION) === 0) {
      // Abandoned while we know it is in a syscall: nothing is lost; promote.
      oldState = ProcState.Running;
      ev.a1 = PS.Syscall;
    } else if (status === PS.SyscallAbandoned && s.status === PS.SyscallAbandoned) {
      oldState = ProcState.Idle;
      ev.a1 = PS.SyscallAbandoned;
    } else if (s.status !== status) {
      return `inconsistent status for proc ${String(pid)}: old ${procStatusString(s.status)} vs. new ${procStatusString(status)}`;
    }
    s.seqGen = gen;
    s.seq = 0;
  } else {
    o.pStates.set(pid, new PState(pid, status, gen, 0));
    oldState = gen === o.initialGen ? ProcState.Undetermined : ProcState.NotExist;
  }
  setExtra(ev, 0, oldState);
  if (status === PS.Running || status === PS.Syscall) o.newCtx.p = pid;
  if (status === PS.SyscallAbandoned && oldState === ProcState.Running) {
    // The status is emitted by the thief, not the thread the P was bound to:
    // show the event in the context the P is bound to.
    let found = false;
    for (const [mid, ms] of o.mStates) {
      if (ms.p === pid) {
        cur.m = mid;
        cur.p = pid;
        cur.g = ms.g;
        found = true;
      }
    }
    if (!found) return `failed to find sched context for proc ${String(pid)} that's about to be stolen`;
  }
  return true;
}

function advanceProcStart(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, cur: SchedCtx): AdvanceResult {
  const pid = toI64(ev.a0);
  const state = o.pStates.get(pid);
  if (state === undefined || state.status !== PS.Idle || !follows(gen, ev.a1, state) || cur.p !== NO_P) {
    return false;
  }
  const err = validateCtx(o, CTX_M_NO_P);
  if (err !== null) return err;
  state.status = PS.Running;
  state.seq = ev.a1;
  o.newCtx.p = pid;
  return true;
}

function advanceProcStop(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const state = o.pStates.get(cur.p);
  if (state === undefined) return `event ${o.evName(ev.type)} for proc (${String(cur.p)}) that doesn't exist`;
  if (state.status !== PS.Running && state.status !== PS.Syscall) {
    return `${o.evName(ev.type)} event for proc that's not Running or Syscall`;
  }
  const err = validateCtx(o, CTX_M_P);
  if (err !== null) return err;
  state.status = PS.Idle;
  o.newCtx.p = NO_P;
  return true;
}

function advanceProcSteal(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, cur: SchedCtx): AdvanceResult {
  const pid = toI64(ev.a0);
  const state = o.pStates.get(pid);
  if (
    state === undefined ||
    (state.status !== PS.Syscall && state.status !== PS.SyscallAbandoned) ||
    !follows(gen, ev.a1, state)
  ) {
    return false;
  }
  const err = validateCtx(o, CTX_M);
  if (err !== null) return err;
  const oldStatus = state.status;
  setExtra(ev, 0, oldStatus);
  state.status = PS.Idle;
  state.seqGen = gen;
  state.seq = ev.a1;
  if (oldStatus === PS.SyscallAbandoned) {
    // Information was lost: leave the M alone.
    return true;
  }
  const mid = toI64(ev.a2);
  if (mid === cur.m) {
    // Stealing from ourselves behaves like ProcStop.
    if (cur.p !== pid) return `tried to self-steal proc ${String(pid)} (thread ${String(mid)}), but got proc ${String(cur.p)} instead`;
    o.newCtx.p = NO_P;
    return true;
  }
  const victim = o.mStates.get(mid);
  if (victim === undefined) return `stole proc from non-existent thread ${String(mid)}`;
  if (victim.p !== pid) return `tried to steal proc ${String(pid)} from thread ${String(mid)}, but got proc ${String(victim.p)} instead`;
  // The victim is in a syscall and must lose its P before it can leave it.
  victim.p = NO_P;
  return true;
}

// ---- goroutines ----

function advanceGoStatus(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, cur: SchedCtx): AdvanceResult {
  const gid = toI64(ev.a0);
  const mid = toI64(ev.a1);
  const status = lowByte(ev.a2);
  if (status >= GO_STATUS_TO_STATE.length) return `invalid status for goroutine ${String(gid)}: ${status}`;
  let oldState: number = GO_STATUS_TO_STATE[status];
  const s = o.gStates.get(gid);
  if (s !== undefined) {
    if (s.status !== status) {
      return `inconsistent status for goroutine ${String(gid)}: old ${goStatusString(s.status)} vs. new ${goStatusString(status)}`;
    }
    s.seqGen = gen;
    s.seq = 0;
  } else if (gen === o.initialGen) {
    o.gStates.set(gid, new GState(gid, status, gen, 0));
    oldState = GoState.Undetermined;
  } else {
    return `found goroutine status for new goroutine after the first generation: id=${String(gid)} status=${goStatusString(status)}`;
  }
  ev.a2 = oldState * 4294967296 + status;
  if (status === GS.Running) {
    o.newCtx.g = gid;
  } else if (status === GS.Syscall) {
    if (mid === NO_M) return `found goroutine ${String(gid)} in syscall without a thread`;
    if (mid === cur.m) {
      if (gen !== o.initialGen && cur.g !== gid) {
        return `inconsistent thread for syscalling goroutine ${String(gid)}: thread has goroutine ${String(cur.g)}`;
      }
      o.newCtx.g = gid;
    } else {
      // A goroutine sitting in a syscall on another thread for the whole generation.
      const ms = o.mStates.get(mid);
      if (ms !== undefined) {
        if (ms.g !== gid) return `inconsistent thread for syscalling goroutine ${String(gid)}: thread has goroutine ${String(ms.g)}`;
        cur.g = ms.g;
      } else {
        o.mStates.set(mid, { g: gid, p: NO_P });
      }
      cur.m = mid;
    }
  }
  return true;
}

function advanceGoCreate(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, cur: SchedCtx): AdvanceResult {
  const err = validateCtx(o, CTX_M_P);
  if (err !== null) return err;
  const state = o.gStates.get(cur.g);
  if (state !== undefined && state.status !== GS.Running) return `${o.evName(ev.type)} event for goroutine that's not Running`;
  const newgid = toI64(ev.a0);
  if (o.gStates.has(newgid)) return `tried to create goroutine (${String(newgid)}) that already exists`;
  const status = ev.type === EV.GoCreateBlocked ? GS.Waiting : GS.Runnable;
  o.gStates.set(newgid, new GState(newgid, status, gen, 0));
  return true;
}

/** Checks for events of the running goroutine itself; returns its state or an error text. */
function runningG(o: Ordering, ev: RawEvent, cur: SchedCtx, want: number, wantName: string): GState | string {
  const err = userGo(o);
  if (err !== null) return err;
  const state = o.gStates.get(cur.g);
  if (state === undefined) return `event ${o.evName(ev.type)} for goroutine (${String(cur.g)}) that doesn't exist`;
  if (state.status !== want) return `${o.evName(ev.type)} event for goroutine that's not ${wantName}`;
  return state;
}

function advanceGoStopExec(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const state = runningG(o, ev, cur, GS.Running, 'Running');
  if (typeof state === 'string') return state;
  switch (ev.type) {
    case EV.GoDestroy:
      o.gStates.delete(cur.g);
      o.newCtx.g = NO_G;
      break;
    case EV.GoStop:
      state.status = GS.Runnable;
      o.newCtx.g = NO_G;
      break;
    case EV.GoBlock:
      state.status = GS.Waiting;
      o.newCtx.g = NO_G;
      break;
  }
  return true;
}

function advanceGoStart(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, _cur: SchedCtx): AdvanceResult {
  const gid = toI64(ev.a0);
  const state = o.gStates.get(gid);
  if (state === undefined || state.status !== GS.Runnable || !follows(gen, ev.a1, state)) {
    if ((o.faults & FAULT_GO_START_NO_SEQ) === 0 || state === undefined || state.status !== GS.Runnable) return false;
    state.seqGen = gen;
  }
  const err = validateCtx(o, CTX_M_P_NO_G);
  if (err !== null) return err;
  state.status = GS.Running;
  state.seq = ev.a1;
  o.newCtx.g = gid;
  return true;
}

function advanceGoUnblock(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, _cur: SchedCtx): AdvanceResult {
  const gid = toI64(ev.a0);
  const state = o.gStates.get(gid);
  if (state === undefined || state.status !== GS.Waiting || !follows(gen, ev.a1, state)) {
    if ((o.faults & FAULT_GO_UNBLOCK_NO_SEQ) === 0 || state === undefined || state.status !== GS.Waiting) return false;
    state.seqGen = gen;
  }
  // Anything may unblock a goroutine (even sysmon): no context to check.
  state.status = GS.Runnable;
  state.seq = ev.a1;
  return true;
}

function advanceGoSwitch(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, cur: SchedCtx): AdvanceResult {
  const curG = runningG(o, ev, cur, GS.Running, 'Running');
  if (typeof curG === 'string') return curG;
  const nextg = toI64(ev.a0);
  const next = o.gStates.get(nextg);
  if (next === undefined || next.status !== GS.Waiting || !follows(gen, ev.a1, next)) return false;
  o.queueEvent(evt, cur, ev);
  // A switch is an unblock of nextg, a block or exit of the current
  // goroutine, and a start of nextg.
  if (ev.type === EV.GoSwitch) {
    curG.status = GS.Waiting;
    o.queueEvent(evt, cur, makeRaw(EV.GoBlock, ev.time, 0, 0));
  } else if (ev.type === EV.GoSwitchDestroy) {
    o.gStates.delete(cur.g);
    o.queueEvent(evt, cur, makeRaw(EV.GoDestroy, ev.time));
  }
  next.status = GS.Running;
  next.seqGen = gen;
  next.seq = ev.a1;
  o.newCtx.g = nextg;
  o.queueEvent(evt, { g: NO_G, p: cur.p, m: cur.m }, makeRaw(EV.GoStart, ev.time, i64ToU64(nextg), ev.a1));
  return o.next()!;
}

function advanceGoSyscallBegin(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, cur: SchedCtx): AdvanceResult {
  const state = runningG(o, ev, cur, GS.Running, 'Running');
  if (typeof state === 'string') return state;
  state.status = GS.Syscall;
  const p = o.pStates.get(cur.p);
  if (p === undefined) return `uninitialized proc ${String(cur.p)} found during ${o.evName(ev.type)}`;
  p.status = PS.Syscall;
  // The P sequence number disambiguates which syscall a ProcSteal steals from.
  if (!follows(gen, ev.a0, p)) {
    return `failed to advance ${o.evName(ev.type)}: can't make sequence: ${seqString(p.seqGen, p.seq)} -> ${seqString(gen, ev.a0)}`;
  }
  p.seq = ev.a0;
  return true;
}

function advanceGoSyscallEnd(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  // Go names Running in this message although it checks for Syscall.
  const state = runningG(o, ev, cur, GS.Syscall, 'Running');
  if (typeof state === 'string') return state;
  state.status = GS.Running;
  const p = o.pStates.get(cur.p);
  if (p === undefined) return `uninitialized proc ${String(cur.p)} found during ${o.evName(ev.type)}`;
  if (p.status !== PS.Syscall) {
    return `expected proc ${String(cur.p)} in state Syscall, but got ${procStatusString(p.status)} instead`;
  }
  p.status = PS.Running;
  return true;
}

function advanceGoSyscallEndBlocked(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  // Not before the P has left the syscall state (stopped or stolen).
  if (cur.p !== NO_P) {
    const p = o.pStates.get(cur.p);
    if (p === undefined) return `uninitialized proc ${String(cur.p)} found during ${o.evName(ev.type)}`;
    if (p.status === PS.Syscall) return false;
  }
  const err = validateCtx(o, CTX_M_G);
  if (err !== null) return err;
  const state = o.gStates.get(cur.g);
  if (state === undefined) return `event ${o.evName(ev.type)} for goroutine (${String(cur.g)}) that doesn't exist`;
  if (state.status !== GS.Syscall) return `${o.evName(ev.type)} event for goroutine that's not Running`;
  o.newCtx.g = NO_G;
  state.status = GS.Runnable;
  return true;
}

function advanceGoCreateSyscall(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, _cur: SchedCtx): AdvanceResult {
  // A goroutine appearing out of a cgo callback is created in a syscall.
  const err = validateCtx(o, CTX_M_NO_G);
  if (err !== null) return err;
  const newgid = toI64(ev.a0);
  if (o.gStates.has(newgid)) return `tried to create goroutine (${String(newgid)}) in syscall that already exists`;
  o.gStates.set(newgid, new GState(newgid, GS.Syscall, gen, 0));
  o.newCtx.g = newgid;
  return true;
}

function advanceGoDestroySyscall(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const err = validateCtx(o, CTX_M_G);
  if (err !== null) return err;
  const state = o.gStates.get(cur.g);
  if (state === undefined) return `event ${o.evName(ev.type)} for goroutine (${String(cur.g)}) that doesn't exist`;
  if (state.status !== GS.Syscall) return `${o.evName(ev.type)} event for goroutine that's not Syscall`;
  o.gStates.delete(cur.g);
  o.newCtx.g = NO_G;
  if (cur.p !== NO_P) {
    // The thread may be reused by the OS: drop the P now, as a self-steal,
    // so a new M with the same ID cannot get confused by it.
    const p = o.pStates.get(cur.p);
    if (p === undefined) return `found invalid proc ${String(cur.p)} during ${o.evName(ev.type)}`;
    if (p.status !== PS.Syscall) {
      return `proc ${String(cur.p)} in unexpected state ${procStatusString(p.status)} during ${o.evName(ev.type)}`;
    }
    p.status = PS.SyscallAbandoned;
    o.newCtx.p = NO_P;
    const extra = makeRaw(EV.ProcSteal, ev.time, i64ToU64(cur.p));
    setExtra(extra, 0, PS.Syscall);
    o.queueEvent(evt, cur, extra);
    o.queueEvent(evt, cur, ev);
    return o.next()!;
  }
  return true;
}

// ---- tasks and regions ----

function advanceUserTaskBegin(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, _cur: SchedCtx): AdvanceResult {
  const id = ev.a0;
  if (o.activeTasks.has(id)) return `task ID conflict: ${String(id)}`;
  let parentID = ev.a1;
  if (parentID === 0) {
    // 0 here means "no parent", not the background task.
    parentID = U64_MAX;
    ev.a1 = U64_MAX;
  }
  const nameID = ev.a2;
  const name = evt.strings.get(nameID);
  if (name === undefined) return `invalid string ID ${String(nameID)} for ${ev.type} event`;
  o.activeTasks.set(id, { name, parentID });
  const err = userGo(o);
  if (err !== null) return err;
  return true;
}

function advanceUserTaskEnd(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, _cur: SchedCtx): AdvanceResult {
  const id = ev.a0;
  const ts = o.activeTasks.get(id);
  if (ts !== undefined) {
    // The begin may be in another generation whose strings are gone: carry the name.
    setExtra(ev, 0, ts.parentID);
    setExtra(ev, 1, evt.addExtraString(ts.name));
    o.activeTasks.delete(id);
  } else {
    setExtra(ev, 0, U64_MAX);
    setExtra(ev, 1, evt.addExtraString(''));
  }
  const err = userGo(o);
  if (err !== null) return err;
  return true;
}

/**
 * The running goroutine's state for a region event, with the region's name
 * left in o.regionName (no object per event: most events of a trace with
 * user annotations are regions); or Go's error text.
 */
function regionOf(o: Ordering, ev: RawEvent, evt: EvTable, cur: SchedCtx, what: string): GState | string {
  const err = userGo(o);
  if (err !== null) return err;
  const nameID = ev.a1;
  const name = evt.strings.get(nameID);
  if (name === undefined) return `invalid string ID ${String(nameID)} for ${ev.type} event`;
  const g = o.gStates.get(cur.g);
  if (g === undefined) return `encountered ${what} without known state for current goroutine ${String(cur.g)}`;
  o.regionName = name;
  return g;
}

function advanceUserRegionBegin(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const g = regionOf(o, ev, evt, cur, 'EvUserRegionBegin');
  if (typeof g === 'string') return g;
  g.pushRegion({ taskID: ev.a0, name: o.regionName });
  return true;
}

function advanceUserRegionEnd(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const g = regionOf(o, ev, evt, cur, 'EvUserRegionEnd');
  if (typeof g === 'string') return g;
  const regions = g.regions;
  // Regions begun before tracing started are unknown: accept their ends.
  if (regions.length !== 0) {
    const top = regions[regions.length - 1];
    const name = o.regionName;
    if (top.taskID !== ev.a0 || top.name !== name) {
      return `misuse of region in goroutine ${String(g.id)}: region end {${String(ev.a0)} ${name}} when the inner-most active region start event is {${String(top.taskID)} ${top.name}}`;
    }
    regions.pop();
  }
  return true;
}

// ---- GC ----

function advanceGCActive(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, _cur: SchedCtx): AdvanceResult {
  const seq = ev.a0;
  if (gen === o.initialGen) {
    if (o.gcState !== GC_UNDETERMINED) return "GCActive in the first generation isn't first GC event";
    o.gcSeq = seq;
    o.gcState = GC_RUNNING;
    return true;
  }
  if (!isSuccessor(seq, o.gcSeq)) return false;
  if (o.gcState !== GC_RUNNING) return 'encountered GCActive while GC was not in progress';
  o.gcSeq = seq;
  const err = userGo(o);
  if (err !== null) return err;
  return true;
}

function advanceGCBegin(o: Ordering, ev: RawEvent, _evt: EvTable, _m: I64, _gen: U64, _cur: SchedCtx): AdvanceResult {
  const seq = ev.a0;
  if (o.gcState === GC_UNDETERMINED) {
    o.gcSeq = seq;
    o.gcState = GC_RUNNING;
    return true;
  }
  if (!isSuccessor(seq, o.gcSeq)) return false;
  if (o.gcState === GC_RUNNING) return 'encountered GCBegin while GC was already in progress';
  o.gcSeq = seq;
  o.gcState = GC_RUNNING;
  const err = userGo(o);
  if (err !== null) return err;
  return true;
}

function advanceGCEnd(o: Ordering, ev: RawEvent, _evt: EvTable, _m: I64, _gen: U64, _cur: SchedCtx): AdvanceResult {
  const seq = ev.a0;
  if (!isSuccessor(seq, o.gcSeq)) return false;
  if (o.gcState === GC_NOT_RUNNING) return 'encountered GCEnd when GC was not in progress';
  if (o.gcState === GC_UNDETERMINED) return 'encountered GCEnd when GC was in an undetermined state';
  o.gcSeq = seq;
  o.gcState = GC_NOT_RUNNING;
  const err = userGo(o);
  if (err !== null) return err;
  return true;
}

const advanceAnnotation = ctxOnly(CTX_M_P_G);

const advanceHeapMetric = ctxOnly(CTX_M_P);

function advanceGCSweepBegin(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const err = validateCtx(o, CTX_M_P);
  if (err !== null) return err;
  const p = o.pStates.get(cur.p);
  if (p === undefined) return nilState('beginRange');
  const e2 = p.beginRange(makeRangeType(ev.type, 0));
  if (e2 !== null) return e2;
  return true;
}

function advanceGCSweepActive(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, _cur: SchedCtx): AdvanceResult {
  const pid = toI64(ev.a0);
  const p = o.pStates.get(pid);
  if (p === undefined) return `encountered GCSweepActive for unknown proc ${String(pid)}`;
  const err = p.activeRange(makeRangeType(ev.type, 0), gen === o.initialGen);
  if (err !== null) return err;
  return true;
}

function advanceGCSweepEnd(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const err = validateCtx(o, CTX_M_P);
  if (err !== null) return err;
  const p = o.pStates.get(cur.p);
  if (p === undefined) return nilState('endRange');
  const r = p.endRange(ev.type);
  if (typeof r === 'string') return r;
  return true;
}

function advanceGoRangeBegin(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const err = userGo(o);
  if (err !== null) return err;
  const desc: U64 = ev.type === EV.STWBegin ? ev.a0 : 0;
  const g = o.gStates.get(cur.g);
  if (g === undefined) return `encountered event of type ${ev.type} without known state for current goroutine ${String(cur.g)}`;
  const e2 = g.beginRange(makeRangeType(ev.type, desc));
  if (e2 !== null) return e2;
  return true;
}

function advanceGoRangeActive(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, gen: U64, _cur: SchedCtx): AdvanceResult {
  // Like GS, this may name a goroutine that is not running: no context checks.
  const gid = toI64(ev.a0);
  const g = o.gStates.get(gid);
  if (g === undefined) return `uninitialized goroutine ${String(gid)} found during ${o.evName(ev.type)}`;
  const err = g.activeRange(makeRangeType(ev.type, 0), gen === o.initialGen);
  if (err !== null) return err;
  return true;
}

function advanceGoRangeEnd(o: Ordering, ev: RawEvent, evt: EvTable, _m: I64, _gen: U64, cur: SchedCtx): AdvanceResult {
  const err = userGo(o);
  if (err !== null) return err;
  const g = o.gStates.get(cur.g);
  if (g === undefined) return `encountered event of type ${ev.type} without known state for current goroutine ${String(cur.g)}`;
  const r = g.endRange(ev.type);
  if (typeof r === 'string') return r;
  // Carry the STW kind to the end event, symmetric with STWBegin.
  if (ev.type === EV.STWEnd) ev.a0 = r;
  return true;
}

const advanceAllocFree = ctxOnly(CTX_M);

/**
 * Go dereferences a missing P state here and panics; a panic escapes Go's
 * reader, so there is no error text to match. We report it as a broken trace.
 */
function nilState(op: string): string {
  return `broken trace: ${op} on a proc with no known state`;
}

/** The signature every handler shares. */
type Handler = (o: Ordering, ev: RawEvent, evt: EvTable, m: I64, gen: U64, cur: SchedCtx) => AdvanceResult;

function badEventType(_o: Ordering, ev: RawEvent): AdvanceResult {
  return `bad event type found while ordering: ${ev.type}`;
}

/**
 * The handler of each event type, by type byte (the wire format's numbers;
 * see spec.ts). A table rather than a switch: V8 counts a function hot by
 * the bytecode it runs, and a switch of forty cases runs little per call for
 * its size, so it stayed interpreted for the first tens of thousands of
 * events, and was too large to inline into advance. The table lookup inlines
 * at once; each handler warms up on its own. (advance calls the handlers of
 * the five commonest events directly, by a switch of those cases only.)
 */
const HANDLERS: Handler[] = new Array<Handler>(256).fill(badEventType);
HANDLERS[EV.ProcsChange] = advanceAnnotation;
HANDLERS[EV.GoLabel] = advanceAnnotation;
HANDLERS[EV.UserLog] = advanceAnnotation;
HANDLERS[EV.ProcStart] = advanceProcStart;
HANDLERS[EV.ProcStop] = advanceProcStop;
HANDLERS[EV.ProcSteal] = advanceProcSteal;
HANDLERS[EV.ProcStatus] = advanceProcStatus;
HANDLERS[EV.GoCreate] = advanceGoCreate;
HANDLERS[EV.GoCreateBlocked] = advanceGoCreate;
HANDLERS[EV.GoCreateSyscall] = advanceGoCreateSyscall;
HANDLERS[EV.GoStart] = advanceGoStart;
HANDLERS[EV.GoDestroy] = advanceGoStopExec;
HANDLERS[EV.GoStop] = advanceGoStopExec;
HANDLERS[EV.GoBlock] = advanceGoStopExec;
HANDLERS[EV.GoDestroySyscall] = advanceGoDestroySyscall;
HANDLERS[EV.GoUnblock] = advanceGoUnblock;
HANDLERS[EV.GoSyscallBegin] = advanceGoSyscallBegin;
HANDLERS[EV.GoSyscallEnd] = advanceGoSyscallEnd;
HANDLERS[EV.GoSyscallEndBlocked] = advanceGoSyscallEndBlocked;
HANDLERS[EV.GoStatus] = advanceGoStatus;
HANDLERS[EV.GoStatusStack] = advanceGoStatus;
HANDLERS[EV.STWBegin] = advanceGoRangeBegin;
HANDLERS[EV.GCMarkAssistBegin] = advanceGoRangeBegin;
HANDLERS[EV.STWEnd] = advanceGoRangeEnd;
HANDLERS[EV.GCMarkAssistEnd] = advanceGoRangeEnd;
HANDLERS[EV.GCActive] = advanceGCActive;
HANDLERS[EV.GCBegin] = advanceGCBegin;
HANDLERS[EV.GCEnd] = advanceGCEnd;
HANDLERS[EV.GCSweepActive] = advanceGCSweepActive;
HANDLERS[EV.GCSweepBegin] = advanceGCSweepBegin;
HANDLERS[EV.GCSweepEnd] = advanceGCSweepEnd;
HANDLERS[EV.GCMarkAssistActive] = advanceGoRangeActive;
HANDLERS[EV.HeapAlloc] = advanceHeapMetric;
HANDLERS[EV.HeapGoal] = advanceHeapMetric;
HANDLERS[EV.UserTaskBegin] = advanceUserTaskBegin;
HANDLERS[EV.UserTaskEnd] = advanceUserTaskEnd;
HANDLERS[EV.UserRegionBegin] = advanceUserRegionBegin;
HANDLERS[EV.UserRegionEnd] = advanceUserRegionEnd;
HANDLERS[EV.GoSwitch] = advanceGoSwitch;
HANDLERS[EV.GoSwitchDestroy] = advanceGoSwitch;
HANDLERS[EV.Span] = advanceAllocFree;
HANDLERS[EV.SpanAlloc] = advanceAllocFree;
HANDLERS[EV.SpanFree] = advanceAllocFree;
HANDLERS[EV.HeapObject] = advanceAllocFree;
HANDLERS[EV.HeapObjectAlloc] = advanceAllocFree;
HANDLERS[EV.HeapObjectFree] = advanceAllocFree;
HANDLERS[EV.GoroutineStack] = advanceAllocFree;
HANDLERS[EV.GoroutineStackAlloc] = advanceAllocFree;
HANDLERS[EV.GoroutineStackFree] = advanceAllocFree;

/**
 * Per event type whose handler is made by ctxOnly, the contexts it accepts
 * (the low bits of its ctxReq); 0 for the rest. advance checks these itself, from the
 * table, so the two cannot disagree.
 */
const CTX_ONLY = new Uint8Array(256);
HANDLERS.forEach((h, t) => {
  CTX_ONLY[t] = (CTX_ONLY_HANDLERS.get(h) ?? 0) & 0xff;
});

// advance's switch calls these handlers directly, not through the table: an
// entry changed in the table alone would not take effect, so they must agree.
for (const [t, h] of [
  [EV_GO_START, advanceGoStart], [EV_GO_BLOCK, advanceGoStopExec], [EV_GO_STOP, advanceGoStopExec],
  [EV_GO_DESTROY, advanceGoStopExec], [EV_GO_UNBLOCK, advanceGoUnblock],
  [EV_GO_SYSCALL_BEGIN, advanceGoSyscallBegin], [EV_GO_SYSCALL_END, advanceGoSyscallEnd],
] as const) {
  if (HANDLERS[t] !== h) throw new Error(`internal error: advance calls another handler for event type ${t} than the table holds`);
}

// The goroutine and proc states of a trace die with it: one of each is
// kept, with their layouts (see layoutKeeper).
keepLayout(new GState(0, 0, 0, 0));
keepLayout(new PState(0, 0, 0, 0));
