// P3 — corruption is never swallowed: a corruption that makes the trace
// invalid ends the stream with an error (the reader's own error type), and
// where the operator knows the exact error Go reports, with that text.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { ExpectedOutcome, TraceCase } from '../../arbitraries/traceCase';
import { GO_COMPATIBLE_ISSUES } from '../../arbitraries/corruption/operator';
import { Verdict, PASS, fail, skipped } from './verdict';
import { outcomeSummary } from './failureMessage';
import { InvariantMode, isCrash, Judging, strictJudging } from './judging';

export type P3Case = Pick<ExpectedOutcome, 'expect' | 'knownGoIssue' | 'expectedError' | 'expectedErrorStart' | 'expectedErrorGoCompatibleOnly'>;

/** P3 on the reader's outcome for the corrupted trace. */
export function judgeP3(out: Outcome, c: P3Case, j: Judging): Verdict {
  if (c.expect !== 'error') return skipped('the corruption may leave the trace valid');
  if (j.unjudgeable === 'skip' && isCrash(out)) return skipped(`reader ${out.kind}`);
  if (out.kind === 'ok' && c.knownGoIssue && GO_COMPATIBLE_ISSUES.includes(c.knownGoIssue)) return { pass: true, note: c.knownGoIssue };
  if (out.kind !== 'error') return fail('P3', j.explain(`the corruption must end the stream with an error; got ${outcomeSummary(out)}`));
  const exact = c.expectedError !== undefined && !(c.expectedErrorGoCompatibleOnly && j.mode === 'strict');
  if (exact && out.error !== c.expectedError) return fail('P3', j.explain(`wrong error\n  expected: ${c.expectedError}\n  actual:   ${out.error}`));
  if (c.expectedErrorStart !== undefined && !(out.error ?? '').startsWith(c.expectedErrorStart)) {
    return fail('P3', j.explain(`wrong error\n  expected: ${c.expectedErrorStart}…\n  actual:   ${out.error}`));
  }
  return PASS;
}

export async function checkP3(reader: TraceReader, c: TraceCase, mode: InvariantMode = 'go-compatible'): Promise<Verdict> {
  if (c.expected.expect !== 'error') return PASS;
  const j = strictJudging(mode, { reader: reader.name, what: c.description, bytes: c.bytes });
  return judgeP3(await reader.read(c.bytes), c.expected, j);
}
