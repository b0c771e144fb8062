// P2 — earlier-generation errors win: with faults in generation j and in a
// later generation, the reader reports generation j's error after the same
// events as on the trace with only that fault.
import type { TraceReader } from '../traceReader';
import type { DoubleFaultCase } from '../../../arbitraries/corruption';
import { Verdict, PASS, fail } from './verdict';
import { diffAround, failureMessage, outcomeSummary } from './failureMessage';
import { firstDifference } from './stream';
import type { InvariantMode } from './p1ValidPrefix';

export async function checkP2(reader: TraceReader, d: DoubleFaultCase, mode: InvariantMode): Promise<Verdict> {
  const ctx = {
    reader: reader.name,
    what: `earlier: ${d.first.op} — ${d.first.detail}; later: ${d.both.op} — ${d.both.detail}`,
    bytes: d.both.bytes,
  };
  const alone = await reader.read(d.first.bytes);
  if (alone.kind !== 'error') return fail('P2', failureMessage({ ...ctx, bytes: d.first.bytes }, `the earlier fault alone must give an error; got ${outcomeSummary(alone)}`));
  const both = await reader.read(d.both.bytes);
  const same = both.kind === alone.kind && both.error === alone.error && firstDifference(alone.events, both.events) < 0;
  if (same) return PASS;
  if (d.both.deviation && d.both.gen === d.first.gen + 1 && mode === 'go-compatible') return { pass: true, finding: d.both.deviation };
  return fail(
    'P2',
    failureMessage(ctx, `expected the earlier fault's outcome (${outcomeSummary(alone)}), got ${outcomeSummary(both)}\n  expected error: ${alone.error}\n  actual error:   ${both.error}\n${diffAround(alone.events, both.events)}`),
  );
}
