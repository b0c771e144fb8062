// P1 — valid generations are fully emitted before a spill error: with a
// corruption confined to generation k and later, the stream starts with
// exactly Sync₁ E₁ … Sync_{k-1} E_{k-1}. When the fault's place in the
// reader's order is known (a clean cut in time, arbitraries/timing.ts), the
// stream is exactly the valid stream up to that place, then the error. With
// skewed thread clocks that place is not an instant: the reader takes events
// out of timestamp order, so it is given as a count of generation k's events.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase, ExpectedOutcome } from '../../arbitraries/traceCase';
import { Verdict, PASS, fail, skipped } from './verdict';
import { firstDifference } from './stream';
import { diffAround, outcomeSummary } from './failureMessage';
import { InvariantMode, isCrash, Judging, strictJudging } from './judging';

export type { InvariantMode };

export interface P1Case extends Pick<ExpectedOutcome, 'expect' | 'deviation' | 'exactPrefix'> {
  /** First generation (1-based) the corruption touches. */
  gen: number;
}

function withoutSamples(events: readonly string[]): string[] {
  return events.filter((e) => !/^M=-?\d+ P=-?\d+ G=-?\d+ StackSample /.test(e));
}

/** An event without its time: equal timestamps may let a reader take the same events in another order (and so give them other times). */
const untimed = (e: string) => e.replace(/ Time=-?\d+/, '');

/** The same events, whatever their order and times. */
function sameEvents(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = a.map(untimed).sort();
  const y = b.map(untimed).sort();
  return x.every((e, i) => e === y[i]);
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
  if (j.compare.knowsInstants && c.exactPrefix !== undefined && c.expect === 'error') {
    // CPU samples are left out: they have no fixed place relative to the fault. From generation k's Sync on:
    // that Sync, then exactly the events the reader takes before it reaches the fault.
    const { events: count, ordered } = c.exactPrefix;
    const exact = withoutSamples(valid.events.slice(n)).slice(0, 1 + count);
    const got = withoutSamples(out.events.slice(n));
    const same = ordered ? firstDifference(exact, got) < 0 : got.length === exact.length && got[0] === exact[0] && sameEvents(exact.slice(1), got.slice(1));
    if (out.kind !== 'error' || !same) {
      const how = ordered ? 'exactly the valid stream' : 'the same events as the valid stream (in some order: equal timestamps)';
      return failP1(
        `the stream must be ${how} up to the faulty event (generation ${k}'s Sync and ${count} event(s) of generation ${k}), then an error; got ${outcomeSummary(out)}\n${diffAround([...prefix, ...exact], [...out.events.slice(0, n), ...got])}`,
      );
    }
  }
  return PASS;
}

/** P1 applies to one fault in a valid trace; noise may strike any generation. */
export function p1CaseOf(c: TraceCase): P1Case | null {
  const f = c.faults[0];
  if (c.kind !== 'single-fault' || !c.valid || f.class === 'noise') return null;
  return { ...c.expected, gen: f.gen };
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
