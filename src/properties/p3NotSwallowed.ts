// P3 — corruption is never swallowed: a corruption that makes the trace
// invalid ends the stream with an error (the reader's own error type), and,
// for a reader held to Go's exact words, with the error Go reports where the
// operator knows it. Its mirror is judged with it: a valid trace is never
// rejected (a reader that fails valid traces fails P3).
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { ExpectedOutcome, TraceCase } from '../../arbitraries/traceCase';
import { GO_COMPATIBLE_ISSUES } from '../../arbitraries/corruption/operator';
import { Verdict, PASS, fail, skipped } from './verdict';
import { outcomeSummary } from './failureMessage';
import { InvariantMode, isCrash, Judging, strictJudging } from './judging';
import { comparisonFor } from './comparison';

export type P3Case = Pick<ExpectedOutcome, 'expect' | 'knownGoIssue' | 'expectedError' | 'expectedErrorStart' | 'expectedErrorGoCompatibleOnly'>;

/** P3 on the reader's outcome for the trace (corrupted, or valid). */
export function judgeP3(out: Outcome, c: P3Case, j: Judging): Verdict {
  if (c.expect === 'any') return skipped('the corruption may leave the trace valid');
  if (j.unjudgeable === 'skip' && isCrash(out)) return skipped(`reader ${out.kind}`);
  if (c.expect === 'ok') {
    return out.kind === 'ok' ? PASS : fail('P3', j.explain(`a valid trace must be read cleanly; got ${outcomeSummary(out)}`));
  }
  if (out.kind === 'ok' && c.knownGoIssue && GO_COMPATIBLE_ISSUES.includes(c.knownGoIssue)) return { pass: true, note: c.knownGoIssue };
  if (out.kind !== 'error') return fail('P3', j.explain(`the corruption must end the stream with an error; got ${outcomeSummary(out)}`));
  // Other releases word their errors differently: only a reader held to exact text owes Go's words.
  const exact = j.compare.exact && c.expectedError !== undefined && !(c.expectedErrorGoCompatibleOnly && j.mode === 'strict');
  if (exact && out.error !== c.expectedError) return fail('P3', j.explain(`wrong error\n  expected: ${c.expectedError}\n  actual:   ${out.error}`));
  if (j.compare.exact && c.expectedErrorStart !== undefined && !(out.error ?? '').startsWith(c.expectedErrorStart)) {
    return fail('P3', j.explain(`wrong error\n  expected: ${c.expectedErrorStart}…\n  actual:   ${out.error}`));
  }
  return PASS;
}

export async function checkP3(reader: TraceReader, c: TraceCase, mode: InvariantMode = 'go-compatible'): Promise<Verdict> {
  if (c.expected.expect === 'any') return PASS;
  const j = strictJudging(mode, { reader: reader.name, what: c.description, bytes: c.bytes }, comparisonFor(reader));
  return judgeP3(await reader.read(c.bytes), c.expected, j);
}
