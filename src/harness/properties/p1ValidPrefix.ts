// P1 — valid generations are fully emitted before a spill error: with a
// corruption confined to generation k and later, the stream starts with
// exactly Sync₁ E₁ … Sync_{k-1} E_{k-1}. When the fault has a known instant,
// the stream is exactly the valid stream up to that instant, then the error.
import type { TraceReader } from '../traceReader';
import type { CorruptedCase } from '../../../arbitraries/corruption';
import { Verdict, PASS, fail } from './verdict';
import { prefixBeforeGeneration, prefixBeforeTime, startsWith, firstDifference } from './stream';
import { diffAround, failureMessage, outcomeSummary } from './failureMessage';

export type InvariantMode = 'strict' | 'go-compatible';

function withoutSamples(events: readonly string[]): string[] {
  return events.filter((e) => !/^M=-?\d+ P=-?\d+ G=-?\d+ StackSample /.test(e));
}

export async function checkP1(reader: TraceReader, c: CorruptedCase, mode: InvariantMode): Promise<Verdict> {
  const { corruption } = c;
  if (corruption.class === 'noise') return PASS;
  const ctx = { reader: reader.name, what: `${corruption.op} — ${corruption.detail}`, bytes: corruption.bytes };
  const valid = await reader.read(c.valid.encoded.bytes);
  if (valid.kind !== 'ok') return fail('P1', failureMessage({ ...ctx, bytes: c.valid.encoded.bytes }, `the valid trace itself was not read cleanly: ${outcomeSummary(valid)}`));
  const out = await reader.read(corruption.bytes);
  const k = corruption.gen;
  const prefix = prefixBeforeGeneration(valid.events, k);
  const holds = startsWith(out.events, prefix);

  if (corruption.deviation && mode === 'go-compatible') {
    const lostPrevious = !holds && out.kind === 'error' && startsWith(out.events, prefixBeforeGeneration(valid.events, k - 1));
    if (lostPrevious) return { pass: true, finding: corruption.deviation };
    return fail(
      'P1',
      failureMessage(
        ctx,
        holds
          ? `documented deviation ${corruption.deviation} expected (generation ${k - 1} lost), but generations 1..${k - 1} were emitted: the behaviour changed`
          : `neither P1 nor the documented deviation: ${outcomeSummary(out)}\n${diffAround(prefix, out.events)}`,
      ),
    );
  }
  if (!holds) {
    return fail('P1', failureMessage(ctx, `generations 1..${k - 1} must be emitted exactly as in the valid trace before anything differs; got ${outcomeSummary(out)}\n${diffAround(prefix, out.events)}`));
  }
  if (corruption.faultTime !== undefined && corruption.expect === 'error') {
    const nsPerTick = 1e9 / c.valid.freq;
    // CPU samples are left out: one taken right after the fault's instant has no fixed place relative to it.
    // Strictly before the fault, less a nanosecond: the reader gives the events an earlier event expands into
    // (GoSwitch → GoBlock/GoDestroy, GoStart) its time +1, +2 ns; the model keeps events far enough apart.
    // And never past the faulty generation: the next one's Sync may come earlier than the fault's time.
    const untilNextGen = prefixBeforeGeneration(valid.events, k + 1);
    const exact = withoutSamples(prefixBeforeTime(valid.events, corruption.faultTime * nsPerTick - 1).slice(0, untilNextGen.length));
    const got = withoutSamples(out.events);
    if (out.kind !== 'error' || firstDifference(exact, got) >= 0) {
      return fail(
        'P1',
        failureMessage(ctx, `the stream must be exactly the valid stream before the faulty event (raw time ${corruption.faultTime}), then an error; got ${outcomeSummary(out)}\n${diffAround(exact, got)}`),
      );
    }
  }
  return PASS;
}
