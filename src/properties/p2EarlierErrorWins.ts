// P2 — earlier-generation errors win: with faults in generation j and in a
// later generation, the reader reports generation j's error after the same
// events as on the trace with only that fault.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase, ExpectedOutcome } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail, skipped } from './verdict';
import { diffAround, outcomeSummary } from './failureMessage';
import { InvariantMode, isCrash, Judging, strictJudging } from './judging';
import { comparisonFor } from './comparison';

export interface P2Case extends Pick<ExpectedOutcome, 'deviation'> {
  /** Generations the earlier and the later fault touch. */
  earlierGen: number;
  laterGen: number;
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

/** P2 applies to two faults: the deviation that excuses it is the later fault's (its expected.deviation). */
export function p2CaseOf(c: TraceCase): P2Case | null {
  if (c.kind !== 'two-faults') return null;
  const [earlier, later] = c.faults;
  return { earlierGen: earlier.gen, laterGen: later.gen, deviation: c.expected.deviation };
}

export async function checkP2(reader: TraceReader, c: TraceCase, mode: InvariantMode): Promise<Verdict> {
  const p2 = p2CaseOf(c);
  if (!p2) return PASS;
  const j = strictJudging(mode, { reader: reader.name, what: c.description, bytes: c.bytes }, comparisonFor(reader));
  const earlierBytes = c.faults[0].bytes;
  const alone = await reader.read(earlierBytes);
  // The double fault is not read when the earlier fault alone already fails P2.
  if (alone.kind !== 'error') return judgeP2(alone, alone, p2, j, earlierBytes);
  return judgeP2(alone, await reader.read(c.bytes), p2, j, earlierBytes);
}
