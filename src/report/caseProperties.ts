// The properties a report judges each reader by on a generated case: the
// harness's own P1–P5 checks (../properties), under the report's
// judging — outcomes compared in normalized form, since the readers compared
// may be of different Go releases, and each failure counted once (a crash or
// hang is P4's; a property whose premise fails for the reader is skipped).
// A case is a valid trace T and a corruption T' confined to generation k and
// later (or, for P2, a fault in an earlier generation j alone and together
// with a later one), so that "regression" means "the candidate breaks a
// property the baseline keeps". A P1/P2 failure on a case that carries the
// documented fail-fast deviation is reported as that named deviation.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase } from '../../arbitraries/traceCase';
import type { Deviation } from '../../arbitraries/corruption/operator';
import { CROSS_RELEASE } from '../properties/comparison';
import { Judging, plainExplanation } from '../properties/judging';
import type { Verdict } from '../properties/verdict';
import { judgeP1, p1CaseOf, readForP1 } from '../properties/p1ValidPrefix';
import { judgeP2, p2CaseOf } from '../properties/p2EarlierErrorWins';
import { judgeP3 } from '../properties/p3NotSwallowed';
import { judgeP4 } from '../properties/p4NoCrash';
import { judgeP5 } from '../properties/p5Determinism';
import type { PropertyVerdict } from './reportSchema';

export interface JudgedRead {
  outcome: Outcome;
  ms: number;
  properties: Record<string, PropertyVerdict>;
}

/** Strict invariants (the deviation is named below, whatever the reader), normalized comparison. */
const REPORT_JUDGING: Judging = { mode: 'strict', compare: CROSS_RELEASE, unjudgeable: 'skip', explain: plainExplanation };

/** Chunk size for P5 when the reader takes a stream. */
const REPORT_CHUNK_SIZES = [7];

export async function judgeGeneratedCase(reader: TraceReader, c: TraceCase): Promise<JudgedRead> {
  const t0 = performance.now();
  const outcome = await reader.read(c.bytes);
  const ms = performance.now() - t0;
  const j = REPORT_JUDGING;
  const v = (p: 'P1' | 'P2' | 'P3' | 'P4' | 'P5', verdict: Verdict) => toPropertyVerdict(p, verdict, c.expected.deviation);
  const props: Record<string, PropertyVerdict> = {};
  // The time is kept, not judged: an external reader's read includes its start, and its timeout is the hang check.
  props.P4 = v('P4', judgeP4(outcome, c.bytes.length, null, j.explain));
  // The outcome class only: readers of other releases word their errors differently.
  // A valid trace is judged too: a candidate that rejects what the baseline reads regresses.
  props.P3 = v('P3', judgeP3(outcome, { expect: c.expected.expect }, j));
  props.P5 = v('P5', await judgeP5(reader, c.bytes, outcome, j, REPORT_CHUNK_SIZES));
  const p1 = p1CaseOf(c);
  const p2 = p2CaseOf(c);
  if (p2) {
    props.P2 = v('P2', judgeP2(await reader.read(c.faults[0].bytes), outcome, p2, j));
  } else if (c.kind === 'single-fault' && c.faults[0].class === 'noise') {
    props.P1 = { status: 'skip', message: 'noise may strike any generation' };
  } else if (p1 && c.valid && p1.gen > 1) {
    // The corrupted trace was read above; its outcome is reused.
    const reads = await readForP1({ name: reader.name, read: (t) => (t === c.bytes ? Promise.resolve(outcome) : reader.read(t)), close: async () => undefined }, c, p1, j);
    props.P1 = v('P1', judgeP1(reads, p1, j));
  }
  return { outcome, ms, properties: props };
}

function toPropertyVerdict(p: string, v: Verdict, deviation: Deviation | undefined): PropertyVerdict {
  if (v.pass) return v.skipped !== undefined ? { status: 'skip', message: v.skipped } : { status: 'pass' };
  return deviation && (p === 'P1' || p === 'P2') ? { status: 'deviation', deviation, message: v.message } : { status: 'fail', message: v.message };
}
