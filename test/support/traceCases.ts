// Hand-made TraceCases for tests that judge or save a case without the
// generators: a named fault on given bytes, and a stand-in for the valid trace
// a fault was made in.
import type { TraceCase, ExpectedOutcome, Fault } from '../../arbitraries/traceCase';
import type { TraceUnderTest } from '../../arbitraries/corruption';
import type { Version } from '../../src/trace/version';
import { PERFECT_CLOCKS } from '../../arbitraries/clocks';

/** A valid trace that is only its bytes (no script or plan behind it). */
export function stubValid(bytes: Uint8Array, version: Version = 22): TraceUnderTest {
  return {
    version,
    script: { version, ms: 1, ps: 1, initialGs: 0, cThreads: 0, sysmon: 0, clocks: PERFECT_CLOCKS, freqIndex: 0, warmup: [], gens: [] },
    plan: { version, generations: [] },
    encoded: { bytes, batches: [], trailerStart: bytes.length },
    freq: 1e9,
  };
}

/** One fault named `operator` whose trace is `bytes`. */
export function namedFaultCase(bytes: Uint8Array, operator: string, version: Version = 22): TraceCase {
  const expected: ExpectedOutcome = { expect: 'error' };
  const fault: Fault = { operator, class: 'batch-structural', gen: 1, detail: 'made by hand', bytes, expected };
  return { kind: 'single-fault', version, bytes, valid: null, faults: [fault], expected, description: `${operator} — made by hand` };
}

export interface StubCase {
  valid: Uint8Array;
  /** The trace under test. */
  corrupted: Uint8Array;
  /** First generation the (earlier) fault touches. */
  gen: number;
  expect: ExpectedOutcome['expect'];
  deviation?: ExpectedOutcome['deviation'];
  /** Noise: only P4 and P5 apply. */
  noise?: boolean;
  /** Two faults: the trace with the earlier fault alone, and the later fault's generation (default gen + 1). */
  earlier?: Uint8Array;
  laterGen?: number;
}

/** A one- or two-fault case over stand-in bytes. */
export function stubCase(s: StubCase): TraceCase {
  const expected: ExpectedOutcome = s.deviation ? { expect: s.expect, deviation: s.deviation } : { expect: s.expect };
  const fault = (gen: number, bytes: Uint8Array, e: ExpectedOutcome): Fault => ({ operator: 'stub', class: s.noise ? 'noise' : 'batch-structural', gen, detail: 'stub', bytes, expected: e });
  const valid = stubValid(s.valid);
  if (s.earlier) {
    const faults = [fault(s.gen, s.earlier, { expect: 'error' }), fault(s.laterGen ?? s.gen + 1, s.corrupted, expected)];
    return { kind: 'two-faults', version: 22, bytes: s.corrupted, valid, faults, expected, description: 'two stub faults' };
  }
  return { kind: 'single-fault', version: 22, bytes: s.corrupted, valid, faults: [fault(s.gen, s.corrupted, expected)], expected, description: 'stub fault' };
}
