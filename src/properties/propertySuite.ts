// P1–P7 as fast-check properties over a reader: each pairs the arbitrary of
// the cases it needs with its check. Tests, the mutant meta-test and the fuzz
// campaign all run these same definitions.
import fc from 'fast-check';
import type { TraceReader } from '../readers/traceReader';
import type { TraceKnobs } from '../../arbitraries/trace';
import { SMALL_KNOBS } from '../../arbitraries/trace';
import { anyBytesCaseArb, singleFaultCaseArb, TraceCase, twoFaultCaseArb, validCaseArb } from '../../arbitraries/traceCase';
import { Verdict, PropertyName, PropertyFailure } from './verdict';
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
  /** The reader is Go's own: cases that run into a known bug of Go's reader are skipped (and counted as notes). */
  isGo?: boolean;
  /** Chunk sizes for P5 (default 1, 7, 65536). */
  chunkSizes?: readonly number[];
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

function record(ctx: SuiteContext, v: Verdict): void {
  if (!v.pass) throw new PropertyFailure(v.property, v.message);
  if (v.finding && ctx.findings) ctx.findings.set(v.finding, (ctx.findings.get(v.finding) ?? 0) + 1);
  if (v.note && ctx.notes) ctx.notes.set(v.note, (ctx.notes.get(v.note) ?? 0) + 1);
}

/** Skips, for Go's own reader, cases that hit a known bug of it. */
function skipForGo(ctx: SuiteContext, c: TraceCase): boolean {
  const issue = c.expected.knownGoIssue;
  if (!ctx.isGo || !issue) return false;
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
          if (!skipForGo(ctx, c)) record(ctx, await checkP1(ctx.reader, c, ctx.mode));
        },
      ),
  },
  {
    name: 'P2',
    title: 'earlier-generation errors win',
    property: (ctx) =>
      fc.asyncProperty(guided(ctx, twoFaultCaseArb(knobs(ctx)), (c) => c.kind === 'two-faults'), async (c) => record(ctx, await checkP2(ctx.reader, c, ctx.mode))),
  },
  {
    name: 'P3',
    title: 'corruption is never swallowed',
    property: (ctx) =>
      fc.asyncProperty(guided(ctx, singleFaultCaseArb(knobs(ctx)), (c) => c.kind === 'single-fault'), async (c) => {
        if (!skipForGo(ctx, c)) record(ctx, await checkP3(ctx.reader, c, ctx.mode));
      }),
  },
  {
    name: 'P4',
    title: 'no crash, no hang, bounded cost',
    property: (ctx) => fc.asyncProperty(guided(ctx, anyBytesCaseArb(knobs(ctx)), () => true), async (c) => record(ctx, await checkP4(ctx.reader, c))),
  },
  {
    name: 'P5',
    title: 'determinism, whole or in chunks',
    property: (ctx) => fc.asyncProperty(guided(ctx, anyBytesCaseArb(knobs(ctx)), () => true), async (c) => record(ctx, await checkP5(ctx.reader, c, ctx.chunkSizes))),
  },
  {
    name: 'P6',
    title: 'well-formed success',
    property: (ctx) =>
      fc.asyncProperty(guided(ctx, fc.oneof(validCaseArb(knobs(ctx)), singleFaultCaseArb(knobs(ctx), { classes: ['noise'] })), (c) => c.kind === 'valid' || hasClass(c, ['noise'])), async (c) =>
        record(ctx, await checkP6(ctx.reader, c)),
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
          record(ctx, await checkP7(ctx.reader, ctx.go, c));
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

export async function runProperty(def: PropertyDef, ctx: SuiteContext, opts: { seed: number; numRuns: number; endOnFailure?: boolean; interruptAfterTimeLimit?: number; path?: string }): Promise<PropertyRun> {
  const d = await fc.check(def.property(ctx), {
    seed: opts.seed,
    path: opts.path,
    numRuns: opts.numRuns,
    endOnFailure: opts.endOnFailure,
    interruptAfterTimeLimit: opts.interruptAfterTimeLimit,
  });
  const err = d.errorInstance;
  return {
    property: def.name,
    failed: d.failed,
    numRuns: d.numRuns,
    seed: d.seed,
    path: d.counterexamplePath ?? undefined,
    message: err instanceof Error ? err.message : err === undefined || err === null ? undefined : String(err),
    counterexample: d.counterexample?.[0],
  };
}
