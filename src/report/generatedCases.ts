// Generated cases for a report: valid multi-generation traces from the
// scheduler model, most of them corrupted by one operator (P1, P3–P5), some
// with two faults in different generations (P2), some left valid. Drawn with
// fast-check from a seed, so `--seed S --runs N` names the same cases on any
// machine; a time budget keeps drawing until the deadline.
import fc from 'fast-check';
import { corruptedCaseArb, doubleFaultArb } from '../../arbitraries/corruption';
import { SMALL_KNOBS, traceArb, TraceKnobs } from '../../arbitraries/trace';
import type { Version } from '../trace/version';
import { GeneratedCase, judgeGeneratedCase } from './caseProperties';
import type { ReportCase } from './reportCase';

export interface CampaignOptions {
  seed: number;
  /** Number of cases, or null to draw until the deadline. */
  runs: number | null;
  versions: readonly Version[];
  deadline?: number;
  knobs?: Partial<TraceKnobs>;
  /** Told when drawing a batch of cases failed (a generator bug); the batch is skipped. */
  onGeneratorError?: (err: Error, seed: number) => void;
}

type Drawn = { kind: 'single' | 'double' | 'valid'; operator: string; version: number; c: GeneratedCase; detail: string };

const BATCH = 25;

function drawBatch(knobs: TraceKnobs, seed: number): Drawn[] {
  // Out of every 20 cases: 16 single faults, 3 double faults, 1 valid trace.
  const single = fc.sample(corruptedCaseArb(knobs), { seed, numRuns: Math.round(BATCH * 0.8) }).map((x): Drawn => ({
    kind: 'single',
    operator: x.corruption.op,
    version: x.valid.version,
    detail: x.corruption.detail,
    c: { valid: x.valid.encoded.bytes, corrupted: x.corruption.bytes, gen: x.corruption.gen, expect: x.corruption.expect, deviation: x.corruption.deviation, noise: x.corruption.class === 'noise' },
  }));
  const double = fc.sample(doubleFaultArb(knobs), { seed: seed + 1, numRuns: Math.round(BATCH * 0.15) }).map((x): Drawn => ({
    kind: 'double',
    // Named by the later fault (the one P2 is about); the label keeps both.
    operator: `2 faults: …+${x.both.op}`,
    version: x.valid.version,
    detail: `${x.first.op} then ${x.both.op}: ${x.first.detail}; then ${x.both.detail}`,
    c: { valid: x.valid.encoded.bytes, corrupted: x.both.bytes, gen: x.first.gen, expect: 'error', deviation: x.both.deviation ?? x.first.deviation, earlier: x.first.bytes, laterGen: x.both.gen },
  }));
  const valid = fc.sample(traceArb(knobs), { seed: seed + 2, numRuns: BATCH - single.length - double.length }).map((t): Drawn => ({
    kind: 'valid',
    operator: 'none (valid trace)',
    version: t.plan.version,
    detail: 'valid trace',
    c: { valid: t.bytes, corrupted: t.bytes, gen: Number.MAX_SAFE_INTEGER, expect: 'any' },
  }));
  // Interleave so that a short run still sees every kind.
  const out: Drawn[] = [];
  for (let i = 0; out.length < single.length + double.length + valid.length; i++) {
    if (i < single.length) out.push(single[i]);
    if (i < double.length) out.push(double[i]);
    if (i < valid.length) out.push(valid[i]);
  }
  return out;
}

export async function* campaignReportCases(opts: CampaignOptions): AsyncGenerator<ReportCase> {
  if (opts.runs === 0) return;
  const knobs: TraceKnobs = { ...SMALL_KNOBS, ...opts.knobs, versions: opts.versions };
  let n = 0;
  let failures = 0;
  for (let batch = 0; ; batch++) {
    // Each batch has its own derived seed, so case i is the same however the run is cut.
    const seed = (opts.seed * 7919 + batch * 104729) >>> 0;
    let drawn: Drawn[];
    try {
      drawn = drawBatch(knobs, seed);
      failures = 0;
    } catch (err) {
      // A generator bug must not end the comparison, nor loop forever.
      opts.onGeneratorError?.(err as Error, seed);
      if (++failures >= 10) throw err;
      continue;
    }
    for (const d of drawn) {
      if (opts.runs !== null && n >= opts.runs) return;
      if (opts.deadline !== undefined && Date.now() > opts.deadline) return;
      const id = `gen:${opts.seed}:${n}`;
      n++;
      yield {
        input: { id, source: 'campaign', label: `${d.kind} #${n - 1}: ${d.detail}`, operator: d.operator, version: d.version, seed: opts.seed, trace: d.c.corrupted },
        evaluate: (reader) => judgeGeneratedCase(reader, d.c),
      };
    }
  }
}
