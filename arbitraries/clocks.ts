// Timestamps as real threads write them. Each thread (M) reads its own clock:
// the model's true time plus the thread's skew, a little jitter, rounded up to
// the clock's granularity, and never less than one tick after the thread's
// previous event (the runtime's rule). So an event that causally follows one
// on another thread may carry an earlier or an equal timestamp, as on real
// machines, and the reader must order them by their sequence numbers.
//
// Go's reader merges threads by timestamp and falls back to the others when
// the earliest cannot advance yet. It can only fall back where the event's
// check answers "not yet": a GoStart whose goroutine is not runnable with the
// previous sequence number, a ProcStart whose proc is not idle, a ProcSteal,
// a GoUnblock, a GoSwitch, a GoSyscallEndBlocked whose proc is still in its
// syscall, GC events with their sequence. Any other event that depends on
// another thread's event (a GCSweepActive on the proc's status, a task end
// on its begin, a goroutine status naming another thread...) is applied as
// soon as it is tried. Such an unguarded event is stamped after everything in
// its causal past: then, while one of its ancestors is unread, some ancestor
// that can advance has an earlier time and is tried first, so the reader never
// applies an event before what it depends on, and reads the trace exactly as
// the model ran it (proof sketch in Stamper.stamp).

/** How the threads' clocks disagree. All zero: one perfect clock (timestamps = the model's true time). */
export interface ClockConfig {
  /** Largest skew between two threads, in ticks. */
  spread: number;
  /** Largest extra delay of a single reading, in ticks. */
  jitter: number;
  /** Clock granularity in ticks (readings round up to a multiple): coarse clocks give equal timestamps. */
  coarse: number;
  /** Picks each thread's skew and each reading's jitter. */
  seed: number;
}

export const PERFECT_CLOCKS: ClockConfig = { spread: 0, jitter: 0, coarse: 1, seed: 0 };

/**
 * A causal dependency of an event on the last event that touched a resource
 * (a goroutine, a proc, the GC, a task, a thread's state). `guarded`: the
 * reader's check on this event answers "not yet" exactly while that last
 * event is unread, so the event may be stamped before it.
 */
export interface Dep {
  key: string;
  guarded?: boolean;
  /**
   * This event sets the state of the resource that a waiting event checks (a
   * status, a sequence number). A guarded event waits only for such an event:
   * when the resource's last event is another kind (a range becoming active, a
   * label), the reader may apply the guarded event before it, so it counts as
   * needed, not waited for.
   */
  state?: boolean;
}

/** The resource key of a thread's state: every event on the thread depends on it. */
export const threadKey = (m: number): string => `m${m}`;

function mix(a: number, b: number, c: number): number {
  let x = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

interface Touch {
  /** Largest timestamp in the causal past of the last event that touched the resource (that event included). */
  max: number;
  /** That event's own timestamp, thread and place in the generation's model order. */
  time: number;
  m: number;
  serial: number;
  /** It set the state a waiting event checks. */
  state: boolean;
}

export interface Stamp {
  time: number;
  /** A guarded dependency's last event has a later (or equal) timestamp: the reader meets this event first and must wait. */
  early: boolean;
  /** Serials of the events on other threads this one waits for (guarded) and needs (unguarded). */
  waits: number[];
  needs: number[];
}

export class Stamper {
  /** Per thread: its last written timestamp. Survives generations, as thread clocks do. */
  private readonly last = new Map<number, number>();
  /** Per resource: its last event this generation. */
  private touches = new Map<string, Touch>();
  private floor = 0;
  private maxWritten = 0;

  constructor(readonly cfg: ClockConfig = PERFECT_CLOCKS) {}

  /** The reader reads generation by generation: dependencies on earlier generations are always met. */
  beginGeneration(): void {
    this.touches = new Map();
  }

  /** A thread's skew: fixed per thread, in [0, spread]. */
  skew(m: number): number {
    return this.cfg.spread === 0 ? 0 : mix(this.cfg.seed, m + 2, 1) % (this.cfg.spread + 1);
  }

  /** Thread m's clock at true time t (no per-thread monotonicity). */
  reading(m: number, t: number): number {
    const { jitter, coarse, seed } = this.cfg;
    let x = t + this.skew(m) + (jitter === 0 ? 0 : mix(seed, m + 2, t) % (jitter + 1));
    if (coarse > 1) x = Math.ceil(x / coarse) * coarse;
    return x;
  }

  /**
   * The timestamp of an event on thread m at true time t. Proof sketch of the
   * rule for unguarded events: let X be stamped after every event in its
   * causal past, and suppose the reader tries X while an ancestor is unread.
   * Take an unread ancestor A all of whose own dependencies are read: A is at
   * its thread's head (its thread predecessors are ancestors too) and can
   * advance, and time(A) < time(X), so the reader, which tries heads in time
   * order, advances A (or something earlier) before it gets to X. Guarded
   * events answer "not yet" instead, so every event is applied after all it
   * depends on: the reader's order is a linearization of the model's.
   */
  /**
   * `chainGuarded`: the event waits for the last change another thread made to
   * this thread's state (a steal of its proc). `setsThreadState`: the event
   * sets what a steal from this thread checks (which proc it has).
   */
  stamp(m: number, t: number, deps: readonly Dep[], serial: number, chainGuarded = false, setsThreadState = false): Stamp {
    let w = Math.max(this.reading(m, t), (this.last.get(m) ?? 0) + 1, this.floor);
    let past = 0;
    let early = false;
    const waits: number[] = [];
    const needs: number[] = [];
    const own = this.touches.get(threadKey(m));
    const all: Dep[] = [{ key: threadKey(m), guarded: chainGuarded }, ...deps];
    for (const d of all) {
      const r = d.key === threadKey(m) ? own : this.touches.get(d.key);
      if (r === undefined) continue;
      past = Math.max(past, r.max);
      if (r.m === m) continue;
      const waited = d.guarded === true && r.state;
      const list = waited ? waits : needs;
      if (!list.includes(r.serial)) list.push(r.serial);
      if (waited) early ||= r.time >= w;
    }
    if (needs.length > 0) w = Math.max(w, past + 1);
    const max = Math.max(past, w);
    this.last.set(m, w);
    for (const d of all) this.touches.set(d.key, { max, time: w, m, serial, state: d.key === threadKey(m) ? setsThreadState : d.state === true });
    this.maxWritten = Math.max(this.maxWritten, w);
    return { time: w, early: early && needs.length === 0, waits, needs };
  }

  /** A CPU sample's time on thread m: its clock with no ordering constraint but a barrier's. */
  sample(m: number, t: number, back: number): number {
    return Math.max(1, this.floor, this.reading(m, t) - back);
  }

  /**
   * A clean cut in time: every later event is stamped after every event so far
   * (an injected fault uses it so that its place in the reader's order is known).
   */
  barrier(): void {
    this.floor = Math.max(this.floor, this.maxWritten + 1);
  }
}
