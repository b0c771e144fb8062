// Valid multi-generation traces as fast-check arbitraries. What fast-check
// generates (and shrinks) is a script: the version, the machine's size, how
// its threads' clocks disagree, a few warm-up steps that put the world in some
// state before tracing starts, and per generation a list of choices. Building
// a plan from a script is deterministic and every script gives a valid trace,
// so shrinking a failing case removes generations, steps, threads and clock
// skew while staying valid; every choice shrinks to 0, the simplest thing
// (one perfect clock, statuses at the start of each generation, batches
// flushed in time order).
import fc from 'fast-check';
import type { Version } from '../src/trace/version';
import { VERSIONS } from '../src/trace/version';
import { eventNameFor } from '../src/trace/spec';
import { Rand } from './rand';
import { SchedulerModel } from './model';
import { buildGeneration, GenScript, FaultInjection } from './generation';
import type { ClockConfig } from './clocks';
import type { GenTiming } from './timing';
import { encodePlan, EncodedTrace } from './encode';
import type { TracePlan } from './plan';

export interface TraceKnobs {
  versions: readonly Version[];
  minGenerations: number;
  maxGenerations: number;
  maxMs: number;
  maxPs: number;
  maxInitialGs: number;
  maxWarmup: number;
  maxStepsPerGen: number;
  maxBatchEvents: number;
  /** Largest skew between two threads' clocks, in ticks (events are about 4 apart). */
  maxClockSpread: number;
  /** Most C threads (calling into Go through cgo) besides the Go threads. */
  maxCThreads: number;
}

/** Defaults for `npm test`: small traces, fast to read and to shrink. */
export const SMALL_KNOBS: TraceKnobs = {
  versions: VERSIONS,
  minGenerations: 1,
  maxGenerations: 4,
  maxMs: 3,
  maxPs: 3,
  maxInitialGs: 4,
  maxWarmup: 20,
  maxStepsPerGen: 40,
  maxBatchEvents: 16,
  maxClockSpread: 400,
  maxCThreads: 2,
};

export interface TraceScript {
  version: Version;
  ms: number;
  ps: number;
  initialGs: number;
  cThreads: number;
  /** 1: the runtime's monitor thread is there too (it steals procs from syscalls). */
  sysmon: number;
  clocks: ClockConfig;
  freqIndex: number;
  warmup: number[];
  gens: GenScript[];
}

/** Timestamp units per second: 1ns, Go's usual 64ns, 2ns. Each makes raw ticks → ns exact in float64. */
export const FREQUENCIES = [1_000_000_000, 15_625_000, 500_000_000] as const;

export function genScriptArb(k: TraceKnobs): fc.Arbitrary<GenScript> {
  return fc.record({
    steps: fc.array(fc.nat({ max: 1 << 20 }), { maxLength: k.maxStepsPerGen }),
    batchEvents: fc.integer({ min: 1, max: k.maxBatchEvents }).map((n) => k.maxBatchEvents + 1 - n),
    statusM: fc.nat({ max: k.maxMs - 1 }),
    tableOrder: fc.nat({ max: 2 }),
    seed: fc.nat(),
    statuses: fc.nat({ max: 3 }),
    flush: fc.oneof(fc.constant(0), fc.nat()),
  });
}

/** Clock granularities (ticks): 1, or coarse clocks that make equal timestamps common. */
const GRANULARITIES = [1, 2, 8, 32] as const;

export function clocksArb(k: TraceKnobs): fc.Arbitrary<ClockConfig> {
  return fc.record({
    spread: fc.nat({ max: k.maxClockSpread }),
    jitter: fc.nat({ max: 12 }),
    coarse: fc.nat({ max: GRANULARITIES.length - 1 }).map((i) => GRANULARITIES[i]),
    seed: fc.nat(),
  });
}

export function traceScriptArb(k: TraceKnobs = SMALL_KNOBS): fc.Arbitrary<TraceScript> {
  return fc.record({
    version: fc.constantFrom(...k.versions),
    ms: fc.integer({ min: 1, max: k.maxMs }),
    ps: fc.integer({ min: 1, max: k.maxPs }),
    initialGs: fc.nat({ max: k.maxInitialGs }),
    cThreads: fc.nat({ max: k.maxCThreads }),
    sysmon: fc.nat({ max: 1 }),
    clocks: clocksArb(k),
    freqIndex: fc.nat({ max: FREQUENCIES.length - 1 }),
    warmup: fc.array(fc.nat({ max: 1 << 20 }), { maxLength: k.maxWarmup }),
    gens: fc.array(genScriptArb(k), { minLength: k.minGenerations, maxLength: k.maxGenerations }),
  });
}

export interface BuiltTrace {
  script: TraceScript;
  plan: TracePlan;
  /** Timed events the model emitted (all generations). */
  eventCount: number;
  /** Per generation: where each model event and step landed in time (to place faults in the reader's order). */
  timing: GenTiming[];
  /** With a semantic fault: its serial position in its generation, when it is one event. */
  faultIndex: number | null;
  /** Ticks per second. */
  freq: number;
  /** How often the situations the reader treats specially came up (clock skew, lazy statuses, syscalls across generations...). */
  situations: Map<string, number>;
}

/** Runs the model over a script; with `fault`, one semantic fault is injected. */
export function buildPlan(script: TraceScript, fault?: FaultInjection): BuiltTrace {
  const model = new SchedulerModel({
    version: script.version,
    ms: script.ms,
    ps: script.ps,
    initialGs: script.initialGs,
    cThreads: script.cThreads,
    sysmon: script.sysmon === 1,
    clocks: script.clocks,
  });
  for (const c of script.warmup) model.step(c);
  const clock = { freq: FREQUENCIES[script.freqIndex % FREQUENCIES.length] };
  let eventCount = 0;
  const timing: GenTiming[] = [];
  const situations = new Map<string, number>();
  const generations = script.gens.map((g, i) => {
    const built = buildGeneration(model, i + 1, g, clock, fault);
    eventCount += model.events.length;
    timing.push(built.timing);
    for (const e of model.events) if (e.early) situations.set(`early ${eventNameFor(script.version, e.type)}`, (situations.get(`early ${eventNameFor(script.version, e.type)}`) ?? 0) + 1);
    return built.plan;
  });
  for (const [k, n] of model.situations) situations.set(k, (situations.get(k) ?? 0) + n);
  return { script, plan: { version: script.version, generations }, eventCount, timing, faultIndex: model.faultIndex, freq: clock.freq, situations };
}

export interface GeneratedTrace extends BuiltTrace {
  encoded: EncodedTrace;
  bytes: Uint8Array;
}

export function generateTrace(script: TraceScript): GeneratedTrace {
  const built = buildPlan(script);
  const encoded = encodePlan(built.plan);
  return { ...built, encoded, bytes: encoded.bytes };
}

/** Valid traces. */
export function traceArb(k: TraceKnobs = SMALL_KNOBS): fc.Arbitrary<GeneratedTrace> {
  return traceScriptArb(k).map(generateTrace);
}

/** A short human description of a script, for failure messages. */
export function describeScript(s: TraceScript): string {
  const steps = s.gens.map((g) => g.steps.length).join('+');
  const c = s.clocks;
  const clocks = c.spread === 0 && c.jitter === 0 && c.coarse === 1 ? 'one clock' : `clocks skew ≤${c.spread} jitter ≤${c.jitter} granularity ${c.coarse}`;
  const lazy = s.gens.filter((g) => g.statuses % 2 === 1).length;
  return `go1.${s.version}, ${s.gens.length} generation(s) (${lazy} with lazy statuses), ${s.ms} M + ${s.cThreads} C thread(s)${s.sysmon === 1 ? ' + sysmon' : ''}, ${s.ps} P, ${s.initialGs} initial G, ${clocks}, warm-up ${s.warmup.length}, steps ${steps}`;
}

export { Rand };
