// Running cases on the baseline and the candidate, classifying each, grouping
// the differences and minimizing one reproducer per group: the engine behind
// `tracefuzz report`.
import type { TraceReader } from '../readers/traceReader';
import { buildReport, ReportMeta } from './buildReport';
import { compareCase, ComparedCase, StyleHints } from './compareCase';
import { DifferenceGrouper, ReproducerTools } from './differenceGroups';
import type { ReportCase } from './reportCase';
import type { CaseRecord, Report } from './reportSchema';
import type { ReadDeadline } from '../readers/readDeadline';

export interface ComparisonProgress {
  phase: 'cases' | 'minimize';
  done: number;
  /** Known total, or null for a time-boxed campaign. */
  total: number | null;
  regressions: number;
  groups: number;
}

export interface ComparisonOptions {
  baseline: TraceReader;
  candidate: TraceReader;
  cases: Iterable<ReportCase> | AsyncIterable<ReportCase>;
  total: number | null;
  /** Stop taking cases after this time (ms since epoch). */
  deadline?: number;
  /**
   * The deadline the readers were opened with: it cuts reads still running at
   * `deadline` (that case is dropped), and is lifted for minimizing.
   */
  readDeadline?: ReadDeadline;
  tools: ReproducerTools;
  meta: Omit<ReportMeta, 'durationMs'>;
  onProgress?: (p: ComparisonProgress) => void;
  /** Called for each case as soon as it is classified (e.g. to save findings at once). */
  onCase?: (c: ComparedCase) => void | Promise<void>;
}

export async function runComparison(opts: ComparisonOptions): Promise<Report> {
  const started = performance.now();
  const grouper = new DifferenceGrouper();
  const records: CaseRecord[] = [];
  let regressions = 0;
  const hints = { baseline: null, candidate: null } as StyleHints;
  const past = () => opts.deadline !== undefined && Date.now() >= opts.deadline;
  opts.readDeadline?.set(opts.deadline ?? null);
  for await (const rc of opts.cases) {
    if (past()) break;
    const b = await rc.evaluate(opts.baseline);
    const c = await rc.evaluate(opts.candidate);
    // A case the budget ended while it ran may hold reads cut short: it says nothing.
    if (past()) break;
    const compared = compareCase(rc.input, b, c, hints);
    grouper.add(compared);
    records.push(compared.record);
    if (compared.record.class === 'regression') regressions++;
    await opts.onCase?.(compared);
    opts.onProgress?.({ phase: 'cases', done: records.length, total: opts.total, regressions, groups: grouper.size });
  }
  opts.readDeadline?.set(null);
  const groups = await grouper.finish(opts.tools, (done, total) => {
    opts.onProgress?.({ phase: 'minimize', done, total, regressions, groups: total });
  });
  return buildReport({ ...opts.meta, durationMs: performance.now() - started }, records, groups);
}
