// One case, from the generators to a finding on disk and to a report: what was
// generated (a valid trace, one fault, two faults, or raw bytes), which
// operator(s) of which class in which generation(s), and what any conforming
// reader must do on it. The property suite, the fuzz campaign and the report
// all draw their cases from the arbitraries here, and carry this type to the
// end: nothing downstream recovers it from a description string.
import fc from 'fast-check';
import { traceVersion, Version, VERSIONS, writeHeader } from '../src/trace/version';
import { GeneratedTrace, generateTrace, SMALL_KNOBS, traceArb, TraceKnobs, TraceScript } from './trace';
import type { ExactPrefix } from './timing';
import {
  CorruptedCase,
  corruptedCaseArb,
  corruptionOfScriptArb,
  doubleFaultOfScriptArb,
  CorruptionOptions,
  CorruptionResult,
  Deviation,
  DoubleFaultCase,
  doubleFaultArb,
  KnownGoIssue,
  OutcomeClass,
  TraceUnderTest,
  underTest,
} from './corruption';

export type CaseKind = 'valid' | 'single-fault' | 'two-faults' | 'raw-bytes';

/** What any conforming reader must do on a trace. */
export interface ExpectedOutcome {
  /** 'ok': read it cleanly; 'error': end the stream with an error (P3); 'any': only what holds for any bytes (P4, P5, P7). */
  expect: 'ok' | 'error' | 'any';
  /** When known: the exact error text a Go-conforming reader reports. */
  expectedError?: string;
  /** The expected error is Go's fail-fast text, which a strict reader need not give (see CorruptionResult). */
  expectedErrorGoCompatibleOnly?: boolean;
  /** Go's reader (and the Go-compatible TS reader) deliberately break P1/P2 here. */
  deviation?: Deviation;
  /** When only the error's kind is known: how its text starts (Go's "broken trace: failed to advance" dumps the reader's state). */
  expectedErrorStart?: string;
  /** For a fault whose place in the reader's order is known: the valid stream's first events of its generation come before it. */
  exactPrefix?: ExactPrefix;
  /** A known bug of Go's reader this trace runs into (so Go cannot serve as the reference). */
  knownGoIssue?: KnownGoIssue;
}

/** One corruption operator applied to the case's valid trace. */
export interface Fault {
  operator: string;
  class: OutcomeClass;
  /** First generation (1-based) it touches; generations before it must read as in the valid trace. */
  gen: number;
  /** What was changed, where, with which values. */
  detail: string;
  /** The trace with this fault (and the faults before it). */
  bytes: Uint8Array;
  /** What a conforming reader must do on that trace. */
  expected: ExpectedOutcome;
}

export interface TraceCase {
  kind: CaseKind;
  /** The trace version (of the header, for raw bytes); null when the bytes have no valid header. */
  version: Version | null;
  /** The bytes under test. */
  bytes: Uint8Array;
  /** The valid trace the faults were made in (the trace itself for a valid case); null for raw bytes. */
  valid: TraceUnderTest | null;
  /** In the order they were made: for two faults, the earlier one first. */
  faults: readonly Fault[];
  /** What a conforming reader must do on `bytes`. */
  expected: ExpectedOutcome;
  /** One line for people (failure messages, report labels). */
  description: string;
}

function expectedOf(r: CorruptionResult): ExpectedOutcome {
  const e: ExpectedOutcome = { expect: r.expect };
  if (r.expectedError !== undefined) e.expectedError = r.expectedError;
  if (r.expectedErrorGoCompatibleOnly !== undefined) e.expectedErrorGoCompatibleOnly = r.expectedErrorGoCompatibleOnly;
  if (r.deviation !== undefined) e.deviation = r.deviation;
  if (r.expectedErrorStart !== undefined) e.expectedErrorStart = r.expectedErrorStart;
  if (r.exactPrefix !== undefined) e.exactPrefix = r.exactPrefix;
  if (r.knownGoIssue !== undefined) e.knownGoIssue = r.knownGoIssue;
  return e;
}

function faultOf(r: CorruptionResult): Fault {
  return { operator: r.op, class: r.class, gen: r.gen, detail: r.detail, bytes: r.bytes, expected: expectedOf(r) };
}

const faultText = (f: Fault) => `${f.operator} — ${f.detail}`;

function validCase(t: GeneratedTrace): TraceCase {
  return { kind: 'valid', version: t.plan.version, bytes: t.bytes, valid: underTest(t), faults: [], expected: { expect: 'ok' }, description: 'valid trace' };
}

function singleFaultCase(c: CorruptedCase): TraceCase {
  const f = faultOf(c.corruption);
  return { kind: 'single-fault', version: c.valid.version, bytes: f.bytes, valid: c.valid, faults: [f], expected: f.expected, description: faultText(f) };
}

/**
 * Two faults: what the reader must do on both is what it does on the earlier
 * alone (P2), except where the later fault is a documented deviation.
 */
function twoFaultCase(d: DoubleFaultCase): TraceCase {
  const earlier = faultOf(d.first);
  const later = faultOf(d.both);
  const expected: ExpectedOutcome = { expect: 'error' };
  if (later.expected.deviation !== undefined) expected.deviation = later.expected.deviation;
  return {
    kind: 'two-faults',
    version: d.valid.version,
    bytes: later.bytes,
    valid: d.valid,
    faults: [earlier, later],
    expected,
    description: `earlier: ${faultText(earlier)}; later: ${faultText(later)}`,
  };
}

/** Bytes made without a model (random, or found elsewhere): only what holds for any bytes applies. */
function rawBytesCase(bytes: Uint8Array, description: string): TraceCase {
  return { kind: 'raw-bytes', version: traceVersion(bytes), bytes, valid: null, faults: [], expected: { expect: 'any' }, description };
}

/**
 * The operator(s) a case was made with, as one name: `op`, `earlier+later`,
 * `valid`, `random-bytes`. Finding signatures and corpus file names use it.
 */
export function caseOperator(c: TraceCase): string {
  switch (c.kind) {
    case 'valid': return 'valid';
    case 'raw-bytes': return 'random-bytes';
    default: return c.faults.map((f) => f.operator).join('+');
  }
}

/** `go1.22`, or `none` for bytes without a valid header. */
export function caseVersionName(c: TraceCase): string {
  return c.version === null ? 'none' : `go1.${c.version}`;
}

export function validCaseArb(k: TraceKnobs = SMALL_KNOBS): fc.Arbitrary<TraceCase> {
  return traceArb(k).map(validCase);
}

export function singleFaultCaseArb(k: TraceKnobs = SMALL_KNOBS, opts: CorruptionOptions = {}): fc.Arbitrary<TraceCase> {
  return corruptedCaseArb(k, opts).map(singleFaultCase);
}

export function twoFaultCaseArb(k: TraceKnobs = SMALL_KNOBS, weights?: ReadonlyMap<string, number>): fc.Arbitrary<TraceCase> {
  return doubleFaultArb(k, weights).map(twoFaultCase);
}

/** The valid trace of a given script, as a case. */
export function validCaseOfScript(script: TraceScript): TraceCase {
  return validCase(generateTrace(script));
}

/** One fault in the trace of a given script (null when no chosen operator has a place in it). */
export function singleFaultCaseOfScriptArb(script: TraceScript, opts: CorruptionOptions = {}): fc.Arbitrary<TraceCase> | null {
  return corruptionOfScriptArb(script, opts)?.map(singleFaultCase) ?? null;
}

/** Two faults in the trace of a given script (null values where it has no place for a later fault). */
export function twoFaultCaseOfScriptArb(script: TraceScript, weights?: ReadonlyMap<string, number>): fc.Arbitrary<TraceCase | null> {
  return doubleFaultOfScriptArb(script, weights).map((d) => (d === null ? null : twoFaultCase(d)));
}

/** A valid header followed by random bytes. */
export function headerAndRandomBytesCaseArb(versions: readonly Version[] = VERSIONS): fc.Arbitrary<TraceCase> {
  return fc
    .tuple(fc.constantFrom(...versions), fc.uint8Array({ maxLength: 512 }))
    .map(([v, rest]) => rawBytesCase(Uint8Array.from([...writeHeader(v), ...rest]), `go1.${v} header + ${rest.length} random bytes`));
}

/** Random bytes, rarely anything like a trace. */
export function randomBytesCaseArb(): fc.Arbitrary<TraceCase> {
  return fc.uint8Array({ maxLength: 64 }).map((b) => rawBytesCase(b, `${b.length} random bytes`));
}

/** Any bytes at all: mostly corrupted traces, some random payloads after a valid header, some pure garbage. */
export function anyBytesCaseArb(k: TraceKnobs = SMALL_KNOBS): fc.Arbitrary<TraceCase> {
  return fc.oneof(
    { weight: 4, arbitrary: singleFaultCaseArb(k) },
    { weight: 1, arbitrary: headerAndRandomBytesCaseArb(k.versions) },
    { weight: 1, arbitrary: randomBytesCaseArb() },
  );
}
