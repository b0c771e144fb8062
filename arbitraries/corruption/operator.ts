// What a corruption operator is: an arbitrary that, given a valid trace,
// chooses where to strike (generation, batch, offset, values) and declares what
// any conforming reader must then do.
import fc from 'fast-check';
import { Ev } from '../../src/trace/spec';
import type { Version } from '../../src/trace/version';
import type { TracePlan, PlannedBatch } from '../plan';
import type { EncodedTrace } from '../encode';
import { encodePlan } from '../encode';
import type { TraceScript } from '../trace';
import type { ExactPrefix, GenTiming } from '../timing';

export type OutcomeClass = 'batch-structural' | 'generation-header' | 'tables' | 'semantic' | 'noise';

/**
 * The documented difference between the strict invariants and Go's reader:
 * before go1.26, a bad generation number (0, or out of order) in the batch
 * right after a complete generation fails at once, losing that generation and
 * hiding an earlier error.
 */
export const FAIL_FAST_DEVIATION = 'fail-fast-bad-generation-number' as const;
export type Deviation = typeof FAIL_FAST_DEVIATION;

/**
 * Bugs of Go's reader (go1.26) the operators run into. go-cpu-sample-stack-unchecked:
 * a CPU sample's stack id is never validated (the check looks at the wrong
 * argument), and printing the event then panics.
 */
export type KnownGoIssue = 'go-cpu-sample-stack-unchecked' | 'go-eof-after-experimental-batch-byte';

/**
 * go-eof-after-experimental-batch-byte: a trace that ends right after the type
 * byte of an experimental batch can read as complete — reading the experiment
 * byte hits a bare EOF, which Go takes for the end of the trace (before go1.26
 * always; from go1.26 when the generation has no per-M batch yet, losing it
 * silently). A Go-compatible reader reproduces it, so P3 notes it instead of failing.
 */
export const GO_COMPATIBLE_ISSUES: readonly KnownGoIssue[] = ['go-eof-after-experimental-batch-byte'];

/** A valid (or plan-corrupted) trace that operators work on. */
export interface TraceUnderTest {
  version: Version;
  script: TraceScript;
  plan: TracePlan;
  encoded: EncodedTrace;
  /** Ticks per second of the trace's clock. */
  freq: number;
  /** Per generation, where events landed in time (absent once another fault has re-timed the trace). */
  timing?: readonly GenTiming[];
}

export interface CorruptionResult {
  op: string;
  class: OutcomeClass;
  /** First generation (1-based) the corruption touches; generations before it must be read as in the valid trace. */
  gen: number;
  /** 'error': the stream must end with an error (P3); 'any': only P4, P5, P7 apply. */
  expect: 'error' | 'any';
  /** When known: the exact error text a Go-conforming reader reports. */
  expectedError?: string;
  /** When only the kind is known: how that error text starts (e.g. Go's "broken trace: failed to advance", whose dump is the reader's state). */
  expectedErrorStart?: string;
  /**
   * The expected error is Go's fail-fast text, which a strict reader need not
   * give: before go1.26 it cannot tell a bad generation number in the middle of
   * a generation from one right after it, and so treats both alike.
   */
  expectedErrorGoCompatibleOnly?: boolean;
  /** Set when Go's reader (and the Go-compatible TS reader) deliberately break P1/P2 on this case. */
  deviation?: Deviation;
  /**
   * For a fault whose place in the reader's order is known (a clean cut in
   * time, see ../timing.ts): the reader emits the valid stream's first
   * `events` events of generation `gen` (CPU samples aside), then fails.
   */
  exactPrefix?: ExactPrefix;
  /** A known bug of Go's reader this case runs into (so Go cannot serve as the reference here). */
  knownGoIssue?: KnownGoIssue;
  /** Human-readable: what was changed, where, with which values. */
  detail: string;
  /** The plan after plan-level edits (equal to the input plan for byte-level operators). */
  plan: TracePlan;
  bytes: Uint8Array;
}

export interface Operator {
  name: string;
  class: OutcomeClass;
  /** Edits the plan only (so another operator can be applied on top), rather than raw bytes. */
  planLevel: boolean;
  /** Corruptions confined to generations >= minGen; null when the trace offers no place for this operator. */
  arb(t: TraceUnderTest, minGen: number): fc.Arbitrary<CorruptionResult> | null;
}

export function clonePlan(p: TracePlan): TracePlan {
  return structuredClone(p);
}

/** Generations (1-based) in [minGen, n] that satisfy a predicate. */
export function gensWhere(t: TraceUnderTest, minGen: number, pred: (g: number) => boolean): number[] {
  const out: number[] = [];
  for (let g = Math.max(1, minGen); g <= t.plan.generations.length; g++) if (pred(g)) out.push(g);
  return out;
}

/** Batches of a generation with their index, optionally filtered by kind. */
export function batchesOf(plan: TracePlan, gen: number, kinds?: readonly PlannedBatch['kind'][]): { b: PlannedBatch; i: number }[] {
  return plan.generations[gen - 1].batches.map((b, i) => ({ b, i })).filter(({ b }) => !kinds || kinds.includes(b.kind));
}

/** Absolute raw times of the events of an events batch. */
export function eventTimes(b: PlannedBatch): number[] {
  let t = Number(b.time);
  return b.events.map((e) => (t += Number(e.args[0])));
}

/** True when the batch is the first of its generation and the generation is not the first: the spilled batch before go1.26. */
export function isSpillPosition(t: TraceUnderTest, gen: number, batchIndex: number): boolean {
  return t.version < 26 && gen >= 2 && batchIndex === 0;
}

/**
 * A thread id above every thread the plan names, in a batch header or in a
 * goroutine status (a goroutine in a syscall names its thread, which may have
 * no batch); the tracer's pseudo-thread (-1 as a uint64) aside.
 */
export function freshThread(plan: TracePlan): number {
  let max = 0;
  for (const g of plan.generations) {
    for (const b of g.batches) {
      if (Number(b.m) < 2 ** 32) max = Math.max(max, Number(b.m));
      for (const e of b.events) if ((e.type === Ev.GoStatus || e.type === Ev.GoStatusStack) && Number(e.args[2]) < 2 ** 32) max = Math.max(max, Number(e.args[2]));
    }
  }
  return max + 1;
}

export function fromPlan(t: TraceUnderTest, plan: TracePlan, r: Omit<CorruptionResult, 'plan' | 'bytes'>): CorruptionResult {
  return { ...r, plan, bytes: encodePlan(plan).bytes };
}

/** Picks an element from a non-empty list with an index arbitrary (shrinks towards the first). */
export function pickArb<T>(xs: readonly T[]): fc.Arbitrary<T> {
  return fc.nat({ max: xs.length - 1 }).map((i) => xs[i]);
}
