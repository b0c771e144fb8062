// The TS reader of this tree behind the TraceReader interface: `ts` (Go-
// compatible) and `ts:strict` (P1/P2 hold strictly, see the design). Internal
// faults for mutants go through the same adapter.
import { isTraceError } from '../trace/traceError';
import { Outcome, TraceReader, registerReaderSpec, crashOutcome } from './traceReader';

/** Faults the TS reader can inject internally (its `faults` option). */
export type ReaderFault = 'pre-fix-spill' | 'later-error-wins' | 'accept-short-batch' | 'batch-size-off-by-one';

export interface TsReaderOptions {
  strict?: boolean;
  faults?: ReadonlySet<ReaderFault>;
}

interface ReadAllResult {
  events: { toString(): string }[];
  error: unknown;
}

interface ReaderModule {
  readAll(bytes: Uint8Array, opts?: TsReaderOptions): ReadAllResult;
  readAllAsync?(chunks: AsyncIterable<Uint8Array>, opts?: TsReaderOptions): Promise<ReadAllResult>;
}

function readerModule(): ReaderModule {
  // Required lazily so that the harness loads even where only other readers are used.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../trace/reader') as ReaderModule;
}

function toOutcome(res: ReadAllResult): Outcome {
  const events = res.events.map((e) => e.toString());
  if (res.error === null || res.error === undefined) return { kind: 'ok', events, error: null, eventsBeforeError: events.length };
  if (isTraceError(res.error)) return { kind: 'error', events, error: res.error.message, eventsBeforeError: events.length };
  return crashOutcome(events, res.error);
}

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const c of chunks) yield c;
}

export class TsTraceReader implements TraceReader {
  constructor(
    readonly name: string,
    private readonly opts: TsReaderOptions = {},
  ) {}

  async read(trace: Uint8Array): Promise<Outcome> {
    try {
      return toOutcome(readerModule().readAll(trace, this.opts));
    } catch (e) {
      // readAll reports bad data in its result; anything thrown is a reader bug.
      return crashOutcome([], e);
    }
  }

  async readChunks(chunks: readonly Uint8Array[]): Promise<Outcome> {
    const mod = readerModule();
    if (!mod.readAllAsync) {
      let n = 0;
      for (const c of chunks) n += c.length;
      const all = new Uint8Array(n);
      let o = 0;
      for (const c of chunks) {
        all.set(c, o);
        o += c.length;
      }
      return this.read(all);
    }
    try {
      return toOutcome(await mod.readAllAsync(fromChunks(chunks), this.opts));
    } catch (e) {
      return crashOutcome([], e);
    }
  }

  async close(): Promise<void> {}
}

export function openTsReader(strict: boolean): TraceReader {
  return new TsTraceReader(strict ? 'ts:strict' : 'ts', { strict });
}

registerReaderSpec({
  pattern: 'ts',
  description: "the TS reader in this tree (Go-compatible)",
  matches: (s) => s === 'ts',
  open: () => openTsReader(false),
});
registerReaderSpec({
  pattern: 'ts:strict',
  description: 'the TS reader in strict mode (P1/P2 strictly)',
  matches: (s) => s === 'ts:strict',
  open: () => openTsReader(true),
});
