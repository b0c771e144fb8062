// The data of a regression report: what `report.json` holds and what
// report.md and report.html are rendered from. SCHEMA.md documents it field by
// field; bump REPORT_SCHEMA_VERSION on any incompatible change.

export const REPORT_SCHEMA_VERSION = 3;

/** How one case compares between the baseline and the candidate. */
export type CaseClass = 'same' | 'regression' | 'fix' | 'changed' | 'crash-timeout';
export const CASE_CLASSES: readonly CaseClass[] = ['regression', 'crash-timeout', 'fix', 'changed', 'same'];

export type PropertyStatus = 'pass' | 'fail' | 'skip' | 'deviation';

export interface PropertyVerdict {
  status: PropertyStatus;
  /** Why it failed (or which expected deviation it is). */
  message?: string;
  /** Name of the documented expected deviation when status is 'deviation'. */
  deviation?: string;
}

export interface OutcomeSummary {
  kind: 'ok' | 'error' | 'crash' | 'timeout';
  error: string | null;
  eventsBeforeError: number;
  eventCount: number;
}

export interface ReaderCaseResult {
  outcome: OutcomeSummary;
  /** Property name (P1…P7) → verdict for this reader on this case. */
  properties: Record<string, PropertyVerdict>;
  /** Wall time of the reader on this case, milliseconds; null in a --stable report. */
  ms: number | null;
}

export interface CaseRecord {
  id: string;
  source: 'corpus' | 'campaign';
  /** Corpus file name, or a campaign case label. */
  label: string;
  operator: string;
  /** Trace format version (22, 23, 25, 26), or null when unknown. */
  version: number | null;
  seed: number | null;
  baseline: ReaderCaseResult;
  candidate: ReaderCaseResult;
  class: CaseClass;
  /** Properties the baseline passes and the candidate fails. */
  regressed: string[];
  /** Properties the baseline fails and the candidate passes. */
  fixed: string[];
  /** First difference of the normalized outcomes, as text; null when they agree. */
  difference: string | null;
  /** Id of the difference group this case belongs to; null for class 'same'. */
  group: string | null;
}

export interface EventDiffLine {
  index: number;
  baseline: string | null;
  candidate: string | null;
}

/** One fault of a generated case: its operator, the generation it touches, what it changed. */
export interface FaultInfo {
  operator: string;
  generation: number;
  detail: string;
}

export interface DifferenceGroup {
  /** Short stable id (hash of the signature). */
  id: string;
  /** The grouping key: class, properties, cause. */
  signature: string;
  class: CaseClass;
  properties: string[];
  /** How the candidate's outcome differs from the baseline's, as a class many cases share (e.g. `events lost before the error`). */
  cause: string;
  /** What changed on the reproducer, in one sentence with its numbers (e.g. `generation 1 lost: 1 event instead of 2 before the error`). */
  summary: string;
  /** The first case's operator and version (the reproducer's). */
  operator: string;
  version: number | null;
  /** Every operator and trace version of the group's cases, with counts. */
  operators: Record<string, number>;
  versions: Record<string, number>;
  /** The faults of the first case (two for a P2 case: the earlier, then the later). */
  faults: FaultInfo[];
  count: number;
  caseIds: string[];
  reproducer: Reproducer;
}

export interface Reproducer {
  /** The trace in Go's text format (the `trace` file of a .test). */
  text: string;
  bytes: number;
  /** Size before minimization. */
  originalBytes: number;
  minimized: boolean;
  generations: number | null;
  baseline: OutcomeSummary;
  candidate: OutcomeSummary;
  /** The events around the first difference, raw text of each reader. */
  context: EventDiffLine[];
  /** Raw error text of each reader. */
  baselineError: string | null;
  candidateError: string | null;
  /** Where it was saved as a corpus case (.test, or raw .trace with its sidecar), if it was. */
  corpusFile: string | null;
  /** Every file written for it (the corpus case, a FuzzReader corpus entry), in the report directory and --save-corpus. */
  files: string[];
  /** Why it could not be saved, if saving failed. */
  saveError: string | null;
  /** The Go test case (txtar with `expect` and `trace`), when the trace has a text form. */
  testFile: string | null;
  /** The trace as a Go []byte literal. */
  goLiteral: string;
  /** The `go test fuzz v1` entry for internal/trace's FuzzReader and its name (Go's: sha256 of the file, 16 hex digits). */
  fuzzCorpus: { name: string; content: string };
  /** `npx tracefuzz replay …` that shows the difference again (fails on the candidate), when saved. */
  replay: string | null;
  /** `npx tracefuzz minimize …` that shrinks it further, when saved. */
  minimize: string | null;
  /** Sync placement of the baseline's stream ('counted' go1.25+, 'legacy' go1.22/1.23), if it showed. */
  baselineStyle: 'counted' | 'legacy' | null;
}

export interface ReaderInfo {
  spec: string;
  name: string;
  /** Trace versions it reads; null = all. */
  versions: number[] | null;
}

export interface PropertyRow {
  property: string;
  baseline: Record<PropertyStatus, number>;
  candidate: Record<PropertyStatus, number>;
  regressions: number;
  fixes: number;
}

export interface TimingSummary {
  cases: number;
  totalMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface DeviationRow {
  name: string;
  reader: 'baseline' | 'candidate';
  property: string;
  count: number;
}

export interface Report {
  schema: typeof REPORT_SCHEMA_VERSION;
  name: string;
  /** When it was written; null in a --stable report. */
  createdAt: string | null;
  tool: { name: 'tracefuzz'; version: string };
  baseline: ReaderInfo;
  candidate: ReaderInfo;
  config: {
    seed: number | null;
    runs: number | null;
    timeBudgetMs: number | null;
    corpus: string[];
    versions: number[];
    /** --stable: what differs run to run (times, dates) is left out, so the same seed and runs give the same files. */
    stable: boolean;
  };
  /** 'regression' when any case regressed: `tracefuzz report` then exits 1. */
  verdict: 'regression' | 'no-regression';
  /** Wall time of the whole run; null in a --stable report. */
  durationMs: number | null;
  counts: Record<CaseClass, number>;
  properties: PropertyRow[];
  byOperator: Record<string, Record<CaseClass, number>>;
  byVersion: Record<string, Record<CaseClass, number>>;
  /** Per-case read times; null in a --stable report. */
  timing: { baseline: TimingSummary; candidate: TimingSummary } | null;
  deviations: DeviationRow[];
  groups: DifferenceGroup[];
  cases: CaseRecord[];
}

export function emptyClassCounts(): Record<CaseClass, number> {
  return { same: 0, regression: 0, fix: 0, changed: 0, 'crash-timeout': 0 };
}

export function emptyStatusCounts(): Record<PropertyStatus, number> {
  return { pass: 0, fail: 0, skip: 0, deviation: 0 };
}
