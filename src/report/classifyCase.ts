// Deciding what one case says about the candidate compared with the baseline.
// Properties decide regressions and fixes; the normalized outcomes decide
// whether anything changed at all. A crash or hang of either reader is its own
// class, except that a candidate crashing where the baseline did not is a
// regression (P4), so CI gates on it.
import { errorClass } from '../fuzz/errorClass';
import { differenceCause } from '../fuzz/failureCause';
import { diffOutcomes, NormalizedOutcome, OutcomeDifference } from '../properties/normalize';
import type { CaseClass, PropertyVerdict } from './reportSchema';

export interface ReaderSide {
  outcome: NormalizedOutcome;
  properties: Record<string, PropertyVerdict>;
}

export interface Classification {
  class: CaseClass;
  regressed: string[];
  fixed: string[];
  difference: OutcomeDifference | null;
  /**
   * Grouping key of the difference; null when the class is 'same': the class,
   * the properties it breaks or mends, and the cause — how the candidate's
   * outcome differs from the baseline's (failureCause.ts). Operators and
   * versions are counted inside a group, not part of its key: one cause
   * reached through many operators is one group.
   */
  signature: string | null;
  /** The cause part of the signature. */
  cause: string | null;
  /**
   * The full shape of the difference (both outcome classes and the kind of
   * the first difference): what a minimized reproducer must keep.
   */
  shape: string | null;
}

const isFailure = (v: PropertyVerdict | undefined) => v?.status === 'fail';
const isPass = (v: PropertyVerdict | undefined) => v?.status === 'pass';
const isCrash = (o: NormalizedOutcome) => o.kind === 'crash' || o.kind === 'timeout';

export function classifyCase(baseline: ReaderSide, candidate: ReaderSide): Classification {
  const names = [...new Set([...Object.keys(baseline.properties), ...Object.keys(candidate.properties)])].sort();
  const bp = { ...baseline.properties };
  const cp = { ...candidate.properties };
  // No crash or hang goes unnoticed even when P4 was not evaluated.
  if (!bp.P4 && !cp.P4) {
    bp.P4 = { status: isCrash(baseline.outcome) ? 'fail' : 'pass' };
    cp.P4 = { status: isCrash(candidate.outcome) ? 'fail' : 'pass' };
    names.push('P4');
    names.sort();
  }
  const regressed = names.filter((p) => isPass(bp[p]) && isFailure(cp[p]));
  const fixed = names.filter((p) => isFailure(bp[p]) && isPass(cp[p]));
  const difference = diffOutcomes(baseline.outcome, candidate.outcome);
  let cls: CaseClass;
  if (regressed.length) cls = 'regression';
  else if (isCrash(baseline.outcome) || isCrash(candidate.outcome)) cls = 'crash-timeout';
  else if (fixed.length) cls = 'fix';
  else if (difference || names.some((p) => (bp[p]?.status ?? 'skip') !== (cp[p]?.status ?? 'skip'))) cls = 'changed';
  else cls = 'same';
  const shape = cls === 'same' ? null : [sideClass(baseline.outcome), sideClass(candidate.outcome), difference ? difference.what : 'none'].join('|');
  const props = cls === 'regression' ? regressed : cls === 'fix' ? fixed : [];
  const cause = cls === 'same' ? null : differenceCause(baseline.outcome, candidate.outcome, 'the baseline') ?? 'same outcome';
  const signature = cls === 'same' ? null : [cls, props.join('+') || '-', cause!].map((p) => p.replace(/\n/g, ' ')).join('|');
  return { class: cls, regressed, fixed, difference, signature, cause, shape };
}

function sideClass(o: NormalizedOutcome): string {
  if (o.kind === 'ok') return 'ok';
  if (o.kind === 'error') return `error: ${errorClass(o.error)}`;
  return o.kind;
}

/** A one-line description of the first difference, for tables. */
export function describeDifference(d: OutcomeDifference | null): string | null {
  if (!d) return null;
  switch (d.what) {
    case 'kind': return `outcome ${d.a} → ${d.b}`;
    case 'event': return d.aIndex === d.bIndex ? `event ${d.aIndex} differs` : `event ${d.aIndex} (candidate's ${d.bIndex}) differs`;
    case 'length': return `${d.a} events → ${d.b} events`;
    case 'error': return 'error text differs';
  }
}
