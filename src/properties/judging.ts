// How strictly a property judges a reader. Tests and fuzzing hold a reader to
// every premise of a property: a crash, or a valid trace it cannot read, fails
// whatever property runs into it, and messages carry the whole case. A report
// judges each reader of a comparison once per property: a crash or hang is
// P4's alone, a property whose premise does not hold for this reader (an older
// release cannot read the valid trace, the earlier fault alone is no error) is
// skipped, and messages are one case's short explanation.
import type { Outcome } from '../readers/traceReader';
import { EXACT_TEXT, OutcomeComparison } from './comparison';
import { failureMessage, FailureContext } from './failureMessage';

export type InvariantMode = 'strict' | 'go-compatible';

/** Turns a failure's explanation into its message; `bytes` names another trace of the case than the one under test. */
export type Explain = (body: string, bytes?: Uint8Array) => string;

export interface Judging {
  /** Strict invariants, or Go-compatible (the documented deviation is then a finding, not a failure). */
  mode: InvariantMode;
  compare: OutcomeComparison;
  unjudgeable: 'fail' | 'skip';
  explain: Explain;
}

export const plainExplanation: Explain = (body) => body;

/**
 * The judging of tests, mutants and fuzzing: every premise required, the case
 * in the message, outcomes compared as the reader's lineage calls for
 * (comparisonFor: exact text for the TS reader, normalized for others).
 */
export function strictJudging(mode: InvariantMode, ctx: FailureContext, compare: OutcomeComparison = EXACT_TEXT): Judging {
  return { mode, compare, unjudgeable: 'fail', explain: (body, bytes) => failureMessage(bytes ? { ...ctx, bytes } : ctx, body) };
}

export function isCrash(o: Outcome): boolean {
  return o.kind === 'crash' || o.kind === 'timeout';
}
