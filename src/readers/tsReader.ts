// The TS reader of this tree behind the TraceReader interface: `ts` (Go-
// compatible) and `ts:strict` (P1/P2 hold strictly, see the design). Internal
// faults for mutants go through the same adapter.
import { isTraceError } from '../trace/traceError';
import { readTrace, readTraceAsync } from '../trace/reader';
import type { ReaderFault, ReaderOptions } from '../trace/readerOptions';
import { Outcome, TraceReader, crashOutcome } from './traceReader';
import { VERSIONS } from '../trace/version';

export type { ReaderFault };
export type TsReaderOptions = ReaderOptions;

function finish(events: string[], e: unknown): Outcome {
  if (isTraceError(e)) return { kind: 'error', events, error: e.message, eventsBeforeError: events.length };
  return crashOutcome(events, e);
}

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const c of chunks) yield c;
}

export class TsTraceReader implements TraceReader {
  readonly lineage = 'ts' as const;
  readonly versions = VERSIONS;

  constructor(
    readonly name: string,
    private readonly opts: TsReaderOptions = {},
  ) {}

  async read(trace: Uint8Array): Promise<Outcome> {
    const events: string[] = [];
    try {
      for (const ev of readTrace(trace, this.opts)) events.push(ev.toString());
    } catch (e) {
      return finish(events, e);
    }
    return { kind: 'ok', events, error: null, eventsBeforeError: events.length };
  }

  async readChunks(chunks: readonly Uint8Array[]): Promise<Outcome> {
    const events: string[] = [];
    try {
      for await (const ev of readTraceAsync(fromChunks(chunks), this.opts)) events.push(ev.toString());
    } catch (e) {
      return finish(events, e);
    }
    return { kind: 'ok', events, error: null, eventsBeforeError: events.length };
  }

  async close(): Promise<void> {}
}

export function openTsReader(strict: boolean): TraceReader {
  return new TsTraceReader(strict ? 'ts:strict' : 'ts', { strict });
}
