// The one interface every reader under test implements, and the table that
// turns a reader spec ("ts", "ts:strict", "mutant:NAME", and whatever other
// parts of the harness register: "go…", "cmd:…", "ts@REV") into a reader.
import type { Version } from '../trace/version';
import { ReaderSpecError } from './readerSpecError';

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

export interface TraceReader {
  readonly name: string;
  /** Versions this reader can read; all when absent. */
  readonly versions?: readonly Version[];
  read(trace: Uint8Array): Promise<Outcome>;
  /**
   * Optional: read the same bytes delivered in the given chunks (streaming
   * input). Readers that support it let P5 check chunking invariance.
   */
  readChunks?(chunks: readonly Uint8Array[]): Promise<Outcome>;
  close(): Promise<void>;
}

/** One row of the spec table. */
export interface ReaderSpecEntry {
  /** Shown in `--help`-style listings, e.g. "mutant:NAME". */
  pattern: string;
  description: string;
  matches(spec: string): boolean;
  open(spec: string): Promise<TraceReader> | TraceReader;
}

const table: ReaderSpecEntry[] = [];

/** Adds a row to the spec table (later rows do not override earlier matches). */
export function registerReaderSpec(entry: ReaderSpecEntry): void {
  table.push(entry);
}

export function readerSpecs(): readonly ReaderSpecEntry[] {
  ensureBuiltins();
  return table;
}

let builtinsLoaded = false;
function ensureBuiltins(): void {
  if (builtinsLoaded) return;
  builtinsLoaded = true;
  // Loaded lazily: the adapters depend on this module for the interface.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./tsReader');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./mutants');
}

/** Opens the reader a spec names; throws an Error listing the known patterns when none matches. */
export async function openReader(spec: string): Promise<TraceReader> {
  ensureBuiltins();
  for (const e of table) if (e.matches(spec)) return e.open(spec);
  throw new ReaderSpecError(`unknown reader spec ${JSON.stringify(spec)}; known: ${table.map((e) => e.pattern).join(', ')}`);
}

/** An outcome for a reader that threw something other than its error type. */
export function crashOutcome(events: string[], e: unknown): Outcome {
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { kind: 'crash', events, error: detail, eventsBeforeError: events.length };
}
