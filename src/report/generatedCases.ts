// Generated cases for a report: valid multi-generation traces from the
// scheduler model, most of them corrupted by one operator (P1, P3–P5), some
// with two faults in different generations (P2), some left valid — drawn from
// the same arbitraries as the property suite and the fuzz campaign
// (arbitraries/traceCase.ts). Drawn with fast-check from a seed, so
// `--seed S --runs N` names the same cases on any machine; a time budget keeps
// drawing until the deadline. The mix is the campaign's (src/fuzz/caseDraw.ts).
import { SMALL_KNOBS, TraceKnobs } from '../../arbitraries/trace';
import { caseOperator, TraceCase } from '../../arbitraries/traceCase';
import { CASES_PER_BATCH, drawCaseBatch } from '../fuzz/caseDraw';
import type { Version } from '../trace/version';
import { judgeGeneratedCase } from './caseProperties';
import type { ReportCase } from './reportCase';

export interface GeneratedCaseOptions {
  seed: number;
  /** Number of cases, or null to draw until the deadline. */
  runs: number | null;
  versions: readonly Version[];
  deadline?: number;
  knobs?: Partial<TraceKnobs>;
  /** Told when drawing a batch of cases failed (a generator bug); the batch is skipped. */
  onGeneratorError?: (err: Error, seed: number) => void;
  /** Only batches b with b % count === index (a worker's part of the cases); case numbers stay those of the whole sequence. */
  part?: { index: number; count: number };
}

/**
 * The operator a report groups a case by: two-fault cases by the later fault
 * (the one P2 is about), valid traces apart from every fault.
 */
function reportOperator(c: TraceCase): string {
  if (c.kind === 'two-faults') return `2 faults: …+${c.faults[1].operator}`;
  if (c.kind === 'valid') return 'none (valid trace)';
  return caseOperator(c);
}

export async function* generatedReportCases(opts: GeneratedCaseOptions): AsyncGenerator<ReportCase> {
  if (opts.runs === 0) return;
  const knobs: TraceKnobs = { ...SMALL_KNOBS, ...opts.knobs, versions: opts.versions };
  const part = opts.part ?? { index: 0, count: 1 };
  let failures = 0;
  for (let batch = part.index; ; batch += part.count) {
    if (opts.runs !== null && batch * CASES_PER_BATCH >= opts.runs) return;
    // Each batch has its own derived seed, so case i is the same however the run is cut or split.
    const seed = (opts.seed * 7919 + batch * 104729) >>> 0;
    let drawn: TraceCase[];
    try {
      drawn = drawCaseBatch(knobs, seed);
      failures = 0;
    } catch (err) {
      // A generator bug must not end the comparison, nor loop forever.
      opts.onGeneratorError?.(err as Error, seed);
      if (++failures >= 10) throw err;
      continue;
    }
    for (const [i, c] of drawn.entries()) {
      const n = batch * CASES_PER_BATCH + i;
      if (opts.runs !== null && n >= opts.runs) return;
      if (opts.deadline !== undefined && Date.now() > opts.deadline) return;
      const id = `gen:${opts.seed}:${n}`;
      yield {
        input: {
          id, source: 'campaign', label: `${c.kind} #${n}: ${c.description}`, operator: reportOperator(c), version: c.version, seed: opts.seed, trace: c.bytes,
          faults: c.faults.map((f) => ({ operator: f.operator, generation: f.gen, detail: f.detail })),
        },
        evaluate: (reader) => judgeGeneratedCase(reader, c),
        index: n,
      };
    }
  }
}
