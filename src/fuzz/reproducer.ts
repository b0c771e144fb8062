// The predicate that keeps a finding while it is minimized: the reader under
// test must still fail the case that replay would build from the trace (the
// reference reader's outcome as expectation, with its event count), and both
// readers must keep their error classes. This is exactly what makes the saved,
// minimized case fail on replay against the reader and pass against the
// reference.
import { outcomeClass } from './errorClass';
import { checkExpectation, expectationFor } from '../corpus/expectation';
import type { Outcome, TraceReader } from '../readers/traceReader';
import { Predicate } from '../minimize/minimizer';

type OutcomeReader = Pick<TraceReader, 'read'>;

const count = (o: Outcome) => (o.kind === 'ok' ? o.events.length : o.eventsBeforeError);

/** Does replay against `reader` fail the case built from `reference`'s outcome? */
export async function disagrees(reader: OutcomeReader, reference: OutcomeReader, trace: Uint8Array): Promise<boolean> {
  const ref = await reference.read(trace);
  if (ref.kind !== 'ok' && ref.kind !== 'error') return false;
  return checkExpectation(expectationFor(ref), await reader.read(trace), count(ref)) !== null;
}

/**
 * A predicate for minimizing a disagreement found on `original`: on each
 * candidate the reader must still fail the reference-built case, with the
 * same error classes on both sides as on the original.
 */
export async function disagreementPredicate(reader: OutcomeReader, reference: OutcomeReader, original: Uint8Array): Promise<Predicate> {
  const [r0, m0] = [await reference.read(original), await reader.read(original)];
  const [refClass, readerClass] = [outcomeClass(r0), outcomeClass(m0)];
  return async (t) => {
    const ref = await reference.read(t);
    if (outcomeClass(ref) !== refClass || (ref.kind !== 'ok' && ref.kind !== 'error')) return false;
    const out = await reader.read(t);
    return outcomeClass(out) === readerClass && checkExpectation(expectationFor(ref), out, count(ref)) !== null;
  };
}

/** A predicate that keeps the reader's own outcome class (for crashes, hangs and errors without a reference). */
export async function sameOutcomePredicate(reader: OutcomeReader, original: Uint8Array): Promise<Predicate> {
  const want = outcomeClass(await reader.read(original));
  return async (t) => outcomeClass(await reader.read(t)) === want;
}
