// Measuring the harness by the mutants of a reader it kills. Each mutant is
// read on real runtime traces next to the unmutated reader: one that reads
// them all alike is "possibly equivalent" and kept out of the score. Then a
// bounded campaign with report's machinery — the corpus, then generated cases
// (valid, one fault, two faults) compared case by case with compareCase —
// runs until the first case whose outcome or properties differ (killed) or
// until its budget ends (survived). Score = killed / mutants that change
// behaviour on real traces.
import type { Outcome, TraceReader } from '../readers/traceReader';
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

/** A reader that can answer with a digest of its event texts (Go's oracle server). */
interface DigestReader extends TraceReader {
  readonly digests: boolean;
  digest(trace: Uint8Array): Promise<{ outcome: Outcome; digest: string | null }>;
}

function digestReader(r: TraceReader): DigestReader | null {
  const d = r as Partial<DigestReader>;
  return d.digests === true && typeof d.digest === 'function' ? (d as DigestReader) : null;
}

type TimedRun = Awaited<ReturnType<typeof timedRead>>;

/**
 * A real trace with the unmutated reader's answer on it, read once for all
 * mutants: its digest when the reader gives one (the full run is read only if
 * some mutant's digest differs), else its full run.
 */
export interface RealBaseline extends RealTrace {
  digest: { outcome: Outcome; digest: string } | null;
  run: TimedRun | null;
}

/** Reads the real traces with the unmutated reader, smallest first (a mutant that differs is told apart sooner). */
export async function realBaselines(base: TraceReader, traces: readonly RealTrace[]): Promise<RealBaseline[]> {
  const out: RealBaseline[] = [];
  const d = digestReader(base);
  for (const t of [...traces].sort((a, b) => a.trace.length - b.trace.length)) {
    const answer = d ? await d.digest(t.trace) : null;
    const digest = answer && answer.digest !== null ? { outcome: answer.outcome, digest: answer.digest } : null;
    out.push({ ...t, digest, run: digest ? null : await timedRead(base, t.trace) });
  }
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

/** Same kind, error and events, text for text: equal outcomes need no normalizing. */
function identical(a: Outcome, b: Outcome): boolean {
  if (a.kind !== b.kind || a.error !== b.error || a.eventsBeforeError !== b.eventsBeforeError || a.events.length !== b.events.length) return false;
  for (let i = 0; i < a.events.length; i++) if (a.events[i] !== b.events[i]) return false;
  return true;
}

function sameDigest(a: { outcome: Outcome; digest: string | null }, b: { outcome: Outcome; digest: string }): boolean {
  return a.digest === b.digest && a.outcome.kind === b.outcome.kind && a.outcome.error === b.outcome.error && a.outcome.eventsBeforeError === b.outcome.eventsBeforeError;
}

/**
 * Whether the mutant reads every real trace as the unmutated reader does.
 * Digests first (equal digests are equal texts); a differing digest, or a
 * reader without digests, is settled by the full outcomes as report compares
 * them (normalized: a difference in map order alone is no difference).
 */
async function sameOnRealTraces(base: TraceReader, mutant: TraceReader, traces: MutantCampaign['realTraces']): Promise<boolean> {
  const md = digestReader(mutant);
  for (const t of traces) {
    if (t.digest && md) {
      const first = await md.digest(t.trace);
      if (sameDigest(first, t.digest)) continue;
      if (first.outcome.kind === 'timeout' && sameDigest(await md.digest(t.trace), t.digest)) continue;
    }
    const input = { id: `real:${t.name}`, source: 'corpus' as const, label: t.name, operator: 'real trace', version: null, seed: null, trace: t.trace };
    const d = await differs(async () => {
      if (t.run?.outcome.kind === 'timeout') t.run = null; // the unmutated reader gets its own second try
      const b = (t.run ??= await timedRead(base, t.trace));
      const m = await timedRead(mutant, t.trace);
      const timedOut = m.outcome.kind === 'timeout' || b.outcome.kind === 'timeout';
      if (identical(b.outcome, m.outcome)) return { class: 'same', timedOut };
      return { class: compareCase(input, { ...b, properties: {} }, { ...m, properties: {} }).record.class, timedOut };
    });
    if (d !== null) return false;
  }
  return true;
}

/** Runs one built mutant against the unmutated reader. */
export async function runMutant(base: TraceReader, mutant: TraceReader, c: MutantCampaign): Promise<MutantRun> {
  const started = Date.now();
  const changesReal = !(await sameOnRealTraces(base, mutant, c.realTraces));
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
