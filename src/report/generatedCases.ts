// Generated cases for a report: valid multi-generation traces from the
// scheduler model, most of them corrupted by one operator (P1, P3–P5), some
// with two faults in different generations (P2), some left valid — drawn from
// the same arbitraries as the property suite and the fuzz campaign
// (arbitraries/traceCase.ts). Drawn with fast-check from a seed, so
// `--seed S --runs N` names the same cases on any machine; a time budget keeps
// drawing until the deadline. The mix is the campaign's (src/fuzz/caseDraw.ts).
import { SMALL_KNOBS, TraceKnobs } from '../../arbitraries/trace';
import { caseOperator, TraceCase } from '../../arbitraries/traceCase';
import { caseStream } from '../fuzz/caseDraw';
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
  let n = 0;
  // A generator bug must not end the comparison, nor loop forever (caseStream gives up after ten in a row).
  for (const c of caseStream({ seed: opts.seed, knobs, onGeneratorError: opts.onGeneratorError })) {
    if (opts.runs !== null && n >= opts.runs) return;
    if (opts.deadline !== undefined && Date.now() > opts.deadline) return;
    const id = `gen:${opts.seed}:${n}`;
    yield {
      input: { id, source: 'campaign', label: `${c.kind} #${n}: ${c.description}`, operator: reportOperator(c), version: c.version, seed: opts.seed, trace: c.bytes, generated: c },
      evaluate: (reader) => judgeGeneratedCase(reader, c),
    };
    n++;
  }
}
