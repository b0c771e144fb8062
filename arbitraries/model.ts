// A model of the Go scheduler as the execution tracer sees it: threads (Ms),
// procs (Ps) and goroutines (Gs) with their states and sequence numbers, the
// GC, tasks, regions and ranges. At every step it lists the actions that are
// valid in the current state and applies the one a choice selects, emitting
// the events the runtime would write. Because every emitted event is valid in
// the global order of timestamps, Go's reader accepts every trace built from
// it, and its event stream follows that order.
import { Ev, GoStatus, ProcStatus, MAX_FRAMES_PER_STACK, MAX_EVENT_TRAILER_DATA_SIZE } from '../src/trace/spec';
import { U64, U64_MAX } from '../src/trace/u64';
import type { Version } from '../src/trace/version';
import { Rand } from './rand';
import { GenTables } from './genTables';
import { randomStack, BLOCK_REASONS, STOP_REASONS, STW_KINDS, LABELS, TASK_NAMES, REGION_NAMES, LOG_KEYS, LOG_VALUES } from './frames';
import type { ModelEvent, CpuSamplePlan } from './plan';

export const NO_THREAD: U64 = U64_MAX;
export const NO_PROC: U64 = U64_MAX;

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
] as const;
export type SemanticFault = (typeof SEMANTIC_FAULTS)[number];

export interface ModelConfig {
  version: Version;
  ms: number;
  ps: number;
  /** Goroutines that exist before warm-up. */
  initialGs: number;
}

interface Action {
  name: string;
  run(r: Rand): void;
}

export class SchedulerModel {
  readonly version: Version;
  readonly ms: M[] = [];
  readonly ps: P[] = [];
  readonly gs = new Map<number, G>();
  private nextG = 1;
  private nextTask = 1;
  readonly tasks = new Set<number>();
  gc = { running: false, seq: 0, known: false };
  /** Time of the last emitted event (raw ticks); events are multiples of 2, CPU samples odd. */
  time = 0;
  /** While false (warm-up), actions change state but emit nothing. */
  recording = false;
  tables = new GenTables();
  events: ModelEvent[] = [];
  samples: CpuSamplePlan[] = [];
  /** How many steps found no enabled action (the model idles). */
  idleSteps = 0;

  constructor(cfg: ModelConfig) {
    this.version = cfg.version;
    for (let i = 0; i < cfg.ms; i++) this.ms.push({ id: i, p: null, g: null });
    for (let i = 0; i < cfg.ps; i++) this.ps.push({ id: i, status: 'idle', m: null, seq: 0, sweeping: false });
    for (let i = 0; i < cfg.initialGs; i++) this.newG('runnable');
  }

  // ---- generation boundaries ----

  /** Starts recording a new generation: fresh tables, sequence numbers reset, status events for every P and G. */
  beginGeneration(first: boolean, statusM: number, r: Rand): void {
    this.recording = true;
    this.tables = new GenTables();
    this.events = [];
    this.samples = [];
    if (first) {
      // STW ranges have no "active" event: the reader cannot learn of one begun before the trace.
      for (const g of this.gs.values()) g.stw = null;
      for (const g of this.gs.values()) for (const reg of g.regions) reg.known = false;
    }
    const sm = this.ms[statusM % this.ms.length].id;
    for (const p of this.ps) {
      p.seq = 0;
      const status = { running: ProcStatus.Running, syscall: ProcStatus.Syscall, idle: ProcStatus.Idle, abandoned: ProcStatus.SyscallAbandoned }[p.status];
      this.emit(p.m ?? sm, Ev.ProcStatus, [p.id, status]);
    }
    for (const g of [...this.gs.values()].sort((a, b) => a.id - b.id)) {
      g.seq = 0;
      const status = { runnable: GoStatus.Runnable, running: GoStatus.Running, syscall: GoStatus.Syscall, waiting: GoStatus.Waiting }[g.status];
      const onM = g.m ?? sm;
      const mArg: U64 = g.m ?? NO_THREAD;
      if (this.version >= 23 && g.m === null && r.oneIn(2)) {
        this.emit(onM, Ev.GoStatusStack, [g.id, mArg, status, this.stack(r)]);
      } else {
        this.emit(onM, Ev.GoStatus, [g.id, mArg, status]);
      }
    }
    if (this.gc.running) {
      if (first) {
        this.emit(sm, Ev.GCActive, [this.gc.seq]);
        this.gc.known = true;
      } else {
        const host = this.ms.find((m) => m.g !== null && m.p !== null && this.gs.get(m.g)!.status === 'running');
        if (host) {
          this.gc.seq++;
          this.emit(host.id, Ev.GCActive, [this.gc.seq]);
        }
      }
    }
    for (const p of this.ps) if (p.sweeping) this.emit(sm, Ev.GCSweepActive, [p.id]);
    for (const g of this.gs.values()) if (g.assist) this.emit(sm, Ev.GCMarkAssistActive, [g.id]);
  }

  /**
   * Ends the generation as the runtime does: no stop-the-world spans a
   * generation boundary (the runtime's generation switch itself stops the
   * world), and STWEnd's kind refers to the string table of the generation
   * that began it.
   */
  endGeneration(): void {
    for (const g of this.gs.values()) if (g.stw !== null && g.m !== null) this.stwEnd(this.ms[g.m], g);
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
    out.push({ name: 'GoLabel', run: (r) => this.emit(m.id, Ev.GoLabel, [this.str(r.pick(LABELS))]) });
    out.push({ name: 'ProcsChange', run: (r) => this.emit(m.id, Ev.ProcsChange, [this.ps.length, this.stack(r)]) });
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
    out.push({ name: 'HeapAlloc', run: (r) => this.emit(m.id, Ev.HeapAlloc, [(1 + r.int(1 << 20)) * 64]) });
    out.push({ name: 'HeapGoal', run: (r) => this.emit(m.id, Ev.HeapGoal, [(4 + r.int(1 << 16)) << 10]) });
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
        this.emit(m.id, type, args(r));
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
    const g = this.newG(status);
    this.emit(m.id, status === 'runnable' ? Ev.GoCreate : Ev.GoCreateBlocked, [g.id, this.stack(r, 1), this.stack(r)]);
  }

  private goStart(m: M, g: G): void {
    g.seq++;
    g.status = 'running';
    g.m = m.id;
    m.g = g.id;
    this.emit(m.id, Ev.GoStart, [g.id, g.seq]);
  }

  private goStopExec(m: M, g: G, type: number, r: Rand): void {
    m.g = null;
    g.m = null;
    if (type === Ev.GoDestroy) {
      this.gs.delete(g.id);
      this.emit(m.id, type, []);
      return;
    }
    g.status = type === Ev.GoStop ? 'runnable' : 'waiting';
    const reason = this.str(r.pick(type === Ev.GoStop ? STOP_REASONS : BLOCK_REASONS));
    this.emit(m.id, type, [reason, this.stack(r)]);
  }

  private goUnblock(m: M, g: G, r: Rand): void {
    g.seq++;
    g.status = 'runnable';
    this.emit(m.id, Ev.GoUnblock, [g.id, g.seq, this.stack(r)]);
  }

  private goSwitch(m: M, cur: G, next: G, type: number): void {
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
    this.emit(m.id, type, [next.id, next.seq]);
  }

  private syscallBegin(m: M, g: G, p: P, r: Rand): void {
    g.status = 'syscall';
    p.status = 'syscall';
    p.seq++;
    this.emit(m.id, Ev.GoSyscallBegin, [p.seq, this.stack(r)]);
  }

  private syscallEnd(m: M, g: G, p: P): void {
    g.status = 'running';
    p.status = 'running';
    this.emit(m.id, Ev.GoSyscallEnd, []);
  }

  private syscallEndBlocked(m: M, g: G): void {
    g.status = 'runnable';
    g.m = null;
    m.g = null;
    this.emit(m.id, Ev.GoSyscallEndBlocked, []);
  }

  private destroySyscallWithProc(m: M, g: G, p: P): void {
    this.gs.delete(g.id);
    m.g = null;
    m.p = null;
    p.status = 'abandoned';
    p.lastM = m.id;
    p.m = null;
    this.emit(m.id, Ev.GoDestroySyscall, []);
  }

  private stealAbandoned(thief: M, p: P): void {
    p.seq++;
    p.status = 'idle';
    this.emit(thief.id, Ev.ProcSteal, [p.id, p.seq, p.lastM ?? thief.id]);
  }

  private destroySyscall(m: M, g: G): void {
    this.gs.delete(g.id);
    m.g = null;
    this.emit(m.id, Ev.GoDestroySyscall, []);
  }

  private createSyscall(m: M): void {
    const g = this.newG('syscall');
    g.m = m.id;
    m.g = g.id;
    this.emit(m.id, Ev.GoCreateSyscall, [g.id]);
  }

  private procStart(m: M, p: P): void {
    p.seq++;
    p.status = 'running';
    p.m = m.id;
    m.p = p.id;
    this.emit(m.id, Ev.ProcStart, [p.id, p.seq]);
  }

  private procStop(m: M, p: P): void {
    p.status = 'idle';
    p.m = null;
    m.p = null;
    this.emit(m.id, Ev.ProcStop, []);
  }

  /** `thief` takes `p` away from `victim`, whose goroutine is in a syscall; the proc becomes idle. */
  private procSteal(thief: M, p: P, victim: M): void {
    p.seq++;
    p.status = 'idle';
    p.m = null;
    victim.p = null;
    this.emit(thief.id, Ev.ProcSteal, [p.id, p.seq, victim.id]);
  }

  private stwBegin(m: M, g: G, r: Rand): void {
    g.stw = r.pick(STW_KINDS);
    this.emit(m.id, Ev.STWBegin, [this.str(g.stw), this.stack(r)]);
  }

  private stwEnd(m: M, g: G): void {
    g.stw = null;
    this.emit(m.id, Ev.STWEnd, []);
  }

  private markAssist(m: M, g: G, r: Rand): void {
    if (g.assist) {
      g.assist = false;
      this.emit(m.id, Ev.GCMarkAssistEnd, []);
    } else {
      g.assist = true;
      this.emit(m.id, Ev.GCMarkAssistBegin, [this.stack(r)]);
    }
  }

  private gcToggle(m: M, r: Rand): void {
    this.gc.seq++;
    // The reader learns the GC's sequence number only from events it sees.
    if (this.recording) this.gc.known = true;
    if (this.gc.running) {
      this.gc.running = false;
      this.emit(m.id, Ev.GCEnd, [this.gc.seq]);
    } else {
      this.gc.running = true;
      this.emit(m.id, Ev.GCBegin, [this.gc.seq, this.stack(r)]);
    }
  }

  private sweep(m: M, p: P, r: Rand): void {
    if (p.sweeping) {
      p.sweeping = false;
      this.emit(m.id, Ev.GCSweepEnd, [r.int(1 << 20) * 8, r.int(1 << 16) * 8]);
    } else {
      p.sweeping = true;
      this.emit(m.id, Ev.GCSweepBegin, [this.stack(r)]);
    }
  }

  private taskBegin(m: M, r: Rand): void {
    const id = this.nextTask++;
    const parents = [0, ...this.tasks];
    const parent = r.pick(parents);
    this.tasks.add(id);
    this.emit(m.id, Ev.UserTaskBegin, [id, parent, this.str(r.pick(TASK_NAMES)), this.stack(r)]);
  }

  private taskEnd(m: M, r: Rand): void {
    const id = r.pick([...this.tasks]);
    this.tasks.delete(id);
    this.emit(m.id, Ev.UserTaskEnd, [id, this.stack(r)]);
  }

  private regionBegin(m: M, g: G, r: Rand): void {
    const task = r.pick([0, ...this.tasks]);
    const name = r.pick(REGION_NAMES);
    g.regions.push({ task, name, known: this.recording });
    this.emit(m.id, Ev.UserRegionBegin, [task, this.str(name), this.stack(r)]);
  }

  private regionEnd(m: M, g: G, r: Rand): void {
    const reg = g.regions.pop()!;
    this.emit(m.id, Ev.UserRegionEnd, [reg.task, this.str(reg.name), this.stack(r)]);
  }

  private userLog(m: M, r: Rand): void {
    const task = r.pick([0, ...this.tasks]);
    // Now and then a message of the largest size a string may have (1024 bytes).
    const value = r.oneIn(31) ? 'x'.repeat(MAX_EVENT_TRAILER_DATA_SIZE - r.int(3)) : r.pick(LOG_VALUES);
    this.emit(m.id, Ev.UserLog, [task, this.str(r.pick(LOG_KEYS)), this.str(value), this.stack(r)]);
  }

  private cpuSample(m: M, r: Rand): void {
    if (!this.recording) return;
    this.samples.push({
      time: this.time + 1,
      m: m.id,
      p: m.p ?? NO_PROC,
      g: m.g ?? 0,
      stack: this.stack(r, 1),
    });
  }

  // ---- semantic faults ----

  /** Time of the first injected faulty event, if any (raw ticks). */
  faultTime: number | null = null;

  /** Emits one event that is invalid in the current state. */
  injectFault(fault: SemanticFault, r: Rand): void {
    // When the fault is one event, it is the one the reader rejects: everything before it must read as in the valid trace.
    if (this.emitFault(fault, r)) this.faultTime ??= this.time;
  }

  /** Emits the fault; true when it is a single event (so its time is the fault's instant). */
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
        const existing = [...this.gs.keys()];
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
    }
  }

  // ---- emission helpers ----

  emit(m: number, type: number, args: U64[]): void {
    if (!this.recording) return;
    // Four ticks apart: an event the reader expands into three (GoSwitch) takes
    // its time +0, +1 and +2 ns, which must stay before the next event.
    this.time += 4;
    this.events.push({ m, time: this.time, type, args });
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
