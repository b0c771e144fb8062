// One case run on both readers, turned into a report record: outcomes
// normalized, properties compared, class and signature decided.
import { classifyCase, describeDifference } from './classifyCase';
import { normalizeOutcome, NormalizedOutcome, OutcomeDifference, SyncStyle } from '../properties/normalize';
import type { Outcome } from '../readers/traceReader';
import type { CaseRecord, EventDiffLine, FaultInfo, OutcomeSummary, PropertyVerdict } from './reportSchema';

/** What identifies a case in the report (as in its record), plus the trace to read. */
export type CaseInput = Pick<CaseRecord, 'id' | 'source' | 'label' | 'operator' | 'version' | 'seed'> & {
  trace: Uint8Array;
  /** The faults of a generated case (none for corpus cases and valid traces). */
  faults?: FaultInfo[];
};

export interface ReaderRun {
  outcome: Outcome;
  properties: Record<string, PropertyVerdict>;
  ms: number;
}

export interface ComparedCase {
  record: CaseRecord;
  input: CaseInput;
  baseline: ReaderRun;
  candidate: ReaderRun;
  difference: OutcomeDifference | null;
  signature: string | null;
  cause: string | null;
  shape: string | null;
  hints?: StyleHints;
}

/** What earlier cases showed of each reader's Sync style (see normalize.ts). */
export interface StyleHints {
  baseline: SyncStyle | null;
  candidate: SyncStyle | null;
}

export function compareCase(input: CaseInput, baseline: ReaderRun, candidate: ReaderRun, hints?: StyleHints): ComparedCase {
  const nb = normalizeOutcome(baseline.outcome, hints?.baseline ?? null);
  const nc = normalizeOutcome(candidate.outcome, hints?.candidate ?? null);
  if (hints) {
    hints.baseline = nb.syncStyle;
    hints.candidate = nc.syncStyle;
  }
  const c = classifyCase({ outcome: nb, properties: baseline.properties }, { outcome: nc, properties: candidate.properties });
  const record: CaseRecord = {
    id: input.id,
    source: input.source,
    label: input.label,
    operator: input.operator,
    version: input.version,
    seed: input.seed,
    baseline: { outcome: summarize(baseline.outcome), properties: baseline.properties, ms: round(baseline.ms) },
    candidate: { outcome: summarize(candidate.outcome), properties: candidate.properties, ms: round(candidate.ms) },
    class: c.class,
    regressed: c.regressed,
    fixed: c.fixed,
    difference: describeDifference(c.difference),
    group: null,
  };
  return { record, input, baseline, candidate, difference: c.difference, signature: c.signature, cause: c.cause, shape: c.shape, hints: hints ? { ...hints } : undefined };
}

export function summarize(o: Outcome): OutcomeSummary {
  return { kind: o.kind, error: o.error, eventsBeforeError: o.eventsBeforeError, eventCount: o.events.length };
}

/** The raw event texts of both readers around the first difference. */
export function differenceContext(a: Outcome, b: Outcome, d: OutcomeDifference | null, around = 2): EventDiffLine[] {
  if (!d) return [];
  let at: number;
  let shift = 0; // candidate index minus baseline index (Sync-style alignment)
  if (d.what === 'event' || d.what === 'length') {
    at = d.aIndex;
    shift = d.bIndex - d.aIndex;
  } else {
    at = Math.min(a.events.length, b.events.length);
  }
  const lines: EventDiffLine[] = [];
  const from = Math.max(0, at - around);
  const to = Math.max(a.events.length, b.events.length - shift);
  for (let i = from; i <= at && i < to; i++) lines.push({ index: i, baseline: a.events[i] ?? null, candidate: b.events[i + shift] ?? null });
  return lines;
}

/** Normalizing is not free: callers that compare many times keep the result. */
export type { NormalizedOutcome };

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
