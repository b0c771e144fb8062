// P2 — earlier-generation errors win: with faults in generation j and in a
// later generation, the reader reports generation j's error after the same
// events as on the trace with only that fault.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { DoubleFaultCase } from '../../arbitraries/corruption';
import type { Deviation } from '../../arbitraries/corruption/operator';
import { Verdict, PASS, fail, skipped } from './verdict';
import { diffAround, outcomeSummary } from './failureMessage';
import { InvariantMode, isCrash, Judging, strictJudging } from './judging';

export interface P2Case {
  /** Generations the earlier and the later fault touch. */
  earlierGen: number;
  laterGen: number;
  /** The documented deviation the later fault may show. */
  deviation?: Deviation;
}

/** P2 on the reader's outcomes for the earlier fault alone and for both faults. */
export function judgeP2(alone: Outcome, both: Outcome, c: P2Case, j: Judging, aloneBytes?: Uint8Array): Verdict {
  if (j.unjudgeable === 'skip' && (isCrash(alone) || isCrash(both))) return skipped('reader crashed or hung');
  if (alone.kind !== 'error') {
    if (j.unjudgeable === 'skip') return skipped(`the earlier fault alone gives no error (${alone.kind})`);
    return fail('P2', j.explain(`the earlier fault alone must give an error; got ${outcomeSummary(alone)}`, aloneBytes));
  }
  if (j.compare.sameOutcome(alone, both)) return PASS;
  if (c.deviation && c.laterGen === c.earlierGen + 1 && j.mode === 'go-compatible') return { pass: true, finding: c.deviation };
  return fail(
    'P2',
    j.explain(`expected the earlier fault's outcome (${outcomeSummary(alone)}), got ${outcomeSummary(both)}\n  expected error: ${alone.error}\n  actual error:   ${both.error}\n${diffAround(alone.events, both.events)}`),
  );
}

export async function checkP2(reader: TraceReader, d: DoubleFaultCase, mode: InvariantMode): Promise<Verdict> {
  const j = strictJudging(mode, {
    reader: reader.name,
    what: `earlier: ${d.first.op} — ${d.first.detail}; later: ${d.both.op} — ${d.both.detail}`,
    bytes: d.both.bytes,
  });
  const alone = await reader.read(d.first.bytes);
  // The double fault is not read when the earlier fault alone already fails P2.
  if (alone.kind !== 'error') return judgeP2(alone, alone, { earlierGen: d.first.gen, laterGen: d.both.gen }, j, d.first.bytes);
  const both = await reader.read(d.both.bytes);
  return judgeP2(alone, both, { earlierGen: d.first.gen, laterGen: d.both.gen, deviation: d.both.deviation }, j, d.first.bytes);
}
