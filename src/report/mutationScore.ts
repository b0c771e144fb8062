// Measuring the harness by the mutants of a reader it kills. Each mutant is
// read on real runtime traces next to the unmutated reader: one that reads
// them all alike is "possibly equivalent" and kept out of the score. Then a
// bounded campaign with report's machinery — the corpus, then generated cases
// (valid, one fault, two faults) compared case by case with compareCase —
// runs until the first case whose outcome or properties differ (killed) or
// until its budget ends (survived). Score = killed / mutants that change
// behaviour on real traces.
import type { TraceReader } from '../readers/traceReader';
import type { Version } from '../trace/version';
import { compareCase } from './compareCase';
import { generatedReportCases } from './generatedCases';
import type { ReportCase } from './reportCase';
import { timedRead } from './reportCase';

export type MutantStatus = 'killed' | 'survived' | 'not-built' | 'equivalent-on-real';

export interface MutantRun {
  status: MutantStatus;
  /** Whether some real trace reads differently (false: possibly equivalent). */
  changesReal: boolean;
  /** For a killed mutant: the case that killed it and how. */
  killedBy?: { label: string; class: string; difference: string | null };
  /** Generated or corpus cases run. */
  cases: number;
  ms: number;
  /** Why it was not built (the compiler's words). */
  buildError?: string;
}

export interface RealTrace {
  name: string;
  trace: Uint8Array;
}

/** A real trace with the unmutated reader's run on it (read once for all mutants). */
export interface RealBaseline extends RealTrace {
  run: Awaited<ReturnType<typeof timedRead>>;
}

/** Reads the real traces with the unmutated reader, smallest first (a mutant that differs is told apart sooner). */
export async function realBaselines(base: TraceReader, traces: readonly RealTrace[]): Promise<RealBaseline[]> {
  const out: RealBaseline[] = [];
  for (const t of [...traces].sort((a, b) => a.trace.length - b.trace.length)) out.push({ ...t, run: await timedRead(base, t.trace) });
  return out;
}

export interface MutantCampaign {
  /** Real runtime traces and the unmutated reader's runs on them, read first. */
  realTraces: readonly RealBaseline[];
  /** Corpus cases, then generated ones. */
  corpus: readonly ReportCase[];
  seed: number;
  versions: readonly Version[];
  budgetMs: number;
  /** Run the campaign even when no real trace tells the mutant apart (to see whether generated cases would). */
  campaignOnEquivalent?: boolean;
}

/**
 * A case that timed out on either side is read again before it counts: on a
 * loaded machine a per-case limit can expire for the unmutated reader too.
 * A mutant that hangs times out again.
 */
async function differs(once: () => Promise<{ class: string; timedOut: boolean }>): Promise<string | null> {
  let r = await once();
  if (r.class !== 'same' && r.timedOut) r = await once();
  return r.class === 'same' ? null : r.class;
}

async function sameOnRealTraces(mutant: TraceReader, traces: MutantCampaign['realTraces']): Promise<boolean> {
  for (const t of traces) {
    const input = { id: `real:${t.name}`, source: 'corpus' as const, label: t.name, operator: 'real trace', version: null, seed: null, trace: t.trace };
    const d = await differs(async () => {
      const m = await timedRead(mutant, t.trace);
      return { class: compareCase(input, { ...t.run, properties: {} }, { ...m, properties: {} }).record.class, timedOut: m.outcome.kind === 'timeout' || t.run.outcome.kind === 'timeout' };
    });
    if (d !== null) return false;
  }
  return true;
}

/** Runs one built mutant against the unmutated reader. */
export async function runMutant(base: TraceReader, mutant: TraceReader, c: MutantCampaign): Promise<MutantRun> {
  const started = Date.now();
  const changesReal = !(await sameOnRealTraces(mutant, c.realTraces));
  if (!changesReal && !c.campaignOnEquivalent) return { status: 'equivalent-on-real', changesReal, cases: 0, ms: Date.now() - started };
  const deadline = Date.now() + c.budgetMs;
  let cases = 0;
  async function* all(): AsyncGenerator<ReportCase> {
    yield* c.corpus;
    yield* generatedReportCases({ seed: c.seed, runs: null, versions: c.versions, deadline });
  }
  for await (const rc of all()) {
    if (Date.now() > deadline) break;
    cases++;
    let difference: string | null = null;
    const cls = await differs(async () => {
      const b = await rc.evaluate(base);
      const m = await rc.evaluate(mutant);
      const compared = compareCase(rc.input, b, m);
      difference = compared.record.difference ?? null;
      return { class: compared.record.class, timedOut: b.outcome.kind === 'timeout' || m.outcome.kind === 'timeout' };
    });
    if (cls !== null) {
      return {
        status: changesReal ? 'killed' : 'equivalent-on-real',
        changesReal,
        killedBy: { label: rc.input.label, class: cls, difference },
        cases,
        ms: Date.now() - started,
      };
    }
  }
  return { status: changesReal ? 'survived' : 'equivalent-on-real', changesReal, cases, ms: Date.now() - started };
}
