// P1 — valid generations are fully emitted before a spill error: with a
// corruption confined to generation k and later, the stream starts with
// exactly Sync₁ E₁ … Sync_{k-1} E_{k-1}. When the fault has a known instant,
// the stream is exactly the valid stream up to that instant, then the error.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase, ExpectedOutcome } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail, skipped } from './verdict';
import { prefixBeforeTime, firstDifference } from './stream';
import { diffAround, outcomeSummary } from './failureMessage';
import { InvariantMode, isCrash, Judging, strictJudging } from './judging';

export type { InvariantMode };

export interface P1Case extends Pick<ExpectedOutcome, 'expect' | 'deviation' | 'faultTime'> {
  /** First generation (1-based) the corruption touches. */
  gen: number;
  /** Nanoseconds per tick, for a fault at a known instant (faultTime, in raw ticks). */
  nsPerTick?: number;
}

function withoutSamples(events: readonly string[]): string[] {
  return events.filter((e) => !/^M=-?\d+ P=-?\d+ G=-?\d+ StackSample /.test(e));
}

/** P1 on the reader's outcomes for the valid trace and for the corrupted one. */
export function judgeP1(valid: Outcome, out: Outcome, c: P1Case, j: Judging, validBytes?: Uint8Array): Verdict {
  const failP1 = (body: string, bytes?: Uint8Array) => fail('P1', j.explain(body, bytes));
  if (valid.kind !== 'ok') {
    if (j.unjudgeable === 'skip') return skipped(`the valid trace did not read cleanly (${valid.kind})`);
    return failP1(`the valid trace itself was not read cleanly: ${outcomeSummary(valid)}`, validBytes);
  }
  if (j.unjudgeable === 'skip' && isCrash(out)) return skipped(`reader ${out.kind}`);
  const k = c.gen;
  const n = j.compare.generationPrefixLength(valid.events, k);
  const prefix = valid.events.slice(0, n);
  const holds = j.compare.startsWithPrefix(out.events, valid.events, n);

  if (c.deviation && j.mode === 'go-compatible') {
    const lostPrevious = !holds && k >= 2 && out.kind === 'error' && j.compare.startsWithPrefix(out.events, valid.events, j.compare.generationPrefixLength(valid.events, k - 1));
    if (lostPrevious) return { pass: true, finding: c.deviation };
    return failP1(
      holds
        ? `documented deviation ${c.deviation} expected (generation ${k - 1} lost), but generations 1..${k - 1} were emitted: the behaviour changed`
        : `neither P1 nor the documented deviation: ${outcomeSummary(out)}\n${diffAround(prefix, out.events)}`,
    );
  }
  if (!holds) {
    return failP1(`generations 1..${k - 1} must be emitted exactly as in the valid trace before anything differs; got ${outcomeSummary(out)}\n${diffAround(prefix, out.events)}`);
  }
  if (j.compare.knowsInstants && c.faultTime !== undefined && c.nsPerTick !== undefined && c.expect === 'error') {
    // CPU samples are left out: one taken right after the fault's instant has no fixed place relative to it.
    // Strictly before the fault, less a nanosecond: the reader gives the events an earlier event expands into
    // (GoSwitch → GoBlock/GoDestroy, GoStart) its time +1, +2 ns; the model keeps events far enough apart.
    // And never past the faulty generation: the next one's Sync may come earlier than the fault's time.
    const untilNextGen = j.compare.generationPrefixLength(valid.events, k + 1);
    const exact = withoutSamples(prefixBeforeTime(valid.events, c.faultTime * c.nsPerTick - 1).slice(0, untilNextGen));
    const got = withoutSamples(out.events);
    if (out.kind !== 'error' || firstDifference(exact, got) >= 0) {
      return failP1(`the stream must be exactly the valid stream before the faulty event (raw time ${c.faultTime}), then an error; got ${outcomeSummary(out)}\n${diffAround(exact, got)}`);
    }
  }
  return PASS;
}

/** P1 applies to one fault in a valid trace; noise may strike any generation. */
export function p1CaseOf(c: TraceCase): P1Case | null {
  const f = c.faults[0];
  if (c.kind !== 'single-fault' || !c.valid || f.class === 'noise') return null;
  return { ...c.expected, gen: f.gen, nsPerTick: 1e9 / c.valid.freq };
}

export async function checkP1(reader: TraceReader, c: TraceCase, mode: InvariantMode): Promise<Verdict> {
  const p1 = p1CaseOf(c);
  if (!p1 || !c.valid) return PASS;
  const j = strictJudging(mode, { reader: reader.name, what: c.description, bytes: c.bytes });
  const validBytes = c.valid.encoded.bytes;
  const valid = await reader.read(validBytes);
  // The corrupted trace is not read when the valid one already fails.
  if (valid.kind !== 'ok') return judgeP1(valid, valid, p1, j, validBytes);
  return judgeP1(valid, await reader.read(c.bytes), p1, j, validBytes);
}
