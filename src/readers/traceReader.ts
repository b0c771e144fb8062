// The one interface every reader under test implements (readerSpecs.ts turns
// a spec such as "ts", "mutant:NAME" or "go@1.22.12" into one).
import type { Version } from '../trace/version';

export interface Outcome {
  /** ok: clean end; error: the reader reported bad data; crash/timeout: the reader itself failed. */
  kind: 'ok' | 'error' | 'crash' | 'timeout';
  /** One line per event: Go's Event.String() (may contain newlines for stacks). */
  events: string[];
  /** The error text (kind error), or what went wrong (crash/timeout); null when ok. */
  error: string | null;
  /** Events emitted before the error (= events.length for readers that stop at the error). */
  eventsBeforeError: number;
}

/**
 * Where a reader comes from, which decides how it is judged: 'ts' (the TS
 * reader, its mutants and revisions) prints Go's Event.String() byte for byte
 * with ties in a fixed order, so it is held to exact text; 'go' (built from
 * Go's own source: a release, x/exp, a working tree) is compared after
 * normalizing what changed between releases (normalize.ts), and Go's known
 * bugs apply to it. A reader of unknown lineage (`cmd:`) is compared
 * normalized.
 */
export type ReaderLineage = 'ts' | 'go';

export interface TraceReader {
  readonly name: string;
  /** Trace versions this reader reads (as it announces them); all when absent. */
  readonly versions?: readonly Version[];
  readonly lineage?: ReaderLineage;
  read(trace: Uint8Array): Promise<Outcome>;
  /**
   * Optional: read the same bytes delivered in the given chunks (streaming
   * input). Readers that support it let P5 check chunking invariance.
   */
  readChunks?(chunks: readonly Uint8Array[]): Promise<Outcome>;
  close(): Promise<void>;
}

/** An outcome for a reader that threw something other than its error type. */
export function crashOutcome(events: string[], e: unknown): Outcome {
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { kind: 'crash', events, error: detail, eventsBeforeError: events.length };
}
