// P1–P7 as fast-check properties over a reader: each pairs the arbitrary of
// the cases it needs with its check. Tests, the mutant meta-test and the fuzz
// campaign all run these same definitions.
import fc from 'fast-check';
import type { TraceReader } from '../readers/traceReader';
import type { TraceKnobs } from '../../arbitraries/trace';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import { anyBytesCaseArb, singleFaultCaseArb, TraceCase, twoFaultCaseArb, validCaseArb } from '../../arbitraries/traceCase';
import { Verdict, PropertyName, PropertyFailure } from './verdict';
import { BUDGET_CUT } from '../readers/readDeadline';
import type { InvariantMode } from './judging';
import { checkP1 } from './p1ValidPrefix';
import { checkP2 } from './p2EarlierErrorWins';
import { checkP3 } from './p3NotSwallowed';
import { checkP4 } from './p4NoCrash';
import { checkP5 } from './p5Determinism';
import { checkP6 } from './p6WellFormed';
import { checkP7 } from './p7Conformance';

export interface SuiteContext {
  reader: TraceReader;
  /** Strict invariants, or Go-compatible (the documented deviation is then a finding, not a failure). */
  mode: InvariantMode;
  /** Go's reader, for P7. */
  go?: TraceReader;
  knobs?: TraceKnobs;
  /** Documented deviations observed, by name. */
  findings?: Map<string, number>;
  /** Notes (e.g. Go's reader crashing on a case), by text. */
  notes?: Map<string, number>;
  /**
   * The reader is built from Go's source: cases that run into a known bug of
   * Go's reader are skipped by P1, P2, P3 and P7 (and counted as notes; P4
   * still reports the panic). Default: whether the reader's lineage is 'go'.
   */
  isGo?: boolean;
  /** Chunk sizes for P5 (default 1, 7, 65536). */
  chunkSizes?: readonly number[];
  /** Told of every failing case, shrinking steps included. */
  onFailure?: (c: TraceCase, message: string) => void;
  /** Coverage guidance (src/fuzz/guidance.ts): half the cases are drawn around the seeds it kept. */
  guidance?: CaseGuidance;
}

/** What the suite needs of coverage guidance. */
export interface CaseGuidance {
  /** Records a case about to be read, so that coverage reported for its bytes finds it. */
  observe(c: TraceCase): TraceCase;
  /** A case drawn around a kept seed (deterministic in n for a given pool), or null. */
  neighbour(n: number, accept: (c: TraceCase) => boolean): TraceCase | null;
}

/**
 * A property's arbitrary, guided: half fresh cases, half cases drawn around
 * the seeds guidance kept (those `accept` takes; a fresh case otherwise).
 * Guided cases depend on what the campaign kept, so a failure among them is
 * replayed from the case it saved, not from a seed and path.
 */
function guided(ctx: SuiteContext, arb: fc.Arbitrary<TraceCase>, accept: (c: TraceCase) => boolean): fc.Arbitrary<TraceCase> {
  const g = ctx.guidance;
  if (!g) return arb;
  const near = fc.nat().chain((n) => {
    const c = g.neighbour(n, accept);
    return c ? fc.constant(c) : arb;
  });
  return fc.oneof(arb, near).map((c) => g.observe(c));
}

const hasClass = (c: TraceCase, classes: readonly string[]) => c.kind === 'single-fault' && classes.includes(c.faults[0].class);

export interface PropertyDef {
  name: PropertyName;
  title: string;
  needsGo?: boolean;
  property(ctx: SuiteContext): fc.IAsyncPropertyWithHooks<[TraceCase]>;
}

function record(ctx: SuiteContext, v: Verdict, c: TraceCase): void {
  if (!v.pass) {
    ctx.onFailure?.(c, `${v.property} failed\n${v.message}`);
    throw new PropertyFailure(v.property, v.message);
  }
  if (v.finding && ctx.findings) ctx.findings.set(v.finding, (ctx.findings.get(v.finding) ?? 0) + 1);
  if (v.note && ctx.notes) ctx.notes.set(v.note, (ctx.notes.get(v.note) ?? 0) + 1);
}

/** Skips, for Go's own reader, cases that hit a known bug of it. */
function skipForGo(ctx: SuiteContext, c: TraceCase): boolean {
  // A two-fault case runs into its earlier fault's issue when read alone.
  const issue = c.expected.knownGoIssue ?? c.faults.find((f) => f.expected.knownGoIssue)?.expected.knownGoIssue;
  if (!(ctx.isGo ?? ctx.reader.lineage === 'go') || !issue) return false;
  ctx.notes?.set(issue, (ctx.notes.get(issue) ?? 0) + 1);
  return true;
}

const knobs = (ctx: SuiteContext) => ctx.knobs ?? SMALL_KNOBS;

export const PROPERTIES: readonly PropertyDef[] = [
  {
    name: 'P1',
    title: 'valid generations are fully emitted before a spill error',
    property: (ctx) =>
      fc.asyncProperty(
        guided(ctx, singleFaultCaseArb(knobs(ctx), { classes: ['batch-structural', 'generation-header', 'tables', 'semantic'] }), (c) =>
          hasClass(c, ['batch-structural', 'generation-header', 'tables', 'semantic'])),
        async (c) => {
          if (!skipForGo(ctx, c)) record(ctx, await checkP1(ctx.reader, c, ctx.mode), c);
        },
      ),
  },
  {
    name: 'P2',
    title: 'earlier-generation errors win',
    property: (ctx) =>
      fc.asyncProperty(guided(ctx, twoFaultCaseArb(knobs(ctx)), (c) => c.kind === 'two-faults'), async (c) => {
        if (!skipForGo(ctx, c)) record(ctx, await checkP2(ctx.reader, c, ctx.mode), c);
      }),
  },
  {
    name: 'P3',
    title: 'corruption is never swallowed (and a valid trace never rejected)',
    property: (ctx) =>
      fc.asyncProperty(
        guided(ctx, fc.oneof({ weight: 4, arbitrary: singleFaultCaseArb(knobs(ctx)) }, { weight: 1, arbitrary: validCaseArb(knobs(ctx)) }), (c) => c.kind === 'single-fault' || c.kind === 'valid'),
        async (c) => {
          if (!skipForGo(ctx, c)) record(ctx, await checkP3(ctx.reader, c, ctx.mode), c);
        },
      ),
  },
  {
    name: 'P4',
    title: 'no crash, no hang, bounded cost',
    property: (ctx) => fc.asyncProperty(guided(ctx, anyBytesCaseArb(knobs(ctx)), () => true), async (c) => record(ctx, await checkP4(ctx.reader, c), c)),
  },
  {
    name: 'P5',
    title: 'determinism, whole or in chunks',
    property: (ctx) => fc.asyncProperty(guided(ctx, anyBytesCaseArb(knobs(ctx)), () => true), async (c) => record(ctx, await checkP5(ctx.reader, c, ctx.chunkSizes), c)),
  },
  {
    name: 'P6',
    title: 'well-formed success',
    property: (ctx) =>
      fc.asyncProperty(guided(ctx, fc.oneof(validCaseArb(knobs(ctx)), singleFaultCaseArb(knobs(ctx), { classes: ['noise'] })), (c) => c.kind === 'valid' || hasClass(c, ['noise'])), async (c) =>
        record(ctx, await checkP6(ctx.reader, c), c),
      ),
  },
  {
    name: 'P7',
    title: "conformance with Go's reader",
    needsGo: true,
    property: (ctx) =>
      fc.asyncProperty(
        guided(
          ctx,
          fc.oneof(
            validCaseArb(knobs(ctx)),
            // A strict reader differs from Go on purpose wherever generation numbers are bad (and noise can make them so).
            singleFaultCaseArb(knobs(ctx), ctx.mode === 'strict' ? { classes: ['batch-structural', 'tables', 'semantic'] } : {}),
          ),
          (c) => c.kind === 'valid' || (ctx.mode === 'strict' ? hasClass(c, ['batch-structural', 'tables', 'semantic']) : c.kind === 'single-fault'),
        ),
        async (c) => {
          if (!ctx.go) throw new Error('P7 needs a Go reader');
          if (!skipForGo(ctx, c)) record(ctx, await checkP7(ctx.reader, ctx.go, c), c);
        },
      ),
  },
];

export interface PropertyRun {
  property: PropertyName;
  failed: boolean;
  /** Runs executed (up to and including the first failure). */
  numRuns: number;
  seed: number;
  /** fast-check's path to the shrunk counterexample (replay with seed + path). */
  path?: string;
  /** The failure message of the shrunk counterexample. */
  message?: string;
  /** The shrunk case that failed. */
  counterexample?: TraceCase;
}

/**
 * Runs a property with fast-check. With a time limit, a read the time budget
 * cut short (BUDGET_CUT) may end shrinking as a bogus last step: the run then
 * reports the last failure that was not cut (its path one shrink step back).
 */
export async function runProperty(def: PropertyDef, ctx: SuiteContext, opts: { seed: number; numRuns: number; endOnFailure?: boolean; interruptAfterTimeLimit?: number; path?: string }): Promise<PropertyRun> {
  let lastReal: { c: TraceCase; message: string } | undefined;
  const watched: SuiteContext = {
    ...ctx,
    onFailure: (c, message) => {
      ctx.onFailure?.(c, message);
      if (!message.includes(BUDGET_CUT)) lastReal = { c, message };
    },
  };
  const d = await fc.check(def.property(watched), {
    seed: opts.seed,
    path: opts.path,
    numRuns: opts.numRuns,
    endOnFailure: opts.endOnFailure,
    interruptAfterTimeLimit: opts.interruptAfterTimeLimit,
  });
  // Interrupted by the time limit before any case failed (fast-check calls
  // an interruption with no run a failure): the budget ended, nothing failed.
  if (d.interrupted && d.counterexample === null) {
    return { property: def.name, failed: false, numRuns: d.numRuns, seed: d.seed };
  }
  const err = d.errorInstance;
  const message = err instanceof Error ? err.message : err === undefined || err === null ? undefined : String(err);
  if (d.failed && message?.includes(BUDGET_CUT) && lastReal) {
    const steps = (d.counterexamplePath ?? '').split(':');
    return {
      property: def.name, failed: true, numRuns: d.numRuns, seed: d.seed,
      path: steps.length > 1 ? steps.slice(0, -1).join(':') : undefined,
      message: lastReal.message,
      counterexample: lastReal.c,
    };
  }
  return {
    property: def.name,
    failed: d.failed,
    numRuns: d.numRuns,
    seed: d.seed,
    path: d.counterexamplePath ?? undefined,
    message,
    counterexample: d.counterexample?.[0],
  };
}
