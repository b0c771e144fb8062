// The properties a report judges each reader by on a generated case. A case
// is a valid trace T and a corruption T' confined to generation k and later
// (or, for P2, a fault in an earlier generation j alone and together with a
// later one). The statements are design.md's; these checks are the report's
// per-reader verdicts, so that "regression" means "the candidate breaks a
// property the baseline keeps":
//   P1  the stream on T' starts with T's generations 1..k-1, event for event
//   P2  with both faults, the outcome is the earlier fault's outcome
//   P3  a corruption that must fail ends in an error, never a clean end
//   P4  no crash, no hang
//   P5  the same bytes give the same outcome read again (or fed in chunks,
//       for readers that take a stream)
// A P1/P2 failure on a case that carries the documented fail-fast deviation is
// reported as that named deviation, not as a failure.
import type { Outcome, TraceReader } from '../harness/traceReader';
import { splitChunks } from '../harness/properties/p5Determinism';
import { generationPrefixLength } from './generationPrefix';
import { detectSyncStyle, diffOutcomes, normalizeEvent, normalizeOutcome, OutcomeLike } from './normalize';
import type { PropertyVerdict } from './reportSchema';

export interface GeneratedCase {
  /** The valid trace. */
  valid: Uint8Array;
  /** The corrupted trace under test. */
  corrupted: Uint8Array;
  /** First generation (1-based) the corruption touches. */
  gen: number;
  expect: 'error' | 'any';
  /** Noise (random flips and splices) may strike anywhere: only P4 and P5 apply. */
  noise?: boolean;
  deviation?: string;
  /** P2 cases: the earlier fault alone, whose outcome the corrupted trace must reproduce. */
  earlier?: Uint8Array;
}

export interface JudgedRead {
  outcome: Outcome;
  ms: number;
  properties: Record<string, PropertyVerdict>;
}

const pass: PropertyVerdict = { status: 'pass' };
const skip = (message: string): PropertyVerdict => ({ status: 'skip', message });
const isCrash = (o: OutcomeLike) => o.kind === 'crash' || o.kind === 'timeout';

export async function judgeGeneratedCase(reader: TraceReader, c: GeneratedCase): Promise<JudgedRead> {
  const t0 = performance.now();
  const outcome = await reader.read(c.corrupted);
  const ms = performance.now() - t0;
  const props: Record<string, PropertyVerdict> = {};
  const fail = (p: string, message: string): PropertyVerdict =>
    c.deviation && (p === 'P1' || p === 'P2') ? { status: 'deviation', deviation: c.deviation, message } : { status: 'fail', message };

  props.P4 = isCrash(outcome) ? { status: 'fail', message: `reader ${outcome.kind}: ${firstLine(outcome.error)}` } : pass;

  if (c.expect !== 'error') props.P3 = skip('the corruption may leave the trace valid');
  else if (isCrash(outcome)) props.P3 = skip(`reader ${outcome.kind}`);
  else props.P3 = outcome.kind === 'error' ? pass : { status: 'fail', message: `clean end after ${outcome.events.length} events on a corrupted trace` };

  // A crash or hang is not read twice: P4 has it, and a second hang costs a second timeout.
  if (isCrash(outcome)) props.P5 = skip(`reader ${outcome.kind}`);
  else {
    // Fed in 7-byte chunks when the reader takes a stream, else simply read again.
    const chunked = reader.readChunks !== undefined;
    const again = chunked ? await reader.readChunks!(splitChunks(c.corrupted, 7)) : await reader.read(c.corrupted);
    props.P5 = diffOutcomes(normalizeOutcome(outcome), normalizeOutcome(again)) === null
      ? pass
      : { status: 'fail', message: `${chunked ? 'read in 7-byte chunks' : 'read again'}, the same bytes give ${describe(again)} instead of ${describe(outcome)}` };
  }

  if (c.earlier) {
    const alone = await reader.read(c.earlier);
    if (isCrash(alone) || isCrash(outcome)) props.P2 = skip('reader crashed or hung');
    else {
      const d = diffOutcomes(normalizeOutcome(alone), normalizeOutcome(outcome));
      props.P2 = d === null ? pass : fail('P2', `with a later fault added: ${describe(alone)} became ${describe(outcome)}`);
    }
  } else if (c.noise) {
    props.P1 = skip('noise may strike any generation');
  } else if (c.gen > 1) {
    const valid = await reader.read(c.valid);
    if (valid.kind !== 'ok') props.P1 = skip(`the valid trace did not read cleanly (${valid.kind})`);
    else if (isCrash(outcome)) props.P1 = skip(`reader ${outcome.kind}`);
    else {
      const style = detectSyncStyle(valid.events.slice(0, 1).map(normalizeEvent)) ?? 'counted';
      const n = generationPrefixLength(valid.events, c.gen, style);
      const want = { kind: 'ok' as const, events: valid.events.slice(0, n), error: null, eventsBeforeError: n };
      const got = { kind: 'ok' as const, events: outcome.events.slice(0, n), error: null, eventsBeforeError: n };
      props.P1 = diffOutcomes(normalizeOutcome(want), normalizeOutcome(got)) === null
        ? pass
        : fail('P1', `generations 1..${c.gen - 1} (${n} events) not emitted unchanged: got ${Math.min(n, outcome.events.length)} matching-length prefix of ${outcome.events.length} events, ${describe(outcome)}`);
    }
  }
  return { outcome, ms, properties: props };
}

function describe(o: OutcomeLike): string {
  return o.kind === 'ok' ? `clean end after ${o.events.length} events` : `${o.kind} after ${o.eventsBeforeError} events: ${firstLine(o.error)}`;
}

function firstLine(s: string | null): string {
  return (s ?? '').split('\n')[0];
}
