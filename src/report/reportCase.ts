// A case the report runs on both readers: its bytes and labels, plus how to
// judge a reader's outcome on it (corpus cases check their recorded
// expectation; generated cases evaluate the properties P1–P7).
import type { TraceReader } from '../readers/traceReader';
import type { CaseInput, ReaderRun } from './compareCase';

export interface ReportCase {
  input: CaseInput;
  /** Runs the reader on the case and judges the outcome. */
  evaluate(reader: TraceReader): Promise<ReaderRun>;
  /** Its place among the cases of its source (generated case n), for a run split over workers. */
  index?: number;
}

/** Reads once and times it; the building block of every evaluate(). */
export async function timedRead(reader: TraceReader, trace: Uint8Array) {
  const t0 = performance.now();
  const outcome = await reader.read(trace);
  return { outcome, ms: performance.now() - t0 };
}
