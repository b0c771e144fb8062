// Valid multi-generation traces as fast-check arbitraries. What fast-check
// generates (and shrinks) is a script: the version, the machine's size, a few
// warm-up steps that put the world in some state before tracing starts, and
// per generation a list of choices. Building a plan from a script is
// deterministic and every script gives a valid trace, so shrinking a failing
// case removes generations, steps and threads while staying valid.
import fc from 'fast-check';
import type { Version } from '../src/trace/version';
import { VERSIONS } from '../src/trace/version';
import { Rand } from './rand';
import { SchedulerModel } from './model';
import { buildGeneration, GenScript, FaultInjection } from './generation';
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
};

export interface TraceScript {
  version: Version;
  ms: number;
  ps: number;
  initialGs: number;
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
  });
}

export function traceScriptArb(k: TraceKnobs = SMALL_KNOBS): fc.Arbitrary<TraceScript> {
  return fc.record({
    version: fc.constantFrom(...k.versions),
    ms: fc.integer({ min: 1, max: k.maxMs }),
    ps: fc.integer({ min: 1, max: k.maxPs }),
    initialGs: fc.nat({ max: k.maxInitialGs }),
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
  /** With a semantic fault: time (raw ticks) of the faulty event. */
  faultTime: number | null;
  /** Ticks per second. */
  freq: number;
}

/** Runs the model over a script; with `fault`, one semantic fault is injected. */
export function buildPlan(script: TraceScript, fault?: FaultInjection): BuiltTrace {
  const model = new SchedulerModel({ version: script.version, ms: script.ms, ps: script.ps, initialGs: script.initialGs });
  for (const c of script.warmup) model.step(c);
  const clock = { freq: FREQUENCIES[script.freqIndex % FREQUENCIES.length] };
  let eventCount = 0;
  const generations = script.gens.map((g, i) => {
    const plan = buildGeneration(model, i + 1, g, clock, fault);
    eventCount += model.events.length;
    return plan;
  });
  return { script, plan: { version: script.version, generations }, eventCount, faultTime: model.faultTime, freq: clock.freq };
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
  return `go1.${s.version}, ${s.gens.length} generation(s), ${s.ms} M, ${s.ps} P, ${s.initialGs} initial G, warm-up ${s.warmup.length}, steps ${steps}`;
}

export { Rand };
