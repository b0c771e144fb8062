// Known-faulty variants of the TS reader, `mutant:NAME`. They exist to prove
// that the properties can fail: the meta-test runs every property against every
// mutant and requires each mutant to be killed. Some faults live inside the
// reader (its internal `faults` option); the rest alter the outcome the
// harness sees, which is how a buggy reader would look from outside.
import type { Outcome, TraceReader } from './traceReader';
import { TsTraceReader, ReaderFault } from './tsReader';
import { ReaderSpecError } from './readerSpecError';

export interface MutantSpec {
  name: string;
  description: string;
  /** The property expected to kill it (documentation; the meta-test reports the actual killer). */
  expectedKiller: string;
  /** The fault shows only when the input is fed in chunks; a whole-input replay cannot see it. */
  chunkedOnly?: boolean;
  open(): TraceReader;
}

function internal(fault: ReaderFault): () => TraceReader {
  return () => new TsTraceReader(`mutant:${fault}`, { faults: new Set([fault]) });
}

/** Wraps the Go-compatible TS reader and rewrites its outcome. */
class OutcomeMutant implements TraceReader {
  private readonly base = new TsTraceReader('ts');
  /** A mutant claims what the TS reader claims: exact text, every version. */
  readonly lineage = this.base.lineage;
  readonly versions = this.base.versions;
  constructor(
    readonly name: string,
    private readonly mutate: (o: Outcome) => Outcome,
  ) {}
  async read(trace: Uint8Array): Promise<Outcome> {
    return this.mutate(await this.base.read(trace));
  }
  async readChunks(chunks: readonly Uint8Array[]): Promise<Outcome> {
    return (this.mutateChunked ?? this.mutate)(await this.base.readChunks(chunks));
  }
  async close(): Promise<void> {}
  /** A different rewrite for input fed in chunks (a stream-only fault); default: the same as `mutate`. */
  mutateChunked?: (o: Outcome) => Outcome;
}

function chunkMutant(name: string, mutateChunked: (o: Outcome) => Outcome): TraceReader {
  const m = new OutcomeMutant(name, (o) => o);
  m.mutateChunked = mutateChunked;
  return m;
}

const isSync = (line: string) => / Sync Time=/.test(line.split('\n')[0]);

export const MUTANTS: readonly MutantSpec[] = [
  {
    name: 'pre-fix-spill',
    description: '#55160: an error reading the first batch of the next generation surfaces at once, losing the complete generation',
    expectedKiller: 'P1',
    open: internal('pre-fix-spill'),
  },
  {
    name: 'later-error-wins',
    description: "a later generation's error replaces the pending error of an earlier one",
    expectedKiller: 'P2',
    open: internal('later-error-wins'),
  },
  {
    name: 'accept-short-batch',
    description: 'a batch cut short by the end of the input is accepted as is',
    expectedKiller: 'P3',
    open: internal('accept-short-batch'),
  },
  {
    name: 'batch-size-off-by-one',
    description: 'the batch size limit admits one byte more than the maximum',
    expectedKiller: 'P3',
    open: internal('batch-size-off-by-one'),
  },
  {
    name: 'frontier-head-only',
    description: "when the earliest event of the frontier cannot advance yet, the reader gives up instead of trying the others (a GoStart stamped before the event it waits for on another thread's clock fails the trace)",
    expectedKiller: 'P1',
    open: internal('frontier-head-only'),
  },
  {
    name: 'go-start-no-seq-check',
    description: 'GoStart advances as soon as its goroutine is runnable, without checking its sequence number: a start stamped early on a skewed clock is taken before an earlier start of the same goroutine',
    expectedKiller: 'P1',
    open: internal('go-start-no-seq-check'),
  },
  {
    name: 'go-unblock-no-seq-check',
    description: 'GoUnblock advances as soon as its goroutine is waiting, without checking its sequence number',
    expectedKiller: 'P1',
    open: internal('go-unblock-no-seq-check'),
  },
  {
    name: 'refuse-abandoned-promotion',
    description: 'a thief\'s ProcStatus SyscallAbandoned for a proc the reader knows in a syscall is reported as an inconsistent status instead of promoted',
    expectedKiller: 'P1',
    open: internal('refuse-abandoned-promotion'),
  },
  {
    name: 'drop-event-before-error',
    description: 'the last event before an error is lost',
    expectedKiller: 'P1',
    open: () =>
      new OutcomeMutant('mutant:drop-event-before-error', (o) =>
        o.kind === 'error' && o.events.length > 0 ? { ...o, events: o.events.slice(0, -1), eventsBeforeError: o.events.length - 1 } : o,
      ),
  },
  {
    name: 'skip-final-sync',
    description: 'the Sync event at the end of the trace is not emitted',
    expectedKiller: 'P6',
    open: () =>
      new OutcomeMutant('mutant:skip-final-sync', (o) =>
        o.kind === 'ok' && o.events.length > 0 && isSync(o.events[o.events.length - 1]) ? { ...o, events: o.events.slice(0, -1), eventsBeforeError: o.events.length - 1 } : o,
      ),
  },
  {
    name: 'swallow-error',
    description: 'an error ends the stream as if the trace had ended cleanly',
    expectedKiller: 'P3',
    open: () => new OutcomeMutant('mutant:swallow-error', (o) => (o.kind === 'error' ? { ...o, kind: 'ok', error: null } : o)),
  },
  {
    name: 'unchecked-batch-size',
    description: 'a batch size over the maximum is used to allocate before it is checked: the reader dies with a RangeError',
    expectedKiller: 'P4',
    open: () =>
      new OutcomeMutant('mutant:unchecked-batch-size', (o) =>
        o.kind === 'error' && o.error !== null && o.error.startsWith('invalid batch size ')
          ? { ...o, kind: 'crash', error: 'RangeError: Array buffer allocation failed' }
          : o,
      ),
  },
  {
    name: 'lose-event-at-chunk-boundary',
    description: 'fed in chunks, the reader loses the next-to-last event (a batch split across chunks)',
    expectedKiller: 'P5',
    chunkedOnly: true,
    open: () =>
      chunkMutant('mutant:lose-event-at-chunk-boundary', (o) =>
        o.events.length >= 2 ? { ...o, events: [...o.events.slice(0, -2), o.events[o.events.length - 1]], eventsBeforeError: o.events.length - 1 } : o,
      ),
  },
  {
    name: 'reworded-errors',
    description: "error texts drift from Go's (a short batch is reported in other words)",
    expectedKiller: 'P7',
    open: () =>
      new OutcomeMutant('mutant:reworded-errors', (o) =>
        o.error !== null && o.error.startsWith('failed to read full batch') ? { ...o, error: o.error.replace('failed to read full batch', 'short batch') } : o,
      ),
  },
];

function mutantByName(name: string): MutantSpec | undefined {
  return MUTANTS.find((m) => m.name === name);
}

/** Opens `mutant:NAME`; an unknown name is a ReaderSpecError. */
export function openMutant(name: string): TraceReader {
  const m = mutantByName(name);
  if (!m) throw new ReaderSpecError(`unknown mutant ${JSON.stringify(`mutant:${name}`)}; known: ${MUTANTS.map((x) => x.name).join(', ')}`);
  return m.open();
}
