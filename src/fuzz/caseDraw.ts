// The mix of cases a campaign draws outside the property suite (a report's
// generated cases, coverage runs, exported corpora): valid multi-generation
// traces, most of them corrupted by one operator, some with two faults in
// different generations — from the same arbitraries as the property suite
// (arbitraries/traceCase.ts), drawn with fast-check from a seed so that
// `--seed S --runs N` names the same cases on any machine. With guidance
// (guidance.ts), every other case is drawn around a kept seed and operators
// are weighted by what reached new code.
import fc from 'fast-check';
import type { TraceKnobs } from '../../arbitraries/trace';
import { singleFaultCaseArb, TraceCase, twoFaultCaseArb, validCaseArb } from '../../arbitraries/traceCase';
import type { Guidance } from './guidance';

/** Cases per batch: case n of a stream without guidance is case n % CASES_PER_BATCH of batch n / CASES_PER_BATCH. */
export const CASES_PER_BATCH = 25;
const BATCH = CASES_PER_BATCH;

/** One batch: out of every 20 cases 16 single faults, 3 double faults, 1 valid trace, interleaved so a short run sees every kind. */
export function drawCaseBatch(knobs: TraceKnobs, seed: number, weights?: ReadonlyMap<string, number>): TraceCase[] {
  const single = fc.sample(singleFaultCaseArb(knobs, weights ? { weights } : {}), { seed, numRuns: Math.round(BATCH * 0.8) });
  const double = fc.sample(twoFaultCaseArb(knobs, weights), { seed: seed + 1, numRuns: Math.round(BATCH * 0.15) });
  const valid = fc.sample(validCaseArb(knobs), { seed: seed + 2, numRuns: BATCH - single.length - double.length });
  const out: TraceCase[] = [];
  for (let i = 0; out.length < single.length + double.length + valid.length; i++) {
    if (i < single.length) out.push(single[i]);
    if (i < double.length) out.push(double[i]);
    if (i < valid.length) out.push(valid[i]);
  }
  return out;
}

export interface CaseStreamOptions {
  seed: number;
  knobs: TraceKnobs;
  guidance?: Guidance;
  /** Told when drawing a batch failed (a generator bug); the batch is skipped, and ten failures in a row end the stream with the error. */
  onGeneratorError?: (err: Error, seed: number) => void;
}

/** An endless stream of campaign cases; case i is the same however the stream is cut (without guidance). */
export function* caseStream(o: CaseStreamOptions): Generator<TraceCase> {
  let failures = 0;
  let n = 0;
  for (let batch = 0; ; batch++) {
    // Each batch has its own derived seed.
    const seed = (o.seed * 7919 + batch * 104729) >>> 0;
    let drawn: TraceCase[];
    try {
      drawn = drawCaseBatch(o.knobs, seed, o.guidance?.weights);
      failures = 0;
    } catch (err) {
      o.onGeneratorError?.(err as Error, seed);
      if (++failures >= 10) throw err;
      continue;
    }
    for (const c of drawn) {
      if (o.guidance) {
        yield o.guidance.observe(c);
        // One case in three is drawn around a seed.
        if (++n % 2 === 0) {
          const near = o.guidance.neighbour((seed ^ Math.imul(n, 0x9e3779b1)) >>> 0);
          if (near) yield near;
        }
      } else {
        yield c;
      }
    }
  }
}
