// P1 — valid generations are fully emitted before a spill error: with a
// corruption confined to generation k and later, the stream starts with
// exactly what the reader emits for generations 1..k-1. Those generations are
// found in the trace's bytes (their batch headers, generationBounds.ts), not
// by counting Sync events: the reader's own stream on the valid trace cut
// before generation k is that prefix. When the fault's place in the reader's
// order is known (a clean cut in time, arbitraries/timing.ts) and the reader
// is held to exact text, the stream is exactly the valid stream up to that
// place, then the error. With skewed thread clocks that place is not an
// instant: the reader takes events out of timestamp order, so it is given as a
// count of generation k's events.
import type { Outcome, TraceReader } from '../readers/traceReader';
import type { TraceCase, ExpectedOutcome } from '../../arbitraries/traceCase';
import { traceBeforeGeneration } from '../trace/generationBounds';
import { Verdict, PASS, fail, skipped } from './verdict';
import { firstDifference, generationEvents } from './stream';
import { diffAround, outcomeSummary } from './failureMessage';
import { InvariantMode, isCrash, Judging, strictJudging } from './judging';
import { comparisonFor } from './comparison';

export type { InvariantMode };

export interface P1Case extends Pick<ExpectedOutcome, 'expect' | 'deviation' | 'exactPrefix'> {
  /** First generation (1-based) the corruption touches. */
  gen: number;
}

/** The reader's outcomes P1 is judged on. */
export interface P1Reads {
  /** On the valid trace cut before generation k (generations 1..k-1); null for k = 1. */
  before: Outcome | null;
  /** That cut trace, for a failure message. */
  beforeBytes?: Uint8Array;
  /** On the valid trace cut before generation k-1, when the case carries the fail-fast deviation. */
  beforePrevious?: Outcome | null;
  /** On the whole valid trace the fault was made in. */
  valid?: Outcome;
  validBytes?: Uint8Array;
  /** On the corrupted trace. */
  out: Outcome;
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

/** The events of the generations a cut trace holds, or a verdict when the reader cannot read it. */
function prefixOf(o: Outcome | null, what: string, j: Judging, bytes?: Uint8Array): string[] | Verdict {
  if (o === null) return [];
  if (o.kind === 'ok') return generationEvents(o.events);
  if (j.unjudgeable === 'skip' && isCrash(o)) return skipped(`reader ${o.kind} on ${what}`);
  // A valid trace is a case too: a reader that cannot read it fails.
  return fail('P1', j.explain(`${what} (a valid trace) was not read cleanly: ${outcomeSummary(o)}`, bytes));
}

/** P1 on the reader's outcomes. */
export function judgeP1(reads: P1Reads, c: P1Case, j: Judging): Verdict {
  const failP1 = (body: string) => fail('P1', j.explain(body));
  const k = c.gen;
  const prefix = prefixOf(reads.before, `the valid trace cut before generation ${k}`, j, reads.beforeBytes);
  if (!Array.isArray(prefix)) return prefix;
  // The valid trace the fault was made in must read cleanly too.
  if (reads.valid !== undefined) {
    const whole = prefixOf(reads.valid, 'the valid trace', j, reads.validBytes);
    if (!Array.isArray(whole)) return whole;
  }
  const out = reads.out;
  if (j.unjudgeable === 'skip' && isCrash(out)) return skipped(`reader ${out.kind}`);
  const holds = j.compare.startsWithPrefix(out.events, prefix);

  if (c.deviation && j.mode === 'go-compatible') {
    const previous = reads.beforePrevious === undefined ? null : prefixOf(reads.beforePrevious, `the valid trace cut before generation ${k - 1}`, j);
    const lostPrevious = !holds && k >= 2 && out.kind === 'error' && Array.isArray(previous) && j.compare.startsWithPrefix(out.events, previous);
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
  if (j.compare.exact && reads.valid?.kind === 'ok' && c.exactPrefix !== undefined && c.expect === 'error') {
    // The TS reader's stream on generations 1..k-1 ends with the one Sync that
    // ends the trace; on the whole trace that place holds generation k's Sync.
    const n = reads.before === null ? 0 : reads.before.events.length - 1;
    // CPU samples are left out: they have no fixed place relative to the fault. From generation k's Sync on:
    // that Sync, then exactly the events the reader takes before it reaches the fault.
    const { events: count, ordered } = c.exactPrefix;
    const exact = withoutSamples(reads.valid.events.slice(n)).slice(0, 1 + count);
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

/**
 * Reads what P1 needs: the valid trace cut before generation k (and k-1 for
 * the deviation) and whole, then the corrupted trace — not read when a valid
 * one already fails.
 */
export async function readForP1(reader: TraceReader, c: TraceCase, p1: P1Case, j: Judging): Promise<P1Reads> {
  const valid = c.valid!.encoded.bytes;
  const cut = async (gen: number) => (gen <= 1 ? null : reader.read(traceBeforeGeneration(valid, gen)));
  const beforeBytes = traceBeforeGeneration(valid, p1.gen);
  const before = await cut(p1.gen);
  if (before !== null && before.kind !== 'ok') return { before, beforeBytes, out: before };
  const reads: P1Reads = { before, beforeBytes, out: before ?? { kind: 'ok', events: [], error: null, eventsBeforeError: 0 } };
  if (p1.deviation && j.mode === 'go-compatible') reads.beforePrevious = await cut(p1.gen - 1);
  reads.validBytes = valid;
  reads.valid = await reader.read(valid);
  if (reads.valid.kind !== 'ok') return { ...reads, out: reads.valid };
  reads.out = await reader.read(c.bytes);
  return reads;
}

export async function checkP1(reader: TraceReader, c: TraceCase, mode: InvariantMode): Promise<Verdict> {
  const p1 = p1CaseOf(c);
  if (!p1 || !c.valid) return PASS;
  const j = strictJudging(mode, { reader: reader.name, what: c.description, bytes: c.bytes }, comparisonFor(reader));
  return judgeP1(await readForP1(reader, c, p1, j), p1, j);
}
