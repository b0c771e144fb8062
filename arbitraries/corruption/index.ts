// Every corruption operator, and arbitraries of corrupted traces: one fault
// (for P1, P3–P7) or two faults in different generations (for P2).
import fc from 'fast-check';
import { traceScriptArb, generateTrace, GeneratedTrace, TraceKnobs, SMALL_KNOBS, TraceScript } from '../trace';
import { encodePlan } from '../encode';
import type { TracePlan } from '../plan';
import { Operator, TraceUnderTest, CorruptionResult, OutcomeClass } from './operator';
import { BATCH_STRUCTURAL, emptyBatch } from './batchStructural';
import { GENERATION_HEADER } from './generationHeader';
import { TABLES } from './tables';
import { SEMANTIC, MODEL_FAULTS } from './semantic';
import { NOISE } from './noise';
import { ORDER, VALID_BUT_DIFFERENT } from './order';

export * from './operator';

export const OPERATORS: readonly Operator[] = [...BATCH_STRUCTURAL, ...GENERATION_HEADER, ...TABLES, ...SEMANTIC, ...ORDER, ...NOISE];

export function operatorByName(name: string): Operator | undefined {
  return OPERATORS.find((o) => o.name === name);
}

export function underTest(t: GeneratedTrace): TraceUnderTest {
  return { version: t.plan.version, script: t.script, plan: t.plan, encoded: t.encoded, freq: t.freq, timing: t.timing };
}

/** The trace with an earlier fault's plan: a fault the model injected re-times what follows it. */
function withPlan(t: TraceUnderTest, plan: TracePlan): TraceUnderTest {
  return { ...t, plan, encoded: encodePlan(plan), timing: undefined };
}

export interface CorruptedCase {
  valid: TraceUnderTest;
  corruption: CorruptionResult;
}

export interface CorruptionOptions {
  operators?: readonly Operator[];
  classes?: readonly OutcomeClass[];
  /** Relative weights of operators by name (default 1 each). */
  weights?: ReadonlyMap<string, number>;
}

function chooseOperators(opts: CorruptionOptions): readonly Operator[] {
  let ops = opts.operators ?? OPERATORS;
  if (opts.classes) ops = ops.filter((o) => opts.classes!.includes(o.class));
  return ops;
}

/**
 * A choice among operator arbitraries: uniform, or by `weights` (operator name
 * → relative weight, default 1), which guided campaigns raise for operators
 * whose cases reached new code in the reader.
 */
function chooseAmong(arbs: ReadonlyArray<{ op: Operator; arb: fc.Arbitrary<CorruptionResult> }>, weights?: ReadonlyMap<string, number>): fc.Arbitrary<CorruptionResult> {
  if (!weights) return fc.oneof(...arbs.map((a) => a.arb));
  return fc.oneof(...arbs.map((a) => ({ weight: Math.max(1, Math.round(weights.get(a.op.name) ?? 1)), arbitrary: a.arb })));
}

function operatorArbs(ops: readonly Operator[], t: TraceUnderTest, minGen: number): { op: Operator; arb: fc.Arbitrary<CorruptionResult> }[] {
  const out: { op: Operator; arb: fc.Arbitrary<CorruptionResult> }[] = [];
  for (const op of ops) {
    const arb = op.arb(t, minGen);
    if (arb !== null) out.push({ op, arb });
  }
  return out;
}

/** One corruption of the trace a given script builds (null when no chosen operator has a place in it). */
export function corruptionOfScriptArb(script: TraceScript, opts: CorruptionOptions = {}): fc.Arbitrary<CorruptedCase> | null {
  const valid = underTest(generateTrace(script));
  const arbs = operatorArbs(chooseOperators(opts), valid, 1);
  if (arbs.length === 0) return null;
  return chooseAmong(arbs, opts.weights).map((corruption) => ({ valid, corruption }));
}

/** A valid trace and one corruption of it. */
export function corruptedCaseArb(k: TraceKnobs = SMALL_KNOBS, opts: CorruptionOptions = {}): fc.Arbitrary<CorruptedCase> {
  return traceScriptArb(k)
    .chain((script) => corruptionOfScriptArb(script, opts) ?? fc.constant(null))
    .filter((c): c is CorruptedCase => c !== null);
}

export interface DoubleFaultCase {
  valid: TraceUnderTest;
  /** The earlier fault alone (in generation j). */
  first: CorruptionResult;
  /** Both faults: the earlier one plus a later one (in a generation after j). */
  both: CorruptionResult;
}

/**
 * Earlier faults: anything that edits the plan (or the model) and makes the
 * generation invalid — except a missing end-of-generation, which is only
 * noticed in the bytes of the next generation (where the later fault may be),
 * and faults that leave the trace valid.
 */
const STAYS_VALID: readonly Operator[] = [...VALID_BUT_DIFFERENT, emptyBatch];
const EARLY_OPS = OPERATORS.filter(
  (o) => o.class !== 'noise' && o.name !== 'missing-end-of-generation' && !STAYS_VALID.includes(o) && (o.planLevel || MODEL_FAULTS.includes(o)),
);
/** Later faults: anything but noise and model faults (which rebuild the whole trace). */
const LATE_OPS = OPERATORS.filter((o) => o.class !== 'noise' && !MODEL_FAULTS.includes(o));

/** Two faults in the trace a given script builds: an earlier one, and a later one in a later generation. */
export function doubleFaultOfScriptArb(script: TraceScript, weights?: ReadonlyMap<string, number>): fc.Arbitrary<DoubleFaultCase | null> {
  const valid = underTest(generateTrace(script));
  return chooseAmong(operatorArbs(EARLY_OPS, valid, 1), weights).chain((first) => {
    // Generation-header faults in generation j can make a later generation number look wrong; keep j's fault inside j.
    const t1 = withPlan(valid, first.plan);
    const seconds = operatorArbs(LATE_OPS, t1, first.gen + 1);
    if (seconds.length === 0) return fc.constant(null);
    return chooseAmong(seconds, weights).map((second) => ({ valid, first, both: second }));
  });
}

export function doubleFaultArb(k: TraceKnobs = SMALL_KNOBS, weights?: ReadonlyMap<string, number>): fc.Arbitrary<DoubleFaultCase> {
  return traceScriptArb(k)
    .chain((script) => doubleFaultOfScriptArb(script, weights))
    .filter((c): c is DoubleFaultCase => c !== null);
}

export { BATCH_STRUCTURAL, GENERATION_HEADER, TABLES, SEMANTIC, ORDER, NOISE, MODEL_FAULTS, VALID_BUT_DIFFERENT };
