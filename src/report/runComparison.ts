// Running cases on the baseline and the candidate, classifying each, grouping
// the differences and minimizing one reproducer per group: the engine behind
// `tracefuzz report`. The cases can also be run elsewhere (worker processes,
// `--jobs`) and handed to summarizeComparison in their fixed order.
import type { TraceReader } from '../readers/traceReader';
import { buildReport, ReportMeta } from './buildReport';
import { compareCase, ComparedCase, StyleHints } from './compareCase';
import { DifferenceGrouper, ReproducerTools } from './differenceGroups';
import type { ReportCase } from './reportCase';
import type { Report } from './reportSchema';
import type { ReadDeadline } from '../readers/readDeadline';

export interface ComparisonProgress {
  phase: 'cases' | 'minimize';
  done: number;
  /** Known total, or null for a time-boxed campaign. */
  total: number | null;
  regressions: number;
  groups: number;
}

export interface CaseRunOptions {
  baseline: TraceReader;
  candidate: TraceReader;
  cases: Iterable<ReportCase> | AsyncIterable<ReportCase>;
  /** Stop taking cases after this time (ms since epoch). */
  deadline?: number;
  /**
   * The deadline the readers were opened with: it cuts reads still running at
   * `deadline` (that case is dropped), and is lifted for minimizing.
   */
  readDeadline?: ReadDeadline;
  /**
   * Each reader's Sync style, as a probe of it showed (syncStyles.ts): every
   * case is compared with these, so a case's class does not depend on the
   * cases before it. Without them, what earlier cases showed is carried on.
   */
  hints?: StyleHints;
  shouldStop?: () => boolean;
}

/** Runs each case on both readers and compares them, in order. */
export async function* compareCases(opts: CaseRunOptions): AsyncGenerator<{ compared: ComparedCase; index?: number }> {
  const carried = { baseline: null, candidate: null } as StyleHints;
  const past = () => opts.deadline !== undefined && Date.now() >= opts.deadline;
  opts.readDeadline?.set(opts.deadline ?? null);
  try {
    for await (const rc of opts.cases) {
      // In-process readers never leave the microtask queue: let messages (a
      // worker's stop), signals and timers in between cases.
      await new Promise((resolve) => setImmediate(resolve));
      if (past() || opts.shouldStop?.()) break;
      const b = await rc.evaluate(opts.baseline);
      const c = await rc.evaluate(opts.candidate);
      // A case the budget ended while it ran may hold reads cut short: it says nothing.
      if (past()) break;
      yield { compared: compareCase(rc.input, b, c, opts.hints ? { ...opts.hints } : carried), index: rc.index };
    }
  } finally {
    opts.readDeadline?.set(null);
  }
}

/** A compared case as the summary needs it: its record and signature; the whole comparison for a group's first case. */
export type CaseResult = Pick<ComparedCase, 'record' | 'signature'> & { full?: ComparedCase };

export interface SummaryOptions {
  tools: ReproducerTools;
  meta: Omit<ReportMeta, 'durationMs'>;
  started: number;
  onProgress?: (p: ComparisonProgress) => void;
  shouldStop?: () => boolean;
}

/** Groups compared cases (in the order given), minimizes each group's reproducer and builds the report. */
export async function summarizeComparison(results: readonly CaseResult[], opts: SummaryOptions): Promise<Report> {
  const grouper = new DifferenceGrouper();
  for (const r of results) grouper.add(r, r.full);
  const regressions = results.filter((r) => r.record.class === 'regression').length;
  const groups = await grouper.finish(opts.tools, (done, total) => {
    opts.onProgress?.({ phase: 'minimize', done, total, regressions, groups: total });
  }, opts.shouldStop);
  return buildReport({ ...opts.meta, durationMs: performance.now() - opts.started }, results.map((r) => r.record), groups);
}

export interface ComparisonOptions extends CaseRunOptions, Omit<SummaryOptions, 'started'> {
  total: number | null;
  /** Called for each case as soon as it is classified (e.g. to save findings at once). */
  onCase?: (c: ComparedCase) => void | Promise<void>;
}

export async function runComparison(opts: ComparisonOptions): Promise<Report> {
  const started = performance.now();
  const results: CaseResult[] = [];
  let regressions = 0;
  const signatures = new Set<string>();
  for await (const { compared } of compareCases(opts)) {
    results.push({ record: compared.record, signature: compared.signature, full: compared });
    if (compared.signature) signatures.add(compared.signature);
    if (compared.record.class === 'regression') regressions++;
    await opts.onCase?.(compared);
    opts.onProgress?.({ phase: 'cases', done: results.length, total: opts.total, regressions, groups: signatures.size });
  }
  return summarizeComparison(results, { ...opts, started });
}
