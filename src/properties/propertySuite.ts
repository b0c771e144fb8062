// P1–P7 as fast-check properties over a reader: each pairs the arbitrary of
// the cases it needs with its check. Tests, the mutant meta-test and the fuzz
// campaign all run these same definitions.
import fc from 'fast-check';
import type { TraceReader } from '../readers/traceReader';
import { traceArb, TraceKnobs, SMALL_KNOBS } from '../../arbitraries/trace';
import { corruptedCaseArb, doubleFaultArb, CorruptedCase } from '../../arbitraries/corruption';
import { writeHeader, VERSIONS } from '../trace/version';
import {
  Verdict,
  PropertyName,
  PropertyFailure,
  InvariantMode,
  checkP1,
  checkP2,
  checkP3,
  checkP4,
  checkP5,
  checkP6,
  checkP7,
} from './index';

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
}

export interface PropertyDef {
  name: PropertyName;
  title: string;
  needsGo?: boolean;
  property(ctx: SuiteContext): fc.IAsyncPropertyWithHooks<[unknown]>;
}

function record(ctx: SuiteContext, v: Verdict): void {
  if (!v.pass) throw new PropertyFailure(v.property, v.message);
  if (v.finding && ctx.findings) ctx.findings.set(v.finding, (ctx.findings.get(v.finding) ?? 0) + 1);
  if (v.note && ctx.notes) ctx.notes.set(v.note, (ctx.notes.get(v.note) ?? 0) + 1);
}

/** Any bytes at all: corrupted traces, random payloads after a valid header, pure garbage. */
function anyBytesArb(k: TraceKnobs): fc.Arbitrary<{ bytes: Uint8Array; what: string }> {
  return fc.oneof(
    { weight: 4, arbitrary: corruptedCaseArb(k).map((c) => ({ bytes: c.corruption.bytes, what: `${c.corruption.op} — ${c.corruption.detail}` })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...VERSIONS), fc.uint8Array({ maxLength: 512 }))
        .map(([v, rest]) => ({ bytes: Uint8Array.from([...writeHeader(v), ...rest]), what: `go1.${v} header + ${rest.length} random bytes` })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ bytes: b, what: `${b.length} random bytes` })) },
  );
}

/** Skips, for Go's own reader, cases that hit a known bug of it. */
function skipForGo(ctx: SuiteContext, c: CorruptedCase): boolean {
  if (!ctx.isGo || !c.corruption.knownGoIssue) return false;
  ctx.notes?.set(c.corruption.knownGoIssue, (ctx.notes.get(c.corruption.knownGoIssue) ?? 0) + 1);
  return true;
}

function prop<T>(arb: fc.Arbitrary<T>, check: (v: T) => Promise<void>): fc.IAsyncPropertyWithHooks<[unknown]> {
  return fc.asyncProperty(arb as fc.Arbitrary<unknown>, (v) => check(v as T));
}

export const PROPERTIES: readonly PropertyDef[] = [
  {
    name: 'P1',
    title: 'valid generations are fully emitted before a spill error',
    property: (ctx) => prop(corruptedCaseArb(ctx.knobs ?? SMALL_KNOBS, { classes: ['batch-structural', 'generation-header', 'tables', 'semantic'] }), async (c) => {
      if (!skipForGo(ctx, c)) record(ctx, await checkP1(ctx.reader, c, ctx.mode));
    }),
  },
  {
    name: 'P2',
    title: 'earlier-generation errors win',
    property: (ctx) => prop(doubleFaultArb(ctx.knobs ?? SMALL_KNOBS), async (d) => record(ctx, await checkP2(ctx.reader, d, ctx.mode))),
  },
  {
    name: 'P3',
    title: 'corruption is never swallowed',
    property: (ctx) => prop(corruptedCaseArb(ctx.knobs ?? SMALL_KNOBS), async (c) => {
      if (!skipForGo(ctx, c)) record(ctx, await checkP3(ctx.reader, c, ctx.mode));
    }),
  },
  {
    name: 'P4',
    title: 'no crash, no hang, bounded cost',
    property: (ctx) => prop(anyBytesArb(ctx.knobs ?? SMALL_KNOBS), async (x) => record(ctx, await checkP4(ctx.reader, x.bytes, x.what))),
  },
  {
    name: 'P5',
    title: 'determinism, whole or in chunks',
    property: (ctx) => prop(anyBytesArb(ctx.knobs ?? SMALL_KNOBS), async (x) => record(ctx, await checkP5(ctx.reader, x.bytes, x.what, ctx.chunkSizes))),
  },
  {
    name: 'P6',
    title: 'well-formed success',
    property: (ctx) =>
      prop(
        fc.oneof(
          traceArb(ctx.knobs ?? SMALL_KNOBS).map((t) => ({ bytes: t.bytes, what: 'valid trace' })),
          corruptedCaseArb(ctx.knobs ?? SMALL_KNOBS, { classes: ['noise'] }).map((c) => ({ bytes: c.corruption.bytes, what: `${c.corruption.op} — ${c.corruption.detail}` })),
        ),
        async (x) => record(ctx, checkP6(ctx.reader.name, await ctx.reader.read(x.bytes), x.bytes, x.what)),
      ),
  },
  {
    name: 'P7',
    title: "conformance with Go's reader",
    needsGo: true,
    property: (ctx) =>
      prop(
        fc.oneof(
          traceArb(ctx.knobs ?? SMALL_KNOBS).map((t) => ({ bytes: t.bytes, what: 'valid trace' })),
          // A strict reader differs from Go on purpose wherever generation numbers are bad (and noise can make them so).
          corruptedCaseArb(ctx.knobs ?? SMALL_KNOBS, ctx.mode === 'strict' ? { classes: ['batch-structural', 'tables', 'semantic'] } : {}).map((c) => ({
            bytes: c.corruption.bytes,
            what: `${c.corruption.op} — ${c.corruption.detail}`,
          })),
        ),
        async (x) => {
          if (!ctx.go) throw new Error('P7 needs a Go reader');
          record(ctx, await checkP7(ctx.reader, ctx.go, x.bytes, x.what));
        },
      ),
  },
];

export function propertyByName(name: string): PropertyDef | undefined {
  return PROPERTIES.find((p) => p.name === name);
}

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
  counterexample?: unknown;
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
