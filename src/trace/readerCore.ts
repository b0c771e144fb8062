// The trace reader: bytes in, events out, with Go's reader's exact
// behaviour — the event stream, the Sync events, the error and the point
// where it surfaces.
//
// ReaderCore is a pull state machine that never does I/O itself: when it
// needs the next batch it answers NEED_BATCH and the driver feeds one. The
// in-memory driver (readTrace) and the streaming driver (readTraceAsync)
// share it, so chunking cannot change the outcome. Only the generation being
// read and the one being replayed are held in memory.
//
// The algorithm, per generation: load every batch of the generation (string,
// stack, CPU-sample and sync batches become tables); put one cursor per M in
// a min-heap by the time of its next event; repeatedly try to advance the
// earliest cursor through the ordering state machine, falling back to the
// others in time order; merge CPU samples by time; make timestamps strictly
// increasing. A Sync event opens every generation and ends the trace.
import { Batch, BatchRead, NEED_MORE, parseBatch, FAULT_ACCEPT_SHORT, FAULT_SIZE_OFF_BY_ONE } from './batch';
import { BatchCursor, compareCursors, heapInsert, heapRemove, heapUpdate } from './batchCursor';
import { Event, syncEvent } from './event';
import { Generation, GenerationLoader, LoadResult, SpilledBatch } from './generation';
import { goSortFunc } from './goSort';
import { freqMul } from './frequency';
import { I64, addI64 } from './int64';
import { Ordering } from './order';
import type { ReaderFault, ReaderOptions } from './readerOptions';
import { Ev, specsFor } from './spec';
import { TraceError } from './traceError';
import { readHeader, Version } from './version';
import type { U64 } from './u64';

// Local copies of hot imported bindings (see order.ts).
const add64 = addI64;
const updateHeap = heapUpdate;
const removeFromHeap = heapRemove;
export type { ReaderOptions, ReaderFault } from './readerOptions';

const fullSpecs = specsFor(26);

/** Returned by ReaderCore.next when it needs the next batch read (feed it with feed()). */
export const NEED_BATCH = 'need-batch' as const;
/** Returned by ReaderCore.next when the trace has ended cleanly. */
export const DONE = 'done' as const;

export type StepResult = Event | TraceError | typeof NEED_BATCH | typeof DONE;

/** Go's Reader.ReadEvent as a pull state machine over batches. */
export class ReaderCore {
  private readonly order: Ordering;
  private readonly strict: boolean;
  private readonly faults?: ReadonlySet<ReaderFault>;
  private lastTs: I64 = 0;
  private gen: Generation | null = null;
  private frontier: BatchCursor[] = [];
  private cpuIdx = 0;
  private syncs = 0;
  private done = false;
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

  /** Feeds the batch read the core asked for with NEED_BATCH. */
  feed(r: BatchRead): void {
    const loader = this.loader;
    if (loader === null) throw new Error('internal error: batch fed when none was needed');
    const res = loader.feed(r);
    if (res !== null) {
      this.loader = null;
      this.loaded = res;
    }
  }

  /** The next event, the error that ends the trace, DONE, or NEED_BATCH. */
  next(): StepResult {
    if (this.done) return DONE;
    const r = this.step();
    if (r === NEED_BATCH) return r;
    if (r instanceof TraceError) {
      this.done = true;
      // Go's table parsers return a bare io.EOF when a table batch ends inside
      // a record; ReadEvent then returns io.EOF, which every Go consumer takes
      // for a clean end of trace. Strict mode reports it instead (P3).
      if (r.message === 'EOF' && !this.strict) return DONE;
      return r;
    }
    // Go's deferred fix-up of every event returned without error.
    const bad = r.validateTableIDs();
    if (bad !== null) {
      this.done = true;
      return new TraceError(bad, { generation: this.genNumber() });
    }
    const base = r.base;
    if (base.time <= this.lastTs) base.time = add64(this.lastTs, 1);
    this.lastTs = base.time;
    return r;
  }

  private genNumber(): number | undefined {
    return this.gen === null ? undefined : Number(this.gen.gen);
  }

  private sync(table: Generation['table'] | null, ts: I64): Event {
    this.syncs++;
    return syncEvent(table, ts, this.syncs);
  }

  private step(): Event | TraceError | typeof NEED_BATCH {
    if (this.loader !== null) return NEED_BATCH;
    if (this.loaded !== null) {
      const res = this.loaded;
      this.loaded = null;
      return this.version < 26 ? this.afterLoadWithSpill(res) : this.afterLoad(res);
    }
    const queued = this.order.next();
    if (queued !== undefined) return queued;

    const gen = this.gen;
    const samples = gen === null ? null : gen.cpuSamples;
    if (this.frontier.length === 0 && (samples === null || this.cpuIdx >= samples.length)) {
      return this.version < 26 ? this.nextGenWithSpill() : this.nextGen();
    }
    // gen is set whenever the frontier or the samples are non-empty.
    const g = gen!;
    if (samples !== null && this.cpuIdx < samples.length) {
      const s = samples[this.cpuIdx];
      if (this.frontier.length === 0 || s.time < this.frontier[0].time) {
        this.cpuIdx++;
        return new Event(g.table, s.ctx, { type: Ev.CPUSample, time: s.time as I64, args: [s.stack, 0, 0, 0] });
      }
    }
    let r = this.tryAdvance(g, 0);
    if (r instanceof TraceError) return r;
    if (!r) {
      // Rare: sort the heap (still a heap) and try the others in time order.
      goSortFunc(this.frontier, compareCursors);
      let ok = false;
      const others = this.faults?.has('frontier-head-only') ? 1 : this.frontier.length;
      for (let i = 1; i < others; i++) {
        r = this.tryAdvance(g, i);
        if (r instanceof TraceError) return r;
        if (r) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        return this.genError(
          `broken trace: failed to advance: frontier:\n[gen=${String(g.gen)}]\n\n${dumpFrontier(this.frontier)}\n${this.order.dump()}\n`,
        );
      }
    }
    const ev = this.order.next();
    if (ev === undefined) throw new Error('internal error: advance succeeded but the queue is empty');
    return ev;
  }

  private tryAdvance(g: Generation, i: number): boolean | TraceError {
    const bc = this.frontier[i];
    const r = this.order.advance(bc.ev, g.table, bc.m, g.gen);
    if (typeof r === 'string') return this.genError(r, bc.evOffset);
    if (!r) return false;
    const n = bc.nextEvent();
    if (typeof n === 'string') return this.genError(n, bc.evOffset);
    if (n) updateHeap(this.frontier, i);
    else removeFromHeap(this.frontier, i);
    return true;
  }

  /** An error found while replaying the current generation. */
  private genError(message: string, offset?: number): TraceError {
    if (this.faults?.has('later-error-wins') && this.spillErr !== null) return this.spillErr;
    return new TraceError(message, { offset, generation: this.genNumber() });
  }

  private nextGen(): Event | TraceError | typeof NEED_BATCH {
    if (this.readGenErr !== null) return this.readGenErr;
    this.loader = new GenerationLoader(this.version, null, this.strict, this.faults);
    return NEED_BATCH;
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

  private nextGenWithSpill(): Event | TraceError | typeof NEED_BATCH {
    if (this.spillErr !== null) {
      if (this.spillErrSync) return this.spillErr;
      this.spillErrSync = true;
      return this.sync(null, this.lastTs);
    }
    if (this.gen !== null && this.spill === null) {
      // No next generation: end of trace.
      this.done = true;
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
    return NEED_BATCH;
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
      this.done = true;
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
    const spec = fullSpecs[bc.ev.type];
    const names = spec?.args ?? [];
    out += `M ${String(bc.m)} [${spec?.name ?? ''} time=${String(bc.ev.time)}`;
    for (let i = 1; i < names.length; i++) out += ` ${names[i]}=${String(bc.ev.args[i - 1])}`;
    out += ']\n';
  }
  return out;
}

function faultBits(opts: ReaderOptions): number {
  const f = opts.faults;
  if (f === undefined || f.size === 0) return 0;
  return (f.has('accept-short-batch') ? FAULT_ACCEPT_SHORT : 0) | (f.has('batch-size-off-by-one') ? FAULT_SIZE_OFF_BY_ONE : 0);
}

/**
 * Reads the events of a trace held in memory. The iterator throws a
 * TraceError (and nothing else) when the trace is broken, after yielding
 * every event Go's reader yields before its error.
 */
export function readTrace(bytes: Uint8Array, opts: ReaderOptions = {}): IterableIterator<Event> {
  return new TraceIterator(bytes, opts);
}

// A plain iterator rather than a generator: it is the per-event hot path.
class TraceIterator implements IterableIterator<Event> {
  private core: ReaderCore | null = null;
  private pos = 0;
  private finished = false;
  private readonly faults: number;

  constructor(private readonly bytes: Uint8Array, private readonly opts: ReaderOptions) {
    this.faults = faultBits(opts);
  }

  [Symbol.iterator](): IterableIterator<Event> {
    return this;
  }

  next(): IteratorResult<Event> {
    if (this.finished) return { value: undefined, done: true };
    let core = this.core;
    if (core === null) {
      let hdr;
      try {
        hdr = readHeader(this.bytes);
      } catch (e) {
        this.finished = true;
        throw e;
      }
      core = this.core = new ReaderCore(hdr.version, this.opts);
      this.pos = hdr.length;
    }
    for (;;) {
      const r = core.next();
      if (r === NEED_BATCH) {
        const b = parseBatch(this.bytes, this.pos, this.bytes.length, true, 0, false, this.faults);
        if (typeof b === 'object' && b.kind === 'batch') this.pos = b.end;
        core.feed(b);
        continue;
      }
      if (r === DONE) {
        this.finished = true;
        return { value: undefined, done: true };
      }
      if (r instanceof TraceError) {
        this.finished = true;
        throw r;
      }
      return { value: r, done: false };
    }
  }
}

/** Above this many buffered bytes a header that still does not parse is judged as it stands. */
const MAX_HEADER_BYTES = 1 << 16;

/**
 * Streams a trace from chunks (e.g. a Node readable stream). Holds only the
 * generation being read and the one being replayed. Throws a TraceError at
 * the point Go's reader fails.
 */
export async function* readTraceAsync(
  chunks: AsyncIterable<Uint8Array>,
  opts: ReaderOptions = {},
): AsyncGenerator<Event, void, undefined> {
  const it = chunks[Symbol.asyncIterator]();
  let eof = false; // the source is exhausted
  let finished = false;
  try {
    const faults = faultBits(opts);
    let buf = new Uint8Array(0);
    let start = 0; // first unconsumed byte in buf
    let end = 0; // end of valid bytes in buf
    let bufOffset = 0; // input offset of buf[0]

    const pull = async (): Promise<void> => {
      const { value, done } = await it.next();
      if (done) {
        eof = true;
        return;
      }
      const chunk = value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBufferLike);
      if (chunk.length === 0) return;
      // Drop consumed bytes, grow geometrically: amortized linear copying.
      if (end + chunk.length > buf.length) {
        const live = end - start;
        const cap = Math.max(live + chunk.length, buf.length * 2, 4096);
        const nb = live + chunk.length <= buf.length ? buf : new Uint8Array(cap);
        nb.set(buf.subarray(start, end), 0); // set() copes with overlap within one buffer
        buf = nb;
        bufOffset += start;
        end = live;
        start = 0;
      }
      buf.set(chunk, end);
      end += chunk.length;
    };

    // Header: retry as more bytes arrive (a prefix of a good header fails to parse).
    let version: Version;
    for (;;) {
      try {
        const hdr = readHeader(buf.subarray(start, end));
        version = hdr.version;
        start += hdr.length;
        break;
      } catch (e) {
        if (!(e instanceof TraceError)) throw e;
        if (eof || end - start >= MAX_HEADER_BYTES) throw e;
        await pull();
      }
    }
    const core = new ReaderCore(version, opts);
    for (;;) {
      const r = core.next();
      if (r === NEED_BATCH) {
        for (;;) {
          const b = parseBatch(buf, start, end, eof, bufOffset, true, faults);
          if (b === NEED_MORE) {
            await pull();
            continue;
          }
          if (typeof b === 'object' && b.kind === 'batch') start = b.end;
          core.feed(b);
          break;
        }
        continue;
      }
      if (r === DONE) {
        finished = true;
        return;
      }
      if (r instanceof TraceError) throw r;
      yield r;
    }
  } finally {
    // Stopped early (error or consumer break): release the source (e.g. close a file stream).
    if (!eof && !finished) await it.return?.();
  }
}

export interface ReadOutcome {
  events: Event[];
  error: TraceError | null;
}

/** Reads a whole in-memory trace: every event, and the error that ended it (or null). */
export function readAll(bytes: Uint8Array, opts: ReaderOptions = {}): ReadOutcome {
  const events: Event[] = [];
  try {
    for (const e of readTrace(bytes, opts)) events.push(e);
  } catch (e) {
    if (e instanceof TraceError) return { events, error: e };
    throw e;
  }
  return { events, error: null };
}

/** readAll for a stream of chunks. */
export async function readAllAsync(chunks: AsyncIterable<Uint8Array>, opts: ReaderOptions = {}): Promise<ReadOutcome> {
  const events: Event[] = [];
  try {
    for await (const e of readTraceAsync(chunks, opts)) events.push(e);
  } catch (e) {
    if (e instanceof TraceError) return { events, error: e };
    throw e;
  }
  return { events, error: null };
}

export type { Batch, U64 };
