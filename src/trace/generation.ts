// A generation: everything the reader needs to replay one self-contained
// slice of the trace — its per-M event batches, string and stack tables,
// frequency and clock snapshot, CPU samples — and the loader that assembles
// it batch by batch.
//
// Before go1.26 nothing marks the end of a generation: the loader learns it
// is complete when the first batch of the next one arrives (that batch is
// "spilled" into the next load), and an error reading that next batch is
// held back (spillErr) so the complete generation is still emitted first —
// the behaviour Go adopted for issue #55160. From go1.26 an explicit
// end-of-generation batch closes each generation.
import {
  Batch, BatchRead, AT_EOF, NEED_MORE,
  isCPUSamplesBatch, isEndOfGeneration, isStacksBatch, isStringsBatch, isSyncBatch,
} from './batch';
import { EvTable } from './base';
import { CpuSample, addCpuSamples, fixUpCpuSamples } from './cpuSample';
import type { I64 } from './int64';
import { Ev, MAX_EVENT_TRAILER_DATA_SIZE, MAX_FRAMES_PER_STACK } from './spec';
import { frequencyFromTicksPerSecond } from './frequency';
import { TableReader } from './tableReader';
import { TraceError } from './traceError';
import { U64, U64_MAX } from './u64';
import type { Version } from './version';
import type { ReaderFault } from './readerOptions';
import { keepLayout } from './layoutKeeper';

export interface Generation {
  readonly gen: U64;
  readonly batches: Map<I64, Batch[]>;
  /** Ms in the order their first batch appeared. */
  readonly batchMs: I64[];
  readonly cpuSamples: CpuSample[];
  readonly minTs: U64;
  readonly table: EvTable;
}

/** The first batch of the next generation, read while finishing this one (before go1.26). */
export interface SpilledBatch {
  readonly gen: U64;
  readonly batch: Batch;
}

/**
 * The result of loading one generation. `gen` null with no error means the
 * trace ended cleanly. With `gen` set, `spillErr` (if any) must only surface
 * after the generation's events.
 */
export interface LoadResult {
  gen: Generation | null;
  spill: SpilledBatch | null;
  spillErr: TraceError | null;
  err: TraceError | null;
}

function genNumber(g: U64): number {
  return Number(g);
}

/** Assembles one generation from batches fed to it one at a time. */
export class GenerationLoader {
  private g: U64 = 0;
  private minTs: U64 = 0;
  private readonly batches = new Map<I64, Batch[]>();
  private readonly batchMs: I64[] = [];
  private readonly cpuSamples: CpuSample[] = [];
  private readonly table = new EvTable();
  private early: LoadResult | null = null;
  private seenBatch = false;

  constructor(
    private readonly version: Version,
    spill: SpilledBatch | null,
    private readonly strict: boolean,
    private readonly faults?: ReadonlySet<ReaderFault>,
  ) {
    if (spill !== null) {
      this.seenBatch = true;
      this.g = spill.gen;
      this.minTs = spill.batch.time;
      const err = this.process(spill.batch);
      if (err !== null) this.early = fail(this.error(err, spill.batch.offset));
    }
  }

  /** A result already known before any batch is fed (a bad spilled batch). */
  pending(): LoadResult | null {
    return this.early;
  }

  /** Feeds the next read; returns the result once the generation is complete or broken. */
  feed(r: BatchRead): LoadResult | null {
    if (r === NEED_MORE) throw new Error('internal error: NEED_MORE fed to GenerationLoader');
    return this.version >= 26 ? this.feedExplicit(r) : this.feedWithSpill(r);
  }

  private feedWithSpill(r: BatchRead): LoadResult | null {
    if (r === AT_EOF) return this.finish(null, null);
    if (r === NEED_MORE) return null;
    if (r.kind === 'error') {
      // The batch's own generation when its header got that far, else the next one.
      const err = new TraceError(r.message, { offset: r.offset, generation: r.gen !== undefined ? genNumber(r.gen) : genNumber(this.g) + 1 });
      // A broken first batch of the next generation must not cost us this one.
      if (this.g !== 0 && !this.faults?.has('pre-fix-spill')) return this.finish(null, err);
      return fail(err);
    }
    const { batch, gen } = r;
    if (gen === 0) return this.failFast('invalid generation number 0', batch.offset);
    if (this.g === 0) this.g = gen;
    if (isNextGen(gen, this.g)) return this.finish({ gen, batch }, null);
    if (gen !== this.g) return this.failFast('generations out of order', batch.offset);
    if (this.minTs === 0 || batch.time < this.minTs) this.minTs = batch.time;
    this.seenBatch = true;
    const err = this.process(batch);
    return err === null ? null : fail(this.error(err, batch.offset));
  }

  private feedExplicit(r: BatchRead): LoadResult | null {
    if (r === AT_EOF) {
      // Go calls a generation incomplete only if it holds event batches, so a
      // trace cut after some of the last generation's table batches ends
      // cleanly. Strict mode reports any started generation (P3).
      if (this.batches.size !== 0 || (this.strict && this.seenBatch)) {
        return fail(this.error('incomplete generation found; trace likely truncated'));
      }
      return { gen: null, spill: null, spillErr: null, err: null };
    }
    if (r === NEED_MORE) return null;
    if (r.kind === 'error') {
      return fail(new TraceError(r.message, { offset: r.offset, generation: genNumber(r.gen !== undefined ? r.gen : this.g) }));
    }
    const { batch, gen } = r;
    if (this.g === 0) this.g = gen;
    if (isEndOfGeneration(batch)) return this.finish(null, null);
    if (gen === 0) return fail(this.error('invalid generation number 0', batch.offset));
    if (gen !== this.g) {
      return fail(this.error('broken trace: missing end-of-generation event, or generations are interleaved', batch.offset));
    }
    if (this.minTs === 0 || batch.time < this.minTs) this.minTs = batch.time;
    this.seenBatch = true;
    const err = this.process(batch);
    return err === null ? null : fail(this.error(err, batch.offset));
  }

  /**
   * Go gives up at once on a bad generation number, losing the generation
   * read so far. Strict mode instead holds the error back like a spill error,
   * so the (possibly complete) generation is still emitted first (P1, P2).
   */
  private failFast(message: string, offset: number): LoadResult {
    if (this.strict && this.g !== 0 && this.seenBatch) {
      return this.finish(null, new TraceError(message, { offset, generation: genNumber(this.g) + 1 }));
    }
    return fail(this.error(message, offset));
  }

  private error(message: string, offset?: number): TraceError {
    return new TraceError(message, { offset, generation: genNumber(this.g) });
  }

  /** Go's processBatch: route the batch to its table or to its M's list. */
  private process(b: Batch): string | null {
    const t = this.table;
    if (isStringsBatch(b)) return addStrings(t, b);
    if (isStacksBatch(b)) return addStacks(t, b);
    if (isCPUSamplesBatch(b)) return addCpuSamples(this.cpuSamples, b);
    if (isSyncBatch(b, this.version)) return setSyncBatch(t, b, this.version);
    if (b.exp !== 0) {
      t.addExperimentalBatch(b.exp, { thread: b.m, data: b.data });
      return null;
    }
    if (isEndOfGeneration(b)) return 'internal error: unexpectedly processing EndOfGeneration; broken trace?';
    let list = this.batches.get(b.m);
    if (list === undefined) {
      this.batches.set(b.m, (list = []));
      this.batchMs.push(b.m);
    }
    list.push(b);
    return null;
  }

  /** Checks the generation's invariants and prepares its tables. */
  private finish(spill: SpilledBatch | null, spillErr: TraceError | null): LoadResult {
    const t = this.table;
    if (t.freq === 0) return fail(this.error('no frequency event found'));
    if (this.version >= 25 && !t.hasClockSnapshot) return fail(this.error('no clock snapshot event found'));
    t.stacks.compactify();
    t.strings.compactify();
    const bad = validateStackStrings(t);
    if (bad !== null) return fail(this.error(bad));
    fixUpCpuSamples(this.cpuSamples, t.freq);
    const gen = makeGeneration(this.g, this.batches, this.batchMs, this.cpuSamples, this.minTs, t);
    return { gen, spill, spillErr, err: null };
  }
}

// One literal makes every generation, and the one kept below: a layout.
function makeGeneration(gen: U64, batches: Map<I64, Batch[]>, batchMs: I64[], cpuSamples: CpuSample[], minTs: U64, table: EvTable): Generation {
  return { gen, batches, batchMs, cpuSamples, minTs, table };
}

function fail(err: TraceError): LoadResult {
  return { gen: null, spill: null, spillErr: null, err };
}

/** gen == cur+1 in uint64 arithmetic. */
function isNextGen(gen: U64, cur: U64): boolean {
  if (typeof gen === 'number' && typeof cur === 'number') return gen === cur + 1 && cur < Number.MAX_SAFE_INTEGER;
  return BigInt.asUintN(64, BigInt(cur) + 1n) === BigInt(gen);
}

function validateStackStrings(t: EvTable): string | null {
  let err: string | null = null;
  t.stacks.forEach((id, stk) => {
    for (const pc of stk.pcs) {
      const f = t.pcs.get(pc);
      if (f === undefined) {
        err = `found unknown pc ${pc.toString(16)} for stack ${String(id)}`;
        return false;
      }
      if (!t.strings.has(f.funcID)) {
        err = `found invalid func string ID ${String(f.funcID)} for stack ${String(id)}`;
        return false;
      }
      if (!t.strings.has(f.fileID)) {
        err = `found invalid file string ID ${String(f.fileID)} for stack ${String(id)}`;
        return false;
      }
    }
    return true;
  });
  return err;
}

function addStrings(t: EvTable, b: Batch): string | null {
  const r = new TableReader(b.data);
  if (r.byte() !== Ev.Strings) return 'missing strings batch header';
  while (!r.done()) {
    const ev = r.byte();
    if (ev !== Ev.String) return `expected string event, got ${ev}`;
    const id = r.uvarint();
    if (r.err) return r.err;
    const len = r.uvarint();
    if (r.err) return r.err;
    if (len > MAX_EVENT_TRAILER_DATA_SIZE) {
      return `invalid string size ${String(len)}, maximum is ${MAX_EVENT_TRAILER_DATA_SIZE}`;
    }
    const start = r.pos;
    const got = r.skip(len as number);
    if (got !== len) return `failed to read full string: read ${got} but wanted ${String(len)}`;
    // Decoded when first looked up: most are only checked to exist.
    const err = t.strings.insertEncoded(id, b.data, start, got);
    if (err !== null) return err;
  }
  return null;
}

function addStacks(t: EvTable, b: Batch): string | null {
  const r = new TableReader(b.data);
  if (r.byte() !== Ev.Stacks) return 'missing stacks batch header';
  while (!r.done()) {
    const ev = r.byte();
    if (ev !== Ev.Stack) return `expected stack event, got ${ev}`;
    const id = r.uvarint();
    if (r.err) return r.err;
    const nFrames = r.uvarint();
    if (r.err) return r.err;
    if (nFrames > MAX_FRAMES_PER_STACK) return `invalid stack size ${String(nFrames)}, maximum is ${MAX_FRAMES_PER_STACK}`;
    const n = nFrames as number;
    const pcs: U64[] = [];
    for (let i = 0; i < n; i++) {
      const pc = r.uvarint();
      if (r.err) return `reading frame ${i + 1}'s PC for stack ${String(id)}: ${r.err}`;
      const funcID = r.uvarint();
      if (r.err) return `reading frame ${i + 1}'s funcID for stack ${String(id)}: ${r.err}`;
      const fileID = r.uvarint();
      if (r.err) return `reading frame ${i + 1}'s fileID for stack ${String(id)}: ${r.err}`;
      const line = r.uvarint();
      if (r.err) return `reading frame ${i + 1}'s line for stack ${String(id)}: ${r.err}`;
      pcs.push(pc);
      if (!t.pcs.has(pc)) t.pcs.set(pc, { pc, funcID, fileID, line });
    }
    const err = t.stacks.insert(id, { pcs });
    if (err !== null) return err;
  }
  return null;
}

/** Go's setSyncBatch: the frequency (and from go1.25 the clock snapshot). */
function setSyncBatch(t: EvTable, b: Batch, version: Version): string | null {
  const r = new TableReader(b.data);
  if (version >= 25 && r.byte() !== Ev.Sync) return 'missing sync batch header';
  let lastTs = BigInt(b.time);
  while (!r.done()) {
    const ev = r.byte();
    if (ev === Ev.Frequency) {
      if (t.freq !== 0) return 'found multiple frequency events';
      const f = r.uvarint();
      if (r.err) return r.err;
      t.freq = frequencyFromTicksPerSecond(f);
    } else if (ev === Ev.ClockSnapshot && version >= 25) {
      if (t.hasClockSnapshot) return 'found multiple clock snapshot events';
      t.hasClockSnapshot = true;
      const tdiff = r.uvarint();
      if (r.err) return r.err;
      lastTs = BigInt.asUintN(64, lastTs + BigInt(tdiff));
      t.snapTime = lastTs <= 9007199254740991n ? Number(lastTs) : lastTs;
      const mono = r.uvarint();
      if (r.err) return r.err;
      t.snapMono = mono;
      const sec = r.uvarint();
      if (r.err) return r.err;
      const nsec = r.uvarint();
      if (r.err) return r.err;
      t.snapWallSec = sec;
      t.snapWallNsec = nsec;
    } else {
      return `expected frequency or clock snapshot event, got ${ev}`;
    }
  }
  return null;
}

// No loader is alive between two loads, and no generation between two
// traces: one of each is kept, with their layouts (see layoutKeeper), their
// generation numbers and times widened to bigints (U64s: numbers, bigints
// past 2^53).
keepLayout(new GenerationLoader(26, null, false), { g: U64_MAX, minTs: U64_MAX });
keepLayout(makeGeneration(U64_MAX, new Map(), [], [], U64_MAX, new EvTable()));
