// A model of the Go scheduler as the execution tracer sees it: threads (Ms),
// procs (Ps) and goroutines (Gs) with their states and sequence numbers, the
// GC, tasks, regions and ranges. At every step it lists the actions that are
// valid in the current state and applies the one a choice selects, emitting
// the events the runtime would write, in the order they happen (the model's
// true time). Each thread stamps its events with its own clock (clocks.ts), so
// timestamps across threads may disagree with that order; every event also
// declares what it depends on, so that the stamps keep the trace readable:
// Go's reader accepts every trace built from the model and reads it exactly
// as the model ran it.
//
// Statuses are written eagerly (every proc and goroutine at the start of a
// generation, the simplest form the reader accepts) or lazily, as the
// runtime writes them: a thread writes the status of its proc and goroutine
// before its first event of the generation, a thief the status of the proc it
// steals, and at the end of the generation the tracer writes the statuses of
// procs and goroutines nobody touched — goroutines from no thread at all,
// naming the thread a goroutine sits in a syscall on.
import { Ev, GoStatus, ProcStatus, MAX_FRAMES_PER_STACK, MAX_EVENT_TRAILER_DATA_SIZE } from '../src/trace/spec';
import { U64, U64_MAX } from '../src/trace/u64';
import type { Version } from '../src/trace/version';
import { Rand } from './rand';
import { GenTables } from './genTables';
import { ClockConfig, Dep, PERFECT_CLOCKS, Stamper, threadKey } from './clocks';
import { randomStack, BLOCK_REASONS, STOP_REASONS, STW_KINDS, LABELS, TASK_NAMES, REGION_NAMES, LOG_KEYS, LOG_VALUES } from './frames';
import type { ModelEvent, CpuSamplePlan } from './plan';

export const NO_THREAD: U64 = U64_MAX;
export const NO_PROC: U64 = U64_MAX;
/** The thread of the batch in which the tracer writes untouched goroutines' statuses at the end of a generation (NO_THREAD on the wire). */
export const STATUS_THREAD = -1;

type GState = 'runnable' | 'running' | 'syscall' | 'waiting';
/** 'abandoned': its goroutine left the syscall by exiting (cgo callback thread dropped); only a steal frees it. */
type PState = 'running' | 'idle' | 'syscall' | 'abandoned';

interface G {
  id: number;
  status: GState;
  /** Thread the goroutine runs or sits in a syscall on. */
  m: number | null;
  seq: number;
  /** User regions, innermost last; `known` = begun inside the trace (the reader tracks only those). */
  regions: { task: number; name: string; known: boolean }[];
  stw: string | null;
  assist: boolean;
}

interface P {
  id: number;
  status: PState;
  m: number | null;
  /** Thread that held it last (abandoned procs). */
  lastM?: number;
  seq: number;
  sweeping: boolean;
}

interface M {
  id: number;
  p: number | null;
  g: number | null;
  /** A C thread that calls into Go (cgo callbacks): when it has no goroutine, it only enters Go (GoCreateSyscall). */
  cthread: boolean;
  /** The runtime's monitor thread: never has a proc; it takes procs from long syscalls and readies goroutines the network poller found. */
  sysmon?: boolean;
}

/** Semantic faults the model can inject: each emits one event that Go's reader rejects with an error. */
export const SEMANTIC_FAULTS = [
  'needs-proc', // a proc-scoped event on a thread that has no proc
  'syscall-end-not-in-syscall', // GoSyscallEnd for a goroutine that is running
  'create-existing-goroutine', // GoCreate of a goroutine that already exists
  'region-mismatch', // a region ended that is not the innermost one
  'gc-end-not-running', // GCEnd while no GC is in progress
  'proc-stop-without-proc', // ProcStop on a thread without a proc
  'goroutine-stop-without-goroutine', // GoStop on a thread with a proc but no goroutine
  'syscall-without-goroutine', // GoSyscallBegin on a thread running no goroutine
  'assist-without-goroutine', // GCMarkAssistBegin or End (a goroutine's range) on a thread running no goroutine
  'range-end-not-begun', // GCSweepEnd on a proc that is not sweeping, GCMarkAssistEnd for a goroutine not assisting
  'gc-end-wrong-seq', // GCEnd of a GC cycle that never began: it waits for ever, and the reader cannot advance
  'experimental-without-thread', // an allocation event (go1.26's AllocFree experiment) with no thread
  'needs-goroutine', // GoSwitch, GoSyscallEndBlocked, GoDestroySyscall, a log, a label or a region begun on a thread running no goroutine
  'assist-active-unknown-goroutine', // GCMarkAssistActive for a goroutine the reader never heard of
  'bad-proc-status', // a ProcStatus event with a status value no release writes
] as const;
export type SemanticFault = (typeof SEMANTIC_FAULTS)[number];

export interface ModelConfig {
  version: Version;
  ms: number;
  ps: number;
  /** Goroutines that exist before warm-up. */
  initialGs: number;
  /** Extra threads that are C threads calling into Go. */
  cThreads?: number;
  /** Add the runtime's monitor thread (sysmon). */
  sysmon?: boolean;
  clocks?: ClockConfig;
}

interface Action {
  name: string;
  run(r: Rand): void;
}

const P_STATUS: Record<PState, number> = { running: ProcStatus.Running, syscall: ProcStatus.Syscall, idle: ProcStatus.Idle, abandoned: ProcStatus.SyscallAbandoned };
const G_STATUS: Record<GState, number> = { runnable: GoStatus.Runnable, running: GoStatus.Running, syscall: GoStatus.Syscall, waiting: GoStatus.Waiting };

/** Events that set what a waiting event checks: a goroutine's status and sequence number... */
const SETS_G_STATE = new Set<number>([
  Ev.GoCreate, Ev.GoCreateBlocked, Ev.GoCreateSyscall, Ev.GoStart, Ev.GoStop, Ev.GoBlock, Ev.GoDestroy, Ev.GoUnblock, Ev.GoSwitch,
  Ev.GoSwitchDestroy, Ev.GoSyscallBegin, Ev.GoSyscallEnd, Ev.GoSyscallEndBlocked, Ev.GoDestroySyscall, Ev.GoStatus, Ev.GoStatusStack,
]);
/** ...a proc's, and (a steal) whether a thread still has its proc. */
const SETS_P_STATE = new Set<number>([Ev.ProcStatus, Ev.ProcStart, Ev.ProcStop, Ev.ProcSteal, Ev.GoSyscallBegin, Ev.GoSyscallEnd, Ev.GoDestroySyscall]);

function setsState(type: number, key: string): boolean {
  switch (key[0]) {
    case 'g':
      return SETS_G_STATE.has(type);
    case 'p':
      return SETS_P_STATE.has(type);
    case 'm':
      return type === Ev.ProcSteal;
    default:
      return key === GC_KEY;
  }
}

const gKey = (g: number) => `g${g}`;
const pKey = (p: number) => `p${p}`;
const taskKey = (t: number) => `t${t}`;
const GC_KEY = 'gc';

export class SchedulerModel {
  readonly version: Version;
  readonly ms: M[] = [];
  readonly ps: P[] = [];
  readonly gs = new Map<number, G>();
  private nextG = 1;
  private nextTask = 1;
  /** Active tasks: id → name. */
  readonly tasks = new Map<number, string>();
  gc = { running: false, seq: 0, known: false, recorded: false, recordedBeforeGen: false };
  /** The model's true time (raw ticks); events are 4 ticks apart. Each thread's clock reads it with its own skew. */
  time = 0;
  /** While false (warm-up), actions change state but emit nothing. */
  recording = false;
  tables = new GenTables();
  events: ModelEvent[] = [];
  samples: CpuSamplePlan[] = [];
  /** How many steps found no enabled action (the model idles). */
  idleSteps = 0;
  /** How often each situation the reader treats specially came up (for tests and README figures). */
  readonly situations = new Map<string, number>();
  readonly stamper: Stamper;

  /** This generation writes statuses lazily (as the runtime does) rather than all at its start. */
  private lazy = false;
  private firstGen = false;
  private statusM = 0;
  /** A thread that only the tracer uses, when every Go thread sits in a syscall. */
  private readonly tracerThread: M;
  private readonly tracedG = new Set<number>();
  private readonly tracedP = new Set<number>();
  /** Threads the reader has seen (an event on them, or a status naming them). */
  private readonly seenThreads = new Set<number>();
  /** Threads whose state another thread changed since their last event: a steal (their proc) or a status binding their goroutine. */
  private readonly changedBy = new Map<number, 'steal' | 'bind'>();
  /** A proc's syscall began in an earlier generation (to note steals across generations). */
  private readonly syscallGen = new Map<number, number>();
  private gen = 0;

  constructor(cfg: ModelConfig) {
    this.version = cfg.version;
    this.stamper = new Stamper(cfg.clocks ?? PERFECT_CLOCKS);
    for (let i = 0; i < cfg.ms; i++) this.ms.push({ id: i, p: null, g: null, cthread: false });
    for (let i = 0; i < (cfg.cThreads ?? 0); i++) this.ms.push({ id: cfg.ms + i, p: null, g: null, cthread: true });
    if (cfg.sysmon) this.ms.push({ id: this.ms.length, p: null, g: null, cthread: false, sysmon: true });
    this.tracerThread = { id: this.ms.length + 3, p: null, g: null, cthread: false };
    for (let i = 0; i < cfg.ps; i++) this.ps.push({ id: i, status: 'idle', m: null, seq: 0, sweeping: false });
    for (let i = 0; i < cfg.initialGs; i++) this.newG('runnable');
  }

  private note(what: string): void {
    if (this.recording) this.situations.set(what, (this.situations.get(what) ?? 0) + 1);
  }

  // ---- generation boundaries ----

  /** Starts recording a new generation: fresh tables, sequence numbers reset, and (eager) status events for every P and G. */
  beginGeneration(first: boolean, statusM: number, r: Rand, lazy = false): void {
    this.recording = true;
    this.gen++;
    this.firstGen = first;
    this.lazy = lazy;
    this.tables = new GenTables();
    this.events = [];
    this.samples = [];
    this.tracedG.clear();
    this.tracedP.clear();
    this.changedBy.clear();
    this.stamper.beginGeneration();
    this.gc.recordedBeforeGen = this.gc.recorded;
    if (first) {
      // STW ranges have no "active" event: the reader cannot learn of one begun before the trace.
      for (const g of this.gs.values()) g.stw = null;
      for (const g of this.gs.values()) for (const reg of g.regions) reg.known = false;
    }
    // The tracer's own thread: a Go thread not blocked in a syscall (or, if every one is, a fresh thread).
    const free = this.ms.filter((m) => !m.cthread && !m.sysmon && (m.g === null || this.gs.get(m.g)!.status !== 'syscall'));
    const sm = free.length > 0 ? free[statusM % free.length].id : this.tracerThread.id;
    this.statusM = sm;
    for (const p of this.ps) p.seq = 0;
    for (const g of this.gs.values()) {
      g.seq = 0;
      if (g.status === 'syscall') this.note('goroutine in a syscall at a generation boundary');
    }
    if (!lazy) {
      for (const p of this.ps) this.procStatus(p.m ?? sm, p, P_STATUS[p.status], false);
      for (const g of [...this.gs.values()].sort((a, b) => a.id - b.id)) {
        let onM = g.m ?? sm;
        // A goroutine in a syscall on a thread without a proc may have its status written by another thread.
        if (g.status === 'syscall' && g.m !== null && g.m !== sm && this.ms[g.m].p === null && r.oneIn(2)) onM = sm;
        const withStack = this.version >= 23 && g.m === null && r.oneIn(2);
        this.goStatus(onM, g, g.m ?? NO_THREAD, G_STATUS[g.status], withStack ? this.stack(r) : 0, false);
      }
    }
    if (this.gc.running) {
      this.note('range active at a generation boundary: GCActive');
      const host = this.ms.find((m) => m.g !== null && m.p !== null && this.gs.get(m.g)!.status === 'running');
      if (first) {
        if (host && lazy) this.touch(host);
        this.emit(lazy && host ? host.id : sm, Ev.GCActive, [this.gc.seq], [{ key: GC_KEY }]);
        this.gc.known = true;
        this.gc.recorded = true;
      } else if (host) {
        this.touch(host);
        this.gc.seq++;
        this.emit(host.id, Ev.GCActive, [this.gc.seq], [{ key: GC_KEY, guarded: true }]);
      }
    }
    if (!lazy) {
      for (const p of this.ps) if (p.sweeping) this.emit(sm, Ev.GCSweepActive, [p.id], [{ key: pKey(p.id) }]);
      for (const g of this.gs.values()) if (g.assist) this.emit(sm, Ev.GCMarkAssistActive, [g.id], [{ key: gKey(g.id) }]);
    }
  }

  /**
   * Ends the generation as the runtime does: no stop-the-world spans a
   * generation boundary (the runtime's generation switch itself stops the
   * world), and STWEnd's kind refers to the string table of the generation
   * that began it. With lazy statuses, the procs and goroutines nobody
   * touched get theirs now.
   */
  endGeneration(r: Rand = new Rand(0)): void {
    for (const g of this.gs.values()) if (g.stw !== null && g.m !== null) this.stwEnd(this.ms[g.m], g);
    if (!this.lazy) return;
    const sm = this.statusM;
    const tracer = this.ms[sm] ?? this.tracerThread;
    for (const p of this.ps) {
      if (this.tracedP.has(p.id)) continue;
      switch (p.status) {
        case 'idle':
          this.procStatus(sm, p, ProcStatus.Idle);
          break;
        case 'running':
          this.procStatus(p.m!, p, ProcStatus.Running);
          break;
        case 'syscall':
          // The tracer takes the proc away from the thread in its syscall (writing it as abandoned), or the thread writes it.
          if (r.oneIn(2) && p.m !== null) this.procSteal(tracer, p, this.ms[p.m]);
          else this.touch(this.ms[p.m!]);
          break;
        case 'abandoned':
          if (r.oneIn(2)) this.stealAbandoned(tracer, p);
          else this.procStatus(sm, p, ProcStatus.SyscallAbandoned);
          break;
      }
    }
    for (const g of [...this.gs.values()].sort((a, b) => a.id - b.id)) {
      if (this.tracedG.has(g.id)) continue;
      if (g.status === 'running' || (g.status === 'syscall' && this.ms[g.m!].p !== null)) {
        this.touch(this.ms[g.m!]);
        continue;
      }
      const withStack = this.version >= 23 && !r.oneIn(4);
      this.goStatus(STATUS_THREAD, g, g.m ?? NO_THREAD, G_STATUS[g.status], withStack ? this.stack(r, 1) : 0);
    }
  }

  // ---- statuses ----

  /** A proc's status event on thread `on` (with its sweep, lazily); marks it traced. */
  private procStatus(on: number, p: P, status: number, withRanges = true): void {
    if (status === ProcStatus.SyscallAbandoned && !this.firstGen) {
      this.note(p.status === 'syscall' ? 'ProcStatus SyscallAbandoned over Syscall (promotion)' : 'ProcStatus SyscallAbandoned over SyscallAbandoned');
    }
    this.emit(on, Ev.ProcStatus, [p.id, status], [{ key: pKey(p.id) }]);
    if (withRanges && p.sweeping) {
      this.note('range active at a generation boundary: GCSweepActive');
      this.emit(on, Ev.GCSweepActive, [p.id], [{ key: pKey(p.id) }]);
    }
    this.tracedP.add(p.id);
  }

  /** A goroutine's status event on thread `on`, naming thread `mid` (with its mark assist, lazily); marks it traced. */
  private goStatus(on: number, g: G, mid: U64, status: number, stack: number, withRanges = true): void {
    const deps: Dep[] = [{ key: gKey(g.id) }];
    if (status === GoStatus.Syscall && on !== g.m && g.m !== null) {
      // The reader checks or creates the named thread's state: it depends on that thread, and the thread's next event on it.
      this.note(`goroutine in a syscall, status written on another thread (${this.seenThreads.has(g.m) ? 'seen' : 'unseen'} thread)`);
      deps.push({ key: threadKey(g.m) });
      this.changedBy.set(g.m, 'bind');
      this.seenThreads.add(g.m);
    }
    if (stack !== 0) this.emit(on, Ev.GoStatusStack, [g.id, mid, status, stack], deps);
    else this.emit(on, Ev.GoStatus, [g.id, mid, status], deps);
    if (withRanges && g.assist) {
      this.note('range active at a generation boundary: GCMarkAssistActive');
      this.emit(on, Ev.GCMarkAssistActive, [g.id], [{ key: gKey(g.id) }]);
    }
    this.tracedG.add(g.id);
  }

  /** Lazy statuses: what the runtime writes before a thread's event (its proc's status, then its goroutine's). */
  private touch(m: M, procStatusAs?: number): void {
    if (!this.lazy || !this.recording) return;
    if (m.p !== null && !this.tracedP.has(m.p)) this.procStatus(m.id, this.ps[m.p], procStatusAs ?? P_STATUS[this.ps[m.p].status]);
    this.touchG(m, m.g);
  }

  private touchG(m: M, gid: number | null): void {
    if (!this.lazy || !this.recording || gid === null || this.tracedG.has(gid)) return;
    const g = this.gs.get(gid)!;
    this.goStatus(m.id, g, m.id, G_STATUS[g.status], 0);
  }

  /** The status a goroutine about to be unblocked gets from the unblocking thread (no thread named). */
  private touchWaiting(m: M, g: G): void {
    if (!this.lazy || !this.recording || this.tracedG.has(g.id)) return;
    this.goStatus(m.id, g, NO_THREAD, GoStatus.Waiting, 0);
  }

  // ---- stepping ----

  /** Applies the action a choice selects among those enabled now. */
  step(choice: number): string | null {
    const actions = this.enabled();
    if (actions.length === 0) {
      this.idleSteps++;
      return null;
    }
    const a = actions[choice % actions.length];
    a.run(new Rand(Math.floor(choice / actions.length)));
    return a.name;
  }

  private enabled(): Action[] {
    const out: Action[] = [];
    const v = this.version;
    for (const m of this.ms) {
      const g = m.g !== null ? this.gs.get(m.g)! : null;
      const p = m.p !== null ? this.ps[m.p] : null;
      if (m.cthread && !g && !p) {
        // A C thread outside Go: it can only call into Go (a new goroutine in a syscall).
        out.push({ name: 'GoCreateSyscall(C thread)', run: () => this.createSyscall(m) });
        continue;
      }
      if (m.sysmon) {
        for (const victim of this.ps) {
          if (victim.status === 'syscall' && victim.m !== null) out.push({ name: 'ProcSteal(sysmon)', run: () => this.procSteal(m, victim, this.ms[victim.m!]) });
        }
        for (const wg of this.gs.values()) if (wg.status === 'waiting') out.push({ name: 'GoUnblock(netpoll)', run: (r) => this.goUnblock(m, wg, r) });
        continue;
      }
      if (g && g.status === 'running' && p) {
        this.runningActions(out, m, g, p);
      } else if (g && g.status === 'syscall') {
        if (p && p.status === 'syscall') {
          out.push({ name: 'GoSyscallEnd', run: () => this.syscallEnd(m, g, p) });
          out.push({ name: 'ProcStop(syscall)', run: () => this.procStop(m, p) });
          out.push({ name: 'ProcSteal(self)', run: () => this.procSteal(m, p, m) });
          // The goroutine exits while still in the syscall: the reader adds an implicit ProcSteal.
          out.push({ name: 'GoDestroySyscall(with P)', run: () => this.destroySyscallWithProc(m, g, p) });
        } else if (p) {
          // The proc was reacquired while the goroutine was still in its syscall.
          out.push({ name: 'GoSyscallEndBlocked(reacquired)', run: () => this.syscallEndBlocked(m, g) });
        } else {
          out.push({ name: 'GoSyscallEndBlocked', run: () => this.syscallEndBlocked(m, g) });
          out.push({ name: 'GoDestroySyscall', run: () => this.destroySyscall(m, g) });
          for (const idle of this.ps) if (idle.status === 'idle') out.push({ name: 'ProcStart(reacquire)', run: () => this.procStart(m, idle) });
        }
      } else if (!g && p) {
        for (const rg of this.gs.values()) if (rg.status === 'runnable') out.push({ name: 'GoStart', run: () => this.goStart(m, rg) });
        out.push({ name: 'ProcStop', run: () => this.procStop(m, p) });
        this.procScoped(out, m, p);
        out.push({ name: 'GoCreate(bare)', run: (r) => this.goCreate(m, r, 'runnable') });
      } else if (!g && !p) {
        for (const idle of this.ps) if (idle.status === 'idle') out.push({ name: 'ProcStart', run: () => this.procStart(m, idle) });
        out.push({ name: 'GoCreateSyscall', run: () => this.createSyscall(m) });
        for (const left of this.ps) {
          if (left.status === 'abandoned') out.push({ name: 'ProcSteal(abandoned)', run: () => this.stealAbandoned(m, left) });
        }
        for (const victim of this.ps) {
          if (victim.status === 'syscall' && victim.m !== null && victim.m !== m.id) {
            out.push({ name: 'ProcSteal', run: () => this.procSteal(m, victim, this.ms[victim.m!]) });
          }
        }
      }
      // Any thread may unblock a goroutine (e.g. the netpoller).
      for (const wg of this.gs.values()) if (wg.status === 'waiting') out.push({ name: 'GoUnblock', run: (r) => this.goUnblock(m, wg, r) });
      out.push({ name: 'CPUSample', run: (r) => this.cpuSample(m, r) });
      if (v >= 26) this.experimentalActions(out, m);
    }
    return out;
  }

  private runningActions(out: Action[], m: M, g: G, p: P): void {
    const v = this.version;
    out.push({ name: 'GoCreate', run: (r) => this.goCreate(m, r, 'runnable') });
    if (v >= 23) out.push({ name: 'GoCreateBlocked', run: (r) => this.goCreate(m, r, 'waiting') });
    if (g.stw === null) {
      out.push({ name: 'GoStop', run: (r) => this.goStopExec(m, g, Ev.GoStop, r) });
      out.push({ name: 'GoBlock', run: (r) => this.goStopExec(m, g, Ev.GoBlock, r) });
      out.push({ name: 'GoDestroy', run: (r) => this.goStopExec(m, g, Ev.GoDestroy, r) });
      out.push({ name: 'GoSyscallBegin', run: (r) => this.syscallBegin(m, g, p, r) });
      out.push({ name: 'STWBegin', run: (r) => this.stwBegin(m, g, r) });
      if (v >= 23) {
        for (const wg of this.gs.values()) {
          if (wg.status === 'waiting') {
            out.push({ name: 'GoSwitch', run: () => this.goSwitch(m, g, wg, Ev.GoSwitch) });
            out.push({ name: 'GoSwitchDestroy', run: () => this.goSwitch(m, g, wg, Ev.GoSwitchDestroy) });
          }
        }
      }
    } else {
      out.push({ name: 'STWEnd', run: () => this.stwEnd(m, g) });
    }
    out.push({ name: g.assist ? 'GCMarkAssistEnd' : 'GCMarkAssistBegin', run: (r) => this.markAssist(m, g, r) });
    out.push({ name: this.gc.running ? 'GCEnd' : 'GCBegin', run: (r) => this.gcToggle(m, r) });
    out.push({ name: 'GoLabel', run: (r) => this.ev(m, Ev.GoLabel, [this.str(r.pick(LABELS))], [{ key: gKey(g.id) }]) });
    out.push({ name: 'ProcsChange', run: (r) => this.ev(m, Ev.ProcsChange, [this.ps.length, this.stack(r)]) });
    out.push({ name: 'UserTaskBegin', run: (r) => this.taskBegin(m, r) });
    if (this.tasks.size > 0) out.push({ name: 'UserTaskEnd', run: (r) => this.taskEnd(m, r) });
    out.push({ name: 'UserRegionBegin', run: (r) => this.regionBegin(m, g, r) });
    if (g.regions.length > 0) out.push({ name: 'UserRegionEnd', run: (r) => this.regionEnd(m, g, r) });
    out.push({ name: 'UserLog', run: (r) => this.userLog(m, r) });
    this.procScoped(out, m, p);
  }

  /** Events that need a thread with a proc, goroutine optional. */
  private procScoped(out: Action[], m: M, p: P): void {
    out.push({ name: p.sweeping ? 'GCSweepEnd' : 'GCSweepBegin', run: (r) => this.sweep(m, p, r) });
    out.push({ name: 'HeapAlloc', run: (r) => this.ev(m, Ev.HeapAlloc, [(1 + r.int(1 << 20)) * 64]) });
    out.push({ name: 'HeapGoal', run: (r) => this.ev(m, Ev.HeapGoal, [(4 + r.int(1 << 16)) << 10]) });
  }

  private experimentalActions(out: Action[], m: M): void {
    const exp: [string, number, (r: Rand) => U64[]][] = [
      ['Span', Ev.Span, (r) => [0xc000000000 + r.int(4096) * 8192, 1 + r.int(16), r.int(136)]],
      ['SpanAlloc', Ev.SpanAlloc, (r) => [0xc000000000 + r.int(4096) * 8192, 1 + r.int(16), r.int(136)]],
      ['SpanFree', Ev.SpanFree, (r) => [0xc000000000 + r.int(4096) * 8192]],
      ['HeapObject', Ev.HeapObject, (r) => [0xc000100000 + r.int(1 << 16) * 16, r.int(1000)]],
      ['HeapObjectAlloc', Ev.HeapObjectAlloc, (r) => [0xc000100000 + r.int(1 << 16) * 16, r.int(1000)]],
      ['HeapObjectFree', Ev.HeapObjectFree, (r) => [0xc000100000 + r.int(1 << 16) * 16]],
      ['GoroutineStack', Ev.GoroutineStack, (r) => [0xc000200000 + r.int(1024) * 8192, r.int(4)]],
      ['GoroutineStackAlloc', Ev.GoroutineStackAlloc, (r) => [0xc000200000 + r.int(1024) * 8192, r.int(4)]],
      ['GoroutineStackFree', Ev.GoroutineStackFree, (r) => [0xc000200000 + r.int(1024) * 8192]],
    ];
    // One slot for the whole family so that experimental events do not crowd out the scheduler.
    out.push({
      name: 'Experimental',
      run: (r) => {
        const [, type, args] = r.pick(exp);
        this.ev(m, type, args(r));
      },
    });
  }

  // ---- actions ----

  private newG(status: GState): G {
    const g: G = { id: this.nextG++, status, m: null, seq: 0, regions: [], stw: null, assist: false };
    this.gs.set(g.id, g);
    return g;
  }

  private goCreate(m: M, r: Rand, status: 'runnable' | 'waiting'): void {
    this.touch(m);
    const g = this.newG(status);
    this.tracedG.add(g.id);
    this.emit(m.id, status === 'runnable' ? Ev.GoCreate : Ev.GoCreateBlocked, [g.id, this.stack(r, 1), this.stack(r)], [{ key: gKey(g.id) }]);
  }

  private goStart(m: M, g: G): void {
    // The runtime writes the status of the goroutine it starts (now the thread's) after the thread's proc's.
    this.touch(m);
    this.touchG(m, g.id);
    g.seq++;
    g.status = 'running';
    g.m = m.id;
    m.g = g.id;
    this.emit(m.id, Ev.GoStart, [g.id, g.seq], [{ key: gKey(g.id), guarded: true }]);
  }

  private goStopExec(m: M, g: G, type: number, r: Rand): void {
    this.touch(m);
    m.g = null;
    g.m = null;
    if (type === Ev.GoDestroy) {
      this.gs.delete(g.id);
      this.emit(m.id, type, [], [{ key: gKey(g.id) }]);
      return;
    }
    g.status = type === Ev.GoStop ? 'runnable' : 'waiting';
    const reason = this.str(r.pick(type === Ev.GoStop ? STOP_REASONS : BLOCK_REASONS));
    this.emit(m.id, type, [reason, this.stack(r)], [{ key: gKey(g.id) }]);
  }

  private goUnblock(m: M, g: G, r: Rand): void {
    this.touchWaiting(m, g);
    this.touch(m);
    g.seq++;
    g.status = 'runnable';
    this.emit(m.id, Ev.GoUnblock, [g.id, g.seq, this.stack(r)], [{ key: gKey(g.id), guarded: true }]);
  }

  private goSwitch(m: M, cur: G, next: G, type: number): void {
    this.touchWaiting(m, next);
    this.touch(m);
    if (type === Ev.GoSwitch) {
      cur.status = 'waiting';
      cur.m = null;
    } else {
      this.gs.delete(cur.id);
    }
    next.seq++;
    next.status = 'running';
    next.m = m.id;
    m.g = next.id;
    // The reader expands it into three events: an unblock, the current goroutine's block or exit, a start.
    this.emit(m.id, type, [next.id, next.seq], [{ key: gKey(cur.id) }, { key: gKey(next.id), guarded: true }], { stream: 3 });
  }

  private syscallBegin(m: M, g: G, p: P, r: Rand): void {
    this.touch(m);
    g.status = 'syscall';
    p.status = 'syscall';
    p.seq++;
    this.syscallGen.set(p.id, this.gen);
    this.emit(m.id, Ev.GoSyscallBegin, [p.seq, this.stack(r)], [{ key: gKey(g.id) }, { key: pKey(p.id) }]);
  }

  private syscallEnd(m: M, g: G, p: P): void {
    this.touch(m);
    g.status = 'running';
    p.status = 'running';
    this.emit(m.id, Ev.GoSyscallEnd, [], [{ key: gKey(g.id) }, { key: pKey(p.id) }]);
  }

  private syscallEndBlocked(m: M, g: G): void {
    this.touch(m);
    g.status = 'runnable';
    g.m = null;
    m.g = null;
    // It waits ("not yet") while the reader still sees the thread's proc in its syscall: a steal may come later in time.
    this.emit(m.id, Ev.GoSyscallEndBlocked, [], [{ key: gKey(g.id) }], { chainGuarded: this.changedBy.get(m.id) === 'steal' });
  }

  private destroySyscallWithProc(m: M, g: G, p: P): void {
    // go1.26 writes the goroutine's status if need be, never the proc's; earlier releases use the event writer.
    if (this.version >= 26) this.touchG(m, g.id);
    else this.touch(m);
    this.gs.delete(g.id);
    m.g = null;
    m.p = null;
    p.status = 'abandoned';
    p.lastM = m.id;
    p.m = null;
    // The reader drops the proc with an implicit ProcSteal — when it knew the thread had it.
    const known = !this.lazy || !this.firstGen || this.tracedP.has(p.id);
    this.emit(m.id, Ev.GoDestroySyscall, [], [{ key: gKey(g.id) }, { key: pKey(p.id) }], { stream: known ? 2 : 1 });
  }

  private stealAbandoned(thief: M, p: P): void {
    this.touch(thief);
    if (this.lazy && !this.tracedP.has(p.id)) this.procStatus(thief.id, p, ProcStatus.SyscallAbandoned);
    if (!this.firstGen && this.syscallGen.get(p.id) !== this.gen) this.note('ProcSteal of an abandoned proc across generations');
    p.seq++;
    p.status = 'idle';
    // Unguarded: before the abandoning GoDestroySyscall is read, the reader would take this for a steal from a syscall.
    this.emit(thief.id, Ev.ProcSteal, [p.id, p.seq, p.lastM ?? thief.id], [{ key: pKey(p.id) }]);
  }

  private destroySyscall(m: M, g: G): void {
    this.touchG(m, g.id);
    this.gs.delete(g.id);
    m.g = null;
    this.emit(m.id, Ev.GoDestroySyscall, [], [{ key: gKey(g.id) }]);
  }

  private createSyscall(m: M): void {
    const g = this.newG('syscall');
    g.m = m.id;
    m.g = g.id;
    this.tracedG.add(g.id);
    this.emit(m.id, Ev.GoCreateSyscall, [g.id], [{ key: gKey(g.id) }]);
  }

  private procStart(m: M, p: P): void {
    // The proc is the thread's before the event: its status (idle) first, then the thread's goroutine's (in a syscall).
    if (this.lazy && this.recording && !this.tracedP.has(p.id)) this.procStatus(m.id, p, ProcStatus.Idle);
    this.touchG(m, m.g);
    p.seq++;
    p.status = 'running';
    p.m = m.id;
    m.p = p.id;
    this.emit(m.id, Ev.ProcStart, [p.id, p.seq], [{ key: pKey(p.id), guarded: true }], { chainGuarded: this.changedBy.get(m.id) === 'steal' });
  }

  private procStop(m: M, p: P): void {
    this.touch(m);
    p.status = 'idle';
    p.m = null;
    m.p = null;
    this.emit(m.id, Ev.ProcStop, [], [{ key: pKey(p.id) }]);
  }

  /** `thief` takes `p` away from `victim`, whose goroutine is in a syscall; the proc becomes idle. */
  private procSteal(thief: M, p: P, victim: M): void {
    const self = thief === victim;
    const stolenStatus = () => {
      if (this.lazy && this.recording && !this.tracedP.has(p.id)) this.procStatus(thief.id, p, ProcStatus.SyscallAbandoned);
    };
    // go1.25 writes the stolen proc's status before the thief's own statuses, earlier releases after.
    if (self) this.touch(thief, ProcStatus.SyscallAbandoned);
    else if (this.version >= 25) {
      stolenStatus();
      this.touch(thief);
    } else {
      this.touch(thief);
      stolenStatus();
    }
    if (this.syscallGen.get(p.id) !== this.gen) this.note('ProcSteal of a proc in a syscall since an earlier generation');
    p.seq++;
    p.status = 'idle';
    p.m = null;
    victim.p = null;
    const deps: Dep[] = [{ key: pKey(p.id), guarded: true }];
    if (!self) {
      deps.push({ key: threadKey(victim.id), guarded: true });
      this.changedBy.set(victim.id, 'steal');
    }
    this.emit(thief.id, Ev.ProcSteal, [p.id, p.seq, victim.id], deps);
  }

  private stwBegin(m: M, g: G, r: Rand): void {
    this.touch(m);
    g.stw = r.pick(STW_KINDS);
    this.emit(m.id, Ev.STWBegin, [this.str(g.stw), this.stack(r)], [{ key: gKey(g.id) }]);
  }

  private stwEnd(m: M, g: G): void {
    this.touch(m);
    g.stw = null;
    this.emit(m.id, Ev.STWEnd, [], [{ key: gKey(g.id) }]);
  }

  private markAssist(m: M, g: G, r: Rand): void {
    this.touch(m);
    if (g.assist) {
      g.assist = false;
      this.emit(m.id, Ev.GCMarkAssistEnd, [], [{ key: gKey(g.id) }]);
    } else {
      g.assist = true;
      this.emit(m.id, Ev.GCMarkAssistBegin, [this.stack(r)], [{ key: gKey(g.id) }]);
    }
  }

  private gcToggle(m: M, r: Rand): void {
    this.touch(m);
    this.gc.seq++;
    // GCEnd and GCActive wait for their sequence number; GCBegin does too once the reader knows the GC's state,
    // which it surely does only from an earlier generation.
    const guarded = this.gc.running || this.gc.recordedBeforeGen;
    // The reader learns the GC's sequence number only from events it sees.
    if (this.recording) {
      this.gc.known = true;
      this.gc.recorded = true;
    }
    if (this.gc.running) {
      this.gc.running = false;
      this.emit(m.id, Ev.GCEnd, [this.gc.seq], [{ key: GC_KEY, guarded }]);
    } else {
      this.gc.running = true;
      this.emit(m.id, Ev.GCBegin, [this.gc.seq, this.stack(r)], [{ key: GC_KEY, guarded }]);
    }
  }

  private sweep(m: M, p: P, r: Rand): void {
    this.touch(m);
    if (p.sweeping) {
      p.sweeping = false;
      this.emit(m.id, Ev.GCSweepEnd, [r.int(1 << 20) * 8, r.int(1 << 16) * 8], [{ key: pKey(p.id) }]);
    } else {
      p.sweeping = true;
      this.emit(m.id, Ev.GCSweepBegin, [this.stack(r)], [{ key: pKey(p.id) }]);
    }
  }

  private taskBegin(m: M, r: Rand): void {
    this.touch(m);
    const parents = [0, ...this.tasks.keys()];
    const parent = r.pick(parents);
    // Often the name of a task still active, or two tasks of one name at once (one kind of work run
    // concurrently): the reader then looks the same name up again when both end in one generation.
    const name = this.tasks.size > 0 && r.oneIn(2) ? r.pick([...this.tasks.values()]) : r.pick(TASK_NAMES);
    for (let n = r.oneIn(2) ? 2 : 1; n > 0; n--) {
      const id = this.nextTask++;
      this.tasks.set(id, name);
      this.emit(m.id, Ev.UserTaskBegin, [id, parent, this.str(name), this.stack(r)], [{ key: taskKey(id) }]);
    }
  }

  private taskEnd(m: M, r: Rand): void {
    this.touch(m);
    const id = r.pick([...this.tasks.keys()]);
    const name = this.tasks.get(id)!;
    this.tasks.delete(id);
    // The end carries the begin's name when the reader has read the begin.
    this.emit(m.id, Ev.UserTaskEnd, [id, this.stack(r)], [{ key: taskKey(id) }]);
    // Often a task of the same name ends with it.
    const sibling = [...this.tasks].find(([, n]) => n === name)?.[0];
    if (sibling !== undefined && r.oneIn(2) === false) {
      this.tasks.delete(sibling);
      this.emit(m.id, Ev.UserTaskEnd, [sibling, this.stack(r)], [{ key: taskKey(sibling) }]);
    }
  }

  private regionBegin(m: M, g: G, r: Rand): void {
    this.touch(m);
    const task = r.pick([0, ...this.tasks.keys()]);
    const name = r.pick(REGION_NAMES);
    g.regions.push({ task, name, known: this.recording });
    this.emit(m.id, Ev.UserRegionBegin, [task, this.str(name), this.stack(r)], [{ key: gKey(g.id) }]);
  }

  private regionEnd(m: M, g: G, r: Rand): void {
    this.touch(m);
    const reg = g.regions.pop()!;
    this.emit(m.id, Ev.UserRegionEnd, [reg.task, this.str(reg.name), this.stack(r)], [{ key: gKey(g.id) }]);
  }

  private userLog(m: M, r: Rand): void {
    const task = r.pick([0, ...this.tasks.keys()]);
    // Now and then a message of the largest size a string may have (1024 bytes).
    const value = r.oneIn(31) ? 'x'.repeat(MAX_EVENT_TRAILER_DATA_SIZE - r.int(3)) : r.pick(LOG_VALUES);
    this.ev(m, Ev.UserLog, [task, this.str(r.pick(LOG_KEYS)), this.str(value), this.stack(r)]);
  }

  /**
   * A CPU sample: taken by a signal on the thread, stamped with its clock and
   * no ordering at all — it may fall before, between or after events, on
   * the same timestamp as one, or before the generation's first event.
   */
  private cpuSample(m: M, r: Rand): void {
    if (!this.recording) return;
    const back = r.oneIn(4) ? r.int(64) : 0;
    this.samples.push({
      time: this.stamper.sample(m.id, this.time + 1, back),
      serial: this.events.length,
      m: m.id,
      p: m.p ?? NO_PROC,
      g: m.g ?? 0,
      stack: this.stack(r, 1),
    });
  }

  // ---- semantic faults ----

  /** Serial index (in its generation) of the first injected faulty event, if it is a single event. */
  faultIndex: number | null = null;

  /**
   * Emits one event that is invalid in the current state. It is stamped
   * after everything written so far and everything later after it, so that
   * the reader reads exactly the events before it, then fails on it.
   */
  injectFault(fault: SemanticFault, r: Rand): void {
    this.stamper.barrier();
    const at = this.events.length;
    if (this.emitFault(fault, r)) this.faultIndex ??= at;
    this.stamper.barrier();
  }

  /** Whether the reader knows of a goroutine (for a fault that names an existing one). */
  private readerKnows(g: number): boolean {
    return !this.firstGen || this.tracedG.has(g);
  }

  /** Emits the fault; true when it is a single event (so its place in the reader's order is known). */
  private emitFault(fault: SemanticFault, r: Rand): boolean {
    const withG = this.ms.filter((m) => m.p !== null && m.g !== null && this.gs.get(m.g)!.status === 'running');
    const withP = this.ms.filter((m) => m.p !== null);
    // A thread id never used by the model has no proc and no goroutine.
    const bare = this.ms.find((m) => m.p === null && m.g === null)?.id ?? this.ms.length + 7;
    switch (fault) {
      case 'needs-proc':
        this.emit(bare, r.pick([Ev.HeapAlloc, Ev.HeapGoal, Ev.GCSweepBegin]), [0]);
        return true;
      case 'proc-stop-without-proc':
        this.emit(bare, Ev.ProcStop, []);
        return true;
      case 'syscall-end-not-in-syscall':
        if (withG.length > 0) this.emit(r.pick(withG).id, Ev.GoSyscallEnd, []);
        else this.emit(bare, Ev.GoSyscallEnd, []);
        return true;
      case 'create-existing-goroutine': {
        const existing = [...this.gs.keys()].filter((g) => this.readerKnows(g));
        if (withP.length > 0 && existing.length > 0) {
          const m = r.pick(withG.length > 0 ? withG : withP);
          this.emit(m.id, Ev.GoCreate, [r.pick(existing), 0, 0]);
        } else {
          this.emit(bare, Ev.GoCreate, [1, 0, 0]);
        }
        return true;
      }
      case 'region-mismatch': {
        // Best: end a region other than the innermost one the reader knows of.
        const inRegion = withG.filter((m) => this.gs.get(m.g!)!.regions.some((x) => x.known));
        if (inRegion.length > 0) {
          const m = r.pick(inRegion);
          const top = this.gs.get(m.g!)!.regions.filter((x) => x.known).pop()!;
          this.emit(m.id, Ev.UserRegionEnd, [top.task, this.str(top.name + ' (not begun)'), 0]);
          return true;
        }
        if (withG.length > 0) {
          const m = r.pick(withG);
          this.emit(m.id, Ev.UserRegionBegin, [0, this.str('outer'), 0]);
          this.emit(m.id, Ev.UserRegionEnd, [0, this.str('inner'), 0]);
          return false;
        }
        this.emit(bare, Ev.UserRegionEnd, [0, 0, 0]);
        return true;
      }
      case 'gc-end-not-running':
        if (withG.length > 0 && !this.gc.running) {
          this.emit(r.pick(withG).id, Ev.GCEnd, [this.gc.known ? this.gc.seq + 1 : 1]);
        } else {
          this.emit(bare, Ev.GCEnd, [this.gc.known ? this.gc.seq + 1 : 1]);
        }
        return true;
      case 'goroutine-stop-without-goroutine': {
        const pNoG = this.ms.find((m) => m.p !== null && m.g === null);
        this.emit(pNoG?.id ?? bare, Ev.GoStop, [0, 0]);
        return true;
      }
      case 'syscall-without-goroutine': {
        const pNoG = this.ms.find((m) => m.p !== null && m.g === null);
        this.emit(pNoG && r.oneIn(2) ? pNoG.id : bare, Ev.GoSyscallBegin, [1, 0]);
        return true;
      }
      case 'assist-without-goroutine': {
        const pNoG = this.ms.find((m) => m.p !== null && m.g === null);
        const on = pNoG && r.oneIn(2) ? pNoG.id : bare;
        if (r.oneIn(2)) this.emit(on, Ev.GCMarkAssistBegin, [0]);
        else this.emit(on, Ev.GCMarkAssistEnd, []);
        return true;
      }
      case 'range-end-not-begun': {
        const notAssisting = withG.filter((m) => !this.gs.get(m.g!)!.assist);
        const notSweeping = withP.filter((m) => !this.ps[m.p!].sweeping);
        if (notAssisting.length > 0 && (notSweeping.length === 0 || r.oneIn(2))) this.emit(r.pick(notAssisting).id, Ev.GCMarkAssistEnd, []);
        else if (notSweeping.length > 0) this.emit(r.pick(notSweeping).id, Ev.GCSweepEnd, [0, 0]);
        else this.emit(bare, Ev.GCSweepEnd, [0, 0]);
        return true;
      }
      case 'gc-end-wrong-seq':
        // Never readable: the reader meets it, waits, and finally fails to advance.
        this.emit(withG.length > 0 ? r.pick(withG).id : bare, Ev.GCEnd, [this.gc.seq + 2 + r.int(3)]);
        return false;
      case 'needs-goroutine': {
        const pNoG = this.ms.find((m) => m.p !== null && m.g === null);
        const on = pNoG && r.oneIn(2) ? pNoG.id : bare;
        const [type, args] = r.pick<[number, U64[]]>([
          [Ev.GoSwitch, [1, 1]],
          [Ev.GoSyscallEndBlocked, []],
          [Ev.GoDestroySyscall, []],
          [Ev.UserLog, [0, 0, 0, 0]],
          [Ev.GoLabel, [0]],
          [Ev.UserRegionBegin, [0, 0, 0]],
        ]);
        this.emit(on, type, args);
        return true;
      }
      case 'assist-active-unknown-goroutine':
        this.emit(withP.length > 0 ? r.pick(withP).id : bare, Ev.GCMarkAssistActive, [1000 + r.int(1000)]);
        return true;
      case 'bad-proc-status':
        this.emit(withP.length > 0 ? r.pick(withP).id : bare, Ev.ProcStatus, [withP.length > 0 ? r.pick(withP).p! : 0, 5 + r.int(100)]);
        return true;
      case 'experimental-without-thread':
        if (this.version >= 26) {
          const [type, args] = r.pick<[number, U64[]]>([[Ev.HeapObjectAlloc, [0xc000100000, 1]], [Ev.SpanAlloc, [0xc000000000, 1, 0]], [Ev.GoroutineStackAlloc, [0xc000200000, 0]]]);
          this.emit(STATUS_THREAD, type, args);
          return false;
        }
        this.emit(bare, Ev.ProcStop, []);
        return true;
    }
  }

  // ---- emission helpers ----

  /** The common case: the runtime's event writer (statuses first, lazily), then the event on thread m. */
  private ev(m: M, type: number, args: U64[], deps: Dep[] = []): void {
    this.touch(m);
    this.emit(m.id, type, args, deps);
  }

  emit(m: number, type: number, args: U64[], deps: readonly Dep[] = [], opts: { stream?: number; chainGuarded?: boolean } = {}): void {
    if (!this.recording) return;
    // Four ticks apart: an event the reader expands into three (GoSwitch) takes
    // its time +0, +1 and +2 ns, which must stay before the next event.
    this.time += 4;
    // A thread another changed (a steal, a binding status) depends on that change from its next event on.
    const changed = this.changedBy.get(m);
    this.changedBy.delete(m);
    const typed = deps.map((d) => ({ ...d, state: setsState(type, d.key) }));
    const s = this.stamper.stamp(m, this.time, typed, this.events.length, changed === 'steal' && opts.chainGuarded === true, SETS_P_STATE.has(type));
    if (m >= 0) this.seenThreads.add(m);
    const e: ModelEvent = { m, time: s.time, type, args, stream: opts.stream ?? 1 };
    if (s.early) e.early = true;
    if (s.waits.length > 0) e.waits = s.waits;
    if (s.needs.length > 0) e.needs = s.needs;
    this.events.push(e);
  }

  /** Advances the clock (gaps between events). */
  tick(n: number): void {
    this.time += 2 * n;
  }

  private str(s: string): number {
    return this.recording ? this.tables.str(s) : 0;
  }

  /** A stack id: usually a real stack of 1–6 frames, sometimes none (0). `minDepth` 1 forces a stack. */
  private stack(r: Rand, minDepth = 0): number {
    if (!this.recording) return 0;
    // Now and then a stack at the format's limit (128 frames), to exercise bounds.
    const depth = r.oneIn(97) ? MAX_FRAMES_PER_STACK - r.int(8) : minDepth > 0 ? 1 + r.int(6) : r.int(7);
    if (depth === 0) return 0;
    return this.tables.stack(randomStack(r, depth));
  }
}
