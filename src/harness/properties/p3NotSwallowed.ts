// P3 — corruption is never swallowed: a corruption that makes the trace
// invalid ends the stream with an error (the reader's own error type), and
// where the operator knows the exact error Go reports, with that text.
import type { TraceReader } from '../traceReader';
import type { CorruptedCase } from '../../../arbitraries/corruption';
import { GO_COMPATIBLE_ISSUES } from '../../../arbitraries/corruption/operator';
import { Verdict, PASS, fail } from './verdict';
import { failureMessage, outcomeSummary } from './failureMessage';
import type { InvariantMode } from './p1ValidPrefix';

export async function checkP3(reader: TraceReader, c: CorruptedCase, mode: InvariantMode = 'go-compatible'): Promise<Verdict> {
  const { corruption } = c;
  if (corruption.expect !== 'error') return PASS;
  const ctx = { reader: reader.name, what: `${corruption.op} — ${corruption.detail}`, bytes: corruption.bytes };
  const out = await reader.read(corruption.bytes);
  if (out.kind === 'ok' && corruption.knownGoIssue && GO_COMPATIBLE_ISSUES.includes(corruption.knownGoIssue)) {
    return { pass: true, note: corruption.knownGoIssue };
  }
  if (out.kind !== 'error') return fail('P3', failureMessage(ctx, `the corruption must end the stream with an error; got ${outcomeSummary(out)}`));
  const exact = corruption.expectedError !== undefined && !(corruption.expectedErrorGoCompatibleOnly && mode === 'strict');
  if (exact && out.error !== corruption.expectedError) {
    return fail('P3', failureMessage(ctx, `wrong error\n  expected: ${corruption.expectedError}\n  actual:   ${out.error}`));
  }
  return PASS;
}
