// Go's Reader.ReadEvent as a pull state machine over batches: bytes are
// someone else's business. When it needs the next batch, next() answers null
// with needBatch set, and the driver feeds one (feed()). The in-memory driver
// (readTrace) and the streaming one (TraceStream) share it, so chunking
// cannot change the outcome. Only the generation being replayed is held, and
// the first batch of the next (before go1.26).
//
// The algorithm, per generation: load every batch of the generation (string,
// stack, CPU-sample and sync batches become tables); put one cursor per M in
// a min-heap by the time of its next event; repeatedly try to advance the
// earliest cursor through the ordering state machine, falling back to the
// others in time order; merge CPU samples by time; make timestamps strictly
// increasing. A Sync event opens every generation and ends the trace.
import { rawArg } from './base';
import { BatchRead } from './batch';
import { BatchCursor, compareCursors, heapInsert, heapRemove, heapUpdate } from './batchCursor';
import { Event, REFERS_TO_TABLES, setEventTime, syncEvent } from './event';
import { Generation, GenerationLoader, LoadResult, SpilledBatch } from './generation';
import { goSortFunc } from './goSort';
import { freqMul } from './frequency';
import { I64, addI64 } from './int64';
import { AdvanceResult, Ordering } from './order';
import type { ReaderFault, ReaderOptions } from './readerOptions';
import { Ev, specsFor } from './spec';
import { TraceError } from './traceError';
import type { Version } from './version';
import { keepLayout } from './layoutKeeper';

// Local copies of imported bindings used per event: compiled to CommonJS,
// each use of an import is a property load from the other module's exports
// object, which V8 does not always fold into a constant.
const add64 = addI64;
const updateHeap = heapUpdate;
const removeFromHeap = heapRemove;
const EventClass = Event;
const TraceErrorClass = TraceError;
const fixTime = setEventTime;
const refersToTables = REFERS_TO_TABLES;

const fullSpecs = specsFor(26);
const EV_CPU_SAMPLE = Ev.CPUSample;

export class ReaderCore {
  private readonly order: Ordering;
  private readonly strict: boolean;
  private readonly faults?: ReadonlySet<ReaderFault>;
  private lastTs: I64 = 0;
  private gen: Generation | null = null;
  private frontier: BatchCursor[] = [];
  private cpuIdx = 0;
  private syncs = 0;
  private ended = false;
  private failure: TraceError | null = null;
  private readGenErr: TraceError | null = null;
  private spill: SpilledBatch | null = null;
  private spillErr: TraceError | null = null;
  private spillErrSync = false;
  private loader: GenerationLoader | null = null;
  private loaded: LoadResult | null = null;

  constructor(readonly version: Version, opts: ReaderOptions = {}) {
    this.strict = opts.strict === true;
    this.faults = opts.faults && opts.faults.size > 0 ? opts.faults : undefined;
    this.order = new Ordering(version, this.faults);
  }

  /** Whether next() returned null because it needs the next batch (give it with feed()). */
  get needBatch(): boolean {
    return this.loader !== null && !this.ended;
  }

  /** Whether the trace is over: cleanly, or with `error`. */
  get done(): boolean {
    return this.ended;
  }

  /** The error that ended the trace, once done (null: a clean end). */
  get error(): TraceError | null {
    return this.failure;
  }

  /** Feeds the batch read the core asked for (see needBatch). */
  feed(r: BatchRead): void {
    const loader = this.loader;
    if (loader === null) throw new Error('internal error: batch fed when none was needed');
    const res = loader.feed(r);
    if (res !== null) {
      this.loader = null;
      this.loaded = res;
    }
  }

  /**
   * The next event; null when the core needs a batch (needBatch) or the
   * trace is over (done, with error).
   */
  // The common case inline — the earliest cursor's event is next, and the
  // cursor has another — and every other case through the one call to
  // slowStep, which the first step of each generation makes. As with
  // BatchCursor.nextEvent, the rarer cases (a CPU sample, the end of an M,
  // an event that must wait, a new generation) met first after V8 has
  // optimized this code would each throw it away. Too large for V8 to
  // inline into the consumer's loop, so that it is always compiled on its
  // own, with room to inline the event's decoding and making: inlined
  // into the consumer, what V8 could fit of it depended on the consumer.
  next(): Event | null {
    if (this.ended) return null;
    let ev = this.order.next();
    if (ev === undefined) {
      const frontier = this.frontier;
      const gen = this.gen;
      let bc: BatchCursor | null = null;
      let r: AdvanceResult = false;
      let n: boolean | string = true;
      common: {
        if (this.loader !== null || this.loaded !== null || gen === null || frontier.length === 0) break common;
        const head = frontier[0];
        const samples = gen.cpuSamples;
        const i = this.cpuIdx;
        if (i < samples.length && samples[i].time < head.time) break common;
        bc = head;
        const order = this.order;
        r = order.advance(head, gen.table, gen.gen);
        if (r === true) {
          const c = order.ctx;
          r = new EventClass(gen.table, head.type, head.time, head.a0, head.a1, head.a2, head.a3, c.g, c.p, c.m);
        }
        if (typeof r !== 'object') break common;
        n = head.nextEvent();
        if (n !== true) break common;
        // Go's heapUpdate(0) moves the cursor only if a child's event is earlier.
        const len = frontier.length;
        const t = head.time;
        if ((len > 1 && frontier[1].time < t) || (len > 2 && frontier[2].time < t)) updateHeap(frontier, 0);
        ev = r;
      }
      if (ev === undefined) {
        const x = this.slowStep(bc, r, n);
        if (x === null) return null;
        ev = x;
      }
    }
    // Go's deferred fix-up of every event returned without error.
    if (refersToTables[ev.type] !== 0) {
      const bad = ev.validateTableIDs();
      if (bad !== null) {
        this.finish(new TraceError(bad, { generation: this.genNumber() }));
        return null;
      }
    }
    if (ev.time <= this.lastTs) fixTime(ev, add64(this.lastTs, 1));
    this.lastTs = ev.time;
    return ev;
  }

  private finish(err: TraceError | null): void {
    this.ended = true;
    this.failure = err;
    this.frontier = [];
    this.gen = null;
    this.loader = null;
  }

  private genNumber(): number | undefined {
    return this.gen === null ? undefined : Number(this.gen.gen);
  }

  private sync(table: Generation['table'] | null, ts: I64): Event {
    this.syncs++;
    return syncEvent(table, ts, this.syncs);
  }

  /**
   * stepRest, ending the trace at its error: next's slow path gets only
   * events (or null), so that the reader's loop never has to ask which it got.
   */
  private slowStep(bc: BatchCursor | null, r: AdvanceResult, n: boolean | string): Event | null {
    const x = this.stepRest(bc, r, n);
    if (x === null || !(x instanceof TraceErrorClass)) return x;
    // Go's table parsers return a bare io.EOF when a table batch ends inside
    // a record; ReadEvent then returns io.EOF, which every Go consumer takes
    // for a clean end of trace. Strict mode reports it instead (P3).
    this.finish(x.message === 'EOF' && !this.strict ? null : x);
    return null;
  }

  /**
   * next's other cases: with bc null, everything before advancing the
   * earliest cursor (a generation to load or begin, a CPU sample due, the
   * end of the frontier); otherwise what bc's advance gave (r) and, for an
   * event, what moving bc on gave (n).
   */
  private stepRest(bc: BatchCursor | null, r: AdvanceResult, n: boolean | string): Event | TraceError | null {
    if (bc !== null) {
      if (typeof r === 'object') {
        if (n === false) removeFromHeap(this.frontier, 0);
        else if (n !== true) return this.genError(n, bc.evOffset);
        return r;
      }
      if (typeof r === 'string') return this.genError(r, bc.evOffset);
      return this.advanceAnother(this.gen!);
    }
    if (this.loader !== null) return null;
    if (this.loaded !== null) {
      const res = this.loaded;
      this.loaded = null;
      return this.version < 26 ? this.afterLoadWithSpill(res) : this.afterLoad(res);
    }
    const frontier = this.frontier;
    const gen = this.gen;
    const samples = gen === null ? null : gen.cpuSamples;
    if (samples !== null && this.cpuIdx < samples.length) {
      const s = samples[this.cpuIdx];
      if (frontier.length === 0 || s.time < frontier[0].time) {
        this.cpuIdx++;
        return new EventClass(gen!.table, EV_CPU_SAMPLE, s.time as I64, s.stack, 0, 0, 0, s.ctx.g, s.ctx.p, s.ctx.m);
      }
    } else if (frontier.length === 0) {
      return this.version < 26 ? this.nextGenWithSpill() : this.nextGen();
    }
    // Not reached: with the samples not due and the frontier not empty, next
    // takes the common case.
    throw new Error('internal error: next found nothing to do');
  }

  /** Rare: the earliest cursor cannot go on. Sorts the heap (still a heap) and tries the others in time order. */
  private advanceAnother(g: Generation): Event | TraceError {
    const frontier = this.frontier;
    goSortFunc(frontier, compareCursors);
    const others = this.faults?.has('frontier-head-only') ? 1 : frontier.length;
    for (let i = 1; i < others; i++) {
      const bc = frontier[i];
      let r = this.order.advance(bc, g.table, g.gen);
      if (r === false) continue;
      if (typeof r === 'string') return this.genError(r, bc.evOffset);
      if (r === true) r = this.order.emit(g.table, this.order.ctx, bc);
      const n = bc.nextEvent();
      if (typeof n === 'string') return this.genError(n, bc.evOffset);
      if (n) updateHeap(frontier, i);
      else removeFromHeap(frontier, i);
      return r;
    }
    return this.genError(
      `broken trace: failed to advance: frontier:\n[gen=${String(g.gen)}]\n\n${dumpFrontier(frontier)}\n${this.order.dump()}\n`,
    );
  }

  /** An error found while replaying the current generation. */
  private genError(message: string, offset?: number): TraceError {
    if (this.faults?.has('later-error-wins') && this.spillErr !== null) return this.spillErr;
    return new TraceError(message, { offset, generation: this.genNumber() });
  }

  private nextGen(): TraceError | null {
    if (this.readGenErr !== null) return this.readGenErr;
    this.loader = new GenerationLoader(this.version, null, this.strict, this.faults);
    return null;
  }

  private afterLoad(res: LoadResult): Event | TraceError {
    if (res.err !== null) {
      // Emit the Sync that ends the good part of the trace, then the error.
      this.readGenErr = res.err;
      this.gen = null;
      return this.sync(null, this.lastTs);
    }
    return this.installGen(res.gen);
  }

  private nextGenWithSpill(): Event | TraceError | null {
    if (this.spillErr !== null) {
      if (this.spillErrSync) return this.spillErr;
      this.spillErrSync = true;
      return this.sync(null, this.lastTs);
    }
    if (this.gen !== null && this.spill === null) {
      // No next generation: end of trace.
      this.ended = true;
      return this.sync(null, this.lastTs);
    }
    const spill = this.spill;
    this.spill = null;
    this.loader = new GenerationLoader(this.version, spill, this.strict, this.faults);
    const early = this.loader.pending();
    if (early !== null) {
      this.loader = null;
      return this.afterLoadWithSpill(early);
    }
    return null;
  }

  private afterLoadWithSpill(res: LoadResult): Event | TraceError {
    this.spill = res.spill;
    this.spillErr = res.gen === null ? res.err : res.spillErr;
    if (res.gen === null) {
      this.gen = null;
      this.spillErrSync = true;
      return this.sync(null, this.lastTs);
    }
    return this.installGen(res.gen);
  }

  private installGen(gen: Generation | null): Event | TraceError {
    if (gen === null) {
      this.gen = null;
      this.ended = true;
      return this.sync(null, this.lastTs);
    }
    this.gen = gen;
    this.cpuIdx = 0;
    for (const m of gen.batchMs) {
      const bc = new BatchCursor(m, gen.batches.get(m)!, gen.table.freq);
      const r = bc.nextEvent();
      if (typeof r === 'string') return this.genError(r, bc.evOffset);
      if (!r) continue;
      heapInsert(this.frontier, bc);
    }
    return this.sync(gen.table, freqMul(gen.table.freq, gen.minTs));
  }
}

function dumpFrontier(frontier: BatchCursor[]): string {
  let out = '';
  for (const bc of frontier) {
    const spec = fullSpecs[bc.type];
    const names = spec?.args ?? [];
    out += `M ${String(bc.m)} [${spec?.name ?? ''} time=${String(bc.time)}`;
    for (let i = 1; i < names.length; i++) out += ` ${names[i]}=${String(rawArg(bc, i - 1))}`;
    out += ']\n';
  }
  return out;
}

// Nothing of a reader is alive between two traces: one is kept, with the
// layouts of the core and its ordering state (see layoutKeeper).
// Its last time is widened to a double, as a trace's times are (not to a
// bigint: every event stores its time there, and a field that can hold
// objects costs a write barrier per store).
keepLayout(new ReaderCore(26), { lastTs: 0.5 });
