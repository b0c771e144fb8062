// One generation of a trace: the model's events for that generation split into
// per-M batches (flushed in the order the runtime would flush them, or in any
// order that keeps each thread's batches in sequence), plus the generation's
// own tables — strings, stacks, CPU samples, frequency (and from go1.25 a Sync
// batch with a clock snapshot), experimental batches — and, from go1.26, the
// end-of-generation batch.
import { Ev, Experiment, MAX_BATCH_SIZE } from '../src/trace/spec';
import type { U64 } from '../src/trace/u64';
import { uvarintLength } from '../src/trace/uvarint';
import { Rand } from './rand';
import { SchedulerModel, NO_THREAD, STATUS_THREAD, SemanticFault } from './model';
import { GenTiming } from './timing';
import type { GenerationPlan, PlannedBatch, PlannedEvent, ModelEvent } from './plan';

export interface GenScript {
  /** One choice per scheduler step. */
  steps: number[];
  /** Largest number of events in one per-M batch (the runtime flushes when a buffer fills). */
  batchEvents: number;
  /** Thread that writes status events for idle procs and non-running goroutines. */
  statusM: number;
  /** Where the table batches go relative to the per-M batches. */
  tableOrder: number;
  /** Seed for small details (clock snapshot values, gaps, experimental batch). */
  seed: number;
  /** Odd: statuses are written lazily, as the runtime does; even: all at the generation's start. */
  statuses: number;
  /** 0: per-thread batches flushed in the order their last events happened; otherwise a shuffle (seeded by it) that keeps each thread's batches in order. */
  flush: number;
}

/** A semantic fault injected into the model at one step of one generation. */
export interface FaultInjection {
  gen: number;
  step: number;
  fault: SemanticFault;
  seed: number;
}

export interface TraceClock {
  /** Ticks per second written in the Frequency event. */
  freq: number;
}

const encoder = new TextEncoder();
/** Keeps generated batches under the format's maximum, with room for the header. */
const BATCH_BUDGET = MAX_BATCH_SIZE - 64;

function eventSize(e: PlannedEvent): number {
  let n = 1;
  for (const a of e.args) n += uvarintLength(a);
  if (e.data) n += uvarintLength(e.data.length) + e.data.length;
  if (e.frames) for (const f of e.frames) n += uvarintLength(f.pc) + uvarintLength(f.func) + uvarintLength(f.file) + uvarintLength(f.line);
  return n;
}

/** Splits events into batches that each start with `header` (if any) and stay under the size limit. */
function chunk(events: PlannedEvent[], header: PlannedEvent | null, maxEvents: number): PlannedEvent[][] {
  const out: PlannedEvent[][] = [];
  let cur: PlannedEvent[] = header ? [header] : [];
  let size = header ? 1 : 0;
  let count = 0;
  for (const e of events) {
    const s = eventSize(e);
    if (count > 0 && (count >= maxEvents || size + s > BATCH_BUDGET)) {
      out.push(cur);
      cur = header ? [header] : [];
      size = header ? 1 : 0;
      count = 0;
    }
    cur.push(e);
    size += s;
    count++;
  }
  if (count > 0 || (header && out.length === 0)) out.push(cur);
  return out;
}

export interface BuiltGeneration {
  plan: GenerationPlan;
  timing: GenTiming;
}

/** Interleaves per-thread batch lists in a seeded order, each thread's batches staying in sequence. */
function shuffleKeepingThreads<T>(lists: T[][], r: Rand): T[] {
  const out: T[] = [];
  const left = lists.filter((l) => l.length > 0).map((l) => [...l]);
  while (left.length > 0) {
    const i = r.int(left.length);
    out.push(left[i].shift()!);
    if (left[i].length === 0) left.splice(i, 1);
  }
  return out;
}

/** Runs the model through one generation and lays the result out as batches. */
export function buildGeneration(
  model: SchedulerModel,
  gen: number,
  script: GenScript,
  clock: TraceClock,
  fault?: FaultInjection,
): BuiltGeneration {
  const r = new Rand(script.seed);
  const v = model.version;
  model.tick(1 + r.int(50));
  const genStart = model.time;
  model.beginGeneration(gen === 1, script.statusM, r, script.statuses % 2 === 1);
  const stepStarts: number[] = [];
  script.steps.forEach((choice, i) => {
    stepStarts.push(model.events.length);
    if (fault && fault.gen === gen && fault.step === i) model.injectFault(fault.fault, new Rand(fault.seed));
    if (choice % 5 === 4) model.tick(1 + (choice % 17));
    model.step(choice);
  });
  stepStarts.push(model.events.length);
  if (fault && fault.gen === gen && fault.step >= script.steps.length) model.injectFault(fault.fault, new Rand(fault.seed));
  model.endGeneration(r);
  const timing = new GenTiming(model.events, stepStarts, model.samples);

  // Per-M batches; the tracer's status batch (no thread) is written last, as the runtime flushes it at the end.
  const byM = new Map<number, { e: ModelEvent; serial: number }[]>();
  model.events.forEach((e, serial) => {
    let l = byM.get(e.m);
    if (!l) byM.set(e.m, (l = []));
    l.push({ e, serial });
  });
  const perThread: { last: number; batch: PlannedBatch }[][] = [];
  for (const [m, evs] of byM) {
    const maxEvents = Math.max(1, script.batchEvents);
    const mine: { last: number; batch: PlannedBatch }[] = [];
    for (let i = 0; i < evs.length; ) {
      // Events of one batch: up to maxEvents, and under the size limit.
      const start = i;
      let size = 0;
      while (i < evs.length && i - start < maxEvents) {
        const s = 1 + 10 * (evs[i].e.args.length + 1);
        if (i > start && size + s > BATCH_BUDGET) break;
        size += s;
        i++;
      }
      const slice = evs.slice(start, i);
      const base = slice[0].e.time - 1;
      let prev = base;
      const events: PlannedEvent[] = slice.map(({ e, serial }) => {
        const pe: PlannedEvent = { type: e.type, args: [e.time - prev, ...e.args], serial };
        if (e.waits) pe.waits = e.waits;
        if (e.needs) pe.needs = e.needs;
        prev = e.time;
        return pe;
      });
      const wireM: U64 = m === STATUS_THREAD ? NO_THREAD : m;
      mine.push({ last: slice[slice.length - 1].e.time, batch: { kind: 'events', gen, m: wireM, time: base, events } });
    }
    perThread.push(mine);
  }
  const ms =
    script.flush === 0
      ? perThread
          .flat()
          .sort((a, b) => a.last - b.last)
          .map((b) => b.batch)
      : shuffleKeepingThreads(
          perThread.map((l) => l.map((b) => b.batch)),
          new Rand(script.flush),
        );

  // Tables.
  const tables: PlannedBatch[] = [];
  const tableBatch = (kind: PlannedBatch['kind'], events: PlannedEvent[]): PlannedBatch => ({ kind, gen, m: NO_THREAD, time: genStart, events });

  const syncEvents: PlannedEvent[] = [];
  if (v >= 25) syncEvents.push({ type: Ev.Sync, args: [] });
  syncEvents.push({ type: Ev.Frequency, args: [clock.freq] });
  if (v >= 25) {
    const mono = 1_000_000 + gen * 1_000_003 + r.int(1000);
    syncEvents.push({ type: Ev.ClockSnapshot, args: [1 + r.int(5), mono, 1_740_000_000 + gen * 2 + r.int(2), r.int(1_000_000_000)] });
  }
  const sync = tableBatch('sync', syncEvents);

  const stackEvents: PlannedEvent[] = [...model.tables.stacks.values()].map((s) => ({
    type: Ev.Stack,
    args: [s.id, s.frames.length],
    frames: s.frames.map((f) => ({ pc: f.pc, func: model.tables.str(f.func), file: model.tables.str(f.file), line: f.line })),
  }));
  const stringEvents: PlannedEvent[] = [...model.tables.strings].map(([s, id]) => ({ type: Ev.String, args: [id], data: encoder.encode(s) }));
  const stacks = chunk(stackEvents, { type: Ev.Stacks, args: [] }, Infinity).map((evs) => tableBatch('stacks', evs));
  const strings = chunk(stringEvents, { type: Ev.Strings, args: [] }, Infinity).map((evs) => tableBatch('strings', evs));
  const samples = [...model.samples].sort((a, b) => a.time - b.time);
  const cpu: PlannedBatch[] =
    samples.length === 0
      ? []
      : chunk(
          samples.map((s) => ({ type: Ev.CPUSample, args: [s.time, s.m, s.p, s.g, s.stack] as U64[], serial: s.serial })),
          { type: Ev.CPUSamples, args: [] },
          Infinity,
        ).map((evs) => tableBatch('cpu', evs));
  const exp: PlannedBatch[] = [];
  if (v >= 23 && r.oneIn(3)) {
    const payload = new Uint8Array(1 + r.int(24)).map(() => r.int(256));
    const onM = [...byM.keys()].find((m) => m !== STATUS_THREAD) ?? 0;
    exp.push({ kind: 'experimental', gen, m: onM, time: genStart, events: [], exp: Experiment.AllocFree, payload });
  }
  // Stacks before strings as the runtime writes them; their position relative to the M batches varies.
  tables.push(...stacks, ...strings, ...cpu, ...exp);

  let batches: PlannedBatch[];
  switch (script.tableOrder % 3) {
    case 0:
      batches = [...ms, ...tables, sync];
      break;
    case 1:
      batches = [sync, ...tables, ...ms];
      break;
    default:
      batches = [sync, ...ms, ...tables];
      break;
  }
  if (v >= 26) batches.push({ kind: 'end', gen, m: NO_THREAD, time: 0, events: [] });
  return { plan: { gen, batches }, timing };
}
